"""Token authentication: django-rest-knox tokens (hashed, expiring, revocable).

See docs/adr/0060-api-tokens-knox.md. Clients send ``Authorization: Token <token>``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from licensing.client_ip import client_ip

from .demo import DEMO_TOKENS

DEMO_TOKEN_VALUES = frozenset(DEMO_TOKENS.values())


class FailedTokenThrottle(SimpleRateThrottle):
    """Failed token authentications per client address (scope ``token_failures``): over the
    limit every token from that address is answered 429 until the window passes, so tokens
    cannot be guessed. Only failures count; a valid token never uses the budget."""

    scope = "token_failures"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def blocked(self, request) -> bool:
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
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
    token from it with 429 (``FailedTokenThrottle``)."""

    def authenticate(self, request):
        if not request.META.get("HTTP_AUTHORIZATION"):
            return super().authenticate(request)
        throttle = FailedTokenThrottle()
        if throttle.blocked(request):
            raise exceptions.Throttled(throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not settings.DEBUG and token.decode("utf-8") in DEMO_TOKEN_VALUES:
            # A documented demo token never works on a production system (ADR 0100).
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)


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
