"""Token authentication: django-rest-knox tokens (hashed, expiring, revocable).

See docs/adr/0060-api-tokens-knox.md. Clients send ``Authorization: Token <token>``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from .demo import DEMO_TOKENS

DEMO_TOKEN_VALUES = frozenset(DEMO_TOKENS.values())


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's authentication, refusing undecodable header bytes with 401 instead of a 500."""

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
