"""Defect 4 of issue 12: log-in lockout per user name and per address (django-axes), with a
clear message and an admin unlock; failed API token attempts are throttled too."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from api.tokens import token_issue
from tests.factories.licensing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def siri():
    user = UserFactory(username="siri")
    user.set_password("correct-horse-battery")
    user.save()
    return user


def login(client, username, password, address="203.0.113.5", path=None):
    return client.post(
        path or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_five_wrong_passwords_lock_the_user_name_with_a_clear_message(client, siri):
    for _ in range(4):
        assert login(client, "siri", "wrong").status_code == 200
    locked = login(client, "siri", "wrong")
    assert locked.status_code == 429
    # Even the right password, from another address, is refused until the cool-off ends.
    again = login(client, "siri", "correct-horse-battery", address="198.51.100.7")
    assert again.status_code == 429
    assert int(again["Retry-After"]) == 15 * 60
    assert "Too many failed log-ins" in again.content.decode()
    assert "ask an administrator" in again.content.decode()


def test_one_address_is_locked_whatever_user_names_it_tries(client, siri):
    for number in range(5):
        login(client, f"guess{number}", "wrong")
    assert login(client, "siri", "correct-horse-battery").status_code == 429
    assert login(client, "siri", "correct-horse-battery", address="198.51.100.7").status_code == 302


def test_the_admin_login_is_locked_too(client, siri):
    path = reverse("admin:login")
    for _ in range(5):
        login(client, "siri", "wrong", path=path)
    assert login(client, "siri", "correct-horse-battery", path=path).status_code == 429


def test_an_administrator_unlocks_in_the_admin(client, admin_client, siri):
    for _ in range(5):
        login(client, "siri", "wrong")
    assert login(client, "siri", "correct-horse-battery").status_code == 429
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    assert attempts
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "siri" in admin_client.get(changelist).content.decode()
    admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert login(client, "siri", "correct-horse-battery").status_code == 302


def test_norwegian_lockout_message(client, siri):
    for _ in range(5):
        login(client, "siri", "wrong")
    response = client.post(reverse("login"), {"username": "siri", "password": "x"})
    assert "For mange mislykkede innlogginger" in response.content.decode()


def test_failed_api_tokens_are_throttled_per_address(settings, siri):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token_failures": "5/hour",
        },
    }
    _row, good = token_issue(user=siri)
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    client.credentials(HTTP_AUTHORIZATION="Token " + "x" * 64)
    statuses = [client.get("/api/v1/licences/").status_code for _ in range(7)]
    assert statuses == [401] * 5 + [429] * 2
    # A valid token from that address waits too; another address is not affected.
    client.credentials(HTTP_AUTHORIZATION=f"Token {good}")
    assert client.get("/api/v1/licences/").status_code == 429
    other = APIClient(REMOTE_ADDR="198.51.100.7")
    other.credentials(HTTP_AUTHORIZATION=f"Token {good}")
    assert other.get("/api/v1/licences/").status_code != 429
