"""Bad input a control company's client may send: always a 400 with messages at the field,
in the request's language, and nothing stored."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.tokens import token_issue
from inspections.models import Finding, Inspection

from .conftest import report_body

pytestmark = pytest.mark.django_db
URL = "/api/v1/inspections/"


def counts() -> tuple[int, int]:
    return Inspection.objects.count(), Finding.objects.count()


def test_times_in_year_one_are_field_errors_not_a_crash(world, clients):
    before = counts()
    body = report_body(
        world,
        started_at="0001-01-01T05:00:00Z",
        ended_at="0001-01-01T05:10:00Z",
        findings=[
            {"code": "hours_violation", "observed_at": "0001-01-01T05:05:00Z", "description": "x"}
        ],
    )
    response = clients["company_a"].post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {
        "started_at": ["Give a time on or after 2000-01-01."],
        "ended_at": ["Give a time on or after 2000-01-01."],
        "findings": [{"observed_at": ["Give a time on or after 2000-01-01."]}],
    }
    assert counts() == before


def test_unknown_fields_are_refused_at_the_field(world, clients):
    before = counts()
    body = report_body(world, guest_count=80)
    body["findings"][0]["points"] = 4
    response = clients["company_a"].post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "guest_count": ["Unknown field."],
        "findings": [{"points": ["Unknown field."]}],
    }
    assert counts() == before


def test_unknown_field_is_reported_with_the_other_errors(world, clients):
    body = report_body(world, inspectors=[world.insp_a1.pk], colour="red", guests_count="many")
    response = clients["company_a"].post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"colour", "guests_count"}


def test_a_correction_with_a_misspelt_field_changes_nothing(world, clients):
    url = f"{URL}{world.ia.pk}/"
    guests = Inspection.objects.get(pk=world.ia.pk).guests_count
    response = clients["company_a"].patch(url, {"guest_count": 3}, format="json")
    assert response.status_code == 400
    assert response.json() == {"guest_count": ["Unknown field."]}
    assert Inspection.objects.get(pk=world.ia.pk).guests_count == guests


def test_findings_that_are_not_a_list_give_plain_messages(world, clients):
    body = report_body(world, findings={"code": "hours_violation"})
    response = clients["company_a"].post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"findings": ['Expected a list of items but got type "dict".']}


def nb_post(clients, payload, **kwargs):
    return clients["company_a"].post(
        URL, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nb", **kwargs
    )


def test_malformed_json_is_explained_in_norwegian(world, clients):
    response = nb_post(clients, b'{"licence": 3,')
    assert response.status_code == 400
    assert response.json() == {"detail": "Innholdet er ikke gyldig JSON (linje 1, kolonne 15)."}
    english = clients["company_a"].post(URL, b"{", content_type="application/json")
    assert english.json() == {"detail": "The body is not valid JSON (line 1, column 2)."}


def test_null_body_is_explained_in_norwegian(world, clients):
    response = nb_post(clients, b"null")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Innholdet er tomt (null): send rapporten som et JSON-objekt."]
    }


def test_drf_field_messages_are_norwegian(world, clients):
    body = report_body(
        world, no_findings="maybe", inspectors=list(range(1, 22)), observations={"a": 1}
    )
    response = clients["company_a"].post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 400
    assert response.json() == {
        "no_findings": ["Må være true eller false."],
        "inspectors": ["Dette feltet kan ha høyst 20 elementer."],
        "observations": ["Ikke en gyldig tekststreng."],
    }


def test_evaluation_boolean_filter_in_norwegian(world, clients):
    response = clients["officer1"].get(
        "/api/v1/evaluations/?revocation_candidate=maybe", HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 400
    assert response.json() == {"revocation_candidate": ["Må være true eller false."]}


def test_throttled_message_is_norwegian(world, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_token": "1/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    _row, token = token_issue(user=world.company_a_user, days=1)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="nb", HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/violation-types/").status_code == 200
    response = client.get("/api/v1/violation-types/")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert wait > 0
    assert response.json() == {
        "detail": f"Forespørselen ble strupet. Prøv igjen om {wait} sekund"
        + ("er." if wait != 1 else ".")
    }


def test_a_user_without_a_role_is_told_so_when_reading_reports(world, clients):
    response = clients["norole"].get(URL)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your account has no role in the API (neither case officer nor control company)."
    }
    # an officer who tries to write still hears that writes are for control companies
    response = clients["officer1"].post(URL, report_body(world), format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only control-company users submit and correct reports through the API."
    }
