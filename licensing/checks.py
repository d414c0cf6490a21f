"""Deployment checks (``manage.py check --deploy``) for what settings alone cannot show.

- ``licensing.E100``: a demo account still has the published demo password while DEBUG is
  off (docs/adr/0100-no-default-credentials-in-production.md).
- ``licensing.W101``: no Redis cache: rate limits are per process or on the database cache,
  which overshoots under parallel clients (docs/operations.md, Redis).
- ``licensing.E102``: SITE_URL is missing or points to a loopback address with DEBUG off,
  so links in e-mails would lead nowhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from licensing import demo_accounts


@register(Tags.security, deploy=True)
def demo_passwords_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    try:
        usernames = demo_accounts.accounts_with_published_password()
    except DatabaseError:  # no database or no tables yet: nothing can log in either
        return []
    if not usernames:
        return []
    return [
        Error(
            f"Demo accounts still have the published demo password: {', '.join(usernames)}.",
            hint=(
                "Delete them, set new passwords (manage.py changepassword), or run "
                "seed_demo --demo-site, which gives them random ones."
            ),
            id="licensing.E100",
        )
    ]


@register(Tags.caches, deploy=True)
def redis_cache_check(app_configs=None, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" in backend.lower():
        return []
    return [
        Warning(
            "The default cache is not Redis: rate limits and login lockouts are not shared "
            "exactly between workers (the database cache overshoots under parallel clients).",
            hint="Set REDIS_URL (docs/operations.md, Redis).",
            id="licensing.W101",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    host = urlsplit(settings.SITE_URL or "").hostname or ""
    if host and host not in {"localhost", "127.0.0.1", "::1"}:
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails would not reach anyone.",
            hint="Set SITE_URL to the public address, e.g. https://bevilling.kommune.no.",
            id="licensing.E102",
        )
    ]
