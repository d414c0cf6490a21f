"""Rate limits: per token for authenticated callers, per address for anonymous ones.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (scopes ``api_token`` and
``anon``) and are read on every request, so tests and operators can change them.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from licensing.client_ip import client_ip


class _DynamicRate:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        """The client address as every limit sees it: X-Forwarded-For only as far as
        TRUSTED_PROXY_COUNT proxies vouch for it (licensing/client_ip.py)."""
        return client_ip(request)


class TokenRateThrottle(_DynamicRate, UserRateThrottle):
    """One budget per token (a user with two tokens has two budgets).

    Token authentication reads this budget's history in the same cache round trip as the
    token's entry when it knows the key from an earlier request of the token
    (``request._api_prefetched``, docs/adr/0206); the check and the write are DRF's."""

    scope = "api_token"

    @classmethod
    def key_for(cls, user_pk, token_key: str | None) -> str:
        ident = f"{user_pk}:{token_key}" if token_key else str(user_pk)
        return cls.cache_format % {"scope": cls.scope, "ident": ident}

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.key_for(request.user.pk, getattr(request.auth, "token_key", None))

    def allow_request(self, request, view):
        prefetched = getattr(request, "_api_prefetched", None) or {}
        if self.rate is None or not prefetched:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None or self.key not in prefetched:
            return super().allow_request(request, view)
        # DRF's check, on the history read with the token (None: no history yet).
        self.history = list(prefetched[self.key] or [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()


class AnonymousRateThrottle(_DynamicRate, AnonRateThrottle):
    scope = "anon"
