"""Demo accounts: the published password only under DEBUG, random passwords otherwise.

The demo's logins are documented in README.md with one password (``DEMO_PASSWORD``), which
is fine on a developer's machine and a back door anywhere else. So:

- Under DEBUG every demo account gets ``DEMO_PASSWORD`` when it is created.
- With DEBUG off ``seed_demo`` refuses unless it is run with ``--demo-site`` (a public demo
  installation); then every demo account gets a random password, printed once, and an
  account that still has the published password (seeded earlier under DEBUG) gets a new one.
- ``licensing.auth.DemoPasswordRefusingBackend`` refuses the published password for every
  account when DEBUG is off, and ``config.checks`` reports an error in ``check --deploy``
  while a demo account still has it.

See docs/adr/0100-no-default-credentials-in-production.md.
"""

from __future__ import annotations

import secrets

from django.conf import settings

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo accounts (DEBUG only)
# Every account any demo seeder creates; config.checks looks at these.
DEMO_USERNAMES = (
    "bodo",
    "saltdal",
    "saksbehandler",
    "admin",
    "kontroll_a",
    "kontroll_b",
    "koordinator",
)

# username -> random password given in this process (printed by seed_demo, then cleared).
issued: dict[str, str] = {}


def password_for(username: str) -> str:
    """The password a new demo account gets: the published one under DEBUG, else random."""
    if settings.DEBUG:
        return DEMO_PASSWORD
    password = secrets.token_urlsafe(15)
    issued[username] = password
    return password


def password_note() -> str:
    """How the seeders' summaries name the password."""
    if settings.DEBUG:
        return f"password “{DEMO_PASSWORD}”"
    return "random passwords, printed at the end"


def set_demo_password(user) -> None:
    """Give a new (unsaved) demo account its password."""
    user.set_password(password_for(user.get_username()))


def replace_published_passwords() -> list[str]:
    """With DEBUG off: demo accounts that still have the published password get a random one.
    Returns their usernames."""
    from django.contrib.auth import get_user_model

    if settings.DEBUG:
        return []
    replaced = []
    for user in get_user_model().objects.filter(username__in=DEMO_USERNAMES):
        if user.has_usable_password() and user.check_password(DEMO_PASSWORD):
            set_demo_password(user)
            user.save(update_fields=["password"])
            replaced.append(user.get_username())
    return replaced


def accounts_with_published_password() -> list[str]:
    """Demo accounts whose password is still the published one (for the deploy check)."""
    from django.contrib.auth import get_user_model

    return [
        user.get_username()
        for user in get_user_model().objects.filter(username__in=DEMO_USERNAMES)
        if user.has_usable_password() and user.check_password(DEMO_PASSWORD)
    ]
