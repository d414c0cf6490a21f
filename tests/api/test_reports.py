"""Submitting, reading and correcting control reports through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from inspections.models import Finding, Inspection

from .conftest import report_body

pytestmark = pytest.mark.django_db
URL = "/api/v1/inspections/"


def counts() -> tuple[int, int]:
    return Inspection.objects.count(), Finding.objects.count()


def test_submit_and_read_back(world, clients):
    client = clients["company_a"]
    response = client.post(URL, report_body(world), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert response["Location"].endswith(f"/api/v1/inspections/{created['id']}/")
    assert created["licence"] == {
        "id": world.l1.pk,
        "number": "2024-0001",
        "kind": "serving",
        "municipality": world.muni1.org_number,
    }
    assert created["company"]["id"] == world.company_a.pk
    assert [i["id"] for i in created["inspectors"]] == [world.insp_a1.pk, world.insp_a2.pk]
    assert created["findings"][0]["code"] == "hours_violation"
    assert created["findings"][0]["standard_points"] == 4
    assert created["state"] == "submitted"
    assert created["correctable"] is True
    assert created["submitted_by"] == "company_a"

    read = client.get(f"{URL}{created['id']}/")
    assert read.status_code == 200
    assert read.json() == created
    inspection = Inspection.objects.get(pk=created["id"])
    assert inspection.submitted_by == world.company_a_user
    assert inspection.history.first().history_user == world.company_a_user

    # the case officer of muni1 reads it; company B and officer2 do not
    assert clients["officer1"].get(f"{URL}{created['id']}/").status_code == 200
    assert clients["company_b"].get(f"{URL}{created['id']}/").status_code == 404
    assert clients["officer2"].get(f"{URL}{created['id']}/").status_code == 404


def test_report_without_findings(world, clients):
    body = report_body(world, findings=[], no_findings=True)
    response = clients["company_a"].post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["no_findings"] is True
    assert response.json()["findings"] == []


def test_shop_needs_one_inspector(world, clients):
    body = report_body(world, licence=world.shop1.pk, inspectors=[world.insp_a1.pk])
    assert clients["company_a"].post(URL, body, format="json").status_code == 201


def _refused(clients, body, role="company_a"):
    before = counts()
    response = clients[role].post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert counts() == before, "nothing is written"
    return response.json()


def test_serving_venue_needs_two_inspectors(world, clients):
    errors = _refused(clients, report_body(world, inspectors=[world.insp_a1.pk]))
    assert errors == {
        "inspectors": [
            "A serving venue is inspected by at least two inspectors (alkoholforskriften § 9-5)."
        ]
    }


def test_inspector_without_the_test(world, clients):
    body = report_body(world, inspectors=[world.insp_a1.pk, world.insp_a_untested.pk])
    errors = _refused(clients, body)
    assert errors["inspectors"] == [
        "Ny Kontrollør had not passed the inspectors' test by the inspection date 12.06.2026 "
        "(alkoholforskriften § 9-3)."
    ]


def test_inspector_test_passed_after_the_inspection(world, clients):
    world.insp_a2.knowledge_test_passed_on = dt.date(2026, 6, 13)
    world.insp_a2.save()
    errors = _refused(clients, report_body(world))
    assert "Arne Kontrollør had not passed" in errors["inspectors"][0]


def test_inspector_of_another_company(world, clients):
    errors = _refused(clients, report_body(world, inspectors=[world.insp_a1.pk, world.insp_b1.pk]))
    assert errors == {"inspectors": [f"Not inspectors of your company: {world.insp_b1.pk}."]}


def test_licence_the_company_may_not_inspect(world, clients):
    errors = _refused(clients, report_body(world, licence=world.l2.pk))
    assert errors == {
        "licence": [f"No licence with id {world.l2.pk} that your company may inspect."]
    }


def test_end_before_start_and_future(world, clients):
    errors = _refused(
        clients,
        report_body(
            world, started_at="2026-06-12T22:00:00+02:00", ended_at="2026-06-12T21:00:00+02:00"
        ),
    )
    assert errors["ended_at"] == ["The inspection cannot end before it starts."]

    tomorrow = timezone.now() + dt.timedelta(days=1)
    errors = _refused(
        clients,
        report_body(
            world,
            started_at=tomorrow.isoformat(),
            ended_at=(tomorrow + dt.timedelta(hours=1)).isoformat(),
            findings=[],
            no_findings=True,
        ),
    )
    assert errors == {
        "started_at": ["The inspection cannot start in the future."],
        "ended_at": ["The inspection cannot end in the future."],
    }


def test_nested_finding_errors_point_at_the_finding(world, clients):
    good = report_body(world)["findings"][0]
    body = report_body(
        world,
        findings=[
            good,
            {**good, "code": "no_such_code"},
            {**good, "observed_at": "2026-06-14T22:10:00+02:00"},
            {"code": "hours_violation"},
        ],
    )
    errors = _refused(clients, body)
    # the last one fails in the serializer (missing fields), so the service is not reached
    assert errors == {
        "findings": [
            {},
            {},
            {},
            {
                "observed_at": ["This field is required."],
                "description": ["This field is required."],
            },
        ]
    }
    errors = _refused(clients, {**body, "findings": body["findings"][:3]})
    assert errors == {
        "findings": [
            {},
            {"code": ["“no_such_code” is not a code in the violation catalogue."]},
            {
                "observed_at": [
                    "The finding must be observed during the inspection or on the same "
                    "evening (the inspection ran 2026-06-12 22:00–2026-06-12 22:45)."
                ]
            },
        ]
    }


def test_findings_on_the_same_evening_are_accepted(world, clients):
    good = report_body(world)["findings"][0]
    body = report_body(
        world,
        findings=[
            {**good, "observed_at": "2026-06-12T20:30:00+02:00"},  # before, same evening
            {**good, "observed_at": "2026-06-13T02:30:00+02:00"},  # after midnight
        ],
    )
    assert clients["company_a"].post(URL, body, format="json").status_code == 201
    errors = _refused(
        clients,
        report_body(world, findings=[{**good, "observed_at": "2026-06-13T06:30:00+02:00"}]),
    )
    assert "observed_at" in errors["findings"][0]


def test_no_findings_true_only_without_findings(world, clients):
    errors = _refused(clients, report_body(world, no_findings=True))
    assert errors == {
        "no_findings": [
            "“No findings” can only be set on a report without findings; remove the "
            "findings or set no_findings to false."
        ]
    }


def test_bad_types_give_field_errors(world, clients):
    errors = _refused(
        clients,
        {
            "licence": "abc",
            "inspectors": "x",
            "started_at": "yesterday",
            "ended_at": "2026-13-45T25:00",
            "mode": "secret",
            "guests_count": 10**30,
            "no_findings": "perhaps",
            "findings": {"code": "x"},
        },
    )
    assert set(errors) == {
        "licence",
        "inspectors",
        "started_at",
        "ended_at",
        "mode",
        "guests_count",
        "no_findings",
        "findings",
    }


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"[]",
        b"null",
        b'"text"',
        b'{"licence": 99999999999999999999999999999, "inspectors": [1e400]}',
        b'{"licence": 1, "inspectors": [-1, 0], "started_at": "0000-00-00"}',
        b'{"licence": 1, "findings": [null, 1, "x"]}',
        b'{"started_at": "9999-12-31T23:59:59-14:00", "ended_at": "0001-01-01T00:00:00+14:00"}',
        b'{"person_in_charge": "a\\u0000b"}',
    ],
)
def test_malformed_input_never_breaks_the_server(world, clients, payload):
    before = counts()
    response = clients["company_a"].post(URL, payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()
    assert counts() == before


def test_correct_with_patch_and_put(world, clients):
    client = clients["company_a"]
    url = f"{URL}{world.ia.pk}/"
    response = client.patch(url, {"observations": "Corrected text."}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["observations"] == "Corrected text."
    assert response.json()["inspectors"] == [
        {"id": world.insp_a1.pk, "name": "Anne Kontrollør"},
        {"id": world.insp_a2.pk, "name": "Arne Kontrollør"},
    ]

    response = client.put(url, report_body(world), format="json")
    assert response.status_code == 200, response.json()
    assert [f["code"] for f in response.json()["findings"]] == ["hours_violation"]

    response = client.patch(url, {"findings": [], "no_findings": True}, format="json")
    assert response.status_code == 200
    assert response.json()["findings"] == []
    assert Finding.objects.filter(inspection=world.ia).count() == 0


def test_patch_revalidates_the_whole_report(world, clients):
    url = f"{URL}{world.ia.pk}/"
    response = clients["company_a"].patch(url, {"inspectors": [world.insp_a1.pk]}, format="json")
    assert response.status_code == 400
    assert "inspectors" in response.json()
    assert world.ia.inspectors.count() == 2


def test_patch_finding_must_be_complete(world, clients):
    url = f"{URL}{world.ia.pk}/"
    response = clients["company_a"].patch(
        url, {"findings": [{"code": "hours_violation"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "findings": [
            {
                "observed_at": ["This field is required."],
                "description": ["This field is required."],
            }
        ]
    }


def test_no_correction_after_the_review_started(world, clients):
    world.ia.review_started_at = timezone.now()
    world.ia.reviewed_by = world.officer
    world.ia.save()
    url = f"{URL}{world.ia.pk}/"
    for method in ("patch", "put"):
        response = getattr(clients["company_a"], method)(
            url, report_body(world, observations="Too late."), format="json"
        )
        assert response.status_code == 409
        assert "can no longer correct it" in response.json()["detail"]
    world.ia.refresh_from_db()
    assert world.ia.observations == ""
    read = clients["company_a"].get(url).json()
    assert read["state"] == "in_review"
    assert read["correctable"] is False


def test_company_with_several_companies_must_say_which(world, clients):
    from tests.factories.inspections import ControlCompanyFactory, InspectorFactory

    other = ControlCompanyFactory(name="Kontroll C AS")
    other.municipalities.add(world.muni1)
    other.users.add(world.company_a_user)
    c1, c2 = InspectorFactory(company=other), InspectorFactory(company=other)
    client = clients["company_a"]
    mixed = report_body(world, inspectors=[world.insp_a1.pk, c1.pk])
    response = client.post(URL, mixed, format="json")
    assert response.status_code == 400
    assert "company" in response.json()
    # inferred from the inspectors when they agree
    response = client.post(URL, report_body(world, inspectors=[c1.pk, c2.pk]), format="json")
    assert response.status_code == 201
    assert response.json()["company"]["id"] == other.pk
    # explicit company, but inspectors of another company
    response = client.post(URL, report_body(world, company=other.pk), format="json")
    assert response.status_code == 400
    assert "is not an inspector of Kontroll C AS" in response.json()["inspectors"][0]


def test_messages_follow_accept_language(world, clients):
    client = clients["company_a"]
    body = report_body(world, inspectors=[world.insp_a1.pk])
    response = client.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.json() == {
        "inspectors": [
            "Et skjenkested kontrolleres av minst to kontrollører (alkoholforskriften § 9-5)."
        ]
    }
    response = client.get("/api/v1/holders/", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.json() == {"detail": "Ikke funnet."}
