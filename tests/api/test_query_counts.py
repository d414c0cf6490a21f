"""List endpoints run a fixed number of queries, whatever the number of rows (120 here).

A token's first request spends 4 queries before the view: the token (knox) and the
user's other tokens (knox's expiry clean-up), then the caller's municipalities and
companies. The token, its user and the caller are then kept in the cache for a minute
(docs/adr/0205), so a repeated request spends none: the counts below are of repeated
requests (the warm-up request of each persona fills the cache). Each page below is asked
for the first time, so it is rendered; the same page asked again is served from the page
cache with no query at all (docs/adr/0206, tests/api/test_page_cache.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.models import Finding, Suspension, ViolationType
from seminars.models import Participant, Registration
from tests.factories.inspections import InspectionFactory, InspectorFactory, PointDecisionFactory
from tests.factories.licensing import HolderFactory, LicenceFactory, ManagerAssignmentFactory

from .conftest import _session, aware

pytestmark = pytest.mark.django_db
ROWS = 120


@pytest.fixture
def many(world):
    muni = world.muni1
    inspectors = [InspectorFactory(company=world.company_a) for _ in range(ROWS)]
    hours = ViolationType.objects.get(code="hours_violation")
    for n in range(ROWS):
        licence = LicenceFactory(municipality=muni, number=f"2030-{n:04d}")
        ManagerAssignmentFactory(licence=licence, role="manager")
        ManagerAssignmentFactory(licence=licence, role="deputy")
        inspection = InspectionFactory(licence=licence, company=world.company_a)
        inspection.inspectors.set(inspectors[:2] if n % 2 else inspectors)
        Finding.objects.create(
            inspection=inspection,
            violation=hours,
            observed_at=inspection.started_at,
            description="Seen.",
        )
        decision = PointDecisionFactory(licence=licence, inspection=inspection)
        suspension = Suspension.objects.create(
            licence=licence,
            points=12,
            days=7,
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 9, 7),
        )
        suspension.point_decisions.add(decision)
        HolderFactory(municipality=muni)
        ViolationType.objects.create(
            code=f"local_{n}",
            standard_points=1,
            name_nb="Lokal",
            name_en="Local",
            legal_reference="-",
            sort_order=100 + n,
        )
    for n in range(ROWS):
        session = _session(muni, f"Kurs {n}")
        registration = Registration.objects.create(
            session=session,
            org_number="998877660",
            venue_name="Sted",
            contact_email="a@example.no",
            consent_at=aware(2026, 9, 1, 12, 0),
        )
        Participant.objects.create(registration=registration, name="P", role="manager")
        Participant.objects.create(registration=registration, name="Q", role="deputy")
    return world


# (endpoint, persona, queries): nothing before the view (cached caller), then count + rows
# + prefetches.
# Licences and inspections sort and slice the keys first, then load that page's rows
# (docs/adr/0120): one query more.
CASES = [
    ("licences", "company_a", 3),  # manager and deputy are subqueries in the row query
    ("licences", "officer1", 3),
    ("inspections", "company_a", 5),  # + inspectors, findings with their codes
    ("inspections", "officer1", 5),
    ("inspectors", "officer1", 2),
    ("violation-types", "company_a", 2),
    ("holders", "officer1", 2),
    ("point-decisions", "officer1", 2),
    ("suspensions", "officer1", 3),
    ("seminars", "officer1", 5),
    # count, the page's licence keys, then evaluate_all of that page: 5 queries
    ("evaluations", "officer1", 7),
]


def test_list_query_counts(many, clients, django_assert_num_queries):
    """One test over every list (the 120-row world takes a while to build)."""
    for endpoint, persona, queries in CASES:
        client = clients[persona]
        client.get("/api/v1/violation-types/?page_size=1")  # token issued outside the count
        with django_assert_num_queries(queries):
            response = client.get(f"/api/v1/{endpoint}/?page_size=200")
        assert response.status_code == 200, (endpoint, response.content[:300])
        assert len(response.json()["results"]) >= ROWS, endpoint
