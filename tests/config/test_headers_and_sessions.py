"""Defect 9 of issue 12: CSP without inline script, Permissions-Policy, session idle and
absolute limits, no-store on pages with personal data, SITE_URL required with DEBUG off."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.factories.seminars import RegistrationFactory, SeminarSessionFactory

ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def project_templates():
    for path in ROOT.rglob("*.html"):
        if ".venv" in path.parts or "staticfiles" in path.parts or "node_modules" in path.parts:
            continue
        yield path


def test_no_template_has_inline_script_or_event_handlers():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in project_templates()
        for pattern in (INLINE_SCRIPT, HANDLER)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_csp_and_permissions_policy_on_every_page(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_api_docs_have_no_inline_script(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert not INLINE_SCRIPT.search(response.content.decode())


@pytest.mark.django_db
def test_officer_pages_are_not_stored(officer_client):
    response = officer_client.get(reverse("licensing:dashboard"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_private_registration_pages_are_not_stored_public_pages_may_be(client, muni1):
    session = SeminarSessionFactory(municipality=muni1)
    registration = RegistrationFactory(session=session)
    from seminars.tokens import sign_token

    private = client.get(
        reverse("seminars_public:registration", args=[sign_token(registration.token)])
    )
    assert private.status_code == 200
    assert "no-store" in private["Cache-Control"]
    public = client.get(reverse("seminars_public:session_list"))
    assert "no-store" not in public.get("Cache-Control", "")


@pytest.mark.django_db
def test_session_ends_after_30_idle_minutes(client, officer):
    start = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
    dashboard = reverse("licensing:dashboard")
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        assert client.get(dashboard).status_code == 200
        clock.move_to(start + dt.timedelta(minutes=29))
        assert client.get(dashboard).status_code == 200  # activity renews the idle limit
        clock.move_to(start + dt.timedelta(minutes=29 + 31))
        assert client.get(dashboard).status_code == 302


@pytest.mark.django_db
def test_session_ends_12_hours_after_login_however_active(client, officer):
    start = dt.datetime(2026, 12, 3, 6, 0, tzinfo=dt.UTC)
    dashboard = reverse("licensing:dashboard")
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        for minutes in range(20, 12 * 60, 20):
            clock.move_to(start + dt.timedelta(minutes=minutes))
            assert client.get(dashboard).status_code == 200, minutes
        clock.move_to(start + dt.timedelta(hours=12, minutes=1))
        assert client.get(dashboard).status_code == 302


def test_site_url_is_required_with_debug_off():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL"))}
    env.update(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="bevilling.example.no")
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import config.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
