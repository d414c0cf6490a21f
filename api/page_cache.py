"""Rendered pages of the API lists, kept in the cache under a data generation
(docs/adr/0206).

A list page costs its queries, the rows and the JSON rendering (6-50 ms); the same page for
the same caller is the same bytes until the data under it changes. So a ``GET`` answered
200 in JSON keeps its body in the default cache (Redis in production) for
``API_PAGE_CACHE_SECONDS`` (60; 0 turns it off), under a key made of everything the bytes
depend on:

- the endpoint (the view class) and the full path with the raw query string (filters,
  search, ordering, page, page size), the scheme and host (the ``next``/``previous``
  links), the accepted media type (``indent=``) and the active language (names, messages);
- the caller: the user's id and the ``Caller`` (roles and scope) the view's queryset is
  built from.

The entry holds the **data generation** it was rendered under, read before the view's
queries. Every save, delete and many-to-many change of a model of ``licensing`` or
``inspections`` (every model the lists read: licences, municipalities, holders, premises,
managers and persons, reports, findings, inspectors, companies, the catalogue, point
decisions, suspensions; not the audit history nor the mail worker's queue, ``NOT_SOURCES``) and of users (``submitted_by``) starts a new
generation, at once and again when the transaction commits; bulk writes that send no model
signal announce themselves (``licensing.bulk_writes``), and so does ``migrate``. Token
authentication reads the generation in its own cache round trip (``auth_cache.prefetch``);
the entry comes from this process's copy or one more read, and is used only while its
generation is the current one and its expiry has not passed.

Authentication, permissions and throttles run before the cache is read (it is read in the
view), so a revoked token, a caller without the role and a throttled caller are refused as
before. Nothing of the request's outcome other than a 200 JSON body is kept.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from rest_framework.renderers import JSONRenderer

GENERATION_KEY = "api-pages:generation"
ENTRY_PREFIX = "api-pages:v1:"
# Apps whose models feed the cached lists; their every write starts a new generation.
SOURCE_APPS = ("licensing", "inspections")
# Models of those apps that no page reads: the mail worker's queue of e-mails to render
# (written by every seminar registration, deleted by the worker within seconds). A write
# there must not throw away every cached page, nor cost the request two cache round trips.
NOT_SOURCES = frozenset({"licensing.PendingMail"})
CONTENT_TYPE = "application/json"

logger = logging.getLogger(__name__)

# The pages this process rendered or read last: key -> entry (generation, expiry, body). The
# shared cache then only has to answer the generation; the entry's own expiry still holds.
# Bounded, least recently used first out.
_LOCAL_LIMIT = 64
_local: OrderedDict[str, dict] = OrderedDict()
_local_lock = threading.Lock()  # threaded servers (runserver) share it


def ttl() -> int:
    return int(getattr(settings, "API_PAGE_CACHE_SECONDS", 60))


def new_generation() -> str | None:
    generation = uuid.uuid4().hex
    try:
        cache.set(GENERATION_KEY, generation, None)
    except Exception as exc:
        # One line, not a traceback: a write must not fail or flood the log because the
        # cache is away (Redis down, or the database cache table not created yet during the
        # first ``migrate``); the entries' own expiry still bounds what is served.
        logger.warning("API page cache: could not start a new generation: %s", exc)
        return None
    return generation


def invalidate() -> None:
    """Every cached page is stale: now, and again when the current transaction commits (a
    request that read the generation between the two renders the old rows; its entry dies
    at the commit). The commit's new generation is registered once per transaction (a
    delete of many rows sends a signal per row); a rolled-back savepoint drops it, and the
    next write registers it again."""
    new_generation()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _at_commit for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_at_commit)


def _at_commit() -> None:
    new_generation()


def clear_process_copies() -> None:
    _local.clear()


class PageCache:
    """One request's view on the cache: ``lookup`` before the view, ``store`` after."""

    def __init__(self, request, view, caller) -> None:
        self.key = None
        self.generation = None
        # The generation as token authentication read it with the token's entry (one
        # round trip for both, ``auth_cache.prefetch``), before any query of the view.
        self.prefetched = getattr(request, "_api_prefetched", None) or {}
        if ttl() <= 0 or request.method != "GET":
            return
        if type(getattr(request, "accepted_renderer", None)) is not JSONRenderer:
            return  # the browsable API (HTML) is never cached
        parts = (
            type(view).__module__,
            type(view).__qualname__,
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            str(request.accepted_media_type),
            translation.get_language() or "",
            str(request.user.pk),
            repr(caller),
        )
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        self.key = ENTRY_PREFIX + digest

    def lookup(self) -> HttpResponse | None:
        """The cached page, or None (then the generation to store under is known)."""
        if self.key is None:
            return None
        local = _local.get(self.key)
        if local is not None and local["expires"] <= time.time():
            local = None
        try:
            if GENERATION_KEY in self.prefetched:
                self.generation = self.prefetched[GENERATION_KEY]
                found = {self.key: local} if local is not None else {self.key: cache.get(self.key)}
            elif local is not None:
                self.generation = cache.get(GENERATION_KEY)
                found = {self.key: local}
            else:
                found = cache.get_many([GENERATION_KEY, self.key])
                self.generation = found.get(GENERATION_KEY)
        except Exception:
            logger.exception("API page cache: could not read")
            self.key = None
            return None
        if self.generation is None:
            self.generation = new_generation()
            return None
        entry = found.get(self.key)
        if (
            not entry
            or entry.get("generation") != self.generation
            or entry.get("expires", 0) <= time.time()
        ):
            return None
        _remember(self.key, entry)
        return HttpResponse(entry["body"], content_type=CONTENT_TYPE)

    def store(self, body: bytes) -> None:
        if self.key is None or self.generation is None:
            return
        entry = {"generation": self.generation, "expires": time.time() + ttl(), "body": body}
        try:
            cache.set(self.key, entry, ttl())
        except Exception:
            logger.exception("API page cache: could not store a page")
            return
        _remember(self.key, entry)


def _remember(key: str, entry: dict) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > _LOCAL_LIMIT:
            _local.popitem(last=False)


def _on_change(sender, **kwargs) -> None:
    invalidate()


def _on_m2m_change(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate()


def source_models():
    """Every model whose rows can appear in (or decide) a cached page."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    models = [get_user_model()]
    for label in SOURCE_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            # The audit history (simple_history's Historical* models) feeds no page.
            if (
                getattr(model, "instance_type", None) is None
                and model._meta.label not in NOT_SOURCES
            ):
                models.append(model)
    return models


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    from . import auth_cache

    auth_cache.prefetch(GENERATION_KEY)

    from licensing.bulk_writes import bulk_written

    for model in source_models():
        uid = f"api-pages:{model._meta.label}"
        # Sent with the many-to-many table as sender (``add``, ``remove``, ``set``, ``clear``).
        m2m_changed.connect(_on_m2m_change, sender=model, dispatch_uid=f"{uid}:m2m")
        if model._meta.auto_created:
            # A many-to-many table changes through m2m_changed only; a delete receiver
            # would cost Django's fast delete of its rows a query.
            continue
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
    # Bulk writes (``QuerySet.update``, ``bulk_create``) announce themselves; a migration
    # may change data with the historical models, which send no signal to these receivers.
    bulk_written.connect(_on_change, dispatch_uid="api-pages:bulk")
    # Once per ``migrate`` (Django sends post_migrate for every app).
    post_migrate.connect(
        _on_change, sender=apps.get_app_config("api"), dispatch_uid="api-pages:migrate"
    )
