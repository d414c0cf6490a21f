"""API fixtures: a small world in two municipalities, tokens for every persona, clients.

World (muni1 engaged company A, muni2 engaged company B):
- licences ``l1`` (muni1, serving, with manager and deputy) and ``l2`` (muni2);
- inspectors: company A has two qualified inspectors and one without the test,
  company B one qualified inspector;
- reports ``ia`` (company A on l1) and ``ib`` (company B on l2);
- point decisions, suspensions and seminar sessions one per municipality.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import token_issue
from inspections.models import Suspension
from seminars.models import Participant, Registration, SeminarSession
from tests.factories.inspections import (
    InspectionFactory,
    InspectorFactory,
    PointDecisionFactory,
)
from tests.factories.licensing import (
    LicenceFactory,
    ManagerAssignmentFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _now():
    """The API tests run on 2026-11-22 12:00 Oslo (the clock ticks on from there), so the
    reports of June 2026 are in the past whatever the machine's date."""
    start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture(autouse=True)
def _clear_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def aware(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


class World:
    pass


@pytest.fixture
def world(
    muni1,
    muni2,
    company_a,
    company_b,
    officer,
    officer2,
    admin_user,
    company_a_user,
    company_b_user,
):
    w = World()
    w.muni1, w.muni2, w.company_a, w.company_b = muni1, muni2, company_a, company_b
    w.l1 = LicenceFactory(municipality=muni1, number="2024-0001", kind="serving")
    w.l2 = LicenceFactory(municipality=muni2, number="2024-0002", kind="sales", group_2=False)
    w.shop1 = LicenceFactory(municipality=muni1, number="2024-0003", kind="sales", group_2=False)
    ManagerAssignmentFactory(licence=w.l1, role="manager", person__name="Mona Manager")
    ManagerAssignmentFactory(licence=w.l1, role="deputy", person__name="Didrik Deputy")
    w.h1, w.h2 = w.l1.holder, w.l2.holder
    w.insp_a1 = InspectorFactory(company=company_a, name="Anne Kontrollør")
    w.insp_a2 = InspectorFactory(company=company_a, name="Arne Kontrollør")
    w.insp_a_untested = InspectorFactory(
        company=company_a, name="Ny Kontrollør", knowledge_test_passed_on=None
    )
    w.insp_b1 = InspectorFactory(company=company_b, name="Bjørn Kontrollør")
    w.ia = InspectionFactory(licence=w.l1, company=company_a)
    w.ia.inspectors.set([w.insp_a1, w.insp_a2])
    w.ib = InspectionFactory(licence=w.l2, company=company_b)
    w.ib.inspectors.set([w.insp_b1])
    w.pd1 = PointDecisionFactory(licence=w.l1, inspection=w.ia)
    w.pd2 = PointDecisionFactory(licence=w.l2, inspection=w.ib)
    w.s1 = _suspension(w.l1)
    w.s2 = _suspension(w.l2)
    w.s1.point_decisions.add(w.pd1)
    w.ss1 = _session(muni1, "Ansvarlig vertskap Bodø")
    w.ss2 = _session(muni2, "Ansvarlig vertskap Saltdal")
    reg = Registration.objects.create(
        session=w.ss1,
        org_number=w.h1.org_number,
        venue_name="Spisested",
        licence=w.l1,
        contact_email="post@example.no",
        consent_at=aware(2026, 9, 1, 12, 0),
    )
    Participant.objects.create(registration=reg, name="Mona Manager", role="manager")
    w.officer, w.officer2, w.admin = officer, officer2, admin_user
    w.company_a_user, w.company_b_user = company_a_user, company_b_user
    return w


def _suspension(licence) -> Suspension:
    return Suspension.objects.create(
        licence=licence,
        status="proposed",
        points=12,
        days=7,
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 9, 7),
    )


def _session(municipality, title) -> SeminarSession:
    return SeminarSession.objects.create(
        municipality=municipality,
        title=title,
        starts_at=aware(2026, 10, 1, 9, 0),
        ends_at=aware(2026, 10, 1, 15, 0),
        capacity=30,
        registration_deadline=aware(2026, 9, 25, 12, 0),
        place="Rådhuset",
    )


def client_for(user) -> APIClient:
    # English messages in tests; clients choose with Accept-Language (default nb).
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        _row, token = token_issue(user=user, days=30)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def api_client():
    """An anonymous API client."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


class _Clients(dict):
    """Creates each persona's client (and token) on first use."""

    def __init__(self, users):
        super().__init__()
        self._users = users

    def __missing__(self, role):
        user = self._users[role]() if role != "anonymous" else None
        self[role] = client_for(user)
        return self[role]


@pytest.fixture
def clients(world):
    """API clients by persona name (token-authenticated; ``anonymous`` has none)."""
    return _Clients(
        {
            "company_a": lambda: world.company_a_user,
            "company_b": lambda: world.company_b_user,
            "officer1": lambda: world.officer,
            "officer2": lambda: world.officer2,
            "admin": lambda: world.admin,
            "norole": lambda: UserFactory(username="norole"),
        }
    )


def report_body(world, **overrides) -> dict:
    """A valid report by company A on licence l1 (a serving venue)."""
    body = {
        "licence": world.l1.pk,
        "inspectors": [world.insp_a1.pk, world.insp_a2.pk],
        "started_at": "2026-06-12T22:00:00+02:00",
        "ended_at": "2026-06-12T22:45:00+02:00",
        "mode": "open",
        "guests_count": 80,
        "staff_count": 4,
        "person_in_charge": "Mona Manager",
        "observations": "Busy Friday evening.",
        "no_findings": False,
        "findings": [
            {
                "code": "hours_violation",
                "observed_at": "2026-06-12T22:10:00+02:00",
                "description": "Beer served at 22:10 in the outdoor area, which closes at 22:00.",
            }
        ],
    }
    body.update(overrides)
    return body
