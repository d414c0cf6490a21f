"""The point history of one licence: what counts, what is used up, what is outside the
window (the law itself is tested in tests/rules; here: the facts and the labels)."""

import datetime as dt

import pytest

from inspections import points as facts
from tests.factories.inspections import PointDecisionFactory, SuspensionFactory, violation

D = dt.date


def states(data):
    return [(e.decision.violation.code, e.decision.violation_on, e.state) for e in data.entries]


def test_only_decided_points_count(licence1):
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 3, 1))  # decided, 4
    PointDecisionFactory(
        licence=licence1, violation=violation("sale_to_minor"), violation_on=D(2026, 4, 1),
        status="notified", decided_on=None, advance_notice_on=D(2026, 4, 10),
    )  # fmt: skip
    PointDecisionFactory(
        licence=licence1, violation=violation("duty_to_assist"), violation_on=D(2026, 5, 1),
        status="proposed", decided_on=None,
    )  # fmt: skip
    PointDecisionFactory(
        licence=licence1, violation=violation("obstructing_inspection"), violation_on=D(2026, 5, 2),
        status="withdrawn", decided_on=None, withdrawal_reason="Ikke bevist.",
    )  # fmt: skip
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert data.result.in_window == 4
    assert states(data) == [
        ("hours_violation", D(2026, 3, 1), facts.COUNTED),
        ("sale_to_minor", D(2026, 4, 1), facts.NOT_YET_DECIDED),
        ("duty_to_assist", D(2026, 5, 1), facts.NOT_YET_DECIDED),
        ("obstructing_inspection", D(2026, 5, 2), facts.WITHDRAWN),
    ]


def test_a_decision_dated_after_the_reference_date_does_not_count_yet(licence1):
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 11, 1), decided_on=D(2026, 11, 30))
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert data.result.in_window == 0
    assert states(data)[0][2] == facts.LATER


def test_window_is_two_years_by_violation_date(licence1):
    # On 2026-11-22 the window is 2024-11-23..2026-11-22 (§ 10-2).
    PointDecisionFactory(licence=licence1, violation_on=D(2024, 11, 22))
    PointDecisionFactory(licence=licence1, violation_on=D(2024, 11, 23))
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert (data.result.window_start, data.result.window_end) == (D(2024, 11, 23), D(2026, 11, 22))
    assert data.result.in_window == 4
    assert [e.state for e in data.entries] == [facts.OUTSIDE_WINDOW, facts.COUNTED]
    assert data.entries[0].note == "Older than the two-year window (starts 23.11.2024)."


def test_transfer_starts_a_new_window(licence1):
    licence1.transferred_on = D(2026, 1, 10)
    licence1.save()
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 1, 9))
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 1, 10))
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert data.result.window_start == D(2026, 1, 10)
    assert data.result.in_window == 4
    assert [e.state for e in data.entries] == [facts.BEFORE_TRANSFER, facts.COUNTED]


def test_points_are_used_up_by_a_suspension(licence1):
    # 8 + 4 = 12 points, then a suspension decided 2026-09-01 uses them up; a later
    # violation starts counting from zero: 4 points, not 16.
    PointDecisionFactory(
        licence=licence1, violation=violation("sale_to_minor"), violation_on=D(2026, 2, 1),
        decided_on=D(2026, 3, 1),
    )  # fmt: skip
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1), decided_on=D(2026, 6, 1))
    suspension = SuspensionFactory(licence=licence1, decided_on=D(2026, 9, 1))
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 10, 1), decided_on=D(2026, 11, 1))

    before = facts.licence_points(licence1, D(2026, 8, 31))
    assert before.result.in_window == 12
    assert before.result.revocation_candidate

    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert data.result.in_window == 4
    assert data.result.window_start == D(2026, 9, 2)
    assert not data.result.revocation_candidate
    assert [e.state for e in data.entries] == [facts.USED_UP, facts.USED_UP, facts.COUNTED]
    assert data.entries[0].used_up_by == suspension
    assert data.entries[0].note == "Used up by the suspension decided on 01.09.2026."


def test_active_suspension_from_the_dates(licence1):
    suspension = SuspensionFactory(
        licence=licence1, decided_on=D(2026, 11, 1), starts_on=D(2026, 11, 16), days=7
    )
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert data.active_suspension.outcome is True
    assert data.current_suspension == suspension
    assert facts.licence_points(licence1, D(2026, 11, 23)).active_suspension.outcome is False


def test_timeline_marks_the_window_and_the_suspension(licence1):
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1), decided_on=D(2026, 6, 1))
    SuspensionFactory(licence=licence1, decided_on=D(2026, 9, 1))
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert [(e.on, e.kind) for e in data.timeline] == [
        (D(2026, 5, 1), "point"),
        (D(2026, 9, 1), "suspension"),
        (D(2026, 9, 2), "window_start"),
        (D(2026, 11, 22), "window_end"),
    ]
    axis = data.axis
    assert axis["start"] == D(2024, 11, 22)
    assert 0 < axis["window_left"] < 100


@pytest.mark.parametrize("kind", ["serving_single_occasion", "serving_catering"])
def test_outside_point_system_never_counts(muni1, kind):
    from tests.factories.licensing import LicenceFactory

    licence = LicenceFactory(municipality=muni1, kind=kind)
    PointDecisionFactory(licence=licence, violation_on=D(2026, 5, 1))  # e.g. imported by mistake
    data = facts.licence_points(licence, D(2026, 11, 22))
    assert data.result.in_window == 0
    assert not data.result.in_point_system
    assert data.timeline[0].kind == "point"
