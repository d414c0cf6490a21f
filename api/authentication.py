"""Token authentication: django-rest-knox tokens (hashed, expiring, revocable).

See docs/adr/0060-api-tokens-knox.md. Clients send ``Authorization: Token <token>``.
"""

from __future__ import annotations

import binascii

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import knox_settings
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from licensing.client_ip import client_ip

from . import auth_cache
from .demo import DEMO_TOKENS
from .permissions import caller_for
from .throttling import TokenRateThrottle

DEMO_TOKEN_VALUES = frozenset(DEMO_TOKENS.values())
DEMO_TOKEN_DIGESTS = frozenset(hash_token(token) for token in DEMO_TOKEN_VALUES)


class FailedTokenThrottle(SimpleRateThrottle):
    """Failed token authentications per client address (scope ``token_failures``): over the
    limit every token from that address is answered 429 until the window passes, so tokens
    cannot be guessed. Only failures count; a valid token never uses the budget."""

    scope = "token_failures"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def blocked(self, request, history=None) -> bool:
        """Over the limit? ``history`` is the cached history when the caller read it
        already (with the token's cache entry, in one round trip)."""
        if history is None:
            self.key = self.get_cache_key(request)
            history = self.cache.get(self.key, [])
        self.history = list(history)
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's authentication, refusing undecodable header bytes with 401 instead of a 500,
    the demo tokens when DEBUG is off, and, after too many failures from one address, every
    token from it with 429 (``FailedTokenThrottle``).

    A token that authenticated is kept with its user and the caller's roles for a short
    time (``api.auth_cache``, docs/adr/0205): a repeated request reads the failed-token
    budget, the entry and the cache generation in one cache round trip and no query. A
    miss, an expired token or a stale entry goes through knox as before."""

    def authenticate(self, request):
        if not request.META.get("HTTP_AUTHORIZATION"):
            return super().authenticate(request)
        throttle = FailedTokenThrottle()
        throttle.key = throttle.get_cache_key(request)
        digest = _digest_of_header(request)
        keys = [throttle.key, auth_cache.GENERATION_KEY, *auth_cache.PREFETCHED_KEYS]
        if digest is not None:
            keys.append(auth_cache.entry_key(digest))
            # The token's rate budget, when an earlier request told us its key.
            budget = _budget_keys.get(digest)
            if budget is not None:
                keys.append(budget)
        found = throttle.cache.get_many(keys)
        # What was read, None where the cache had nothing: the page cache's generation and
        # the rate budget use it instead of a round trip of their own.
        request._api_prefetched = {key: found.get(key) for key in keys}
        if throttle.blocked(request, found.get(throttle.key, [])):
            raise exceptions.Throttled(throttle.wait())
        generation = found.get(auth_cache.GENERATION_KEY)
        if digest is not None:
            hit = self._from_cache(found.get(auth_cache.entry_key(digest)), generation, digest)
            if hit is not None:
                auth_token, caller = hit
                request._api_caller = caller
                _remember_budget(digest, auth_token)
                return (auth_token.user, auth_token)
        try:
            result = super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise
        if result is not None and digest is not None:
            user, auth_token = result
            caller = caller_for(user)
            request._api_caller = caller
            if generation is None:
                generation = auth_cache.new_generation()
            auth_cache.store(digest, generation, auth_token, caller)
            _remember_budget(digest, auth_token)
        return result

    @staticmethod
    def _from_cache(entry, generation, digest):
        """(token, caller) of a cache entry still good to use, else None."""
        if not entry or generation is None or entry.get("generation") != generation:
            return None
        auth_token = entry["token"]
        if auth_token.digest != digest or not auth_token.user.is_active:
            return None
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            return None  # knox refuses and deletes it
        if not settings.DEBUG and digest in DEMO_TOKEN_DIGESTS:
            return None  # the demo tokens never work with DEBUG off (ADR 0100)
        return auth_token, entry["caller"]

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not settings.DEBUG and token.decode("utf-8") in DEMO_TOKEN_VALUES:
            # A documented demo token never works on a production system (ADR 0100).
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)


# Token digest -> the cache key of its rate budget (``TokenRateThrottle``), as the last
# request of the token in this process found it; bounded. A wrong or missing guess only
# costs the throttle its own cache read.
_BUDGET_KEYS_LIMIT = 4096
_budget_keys: dict[str, str] = {}


def _remember_budget(digest: str, auth_token) -> None:
    if digest not in _budget_keys and len(_budget_keys) >= _BUDGET_KEYS_LIMIT:
        _budget_keys.pop(next(iter(_budget_keys)))
    _budget_keys[digest] = TokenRateThrottle.key_for(auth_token.user_id, auth_token.token_key)


def _digest_of_header(request) -> str | None:
    """knox's digest of the token in ``Authorization: Token <token>``, or None when the
    header holds no well-formed token (knox then answers as it always did)."""
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != knox_settings.AUTH_HEADER_PREFIX.lower().encode():
        return None
    try:
        return hash_token(parts[1].decode("utf-8"))
    except (UnicodeDecodeError, TypeError, ValueError, binascii.Error):
        return None


class TokenScheme(OpenApiAuthenticationExtension):
    """Describes the scheme in the OpenAPI document (``Authorization: Token …``)."""

    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal API token, sent as `Authorization: Token <token>`. Administrators "
                "issue tokens (Django admin → API tokens, or `manage.py issue_api_token`); "
                "each expires and can be revoked."
            ),
        }
