"""The public register's cache: one snapshot per municipality and day.

Time-limited *and* invalidated (docs/adr/0140-public-register-cache.md):
- a snapshot lives at most ``PUBLIC_REGISTER_CACHE_SECONDS`` (default 600 s);
- saving or deleting a licence, holder, premises, point decision, suspension or a
  municipality bumps one generation number kept in the cache (no database query in the
  write), so the next request of every municipality builds a new snapshot. Bulk writes that send no signals (``QuerySet.update``, ``bulk_create`` in the
  importer) are covered by the time limit only.
The key carries the date, so licences that start or end at midnight appear or disappear
on the day.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from licensing.models import Municipality

from . import selectors

PREFIX = "publicregister"
# Raised when the snapshot's rows change shape (2: violation_name_nn), so that a deploy
# never serves a snapshot an older version built.
SNAPSHOT_VERSION = 2
logger = logging.getLogger(__name__)


def timeout() -> int:
    return int(getattr(settings, "PUBLIC_REGISTER_CACHE_SECONDS", 600))


GENERATION_KEY = f"{PREFIX}:generation"


def invalidate() -> None:
    """Make every snapshot stale (one cache write, no database query). A write to the
    register never fails because the cache is down (or its table not yet created): the
    snapshot then goes stale by its time limit instead."""
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:
        logger.warning("Public register cache not invalidated", exc_info=True)


# The snapshot last used by this process, per municipality: (key, data). Saves
# reading and unpickling a large value from the shared cache on every request; the key
# (with the shared generation) and the snapshot's own expiry keep it as fresh as the
# shared copy.
_process: dict[int, tuple[str, dict]] = {}


def snapshot(municipality: Municipality, today: dt.date) -> dict:
    """The cached snapshot, built (1-3 queries) when missing or stale."""
    generation = cache.get(GENERATION_KEY, 0)
    key = (
        f"{PREFIX}:snapshot:v{SNAPSHOT_VERSION}:{municipality.pk}:{generation}:{today.isoformat()}"
    )
    local = _process.get(municipality.pk)
    if local is not None and local[0] == key and local[1]["expires_at"] > time.time():
        return local[1]
    data = cache.get(key)
    if data is None:
        data = selectors.snapshot(municipality, today)
        data["expires_at"] = time.time() + timeout()
        cache.set(key, data, timeout())
    _process[municipality.pk] = (key, data)
    return data


def clear_process_copies() -> None:
    _process.clear()


def memo(data: dict, name: str, build):
    """A value derived from a snapshot (e.g. the full CSV), computed once per snapshot."""
    derived = data.setdefault("_derived", {})
    if name not in derived:
        derived[name] = build()
    return derived[name]


# Invalidation -------------------------------------------------------------------------


def _changed(sender, instance, **kwargs) -> None:
    # After the commit: a request between the write and the commit must not cache the old
    # data under the new generation.
    transaction.on_commit(invalidate)


def connect_signals() -> None:
    from inspections.models import PointDecision, Suspension
    from licensing.models import Holder, Licence, Premises

    for model in (Municipality, Licence, Holder, Premises, PointDecision, Suspension):
        uid = f"{PREFIX}:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
