"""The seminar rule through ``seminar_compliance_for`` against the database: one row per
legal scenario, with the date arithmetic spelled out (domain section 5).

Defaults of every row: a serving licence with the seminar condition, granted 2024-09-15;
manager Mona and deputy Dag in their roles since the grant; evaluated on 2026-11-22.
Default policy: deadline = role start + 6 months; attendance on A valid through
A + 4 years - 1 day; ``due`` when the earliest deadline is D..D+30, ``overdue`` before D.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from licensing.models import ManagerAssignment
from seminars.selectors import seminar_compliance_for
from tests.factories.licensing import LicenceFactory, PersonFactory
from tests.factories.seminars import AttendanceFactory, SeminarPolicyFactory

D = dt.date
ON = D(2026, 11, 22)


@dataclass
class Role:
    name: str
    role: str
    started_on: D = D(2024, 9, 15)
    ended_on: D | None = None
    attended: tuple[D, ...] = ()


@dataclass
class Scenario:
    id: str
    status: str
    deadline: D | None = None
    missing: tuple[str, ...] = ()
    kind: str = "serving"
    seminar_required: bool = True
    granted_on: D = D(2024, 9, 15)
    roles: tuple[Role, ...] = (
        Role("Mona", "manager", attended=(D(2024, 11, 20),)),
        Role("Dag", "deputy", attended=(D(2024, 11, 20),)),
    )
    on: D = ON
    policies: tuple[dict, ...] = field(default_factory=tuple)


MONA_OK = Role("Mona", "manager", attended=(D(2024, 11, 20),))
DAG_OK = Role("Dag", "deputy", attended=(D(2024, 11, 20),))

SCENARIOS = [
    Scenario("no condition on the licence", "not_required", seminar_required=False),
    Scenario(
        "no condition, nobody attended",
        "not_required",
        seminar_required=False,
        roles=(Role("Mona", "manager"),),
    ),
    Scenario(
        "single occasion never requires it",
        "not_required",
        kind="serving_single_occasion",
        roles=(),
    ),
    Scenario("catering never requires it", "not_required", kind="serving_catering", roles=()),
    Scenario("sales licence counts like serving", "compliant", kind="sales"),
    Scenario(
        "part-year licence: deputy missing",
        "overdue",
        D(2025, 3, 15),
        ("Dag",),
        kind="serving_part_year",
        roles=(MONA_OK, Role("Dag", "deputy")),
    ),
    Scenario("both attended 2024-11-20: valid until 2028-11-19", "compliant"),
    # Grant 2024-09-15 + 6 months = 2025-03-15, before 2026-11-22.
    Scenario(
        "deputy never attended",
        "overdue",
        D(2025, 3, 15),
        ("Dag",),
        roles=(MONA_OK, Role("Dag", "deputy")),
    ),
    Scenario(
        "both missing: manager listed before deputy on the same deadline",
        "overdue",
        D(2025, 3, 15),
        ("Mona", "Dag"),
        roles=(Role("Mona", "manager"), Role("Dag", "deputy")),
    ),
    # New manager from 2026-09-01: deadline 2027-03-01, 99 days after D.
    Scenario(
        "new manager, deadline in 99 days",
        "pending",
        D(2027, 3, 1),
        ("Nina",),
        roles=(
            Role("Mona", "manager", ended_on=D(2026, 8, 31), attended=(D(2024, 11, 20),)),
            Role("Nina", "manager", started_on=D(2026, 9, 1)),
            DAG_OK,
        ),
    ),
    # 2026-06-22 + 6 months = 2026-12-22 = D + 30 days: still due (inclusive).
    Scenario(
        "deadline exactly 30 days ahead is due",
        "due",
        D(2026, 12, 22),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 6, 22)), DAG_OK),
    ),
    # 2026-06-23 + 6 months = 2026-12-23 = D + 31 days: pending.
    Scenario(
        "deadline 31 days ahead is pending",
        "pending",
        D(2026, 12, 23),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 6, 23)), DAG_OK),
    ),
    # 2026-05-22 + 6 months = 2026-11-22 = D: due today, not yet overdue.
    Scenario(
        "deadline on the reference date is due",
        "due",
        D(2026, 11, 22),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 5, 22)), DAG_OK),
    ),
    # 2026-05-21 + 6 months = 2026-11-21 = D - 1: overdue.
    Scenario(
        "deadline the day before is overdue",
        "overdue",
        D(2026, 11, 21),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 5, 21)), DAG_OK),
    ),
    # Attended 2022-11-10: valid through 2026-11-09, expired 2026-11-10; deadline is the
    # later of 2025-03-15 (role) and 2026-11-10 (expiry).
    Scenario(
        "expired attendance",
        "overdue",
        D(2026, 11, 10),
        ("Mona",),
        roles=(Role("Mona", "manager", attended=(D(2022, 11, 10),)), DAG_OK),
    ),
    # Attended 2022-11-22: valid through 2026-11-21; expires on D, deadline D: due.
    Scenario(
        "attendance expiring on the reference date",
        "due",
        D(2026, 11, 22),
        ("Mona",),
        roles=(Role("Mona", "manager", attended=(D(2022, 11, 22),)), DAG_OK),
    ),
    # Attended 2022-11-23: valid through 2026-11-22 = D.
    Scenario(
        "last valid day of an attendance",
        "compliant",
        roles=(Role("Mona", "manager", attended=(D(2022, 11, 23),)), DAG_OK),
    ),
    Scenario(
        "an expired and a renewed attendance: the latest counts",
        "compliant",
        roles=(Role("Mona", "manager", attended=(D(2021, 5, 10), D(2025, 5, 10))), DAG_OK),
    ),
    Scenario(
        "attendance on the reference date counts",
        "compliant",
        roles=(Role("Mona", "manager", attended=(ON,)), Role("Dag", "deputy", attended=(ON,))),
    ),
    Scenario(
        "attendance after the reference date does not count yet",
        "overdue",
        D(2025, 3, 15),
        ("Dag",),
        roles=(MONA_OK, Role("Dag", "deputy", attended=(D(2026, 11, 23),))),
    ),
    # Role taken before the grant: the grant date counts (2026-07-01 + 6 = 2027-01-01).
    Scenario(
        "role start before the grant: grant date counts",
        "pending",
        D(2027, 1, 1),
        ("Mona",),
        granted_on=D(2026, 7, 1),
        roles=(Role("Mona", "manager", started_on=D(2026, 6, 1)),),
    ),
    # ``ended_on`` is the last day in the role (docs/adr/0011).
    Scenario(
        "assignment ended the day before the reference date is not required",
        "compliant",
        roles=(Role("Mona", "manager", ended_on=D(2026, 11, 21)), DAG_OK),
    ),
    Scenario(
        "assignment ending on the reference date still holds the role",
        "overdue",
        D(2025, 3, 15),
        ("Mona",),
        roles=(Role("Mona", "manager", ended_on=ON), DAG_OK),
    ),
    Scenario(
        "assignment starting after the reference date is not required yet",
        "compliant",
        roles=(
            Role("Mona", "manager", ended_on=D(2026, 11, 30), attended=(D(2024, 11, 20),)),
            DAG_OK,
            Role("Nina", "manager", started_on=D(2026, 12, 1)),
        ),
    ),
    Scenario("no manager or deputy registered", "compliant", roles=()),
    # Policy from 2026-01-01: 3 months; new manager 2026-09-01 -> 2026-12-01, 9 days.
    Scenario(
        "municipal policy: three months",
        "due",
        D(2026, 12, 1),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 9, 1)), DAG_OK),
        policies=({"valid_from": D(2026, 1, 1), "deadline_months": 3},),
    ),
    Scenario(
        "policy from after the reference date is not in force",
        "pending",
        D(2027, 3, 1),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 9, 1)), DAG_OK),
        policies=({"valid_from": D(2026, 11, 23), "deadline_months": 3},),
    ),
    Scenario(
        "the latest policy in force wins",
        "overdue",
        D(2026, 10, 1),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 9, 1)), DAG_OK),
        policies=(
            {"valid_from": D(2025, 1, 1), "deadline_months": 3},
            {"valid_from": D(2026, 11, 1), "deadline_months": 1},
        ),
    ),
    Scenario(
        "policy requires the manager only",
        "compliant",
        roles=(MONA_OK, Role("Dag", "deputy")),
        policies=({"valid_from": D(2020, 1, 1), "require_deputy": False},),
    ),
    # Policy: 60 warning days; 2026-06-23 + 6 = 2026-12-23 = D + 31: due.
    Scenario(
        "policy warns 60 days ahead",
        "due",
        D(2026, 12, 23),
        ("Nina",),
        roles=(Role("Nina", "manager", started_on=D(2026, 6, 23)), DAG_OK),
        policies=({"valid_from": D(2020, 1, 1), "warning_days": 60},),
    ),
    # Leap day: attended 2024-02-29, valid through 2028-02-28.
    Scenario(
        "leap-day attendance, last valid day",
        "compliant",
        roles=(Role("Mona", "manager", attended=(D(2024, 2, 29),)),),
        on=D(2028, 2, 28),
    ),
    Scenario(
        "leap-day attendance, expired",
        "due",
        D(2028, 2, 29),
        ("Mona",),
        roles=(Role("Mona", "manager", attended=(D(2024, 2, 29),)),),
        on=D(2028, 2, 29),
    ),
]


def build(scenario: Scenario, municipality):
    licence = LicenceFactory(
        municipality=municipality,
        kind=scenario.kind,
        seminar_required=scenario.seminar_required,
        granted_on=scenario.granted_on,
        valid_from=max(scenario.granted_on, D(2024, 10, 1)),
        group_2=scenario.kind != "sales",
        group12_from=None if scenario.kind == "sales" else dt.time(8),
        group12_until=None if scenario.kind == "sales" else dt.time(1),
    )
    for role in scenario.roles:
        person = PersonFactory(municipality=municipality, name=role.name)
        ManagerAssignment.objects.create(
            licence=licence,
            person=person,
            role=role.role,
            started_on=role.started_on,
            ended_on=role.ended_on,
        )
        for attended_on in role.attended:
            AttendanceFactory(person=person, attended_on=attended_on)
    for policy in scenario.policies:
        SeminarPolicyFactory(municipality=municipality, **policy)
    return licence


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario, muni1):
    licence = build(scenario, muni1)

    result = seminar_compliance_for([licence.pk], scenario.on)[licence.pk]

    assert result.status == scenario.status
    assert result.deadline == scenario.deadline
    assert tuple(m.name for m in result.missing) == scenario.missing


def test_attendance_at_another_municipality_counts(muni1, muni2):
    """A Bodø manager who attended a seminar Saltdal organised is compliant: attendance is
    a fact about the person, whoever organised it."""
    licence = build(Scenario("x", "compliant", roles=(Role("Mona", "manager"),)), muni1)
    mona = licence.assignments.get().person
    AttendanceFactory(person=mona, attended_on=D(2026, 5, 5), seminar_title="Ansvarlig vertskap")

    assert seminar_compliance_for([licence.pk], ON)[licence.pk].status == "compliant"


def test_policies_apply_per_municipality(muni1, muni2):
    """Saltdal's three-month policy does not change Bodø's deadline."""
    nina = Role("Nina", "manager", started_on=D(2026, 9, 1))
    bodo = build(Scenario("x", "", roles=(nina, DAG_OK)), muni1)
    saltdal = build(Scenario("y", "", roles=(nina, DAG_OK)), muni2)
    SeminarPolicyFactory(municipality=muni2, valid_from=D(2026, 1, 1), deadline_months=3)

    results = seminar_compliance_for(type(bodo).objects.filter(pk__in=[bodo.pk, saltdal.pk]), ON)

    assert results[bodo.pk].deadline == D(2027, 3, 1)
    assert results[saltdal.pk].deadline == D(2026, 12, 1)


def test_selector_accepts_ids_and_querysets_and_nothing(muni1):
    licence = build(SCENARIOS[0], muni1)
    assert seminar_compliance_for([], ON) == {}
    assert set(seminar_compliance_for(type(licence).objects.all(), ON)) == {licence.pk}
