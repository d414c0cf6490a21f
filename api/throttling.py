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
    """One budget per token (a user with two tokens has two budgets)."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        token_key = getattr(request.auth, "token_key", None)
        ident = f"{request.user.pk}:{token_key}" if token_key else str(request.user.pk)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_DynamicRate, AnonRateThrottle):
    scope = "anon"
