"""A short-lived cache of authenticated API callers (docs/adr/0205).

Without it every API request spends four queries before the view: knox's token lookup,
knox's scan of the user's other tokens (to delete expired ones), and the caller's
municipalities and companies (``api.permissions.Caller``). The cache keeps, per token, the
token row with its user and the caller for ``API_AUTH_CACHE_SECONDS`` (60 by default) in the
default cache (Redis in production), under the token's SHA-512 digest (what knox stores,
never the token itself).

Every entry carries the *generation* it was read under. Anything that can change who a
caller is (a user saved or deleted, a token saved or deleted, a municipality or control
company saved or deleted, a change of a municipality's officers or of a company's users or
municipalities) starts a new generation, at once and again when the transaction commits,
so an entry read before the change is never used after it. A hit reads the entry and the
generation in one cache round trip, together with the failed-token budget of the address.
Bulk ``QuerySet.update()`` sends no signals: such a change reaches the API within
``API_AUTH_CACHE_SECONDS`` at the latest.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "api-auth:generation"
ENTRY_PREFIX = "api-auth:token:"

logger = logging.getLogger(__name__)

# Other cache keys read in the same round trip as a token's entry (``prefetch``): the
# request finds their values in ``request._api_prefetched``.
PREFETCHED_KEYS: list[str] = []


def prefetch(key: str) -> None:
    """Read ``key`` with every token's entry (one cache round trip for both)."""
    if key not in PREFETCHED_KEYS:
        PREFETCHED_KEYS.append(key)


def ttl() -> int:
    return int(getattr(settings, "API_AUTH_CACHE_SECONDS", 60))


def entry_key(digest: str) -> str:
    return ENTRY_PREFIX + digest


def new_generation() -> str | None:
    """Start a new generation now (and return it). A cache that cannot be reached never
    breaks the save that called this: the failure is logged (an operator sees it) and
    cached callers expire within ``API_AUTH_CACHE_SECONDS``; ``None`` means nothing is
    cached under it."""
    generation = uuid.uuid4().hex
    try:
        cache.set(GENERATION_KEY, generation, None)
    except Exception:
        logger.exception("API caller cache: could not start a new generation")
        return None
    return generation


def invalidate() -> None:
    """Every cached caller is stale: now, and again when the current transaction commits
    (a request reading between the two sees the old rows; its entry dies at the commit)."""
    new_generation()
    transaction.on_commit(new_generation)


def store(digest: str, generation: str | None, auth_token, caller) -> None:
    """Keep a caller read under ``generation`` (read before the database was)."""
    if generation is None or ttl() <= 0:
        return
    try:
        cache.set(
            entry_key(digest),
            {"generation": generation, "token": auth_token, "caller": caller},
            ttl(),
        )
    except Exception:
        logger.exception("API caller cache: could not store a caller")


def _on_change(sender, **kwargs) -> None:
    invalidate()


def _on_m2m_change(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate()


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from knox.models import get_token_model

    from inspections.models import ControlCompany
    from licensing.models import Municipality

    for model in (get_user_model(), get_token_model(), Municipality, ControlCompany):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"api-auth-save-{model._meta}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"api-auth-delete-{model._meta}")
    for through in (
        Municipality.officers.through,
        ControlCompany.users.through,
        ControlCompany.municipalities.through,
    ):
        m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"api-auth-m2m-{through}")
