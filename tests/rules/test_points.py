"""Penalty points and suspension (alkoholforskriften ch. 10) as tables of legal scenarios.

Window (§ 10-2): on reference date D the window runs from the day after D minus two years
through D. A transfer (alkoholloven § 1-10) starts a new window on the transfer date. A
suspension uses up every violation on or before its decision date. Only points decided on
or before D count.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.rules.dates import minus_years
from licensing.rules.points import (
    APPROACHING_FROM,
    POINTS_REFERENCE,
    SCOPE_REFERENCE,
    THRESHOLD,
    PointDecisionFact,
    SuspensionFact,
    approaching_threshold,
    in_point_system,
    points_in_window,
    points_window,
    suspended_on,
    suspension_days,
)

D = dt.date
DAY = dt.timedelta(days=1)


def decision(violation_on, points=4, *, decided_on=None, code="hours_violation", reference=""):
    """A decided point decision; decided 14 days after the violation unless given."""
    return PointDecisionFact(
        violation_code=code,
        violation_on=violation_on,
        points=points,
        decided_on=decided_on or violation_on + 14 * DAY,
        reference=reference,
    )


def suspension(decided_on, starts_on=None, ends_on=None):
    starts_on = starts_on or decided_on + 14 * DAY
    return SuspensionFact(decided_on=decided_on, starts_on=starts_on, ends_on=ends_on or starts_on)


# --- The window -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "transferred_on", "suspensions", "expected"),
    [
        # 2026-11-22 - 2 years = 2024-11-22; the day after = 2024-11-23.
        pytest.param(D(2026, 11, 22), None, (), (D(2024, 11, 23), D(2026, 11, 22)), id="plain"),
        # 2028-02-29 - 2 years = 2026-02-29, which does not exist -> 2026-02-28; +1 day.
        pytest.param(D(2028, 2, 29), None, (), (D(2026, 3, 1), D(2028, 2, 29)), id="29-feb"),
        # 2028-02-28 - 2 years = 2026-02-28; +1 day = 2026-03-01: the same start as 29 Feb.
        pytest.param(D(2028, 2, 28), None, (), (D(2026, 3, 1), D(2028, 2, 28)), id="28-feb"),
        # 2028-03-01 - 2 years = 2026-03-01; +1 day = 2026-03-02.
        pytest.param(D(2028, 3, 1), None, (), (D(2026, 3, 2), D(2028, 3, 1)), id="1-march"),
        # 2026-03-01 - 2 years = 2024-03-01; +1 day = 2024-03-02 (2024-02-29 is outside).
        pytest.param(
            D(2026, 3, 1), None, (), (D(2024, 3, 2), D(2026, 3, 1)), id="leap-day-outside"
        ),
        # Transfer 2025-06-14 is later than 2024-11-23: the window starts on it.
        pytest.param(
            D(2026, 11, 22),
            D(2025, 6, 14),
            (),
            (D(2025, 6, 14), D(2026, 11, 22)),
            id="transfer-starts-window",
        ),
        # Transfer 2023-01-01 is earlier than 2024-11-23: no effect.
        pytest.param(
            D(2026, 11, 22),
            D(2023, 1, 1),
            (),
            (D(2024, 11, 23), D(2026, 11, 22)),
            id="old-transfer",
        ),
        # A transfer after D had not happened on D.
        pytest.param(
            D(2026, 11, 22),
            D(2026, 12, 1),
            (),
            (D(2024, 11, 23), D(2026, 11, 22)),
            id="future-transfer-ignored",
        ),
        # Suspension decided 2025-09-01: the window starts the day after, 2025-09-02.
        pytest.param(
            D(2026, 11, 22),
            None,
            (suspension(D(2025, 9, 1)),),
            (D(2025, 9, 2), D(2026, 11, 22)),
            id="suspension",
        ),
        # Two suspensions: the latest decided on or before D counts (2026-03-10 -> 03-11).
        pytest.param(
            D(2026, 11, 22),
            None,
            (suspension(D(2025, 9, 1)), suspension(D(2026, 3, 10))),
            (D(2026, 3, 11), D(2026, 11, 22)),
            id="latest-suspension",
        ),
        # A suspension decided after D is not known on D.
        pytest.param(
            D(2026, 11, 22),
            None,
            (suspension(D(2026, 11, 23)),),
            (D(2024, 11, 23), D(2026, 11, 22)),
            id="future-suspension-ignored",
        ),
        # Suspension decided on D itself: everything up to D is used up, the window is empty.
        pytest.param(
            D(2026, 11, 22),
            None,
            (suspension(D(2026, 11, 22)),),
            (D(2026, 11, 23), D(2026, 11, 22)),
            id="suspension-decided-today",
        ),
        # Transfer 2025-06-14 and a later suspension 2025-09-01: the later start wins.
        pytest.param(
            D(2026, 11, 22),
            D(2025, 6, 14),
            (suspension(D(2025, 9, 1)),),
            (D(2025, 9, 2), D(2026, 11, 22)),
            id="suspension-after-transfer",
        ),
        # Suspension 2025-03-01 and a later transfer 2025-06-14: the transfer wins.
        pytest.param(
            D(2026, 11, 22),
            D(2025, 6, 14),
            (suspension(D(2025, 3, 1)),),
            (D(2025, 6, 14), D(2026, 11, 22)),
            id="transfer-after-suspension",
        ),
    ],
)
def test_points_window(on, transferred_on, suspensions, expected):
    assert points_window(on, transferred_on=transferred_on, suspensions=suspensions) == expected


# --- What counts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "decisions", "transferred_on", "suspensions", "expected_points"),
    [
        # Window 2024-11-23..2026-11-22: the first day counts.
        pytest.param(
            D(2026, 11, 22), [decision(D(2024, 11, 23))], None, (), 4, id="window-start-counts"
        ),
        # 2024-11-22 is the day before the window.
        pytest.param(
            D(2026, 11, 22), [decision(D(2024, 11, 22))], None, (), 0, id="day-before-excluded"
        ),
        # A violation on D, decided on D, counts.
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2026, 11, 22), decided_on=D(2026, 11, 22))],
            None,
            (),
            4,
            id="violation-and-decision-on-reference-date",
        ),
        # On 2028-02-29 the window starts 2026-03-01 (2026-02-28 + 1 day): it counts ...
        pytest.param(
            D(2028, 2, 29), [decision(D(2026, 3, 1))], None, (), 4, id="29-feb-1-march-counts"
        ),
        # ... and 2026-02-28 does not.
        pytest.param(
            D(2028, 2, 29), [decision(D(2026, 2, 28))], None, (), 0, id="29-feb-28-feb-excluded"
        ),
        # Transfer on the day of the violation: the window starts on the transfer date
        # inclusive, so the violation counts.
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2025, 6, 14))],
            D(2025, 6, 14),
            (),
            4,
            id="transfer-on-violation-day-counts",
        ),
        # The day before the transfer belongs to the previous owner.
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2025, 6, 13))],
            D(2025, 6, 14),
            (),
            0,
            id="violation-before-transfer-excluded",
        ),
        # Violation 2026-11-01, decided 2026-11-23: not decided on 2026-11-22.
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2026, 11, 1), decided_on=D(2026, 11, 23))],
            None,
            (),
            0,
            id="decided-after-reference-date",
        ),
        # The same decision, evaluated on its decision date, counts.
        pytest.param(
            D(2026, 11, 23),
            [decision(D(2026, 11, 1), decided_on=D(2026, 11, 23))],
            None,
            (),
            4,
            id="decided-on-reference-date",
        ),
        # Suspension decided 2025-09-01 uses up the violation of that day ...
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2025, 9, 1), 8)],
            None,
            (suspension(D(2025, 9, 1)),),
            0,
            id="used-up-on-suspension-date",
        ),
        # ... even when its point decision came after the suspension decision ...
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2025, 8, 20), 8, decided_on=D(2025, 9, 20))],
            None,
            (suspension(D(2025, 9, 1)),),
            0,
            id="used-up-decided-later",
        ),
        # ... but a violation the day after counts.
        pytest.param(
            D(2026, 11, 22),
            [decision(D(2025, 9, 1), 8), decision(D(2025, 9, 2), 1)],
            None,
            (suspension(D(2025, 9, 1)),),
            1,
            id="later-violation-counts",
        ),
        # Evaluated before the suspension was decided, the points still count.
        pytest.param(
            D(2025, 8, 31),
            [decision(D(2025, 6, 1), 8), decision(D(2025, 7, 1), 4)],
            None,
            (suspension(D(2025, 9, 1)),),
            12,
            id="suspension-not-yet-decided",
        ),
    ],
)
def test_points_in_window(on, decisions, transferred_on, suspensions, expected_points):
    result = points_in_window(
        decisions, on, transferred_on=transferred_on, suspensions=suspensions, kind="serving"
    )
    assert result.in_window == expected_points
    assert sum(d.points for d in result.decisions) == expected_points


# --- Totals and suspension length -----------------------------------------------------------

ON = D(2026, 11, 22)  # window 2024-11-23..2026-11-22


@pytest.mark.parametrize(
    ("points", "candidate", "days", "approaching"),
    [
        # 8 + 2 + 1 = 11: one short of the threshold.
        pytest.param([8, 2, 1], False, 0, True, id="11-points"),
        # 8 + 4 = 12: one week.
        pytest.param([8, 4], True, 7, False, id="12-points"),
        # 13 = 12 + 1: one week + 1 day.
        pytest.param([8, 4, 1], True, 8, False, id="13-points"),
        # 16 = 12 + 4: one week + 3 days (4 // 2 + 1).
        pytest.param([8, 8], True, 10, False, id="16-points"),
        # 24 = 2 x 12: two weeks.
        pytest.param([8, 8, 8], True, 14, False, id="24-points"),
        # 25 = 2 x 12 + 1: two weeks + 1 day.
        pytest.param([8, 8, 8, 1], True, 15, False, id="25-points"),
        pytest.param([4, 4], False, 0, True, id="8-points"),
        pytest.param([4, 2, 1], False, 0, False, id="7-points"),
        pytest.param([], False, 0, False, id="no-points"),
    ],
)
def test_totals(points, candidate, days, approaching):
    decisions = [decision(D(2025, 1, 10) + i * 30 * DAY, p) for i, p in enumerate(points)]
    result = points_in_window(decisions, ON, kind="serving")
    assert result.in_window == sum(points)
    assert result.revocation_candidate is candidate
    assert result.outcome is candidate
    assert result.suspension_days == days
    assert result.approaching_threshold is approaching
    assert result.legal_reference == POINTS_REFERENCE


@pytest.mark.parametrize(
    ("points", "days"),
    [
        (0, 0),
        (11, 0),
        (12, 7),  # one week
        (13, 8),  # extra 1 -> 1 day
        (14, 9),  # extra 2 -> 2 days
        (15, 9),  # extra 3 -> 2 days
        (16, 10),  # extra 4 -> 3 days
        (17, 10),  # extra 5 -> 3 days
        (18, 11),  # extra 6 -> 4 days
        (20, 12),  # extra 8 -> 5 days
        (22, 13),  # extra 10 -> 6 days
        (23, 13),  # extra 11 -> 6 days
        (24, 14),  # extra 12 -> 7 days: two weeks
        (25, 15),  # two weeks + 1 day
        (36, 21),  # three weeks
    ],
)
def test_suspension_days(points, days):
    assert suspension_days(points) == days


@pytest.mark.parametrize(
    ("points", "expected"), [(0, False), (7, False), (8, True), (11, True), (12, False)]
)
def test_approaching_threshold(points, expected):
    assert approaching_threshold(points) is expected


def test_constants():
    assert (THRESHOLD, APPROACHING_FROM) == (12, 8)
    assert POINTS_REFERENCE == "alkoholforskriften § 10-2"


# --- Scope (§ 10-1) -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["serving_single_occasion", "serving_catering"])
def test_single_occasion_and_catering_are_outside_the_point_system(kind):
    decisions = [decision(D(2025, 1, 10), 8), decision(D(2025, 2, 10), 8)]
    result = points_in_window(decisions, ON, kind=kind)
    assert result.in_window == 0
    assert result.decisions == ()
    assert result.revocation_candidate is False
    assert result.suspension_days == 0
    assert result.in_point_system is False
    assert result.approaching_threshold is False
    assert result.legal_reference == SCOPE_REFERENCE
    assert "outside the point system" in result.reasons[0]


@pytest.mark.parametrize("kind", ["sales", "serving", "serving_part_year"])
def test_sales_and_serving_are_in_the_point_system(kind):
    assert in_point_system(kind) is True
    result = points_in_window([decision(D(2025, 1, 10), 8)], ON, kind=kind)
    assert result.in_window == 8


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown licence kind"):
        points_in_window([], ON, kind="servering")


def test_negative_points_are_refused():
    with pytest.raises(ValueError, match="negative"):
        decision(D(2025, 1, 10), -1)


# --- Order and reasons ----------------------------------------------------------------------


def test_counted_decisions_oldest_violation_first():
    late = decision(D(2026, 5, 1), 1, reference="C")
    same_day_b = decision(D(2025, 5, 1), 2, decided_on=D(2025, 6, 1), reference="B")
    same_day_a = decision(D(2025, 5, 1), 4, decided_on=D(2025, 6, 1), reference="A")
    same_day_early = decision(D(2025, 5, 1), 1, decided_on=D(2025, 5, 20), reference="Z")
    result = points_in_window([late, same_day_b, same_day_a, same_day_early], ON)
    # Oldest violation first; ties by decision date, then reference.
    assert result.decisions == (same_day_early, same_day_a, same_day_b, late)


def test_reasons_give_the_numbers_and_dates():
    result = points_in_window([decision(D(2025, 1, 10), 8), decision(D(2025, 2, 10), 4)], ON)
    assert result.reasons == (
        "12 points in the window 23.11.2024–22.11.2026.",
        "12 points for violations within two years of each other (10.01.2025 to 10.02.2025) "
        "reach the threshold of 12 points: suspension for 7 days (alkoholforskriften § 10-2).",
    )


def test_reasons_explain_a_transfer_and_a_suspension():
    transferred = points_in_window([], ON, transferred_on=D(2025, 6, 14))
    assert "transfer date 14.06.2025" in transferred.reasons[1]
    suspended = points_in_window([], ON, suspensions=[suspension(D(2025, 9, 1))])
    assert "on or before 01.09.2025 were used up" in suspended.reasons[1]


def test_reasons_singular_and_approaching():
    assert points_in_window([decision(D(2025, 1, 10), 1)], ON).reasons == (
        "1 point in the window 23.11.2024–22.11.2026.",
    )
    assert points_in_window([decision(D(2025, 1, 10), 8)], ON).reasons[1] == (
        "4 more points reach the threshold of 12."
    )


# --- Current suspension ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2026, 3, 31), False, id="day-before-start"),
        pytest.param(D(2026, 4, 1), True, id="first-day"),
        pytest.param(D(2026, 4, 7), True, id="last-day"),
        pytest.param(D(2026, 4, 8), False, id="day-after-end"),
    ],
)
def test_suspended_on(on, expected):
    facts = [SuspensionFact(D(2026, 3, 10), D(2026, 4, 1), D(2026, 4, 7), "2026/12")]
    result = suspended_on(facts, on)
    assert result.outcome is expected
    if expected:
        assert result.reasons == (
            "Suspended from 01.04.2026 through 07.04.2026 (decided 10.03.2026).",
        )


def test_suspension_decided_after_the_date_does_not_cover_it():
    # Recorded with a start in the past, but decided only on 2026-04-05.
    facts = [SuspensionFact(D(2026, 4, 5), D(2026, 4, 1), D(2026, 4, 7))]
    assert suspended_on(facts, D(2026, 4, 4)).outcome is False
    assert suspended_on(facts, D(2026, 4, 5)).outcome is True


# --- Properties -------------------------------------------------------------------------------

dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31))


@st.composite
def decided_decisions(draw, on):
    """Decisions decided on or before ``on``."""
    violation_on = draw(st.dates(min_value=D(2018, 1, 1), max_value=on))
    decided_on = draw(st.dates(min_value=violation_on, max_value=on))
    points = draw(st.sampled_from([1, 2, 4, 8, 0, 3, 12]))
    return PointDecisionFact("hours_violation", violation_on, points, decided_on)


@st.composite
def scenarios(draw):
    on = draw(dates)
    decisions = draw(st.lists(decided_decisions(on), max_size=8))
    extra = draw(decided_decisions(on))
    transferred_on = draw(st.none() | dates)
    suspensions = draw(
        st.lists(st.builds(suspension, st.dates(min_value=D(2018, 1, 1), max_value=on)), max_size=2)
    )
    return on, decisions, extra, transferred_on, suspensions


@given(scenarios())
def test_adding_a_decided_decision_never_lowers_the_total(scenario):
    on, decisions, extra, transferred_on, suspensions = scenario
    before = points_in_window(
        decisions, on, transferred_on=transferred_on, suspensions=suspensions
    ).in_window
    after = points_in_window(
        [*decisions, extra], on, transferred_on=transferred_on, suspensions=suspensions
    ).in_window
    assert after >= before


@given(scenarios())
def test_total_matches_the_rule_as_written(scenario):
    """An independent reading of § 10-2, the transfer rule and the used-up rule."""
    on, decisions, _, transferred_on, suspensions = scenario
    used_up_until = max((s.decided_on for s in suspensions if s.decided_on <= on), default=None)
    expected = sum(
        d.points
        for d in decisions
        if d.decided_on <= on
        and minus_years(on, 2) < d.violation_on <= on
        and (transferred_on is None or transferred_on > on or d.violation_on >= transferred_on)
        and (used_up_until is None or d.violation_on > used_up_until)
    )
    result = points_in_window(decisions, on, transferred_on=transferred_on, suspensions=suspensions)
    assert result.in_window == expected
    # The suspension basis (§ 10-2 third paragraph), by brute force over every span.
    eligible = [
        d
        for d in decisions
        if d.decided_on <= on
        and d.violation_on <= on
        and (transferred_on is None or transferred_on > on or d.violation_on >= transferred_on)
        and (used_up_until is None or d.violation_on > used_up_until)
    ]
    best = max(
        (
            sum(e.points for e in eligible if minus_years(v, 2) < e.violation_on <= v)
            for v in {d.violation_on for d in eligible}
        ),
        default=0,
    )
    assert result.revocation_candidate is (best >= 12)
    assert result.suspension_points == (best if best >= 12 else 0)
    assert result.suspension_days == suspension_days(result.suspension_points)
    # Points alive on the date always lie in one span: 12 alive means a basis.
    assert best >= expected


@given(st.integers(min_value=0, max_value=500))
def test_suspension_days_never_fall_as_points_rise(points):
    assert suspension_days(points + 1) >= suspension_days(points)


@given(st.integers(min_value=1, max_value=40))
def test_whole_multiples_of_twelve_give_whole_weeks(k):
    assert suspension_days(12 * k) == 7 * k


@given(dates, st.none() | dates, st.lists(dates, max_size=3))
def test_window_is_at_most_two_years(on, transferred_on, suspension_dates):
    start, end = points_window(
        on, transferred_on=transferred_on, suspensions=[suspension(d) for d in suspension_dates]
    )
    assert end == on
    assert start > minus_years(on, 2)
    assert (end - start).days <= 730
