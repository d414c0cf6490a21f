"""The suspension basis (alkoholforskriften § 10-2 third paragraph: "ved beregning av
toårsperioden skal overtredelsestidspunktene legges til grunn").

A suspension is due when decided point decisions whose violation dates lie within two
years of each other add up to 12: for each violation date v the span runs from the day
after v minus two years through v. The basis is the span with the most points (the
latest on a tie); its points set the length. Late case handling never lets points expire.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.rules.points import (
    PointDecisionFact,
    SuspensionFact,
    points_in_window,
    suspension_basis,
)

D = dt.date
DAY = dt.timedelta(days=1)


def decision(violation_on, points, *, decided_on=None, code="hours_violation"):
    return PointDecisionFact(
        violation_code=code,
        violation_on=violation_on,
        points=points,
        decided_on=decided_on or violation_on + 14 * DAY,
    )


def span(result):
    basis = result.basis
    return None if basis is None else (basis.window_start, basis.window_end, basis.points)


# --- Boundaries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "due"),
    [
        # Exactly two years between the violations: the span of 2026-06-14 starts on
        # 2024-06-15, so 2024-06-14 is out.
        pytest.param(D(2024, 6, 14), D(2026, 6, 14), False, id="exactly-two-years"),
        # One day less: in.
        pytest.param(D(2024, 6, 15), D(2026, 6, 14), True, id="one-day-less"),
        # 29 February: 2028-02-29 minus two years is 2026-02-28; the span starts 2026-03-01.
        pytest.param(D(2026, 2, 28), D(2028, 2, 29), False, id="29-feb-exactly"),
        pytest.param(D(2026, 3, 1), D(2028, 2, 29), True, id="29-feb-day-after"),
        # A violation on 29 February 2024: 2026-02-28 minus two years is 2024-02-28; the
        # span starts 2024-02-29.
        pytest.param(D(2024, 2, 29), D(2026, 2, 28), True, id="from-29-feb"),
        pytest.param(D(2024, 2, 28), D(2026, 2, 28), False, id="from-28-feb"),
    ],
)
def test_span_boundaries(first, second, due):
    decisions = [decision(first, 8), decision(second, 4)]
    result = points_in_window(decisions, second + 400 * DAY)
    assert result.revocation_candidate is due
    assert result.suspension_points == (12 if due else 0)
    assert result.suspension_days == (7 if due else 0)


def test_29_february_span_start():
    basis = suspension_basis(
        [decision(D(2026, 3, 1), 8), decision(D(2028, 2, 29), 4)], D(2029, 1, 1)
    )
    assert (basis.window_start, basis.window_end) == (D(2026, 3, 1), D(2028, 2, 29))


# --- Late case handling -----------------------------------------------------------------


def test_total_that_would_have_dropped_out_under_the_old_rule():
    """domain.md section 4: 8 points for a violation on 2025-03-15 and 4 for one on
    2027-02-01 make a suspension due even when looked at in 2028."""
    decisions = [decision(D(2025, 3, 15), 8), decision(D(2027, 2, 1), 4)]
    on = D(2028, 1, 10)
    result = points_in_window(decisions, on)
    # Alive on the date: only the 2027 violation (the window starts 2026-01-11).
    assert result.in_window == 4
    assert result.approaching_threshold is False
    # The basis: both violations, within two years of each other.
    assert span(result) == (D(2025, 2, 2), D(2027, 2, 1), 12)
    assert [d.violation_on for d in result.basis.decisions] == [D(2025, 3, 15), D(2027, 2, 1)]
    assert result.revocation_candidate is True
    assert result.suspension_days == 7
    assert result.basis_outside_window == (decisions[0],)
    assert any("time between the violations" in reason for reason in result.reasons)


def test_only_decided_points_count_on_the_date():
    decisions = [decision(D(2025, 3, 15), 8), decision(D(2027, 2, 1), 4, decided_on=D(2028, 3, 1))]
    assert points_in_window(decisions, D(2028, 2, 29)).basis is None
    assert points_in_window(decisions, D(2028, 3, 1)).suspension_points == 12


# --- The largest span -------------------------------------------------------------------


def test_largest_span_is_not_the_latest():
    decisions = [
        decision(D(2023, 1, 10), 8),
        decision(D(2023, 6, 10), 8),  # 16 in the span ending here
        decision(D(2025, 3, 1), 4),  # span 2023-03-02..2025-03-01: 8 + 4 = 12
    ]
    result = points_in_window(decisions, D(2025, 12, 1))
    assert span(result) == (D(2021, 6, 11), D(2023, 6, 10), 16)
    assert result.suspension_days == 10  # 16 = 12 + 4 -> 7 + 3


def test_on_a_tie_the_latest_span():
    decisions = [
        decision(D(2023, 1, 10), 8),
        decision(D(2023, 6, 10), 4),
        decision(D(2025, 5, 1), 8),
    ]
    # Spans: ending 2023-06-10: 12; ending 2025-05-01 (from 2023-05-02): 4 + 8 = 12.
    result = points_in_window(decisions, D(2025, 12, 1))
    assert span(result) == (D(2023, 5, 2), D(2025, 5, 1), 12)


def test_decisions_on_the_same_day_are_all_in_the_span():
    decisions = [
        decision(D(2026, 5, 1), 8, code="sale_to_minor"),
        decision(D(2026, 5, 1), 4, code="hours_violation"),
    ]
    assert span(points_in_window(decisions, D(2026, 6, 1))) == (D(2024, 5, 2), D(2026, 5, 1), 12)


# --- Transfers and suspensions ----------------------------------------------------------


def test_transfer_starts_anew():
    decisions = [decision(D(2025, 1, 10), 8), decision(D(2025, 9, 1), 4)]
    # Transfer on 2025-06-01: the 2025-01-10 violation does not count.
    result = points_in_window(decisions, D(2026, 1, 1), transferred_on=D(2025, 6, 1))
    assert result.basis is None
    # A transfer after the date has not happened yet.
    assert span(points_in_window(decisions, D(2026, 1, 1), transferred_on=D(2026, 6, 1))) == (
        D(2023, 9, 2),
        D(2025, 9, 1),
        12,
    )
    # A violation on the transfer date counts.
    decisions.append(decision(D(2025, 6, 1), 8))
    result = points_in_window(decisions, D(2026, 1, 1), transferred_on=D(2025, 6, 1))
    assert span(result) == (D(2023, 9, 2), D(2025, 9, 1), 12)


def test_a_suspension_uses_the_points_up():
    decisions = [decision(D(2025, 1, 10), 8), decision(D(2025, 3, 1), 4)]
    suspended = SuspensionFact(D(2025, 6, 1), D(2025, 6, 15), D(2025, 6, 21))
    # Before the suspension is decided the points are due.
    assert (
        points_in_window(decisions, D(2025, 5, 31), suspensions=[suspended]).suspension_points == 12
    )
    # From its decision date they are used up: one more point does not suspend again.
    decisions.append(decision(D(2025, 8, 1), 1))
    result = points_in_window(decisions, D(2025, 9, 1), suspensions=[suspended])
    assert result.basis is None
    # But later violations add up again on their own.
    decisions.append(decision(D(2026, 2, 1), 8))
    decisions.append(decision(D(2026, 4, 1), 4))
    result = points_in_window(decisions, D(2026, 5, 1), suspensions=[suspended])
    assert span(result) == (D(2024, 4, 2), D(2026, 4, 1), 13)
    assert result.suspension_days == 8


def test_outside_the_point_system_there_is_no_basis():
    decisions = [decision(D(2025, 1, 10), 8), decision(D(2025, 3, 1), 4)]
    result = points_in_window(decisions, D(2025, 6, 1), kind="serving_catering")
    assert result.basis is None and result.revocation_candidate is False


# --- Properties -------------------------------------------------------------------------

dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def decided(draw, on):
    violation_on = draw(st.dates(min_value=D(2018, 1, 1), max_value=on))
    decided_on = draw(st.dates(min_value=violation_on, max_value=on))
    return PointDecisionFact(
        "hours_violation", violation_on, draw(st.sampled_from([1, 2, 4, 8, 12])), decided_on
    )


@st.composite
def scenarios(draw):
    on = draw(dates)
    decisions = draw(st.lists(decided(on), max_size=8))
    extra = draw(decided(on))
    transferred_on = draw(st.none() | dates)
    suspensions = [
        SuspensionFact(day, day, day)
        for day in draw(st.lists(st.dates(min_value=D(2018, 1, 1), max_value=on), max_size=2))
    ]
    return on, decisions, extra, transferred_on, suspensions


@given(scenarios())
def test_adding_a_decision_never_removes_a_due_suspension(scenario):
    on, decisions, extra, transferred_on, suspensions = scenario
    kwargs = {"transferred_on": transferred_on, "suspensions": suspensions}
    before = points_in_window(decisions, on, **kwargs)
    after = points_in_window([*decisions, extra], on, **kwargs)
    if before.revocation_candidate:
        assert after.revocation_candidate
    assert after.suspension_points >= before.suspension_points
    # The length never falls as points rise.
    assert after.suspension_days >= before.suspension_days


@given(scenarios())
def test_the_basis_lies_within_two_years(scenario):
    on, decisions, _, transferred_on, suspensions = scenario
    result = points_in_window(decisions, on, transferred_on=transferred_on, suspensions=suspensions)
    if result.basis is not None:
        basis = result.basis
        assert basis.points == sum(d.points for d in basis.decisions) >= 12
        assert all(
            basis.window_start <= d.violation_on <= basis.window_end for d in basis.decisions
        )
        assert basis.decisions[-1].violation_on == basis.window_end
        assert (basis.window_end - basis.window_start).days < 731
