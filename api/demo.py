"""Demo API tokens for the control-company users ``kontroll_a`` and ``kontroll_b``.

Runs after ``inspections.demo``, which creates those users in its control companies; if
they are missing (the inspections demo did not run), this creates them the same way: the
company, municipality, names, password and inspectors of ``inspections.demo.COMPANIES``
(or the same values kept here, if that cannot be read).

Each user gets a token with a FIXED value (``DEMO_TOKENS``, also in docs/api.md)
so that a second run prints the same tokens and changes nothing. knox stores a digest of
the token and its first 15 characters; ``api.tokens.token_install_fixed`` computes both
with knox's own hashing. Demo tokens are installed only when DEBUG is on: a documented
token on a production system would be a back door.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model

from inspections.models import ControlCompany, Inspector
from licensing.demo_accounts import set_demo_password
from licensing.models import Municipality

from .tokens import token_install_fixed

# 64 characters like a knox token; the first 15 ("demo-kontroll-a") are the lookup key.
DEMO_TOKENS = {
    "kontroll_a": "demo-kontroll-a-not-a-secret-use-only-on-a-demo-system-000000000",
    "kontroll_b": "demo-kontroll-b-not-a-secret-use-only-on-a-demo-system-000000000",
}
# Used only when inspections.demo did not create the users and its specs are unavailable:
# username -> (company, org number, municipality org number, first and last name).
FALLBACK = {
    "kontroll_a": ("Nordland Kontroll AS", "998877660", "972418013", ("Kari", "Kontroll")),
    "kontroll_b": ("Salten Skjenkekontroll AS", "998877555", "964983194", ("Kåre", "Kontroll")),
}


def seed(stdout, style) -> None:
    User = get_user_model()
    for username, token in DEMO_TOKENS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = _create_user(username)
            stdout.write(f"  created the control-company user {username}")
        if not settings.DEBUG:
            stdout.write(
                style.WARNING(f"  DEBUG is off: no demo API token for {username} (by design).")
            )
            continue
        _row, created = token_install_fixed(user=user, token=token, days=365)
        state = "created" if created else "unchanged"
        stdout.write(f"  API token for {username} ({state}): {token}")


def _spec(username: str) -> tuple[str, str, str, tuple[str, str], tuple[str, ...]]:
    """The company, as inspections.demo defines it when it can be read, else FALLBACK."""
    try:
        from inspections import demo as inspections_demo

        spec = next(c for c in inspections_demo.COMPANIES if c.username == username)
        return (
            spec.name,
            inspections_demo.org_number(spec.number),
            spec.municipality,
            spec.user_name,
            tuple(name for name, _years in spec.inspectors),
        )
    except (ImportError, AttributeError, StopIteration, TypeError):
        name, org, municipality, user_name = FALLBACK[username]
        return name, org, municipality, user_name, (f"{name} kontrollør 1", f"{name} kontrollør 2")


def _create_user(username: str):
    """Create the user as inspections.demo does: in its control company, engaged by its
    municipality (when that exists), with qualified inspectors."""
    name, org_number, municipality_org, (first, last), inspector_names = _spec(username)
    User = get_user_model()
    user = User(
        username=username, first_name=first, last_name=last, email=f"{username}@demo.example"
    )
    set_demo_password(user)
    user.save()
    company = ControlCompany.objects.filter(org_number=org_number).first()
    if company is None:
        company = ControlCompany.objects.create(name=name, org_number=org_number)
    company.municipalities.add(*Municipality.objects.filter(org_number=municipality_org))
    company.users.add(user)
    for inspector_name in inspector_names:
        Inspector.objects.get_or_create(
            company=company,
            name=inspector_name,
            defaults={"knowledge_test_passed_on": dt.date(2020, 3, 15)},
        )
    return user
