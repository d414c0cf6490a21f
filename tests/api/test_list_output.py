"""The list endpoints build their rows as plain dicts (docs/adr/0120); each row must be the
same JSON, byte for byte, as the DRF serializer gives for that record (the detail endpoint
still serializes with it). The evaluations page must be the page of the full evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.renderers import JSONRenderer

from evaluation.engine import evaluate_all
from inspections.models import Finding, ViolationType
from licensing.models import Licence
from licensing.rules.evaluate import to_json_dict
from tests.factories.inspections import InspectionFactory, PointDecisionFactory
from tests.factories.licensing import LicenceFactory, ManagerAssignmentFactory

from .conftest import aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world):
    """Records with the optional parts both present and absent."""
    muni = world.muni1
    LicenceFactory(
        municipality=muni,
        number="2024-0100",
        premises=None,
        group_3=True,
        group3_from=dt.time(13, 0),
        group3_until=dt.time(0, 30, 15),
        transferred_on=dt.date(2025, 2, 1),
        area_indoor="Første etasje «Salen»",
        conditions="Ingen skjenking ute etter 22.00.\nVakt på døra.",
        seminar_required=True,
    )
    own = LicenceFactory(
        municipality=muni,
        number="2024-0101",
        kind="sales",
        group_2=False,
        group12_from=None,
        group12_until=None,
        sales_weekday_until=dt.time(20, 0),
    )
    ManagerAssignmentFactory(licence=own, role="manager", person__name="Åse Ærlig")
    reviewed = InspectionFactory(
        licence=world.l1,
        company=world.company_a,
        started_at=aware(2026, 3, 29, 1, 30),  # summer time starts that night
        ended_at=aware(2026, 3, 29, 3, 15),
        guests_count=0,
        staff_count=3,
        person_in_charge="Mona Manager",
        observations="Rolig.\n«Sitater» og æøå.",
        submitted_by=world.company_a_user,
        review_started_at=aware(2026, 4, 2, 9, 0),
    )
    reviewed.inspectors.set([world.insp_a2, world.insp_a1])
    for code, minute in (("spirits_measure", 40), ("hours_violation", 5)):
        Finding.objects.create(
            inspection=reviewed,
            violation=ViolationType.objects.get(code=code),
            observed_at=aware(2026, 3, 29, 3, minute),
            description=f"{code} sett.",
        )
    return world


def _json(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.mark.parametrize(
    ("endpoint", "persona", "key"),
    [
        ("licences", "company_a", "id"),
        ("licences", "officer1", "id"),
        ("licences", "admin", "id"),
        ("inspections", "company_a", "id"),
        ("inspections", "officer1", "id"),
        ("violation-types", "company_a", "code"),
    ],
)
def test_list_rows_are_the_serializer_output(varied, clients, endpoint, persona, key):
    client = clients[persona]
    response = client.get(f"/api/v1/{endpoint}/?page_size=200")
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) >= 2
    for row in results:
        detail = client.get(f"/api/v1/{endpoint}/{row[key]}/")
        assert detail.status_code == 200
        assert _json(row) == detail.content


def test_list_pages_keep_order_and_count(varied, clients):
    client = clients["officer1"]
    whole = client.get("/api/v1/licences/?page_size=200&ordering=-number").json()
    assert whole["count"] == 4
    pages = [
        client.get(f"/api/v1/licences/?page_size=3&ordering=-number&page={n}").json()
        for n in (1, 2)
    ]
    assert [page["count"] for page in pages] == [4, 4]
    assert [r for page in pages for r in page["results"]] == whole["results"]


def test_evaluations_page_is_the_page_of_the_full_evaluation(varied, clients):
    PointDecisionFactory(
        licence=varied.l1, violation_on=dt.date(2026, 3, 2), decided_on=dt.date(2026, 4, 1)
    )
    on = dt.date(2026, 11, 22)
    licences = Licence.objects.filter(municipality_id=varied.muni1.pk)
    everything = sorted(
        evaluate_all(licences, on),
        key=lambda e: (e.number, e.municipality_org_number, int(e.licence_id)),
    )
    expected = [
        {
            "format": "rule-evaluation/2",
            "licence_id": e.licence_id,
            "municipality": e.municipality_org_number,
            "evaluated_on": on.isoformat(),
            **to_json_dict(e),
        }
        for e in everything
    ]
    client = clients["officer1"]
    got = []
    for page in (1, 2):
        body = client.get(f"/api/v1/evaluations/?date=2026-11-22&page_size=3&page={page}").json()
        assert body["count"] == len(expected)
        got.extend(body["results"])
    assert len(expected) == 4
    assert _json(got) == _json(expected)
