"""Defect 1 of issue 12: no demo password or token works with DEBUG off (ADR 0100)."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import RequestFactory
from rest_framework.test import APIClient

from api.demo import DEMO_TOKENS
from api.tokens import token_install_fixed
from licensing.demo_accounts import DEMO_PASSWORD
from tests.factories.licensing import UserFactory


def authenticate(**credentials):
    """Log-ins always come with a request (django-axes needs its address); each from its own
    address, so that the lockout (tested in test_brute_force) does not interfere."""
    authenticate.count = getattr(authenticate, "count", 0) + 1
    request = RequestFactory().post("/login/", REMOTE_ADDR=f"10.9.{authenticate.count}.1")
    return django_authenticate(request, **credentials)


def deploy_check_output() -> str:
    out = StringIO()
    try:
        call_command("check", "--deploy", "--fail-level", "ERROR", stdout=out, stderr=out)
    except SystemCheckError as exc:
        return str(exc)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_site_gets_random_passwords_and_replaces_the_published_one(settings):
    settings.DEBUG = False
    early = UserFactory(username="admin")  # seeded earlier under DEBUG
    early.set_password(DEMO_PASSWORD)
    early.save()
    out = StringIO()
    call_command("seed_demo", "--demo-site", stdout=out)
    printed = dict(
        line.split()
        for line in out.getvalue().splitlines()
        if line.startswith("    ") and len(line.split()) == 2
    )
    assert set(printed) >= {"bodo", "saltdal", "saksbehandler", "admin", "kontroll_a"}
    for username, password in printed.items():
        assert password != DEMO_PASSWORD
        assert authenticate(username=username, password=password) is not None, username
        assert authenticate(username=username, password=DEMO_PASSWORD) is None
    assert "demo12345" not in out.getvalue()
    assert "Demo data is ready" in out.getvalue()


@pytest.mark.django_db
def test_published_password_refused_with_debug_off_and_reported(settings):
    user = UserFactory(username="bodo")
    user.set_password(DEMO_PASSWORD)
    user.save()
    settings.DEBUG = True
    assert authenticate(username="bodo", password=DEMO_PASSWORD) == user
    settings.DEBUG = False
    assert authenticate(username="bodo", password=DEMO_PASSWORD) is None
    assert "licensing.E100" in deploy_check_output()
    user.set_password("a-real-password-1")
    user.save()
    assert "licensing.E100" not in deploy_check_output()


@pytest.mark.django_db
def test_demo_token_refused_with_debug_off_and_reported(settings):
    user = UserFactory(username="kontroll_a")
    token = DEMO_TOKENS["kontroll_a"]
    token_install_fixed(user=user, token=token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    settings.DEBUG = False
    assert client.get("/api/v1/licences/").status_code == 401
    assert "api.E100" in deploy_check_output()
    settings.DEBUG = True
    assert client.get("/api/v1/licences/").status_code != 401
