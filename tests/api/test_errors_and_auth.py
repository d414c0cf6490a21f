"""Authentication, throttling, pagination and bad input: always JSON, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.tokens import token_issue
from tests.factories.licensing import LicenceFactory

pytestmark = pytest.mark.django_db


def client_with(header: str | None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if header is not None:
        client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_token_is_stored_hashed_and_works(world):
    row, token = token_issue(user=world.company_a_user, days=7)
    assert token not in (row.digest, row.token_key)
    assert len(row.digest) == 128
    assert row.token_key == token[:15]
    assert dt.timedelta(days=6) < row.expiry - timezone.now() <= dt.timedelta(days=7)
    assert client_with(f"Token {token}").get("/api/v1/licences/").status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Token",
        "Token a b",
        "Token not-a-real-token",
        "Token " + "0" * 64,
        "Bearer abc",
        "Basic YWRtaW46YWRtaW4=",
    ],
)
def test_missing_or_bad_credentials_answer_401(world, header):
    response = client_with(header).get("/api/v1/licences/")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert response["WWW-Authenticate"] == "Token"


def test_undecodable_token_bytes_answer_401(world):
    response = APIClient().get(
        "/api/v1/licences/", HTTP_AUTHORIZATION=b"Token \xff\xfe".decode("latin-1")
    )
    assert response.status_code == 401


def test_expired_token_is_refused_and_deleted(world):
    row, token = token_issue(user=world.officer, days=1)
    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert client_with(f"Token {token}").get("/api/v1/licences/").status_code == 401
    assert not AuthToken.objects.filter(pk=row.pk).exists()


def test_revoked_token_is_refused(world):
    row, token = token_issue(user=world.officer, days=1)
    row.delete()
    assert client_with(f"Token {token}").get("/api/v1/licences/").status_code == 401


def test_inactive_user_is_refused(world):
    _row, token = token_issue(user=world.officer, days=1)
    world.officer.is_active = False
    world.officer.save()
    assert client_with(f"Token {token}").get("/api/v1/licences/").status_code == 401


def test_session_login_is_not_an_api_credential(world, client):
    client.force_login(world.officer)
    assert client.get("/api/v1/licences/").status_code == 401


def test_throttling_per_token_answers_429_with_json(world, clients, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_token": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = clients["company_a"]
    statuses = [client.get("/api/v1/violation-types/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/violation-types/")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    # another token has its own budget
    assert clients["officer1"].get("/api/v1/violation-types/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here/",
        "/api/v1/licences/abc/",
        "/api/v1/licences/99999999999999999999999999/",
        "/api/v1/licences/-1/",
        "/api/v1/violation-types/no_such_code/",
        "/api/v1/licences/?page=999",
    ],
)
def test_not_found_is_json(world, clients, path):
    response = clients["officer1"].get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_missing_trailing_slash_gets_a_hint(world, clients):
    response = clients["officer1"].post("/api/v1/inspections", {}, format="json")
    assert response.status_code == 404
    assert "/api/v1/inspections/" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/licences/?kind=beer", "kind"),
        ("/api/v1/licences/?status=sleeping", "status"),
        ("/api/v1/licences/?group=4", "group"),
        ("/api/v1/licences/?municipality=1234567890", "municipality"),
        ("/api/v1/licences/?search=a%00b", "search"),
        ("/api/v1/inspections/?licence=1.5", "licence"),
        ("/api/v1/inspections/?licence=99999999999999999999999", "licence"),
        ("/api/v1/inspections/?started_from=2026-02-30", "started_from"),
        ("/api/v1/inspections/?in_review=maybe", "in_review"),
        ("/api/v1/point-decisions/?status=odd", "status"),
        ("/api/v1/evaluations/?date=2026-02-30", "date"),
        ("/api/v1/evaluations/?date=1066-10-14", "date"),
        ("/api/v1/evaluations/?flag=nope", "flag"),
        ("/api/v1/evaluations/?revocation_candidate=maybe", "revocation_candidate"),
        ("/api/v1/evaluations/?municipality=12", "municipality"),
    ],
)
def test_unknown_filter_values_answer_400(world, clients, path, field):
    response = clients["officer1"].get(path)
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("ordering=nonsense", "ordering"),
        ("ordering=", "ordering"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page_size=", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("group=", "group"),
        ("holder=", "holder"),
    ],
)
def test_what_the_schema_refuses_is_a_400(world, clients, query, field):
    """Issue 12, defect 10: the code refuses what the schema refuses (these were ignored)."""
    response = clients["officer1"].get(f"/api/v1/licences/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_order_is_stable(world, clients):
    for n in range(7):
        LicenceFactory(municipality=world.muni1, number=f"2025-{n:04d}", kind="serving")
    client = clients["officer1"]
    first = client.get("/api/v1/licences/?ordering=kind&page_size=4").json()
    second = client.get("/api/v1/licences/?ordering=kind&page_size=4&page=2").json()
    ids = [r["id"] for r in first["results"]] + [r["id"] for r in second["results"]]
    assert len(ids) == len(set(ids)) == 8
    assert first["count"] == 9


def test_page_size_up_to_200(world, clients):
    assert clients["officer1"].get("/api/v1/licences/?page_size=200").status_code == 200


def test_the_catalogue_and_messages_follow_accept_language_nynorsk(world, clients):
    client = clients["officer1"]
    hours = client.get("/api/v1/violation-types/hours_violation/", HTTP_ACCEPT_LANGUAGE="nn")
    assert hours.json()["name"] == "Brot på sals-, utleverings- og skjenketidene"
    assert hours.json()["name_nn"] == hours.json()["name"]
    assert hours.json()["name_nb"] == "Brudd på salgs-, utleverings- og skjenketidene"

    missing = client.get("/api/v1/licences/abc/", HTTP_ACCEPT_LANGUAGE="nn")
    assert missing.json()["detail"] == "Ikkje funne."
