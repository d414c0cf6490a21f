"""Authentication backend: Django's model backend that refuses the demo's published password
when DEBUG is off (docs/adr/0100-no-default-credentials-in-production.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from licensing.demo_accounts import DEMO_PASSWORD


class DemoPasswordRefusingBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG and password == DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
