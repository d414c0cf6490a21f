"""The cached caller (docs/adr/0205): a repeated request runs no query before the view, and
nothing that changes who the caller is waits for the cache to expire."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken

from api import auth_cache
from api.tokens import token_issue
from tests.factories.licensing import UserFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/licences/?page_size=5"


def _queries(client, url=URL):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def test_first_request_reads_the_token_then_the_cache_serves(world, clients, settings):
    settings.API_PAGE_CACHE_SECONDS = 0  # the view's own queries run both times (ADR 0206)
    client = clients["company_a"]
    first, cold = _queries(client)
    second, warm = _queries(client)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    # knox's token and other tokens, the caller's companies and municipalities
    assert len(cold) - len(warm) == 4
    assert not any("knox_authtoken" in sql for sql in warm)
    assert not any("controlcompany_users" in sql for sql in warm)


def test_a_revoked_token_is_refused_at_once(world, clients):
    client = clients["company_a"]
    assert client.get(URL).status_code == 200
    AuthToken.objects.filter(user=world.company_a_user).delete()
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_a_deactivated_user_is_refused_at_once(world, clients):
    client = clients["company_a"]
    assert client.get(URL).status_code == 200
    world.company_a_user.is_active = False
    world.company_a_user.save()
    assert client.get(URL).status_code == 401


def test_a_user_removed_from_the_company_loses_the_role_at_once(world, clients):
    client = clients["company_a"]
    assert client.get(URL).json()["count"] >= 1
    world.company_a.users.remove(world.company_a_user)
    response = client.get(URL)
    assert response.status_code == 403


def test_a_company_no_longer_engaged_sees_that_municipality_no_more(world, clients):
    client = clients["company_a"]
    before = client.get(URL).json()["count"]
    assert before >= 1
    world.company_a.municipalities.clear()
    assert client.get(URL).json()["count"] == 0


def test_a_new_officer_gets_the_role_at_once(world):
    user = UserFactory()
    client = client_for(user)
    assert client.get(URL).status_code == 403
    world.muni1.officers.add(user)
    assert client.get(URL).status_code == 200


def test_a_token_that_expires_while_cached_is_refused_and_deleted(world):
    user = world.company_a_user
    row, token = token_issue(user=user, days=1)
    client = client_for(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(URL).status_code == 200
    # The expiry passes while the entry is cached (the clock moved; no write, no signal).
    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    entry = auth_cache.cache.get(auth_cache.entry_key(row.digest))
    entry["token"].expiry = timezone.now() - dt.timedelta(seconds=1)
    auth_cache.cache.set(auth_cache.entry_key(row.digest), entry, 60)
    assert client.get(URL).status_code == 401
    assert not AuthToken.objects.filter(pk=row.pk).exists()


def test_a_stale_generation_is_not_used(world, clients):
    client = clients["company_a"]
    assert client.get(URL).status_code == 200
    auth_cache.new_generation()
    _response, queries = _queries(client)
    assert any("knox_authtoken" in sql for sql in queries)


def test_an_unknown_token_is_refused_and_counts_as_a_failure(world):
    client = client_for(world.company_a_user)
    client.credentials(HTTP_AUTHORIZATION="Token " + "ab" * 32)
    assert client.get(URL).status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token not-hex-at-all")
    assert client.get(URL).status_code == 401


def test_a_save_never_fails_when_the_cache_cannot_be_reached(settings, caplog):
    """Saving a user (admin, login) must not fail because Redis is down: the failure is
    logged and the save goes through (cached callers expire by time)."""
    from django.contrib.auth import get_user_model

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    user = get_user_model().objects.create_user("unreachable-cache", password="x-123456789")
    user.first_name = "Saved"
    user.save()
    assert get_user_model().objects.get(pk=user.pk).first_name == "Saved"
    assert "could not start a new generation" in caplog.text
