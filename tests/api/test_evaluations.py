"""Rule evaluations for case officers: format rule-evaluation/1 with filters."""

from __future__ import annotations

import datetime as dt

import pytest

from licensing.clock import today
from tests.factories.inspections import PointDecisionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/evaluations/"


@pytest.fixture
def candidate(world):
    """l1 gets 12 decided points in the window (three hours violations of 4)."""
    for day in (1, 2, 3):
        PointDecisionFactory(
            licence=world.l1, violation_on=dt.date(2026, 3, day), decided_on=dt.date(2026, 4, 1)
        )
    return world


def rows(client, query=""):
    response = client.get(f"{URL}?date=2026-11-22{query}")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_evaluation_rows_follow_rule_evaluation_1(candidate, clients):
    result = rows(clients["officer1"])
    assert [r["licence_number"] for r in result] == ["2024-0001", "2024-0003"]
    first = result[0]
    assert first["licence_id"] == candidate.l1.pk
    assert first["municipality"] == candidate.muni1.org_number
    assert first["evaluated_on"] == "2026-11-22"
    assert first["points"]["in_window"] == 16  # 12 + pd1 (4) from the world
    assert first["points"]["revocation_candidate"] is True
    assert {"code", "message", "legal_reference"} <= set(first["flags"][0])
    assert "revocation_candidate" in [f["code"] for f in first["flags"]]
    assert set(first["seminar"]) == {"status", "deadline", "missing"}


def test_filters(candidate, clients):
    client = clients["officer1"]
    assert [r["licence_number"] for r in rows(client, "&revocation_candidate=true")] == [
        "2024-0001"
    ]
    assert [r["licence_number"] for r in rows(client, "&revocation_candidate=false")] == [
        "2024-0003"
    ]
    assert [r["licence_number"] for r in rows(client, "&flag=revocation_candidate")] == [
        "2024-0001"
    ]
    assert rows(client, "&kind=sales")[0]["licence_number"] == "2024-0003"
    assert rows(client, "&seminar_status=overdue") == []
    statuses = {r["seminar"]["status"] for r in rows(client)}
    assert [len(rows(client, f"&seminar_status={s}")) for s in statuses]
    assert rows(client, f"&municipality={candidate.muni2.org_number}") == []


def test_officer_sees_only_own_municipalities(candidate, clients):
    assert [r["licence_number"] for r in rows(clients["officer2"])] == ["2024-0002"]
    assert len(rows(clients["admin"])) == 3


def test_earlier_date_counts_fewer_points(candidate, clients):
    response = clients["officer1"].get(f"{URL}?date=2026-03-31&licence_number=2024-0001")
    assert response.json()["results"][0]["points"]["in_window"] == 0


def test_default_date_is_today(candidate, clients):
    response = clients["officer1"].get(URL)
    assert response.status_code == 200
    assert response.json()["results"][0]["evaluated_on"] == today().isoformat()
