"""Deployment check ``api.E100``: a demo API token (published in README.md) is stored while
DEBUG is off (docs/adr/0100-no-default-credentials-in-production.md). Authentication refuses
it anyway (``api.authentication``); the check tells the operator to delete it."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from knox.crypto import hash_token
from knox.models import AuthToken

from .demo import DEMO_TOKENS


@register(Tags.security, deploy=True)
def demo_tokens_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    digests = [hash_token(token) for token in DEMO_TOKENS.values()]
    try:
        count = AuthToken.objects.filter(digest__in=digests).count()
    except DatabaseError:
        return []
    if not count:
        return []
    return [
        Error(
            f"{count} demo API token(s) are stored.",
            hint="Delete them: Django admin → API tokens, or revoke the demo users' tokens.",
            id="api.E100",
        )
    ]
