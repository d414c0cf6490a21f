"""The client's address, the same for every limit: the login lockout (django-axes), the
seminar registration limit (django-ratelimit) and the API's throttles.

``TRUSTED_PROXY_COUNT`` (environment, default 0) says how many reverse proxies stand in
front of the application. With 0 the address is ``REMOTE_ADDR`` and ``X-Forwarded-For`` is
ignored (a client can write anything there). With n > 0 each trusted proxy appended the
address it saw to ``X-Forwarded-For``, so the client is the n-th entry from the right;
entries further left were written by the client and are ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a key, not a bind
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
