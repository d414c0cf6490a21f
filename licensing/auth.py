"""Authentication: Django's model backend, refusing the demo's published password when
DEBUG is off (docs/adr/0100-no-default-credentials-in-production.md), and the
page django-axes shows after too many failed log-ins (docs/adr/0102-brute-force-limits.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render

from licensing.demo_accounts import DEMO_PASSWORD


class DemoPasswordRefusingBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG and password == DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out log-in (``AXES_LOCKOUT_CALLABLE``): the lockout
    page, in the request's language, 429 with ``Retry-After``."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    response = render(
        request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429
    )
    response["Retry-After"] = str(minutes * 60)
    return response
