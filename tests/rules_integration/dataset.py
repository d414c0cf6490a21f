"""A small hand-built register for the rule evaluation tests, evaluated on 2026-11-22.

Each licence is about one rule; the dates are spelled out in the comments.
The two-year window on D = 2026-11-22 starts on 2024-11-23 (D minus two years, plus a day).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inspections.models import Suspension
from licensing.models import Licence, Municipality
from seminars.models import Attendance, SeminarPolicy
from tests.factories.inspections import InspectionFactory, PointDecisionFactory, violation
from tests.factories.licensing import (
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
)

D = dt.date
ON = D(2026, 11, 22)


def decision(licence, code, violation_on, decided_on, **extra):
    return PointDecisionFactory(
        licence=licence,
        violation=violation(code),
        violation_on=violation_on,
        decided_on=decided_on,
        **extra,
    )


def suspension(licence, decided_on, starts_on, ends_on, **extra):
    return Suspension.objects.create(
        licence=licence,
        status=extra.pop("status", "decided"),
        days=(ends_on - starts_on).days + 1,
        decided_on=decided_on,
        starts_on=starts_on,
        ends_on=ends_on,
        **extra,
    )


def inspected(licence, day: dt.date, hour: int = 21):
    return InspectionFactory(
        licence=licence,
        started_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0)),
    )


def role(licence, name, role_name, started_on=None, attended_on=None):
    person = PersonFactory(municipality=licence.municipality, name=name)
    ManagerAssignmentFactory(
        licence=licence, person=person, role=role_name, started_on=started_on or licence.granted_on
    )
    if attended_on is not None:
        Attendance.objects.create(person=person, attended_on=attended_on)
    return person


def build(muni1: Municipality, muni2: Municipality) -> dict[str, Licence]:
    licences: dict[str, Licence] = {}

    # A: window boundaries. 2024-11-22 is the day before the window: out; 2024-11-23 is its
    # first day: in. A decision made after D and a proposed one do not count.
    # In the window: 2 + 8 + 4 = 14 points -> suspension 7 + (2 // 2 + 1) = 9 days.
    # Seminar: the manager attended 2024-11-20 (valid through 2028-11-19); the deputy never
    # did: deadline 2024-09-15 + 6 months = 2025-03-15, before D -> overdue.
    a = LicenceFactory(municipality=muni1, number="2024-001", seminar_required=True)
    decision(a, "hours_violation", D(2024, 11, 22), D(2024, 12, 20))
    decision(a, "intoxicated_on_premises", D(2024, 11, 23), D(2024, 12, 20))
    decision(a, "sale_to_minor", D(2026, 6, 13), D(2026, 7, 13))
    decision(a, "hours_violation", D(2026, 10, 1), ON)  # decided on D itself: counts
    decision(a, "hours_violation", D(2026, 11, 1), D(2026, 12, 1))  # decided after D
    decision(a, "sale_to_intoxicated", D(2026, 5, 1), None, status="proposed")
    inspected(a, D(2026, 3, 14))
    role(a, "Kari Nordmann", "manager", attended_on=D(2024, 11, 20))
    role(a, "Ola Nordmann", "deputy")
    licences["A"] = a

    # B: suspension consumption. 8 + 4 = 12 points led to a suspension decided 2025-07-01:
    # violations on or before that day are used up (also the one on 2025-07-01 itself,
    # decided later). The window starts 2025-07-02; only 2026-02-01 (4 points) counts.
    # A cancelled suspension does not move the window. Last inspected 2025-10-10: not this
    # year -> flag.
    b = LicenceFactory(municipality=muni1, number="2024-002")
    decision(b, "sale_to_minor", D(2025, 3, 1), D(2025, 4, 1))
    decision(b, "hours_violation", D(2025, 5, 1), D(2025, 6, 1))
    suspension(b, D(2025, 7, 1), D(2025, 8, 1), D(2025, 8, 7))
    decision(b, "hours_violation", D(2025, 7, 1), D(2025, 8, 15))
    decision(b, "hours_violation", D(2026, 2, 1), D(2026, 3, 1))
    suspension(
        b,
        D(2026, 9, 1),
        D(2026, 10, 1),
        D(2026, 10, 7),
        status="cancelled",
        cancellation_reason="Omgjort etter klage.",
    )
    inspected(b, D(2025, 10, 10))
    licences["B"] = b

    # C: transfer on 2026-01-10 (alkoholloven § 1-10): the violation the day before does
    # not count, the one on the transfer date does. 4 + 4 = 8 points: approaching.
    c = LicenceFactory(
        municipality=muni1,
        number="2024-003",
        kind="sales",
        group_2=False,
        transferred_on=D(2026, 1, 10),
    )
    decision(c, "hours_violation", D(2026, 1, 9), D(2026, 2, 1), reference="26/1-1")
    decision(c, "hours_violation", D(2026, 1, 10), D(2026, 2, 1), reference="26/1-2")
    decision(c, "hours_violation", D(2026, 5, 5), D(2026, 6, 1))
    inspected(c, D(2026, 3, 1))
    licences["C"] = c

    # D: suspended from 2026-11-20 through 2026-11-26 (decided 2026-11-01). The points it
    # rests on are used up: the window starts 2026-11-02. Not active, so no inspection flag.
    d = LicenceFactory(municipality=muni1, number="2024-004", status="suspended")
    decision(d, "sale_to_minor", D(2026, 8, 1), D(2026, 9, 1))
    decision(d, "hours_violation", D(2026, 9, 15), D(2026, 10, 1))
    suspension(d, D(2026, 11, 1), D(2026, 11, 20), D(2026, 11, 26))
    licences["D"] = d

    # E: a single-occasion licence is outside the point system (§ 10-1) and never needs
    # the seminar, nor is it flagged for inspections.
    e = LicenceFactory(
        municipality=muni1,
        number="2025-010",
        kind="serving_single_occasion",
        seminar_required=True,
        granted_on=D(2026, 5, 2),
        valid_from=D(2026, 6, 1),
        valid_to=D(2026, 6, 1),
    )
    decision(e, "hours_violation", D(2026, 6, 1), D(2026, 7, 1))
    licences["E"] = e

    # G: new manager since 2026-06-01 without attendance: deadline 2026-12-01, 9 days
    # after D -> due (within 30 days). muni1's policy from 2027 (one month) is not yet in
    # force on D.
    g = LicenceFactory(
        municipality=muni1,
        number="2026-050",
        seminar_required=True,
        granted_on=D(2026, 6, 1),
        valid_from=D(2026, 6, 1),
    )
    role(g, "Mona Ny", "manager")
    inspected(g, D(2026, 7, 1))
    licences["G"] = g
    SeminarPolicy.objects.create(municipality=muni1, valid_from=D(2020, 1, 1))
    SeminarPolicy.objects.create(municipality=muni1, valid_from=D(2027, 1, 1), deadline_months=1)

    # F: another municipality, the same number as A; nothing to flag.
    f = LicenceFactory(municipality=muni2, number="2024-001")
    inspected(f, D(2026, 2, 2))
    licences["F"] = f
    return licences
