"""Issuing tokens: the management command, the admin page, and the demo tokens."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from api import demo
from api.tokens import token_issue
from licensing.errors import DomainError
from tests.factories.licensing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Commands speak the default language (nb); the messages are asserted in English."""
    with translation.override("en"):
        yield


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/violation-types/").status_code == 200


def test_command_prints_the_token_once(company_a_user):
    token, message = run("company_a", "--days", "7")
    assert len(token) == 64
    row = AuthToken.objects.get(user=company_a_user)
    assert row.digest == hash_token(token)
    assert "company_a" in message
    assert "shown only now" in message
    assert works(token)


def test_command_warns_when_the_user_has_no_api_role(company_a_user):
    assert "Warning" not in run("company_a")[1]
    UserFactory(username="plain")
    token, message = run("plain")
    assert "Warning: plain is neither a case officer, an administrator nor a control-company" in (
        message
    )
    assert len(token) == 64  # still issued: the role may be given afterwards


def test_command_unknown_user():
    with pytest.raises(CommandError, match="No user with the username 'nobody'"):
        run("nobody")
    assert not AuthToken.objects.exists()


@pytest.mark.parametrize("days", ["0", "731", "-3"])
def test_command_refuses_bad_days(company_a_user, days):
    with pytest.raises(CommandError, match="1 to 730 days"):
        run("company_a", "--days", days)
    assert not AuthToken.objects.exists()


def test_command_refuses_inactive_user(company_a_user):
    company_a_user.is_active = False
    company_a_user.save()
    with pytest.raises(CommandError, match="inactive"):
        run("company_a")


def test_service_refuses_bad_days(company_a_user):
    with pytest.raises(DomainError):
        token_issue(user=company_a_user, days=0)


def test_admin_issues_a_token_and_shows_it_once(client, admin_user, company_a_user):
    client.force_login(admin_user)
    add_url = reverse("admin:knox_authtoken_add")
    page = client.get(add_url)
    assert page.status_code == 200
    assert b"Issue" in page.content or b"token" in page.content
    response = client.post(add_url, {"user": company_a_user.pk, "days": 30})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = response.context["token"]
    assert token.encode() in response.content
    row = AuthToken.objects.get(user=company_a_user)
    assert row.digest == hash_token(token)
    assert works(token)
    listing = client.get(reverse("admin:knox_authtoken_changelist"))
    assert listing.status_code == 200
    assert token.encode() not in listing.content  # never shown again
    assert row.token_key.encode() in listing.content


def test_admin_revokes_by_deleting(client, admin_user, company_a_user):
    row, token = token_issue(user=company_a_user, days=3)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:knox_authtoken_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not works(token)


def test_admin_token_page_needs_an_administrator(client, officer):
    client.force_login(officer)
    response = client.get(reverse("admin:knox_authtoken_add"))
    assert response.status_code == 302  # the admin sends non-staff users to its login


def test_admin_refuses_bad_days(client, admin_user, company_a_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:knox_authtoken_add"), {"user": company_a_user.pk, "days": 0}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert not AuthToken.objects.exists()


class _Style:
    def __getattr__(self, name):
        return lambda text: text


def seed() -> str:
    out = io.StringIO()
    demo.seed(out, _Style())
    return out.getvalue()


def test_demo_tokens_are_fixed_and_idempotent(settings, muni1, muni2):
    """muni1 and muni2 have the demo municipalities' organisation numbers."""
    settings.DEBUG = True
    first = seed()
    assert "created the control-company user kontroll_a" in first
    for token in demo.DEMO_TOKENS.values():
        assert token in first
        assert works(token)
    rows = list(AuthToken.objects.order_by("digest").values_list("digest", "expiry"))
    second = seed()
    assert "created" not in second.replace("(unchanged)", "")
    assert all(token in second for token in demo.DEMO_TOKENS.values())
    assert list(AuthToken.objects.order_by("digest").values_list("digest", "expiry")) == rows


def test_demo_uses_existing_users(settings, company_a_user):
    settings.DEBUG = True
    user = UserFactory(username="kontroll_a")
    UserFactory(username="kontroll_b")
    output = seed()
    assert "created the control-company user" not in output
    assert AuthToken.objects.get(digest=hash_token(demo.DEMO_TOKENS["kontroll_a"])).user == user


def test_demo_installs_no_tokens_without_debug(settings, muni1, muni2):
    settings.DEBUG = False
    output = seed()
    assert "no demo API token" in output
    assert not AuthToken.objects.exists()
