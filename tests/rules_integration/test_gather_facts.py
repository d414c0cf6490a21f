"""gather_facts / evaluate_all: the facts of each licence, in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluation.engine import evaluate_all, gather_facts
from licensing.models import Licence
from licensing.rules.points import PointDecisionFact, SuspensionFact
from licensing.rules.seminar import AttendanceFact, RequiredPersonFact
from seminars.models import Attendance
from tests.factories.inspections import InspectionFactory
from tests.factories.licensing import (
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
)
from tests.rules_integration.dataset import ON, build, decision, inspected, suspension

D = dt.date
GATHER_QUERIES = 4  # licences, decisions, suspensions, assignments with attendances
EVALUATE_QUERIES = GATHER_QUERIES + 1  # and the seminar policies


def make_licences(municipality, count: int, start: int = 0):
    """Licences with every kind of fact: points, a suspension, manager and deputy with
    attendances, inspections."""
    for i in range(start, start + count):
        licence = LicenceFactory(
            municipality=municipality, number=f"Q-{i:03d}", seminar_required=True
        )
        decision(licence, "hours_violation", D(2026, 3, 1), D(2026, 4, 1))
        decision(licence, "sale_to_minor", D(2025, 3, 1), D(2025, 4, 1))
        suspension(licence, D(2025, 5, 1), D(2025, 6, 1), D(2025, 6, 7))
        for role in ("manager", "deputy"):
            person = PersonFactory(municipality=municipality)
            ManagerAssignmentFactory(licence=licence, person=person, role=role)
            Attendance.objects.create(person=person, attended_on=D(2025, 1, 10))
        inspected(licence, D(2026, 5, 5))
        inspected(licence, D(2025, 5, 5))


@pytest.mark.parametrize("count", [5, 60])
def test_gather_facts_query_count_does_not_grow_with_licences(
    muni1, muni2, count, django_assert_num_queries
):
    make_licences(muni1, count)
    make_licences(muni2, 2, start=count)

    with django_assert_num_queries(GATHER_QUERIES):
        facts = gather_facts(Licence.objects.all(), ON)
    with django_assert_num_queries(GATHER_QUERIES):
        scoped = gather_facts(Licence.objects.filter(municipality=muni1), ON)
    with django_assert_num_queries(EVALUATE_QUERIES):
        evaluations = evaluate_all(Licence.objects.filter(municipality=muni1), ON)

    assert len(facts) == count + 2
    assert len(scoped) == len(evaluations) == count
    assert all(len(f.persons) == 2 and len(f.point_decisions) == 2 for f in scoped)


def test_facts_of_a_licence(muni1, muni2):
    licences = build(muni1, muni2)

    facts = {f.licence_id: f for f in gather_facts(Licence.objects.all(), ON)}

    a = facts[licences["A"].pk]
    assert (a.number, a.municipality_org_number, a.kind, a.status) == (
        "2024-001",
        "972418013",
        "serving",
        "active",
    )
    assert (a.granted_on, a.transferred_on, a.seminar_required) == (D(2024, 9, 15), None, True)
    # Decided on or before D only, of any age: the 2024-11-22 violation is older than the
    # window on D but may still be in a suspension basis (§ 10-2: the time between
    # violations decides), so it is read.
    assert set(a.point_decisions) == {
        PointDecisionFact("hours_violation", D(2024, 11, 22), 4, D(2024, 12, 20), ""),
        PointDecisionFact("intoxicated_on_premises", D(2024, 11, 23), 2, D(2024, 12, 20), ""),
        PointDecisionFact("sale_to_minor", D(2026, 6, 13), 8, D(2026, 7, 13), ""),
        PointDecisionFact("hours_violation", D(2026, 10, 1), 4, ON, ""),
    }
    kari, ola = a.persons
    assert (kari.name, kari.role, kari.role_started_on) == (
        "Kari Nordmann",
        "manager",
        D(2024, 9, 15),
    )
    assert (ola.name, ola.role) == ("Ola Nordmann", "deputy")
    assert a.attendances == (AttendanceFact(kari.person_id, D(2024, 11, 20)),)
    assert a.inspection_dates == (D(2026, 3, 14),)

    # Decided suspensions only (the cancelled one is not a fact).
    b = facts[licences["B"].pk]
    assert b.suspensions == (SuspensionFact(D(2025, 7, 1), D(2025, 8, 1), D(2025, 8, 7), ""),)
    assert b.inspection_dates == (D(2025, 10, 10),)

    assert facts[licences["C"].pk].transferred_on == D(2026, 1, 10)
    assert facts[licences["E"].pk].inspection_dates == ()


def test_facts_respect_the_reference_date(muni1):
    """Assignments current on D, the latest attendance on or before D, inspections up to
    the end of D in Oslo time."""
    licence = LicenceFactory(municipality=muni1, seminar_required=True)
    old = PersonFactory(municipality=muni1, name="Tidligere Styrer")
    new = PersonFactory(municipality=muni1, name="Ny Styrer")
    ManagerAssignmentFactory(
        licence=licence, person=old, started_on=D(2024, 9, 15), ended_on=D(2025, 12, 31)
    )
    ManagerAssignmentFactory(licence=licence, person=new, started_on=D(2026, 1, 1))
    future_deputy = PersonFactory(municipality=muni1, name="Kommende Stedfortreder")
    ManagerAssignmentFactory(
        licence=licence, person=future_deputy, role="deputy", started_on=D(2026, 12, 1)
    )
    for day in (D(2022, 1, 5), D(2026, 2, 1), D(2026, 12, 1)):
        Attendance.objects.create(person=new, attended_on=day)
    # 00:30 on 1 January 2026 in Oslo is still 2025 in UTC.
    InspectionFactory(
        licence=licence,
        started_at=timezone.make_aware(dt.datetime(2026, 1, 1, 0, 30)),
    )
    InspectionFactory(  # after the end of D
        licence=licence, started_at=timezone.make_aware(dt.datetime(2026, 11, 23, 0, 5))
    )

    (facts,) = gather_facts(Licence.objects.all(), D(2026, 11, 22))
    assert facts.persons == (RequiredPersonFact(new.pk, "Ny Styrer", "manager", D(2026, 1, 1)),)
    assert facts.attendances == (AttendanceFact(new.pk, D(2026, 2, 1)),)
    assert facts.inspection_dates == (D(2026, 1, 1),)

    (earlier,) = gather_facts(Licence.objects.all(), D(2025, 12, 31))
    assert [p.name for p in earlier.persons] == ["Tidligere Styrer"]  # last day in the role
    assert earlier.inspection_dates == ()


def test_persons_are_listed_manager_first_with_their_attendances(muni1):
    """The assignment rows come deputies first (the covering index's role order); the facts
    list the managers first, each role in start order, and the latest attendances in the
    persons' order (docs/adr/0228). Two managers are current on the day of a change."""
    licence = LicenceFactory(municipality=muni1, seminar_required=True)
    leaving = PersonFactory(municipality=muni1, name="Avtroppande Styrar")
    coming = PersonFactory(municipality=muni1, name="Påtroppande Styrar")
    deputy = PersonFactory(municipality=muni1, name="Stedfortredar")
    without = PersonFactory(municipality=muni1, name="Utan Kurs")
    ManagerAssignmentFactory(
        licence=licence, person=leaving, started_on=D(2024, 1, 1), ended_on=D(2026, 11, 22)
    )
    ManagerAssignmentFactory(licence=licence, person=coming, started_on=D(2026, 11, 22))
    ManagerAssignmentFactory(
        licence=licence, person=deputy, role="deputy", started_on=D(2025, 1, 1)
    )
    other = LicenceFactory(municipality=muni1, number="Z-1")
    ManagerAssignmentFactory(licence=other, person=without, role="deputy", started_on=D(2025, 1, 1))
    Attendance.objects.create(person=deputy, attended_on=D(2025, 3, 1))
    Attendance.objects.create(person=coming, attended_on=D(2026, 1, 1))
    Attendance.objects.create(person=coming, attended_on=D(2026, 11, 23))  # after D

    by_id = {f.licence_id: f for f in gather_facts(Licence.objects.all(), D(2026, 11, 22))}
    facts = by_id[licence.pk]
    assert facts.persons == (
        RequiredPersonFact(leaving.pk, "Avtroppande Styrar", "manager", D(2024, 1, 1)),
        RequiredPersonFact(coming.pk, "Påtroppande Styrar", "manager", D(2026, 11, 22)),
        RequiredPersonFact(deputy.pk, "Stedfortredar", "deputy", D(2025, 1, 1)),
    )
    assert facts.attendances == (
        AttendanceFact(coming.pk, D(2026, 1, 1)),
        AttendanceFact(deputy.pk, D(2025, 3, 1)),
    )
    assert by_id[other.pk].persons == (
        RequiredPersonFact(without.pk, "Utan Kurs", "deputy", D(2025, 1, 1)),
    )
    assert by_id[other.pk].attendances == ()
