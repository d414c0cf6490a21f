"""``Idempotency-Key`` for POST requests (docs/adr/0062-idempotency-keys.md).

- Without the header a POST runs as usual.
- With it, the first request runs inside one transaction that also inserts an
  ``IdempotencyRecord`` (user, key, fingerprint). A successful (2xx) response is stored
  with the record; a refused one (4xx) is not, so the client can fix the request and retry
  with the same key.
- A retry with the same key and the same request replays the stored response, with its
  ``Location`` header and the header ``Idempotent-Replayed: true``, and creates nothing.
- The same key with a different request (method, path or body) answers 422.
- Two concurrent requests with one key: the unique constraint makes the second wait for
  the first transaction (PostgreSQL) and then replay its response; if the first is somehow
  still unfinished, the second answers 409.
- Keys are kept for ``RETENTION``; an older record with the same key is replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from .errors import Conflict, UnprocessableEntity
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = dt.timedelta(hours=24)
#: Response headers stored with the first response and repeated on a replay.
REPLAYED_HEADERS = ("Location",)
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")


def fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    raw = f"{request.method}\n{request.path}\n{body}".encode()
    return hashlib.sha256(raw).hexdigest()


def idempotency_key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.match(key):
        raise exceptions.ValidationError(
            {HEADER: [_("The key is 1 to 255 visible ASCII characters (for example a UUID).")]}
        )
    return key


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.status_code)
    for name, value in (record.response_headers or {}).items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def run_idempotent(request, handler: Callable[[], Response]) -> Response:
    """Run ``handler`` once per (user, Idempotency-Key); see the module doc."""
    key = idempotency_key(request)
    if key is None:
        return handler()
    user = request.user
    print_ = fingerprint(request)  # reads the body first: malformed JSON is a plain 400
    IdempotencyRecord.objects.filter(
        user=user, key=key, created_at__lt=timezone.now() - RETENTION
    ).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    method=request.method,
                    path=request.path[:500],
                    fingerprint=print_,
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if existing is None:  # pragma: no cover - removed between insert and read
                raise Conflict(_("Retry the request.")) from None
            if existing.fingerprint != print_:
                raise UnprocessableEntity(
                    _(
                        "This Idempotency-Key was already used for a different request. "
                        "Use a new key for a new request."
                    )
                ) from None
            if existing.status_code is None:  # pragma: no cover - only without row locks
                raise Conflict(
                    _("A request with this Idempotency-Key is still being processed.")
                ) from None
            return _replay(existing)
        response = handler()
        if 200 <= response.status_code < 300:
            record.status_code = response.status_code
            record.response_body = response.data
            record.response_headers = {
                name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)
            }
            record.save(update_fields=["status_code", "response_body", "response_headers"])
        else:
            record.delete()
        return response
