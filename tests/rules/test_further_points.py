"""What further points lead to (alkoholforskriften § 10-2 third paragraph): a new violation
combines with the alive points whose violation dates lie within two years of it."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from licensing.rules.dates import minus_years
from licensing.rules.points import (
    THRESHOLD,
    PointDecisionFact,
    further_points,
    last_day_combining,
    points_in_window,
    suspension_days,
)

D = dt.date


ON = D(2026, 11, 22)


def fact(violation_on, points, code="hours_violation", decided_by=ON):
    """Decided 14 days after the violation, but by ``decided_by`` (the reference date)."""
    return PointDecisionFact(
        violation_code=code,
        violation_on=violation_on,
        points=points,
        decided_on=min(violation_on + dt.timedelta(days=14), decided_by),
    )


def test_nothing_alive_gives_no_steps():
    assert further_points([]) == ()


def test_last_day_combining_is_one_day_short_of_two_years():
    assert last_day_combining(D(2026, 3, 1)) == D(2028, 2, 29)
    assert last_day_combining(D(2026, 6, 13)) == D(2028, 6, 12)
    # 29 February: the span of 2026-02-28 starts the day after 2024-02-28, so it still
    # contains 2024-02-29; the span of 2026-03-01 does not.
    assert last_day_combining(D(2024, 2, 29)) == D(2026, 2, 28)


def test_one_step_per_violation_date_oldest_first():
    steps = further_points(
        [
            fact(D(2026, 6, 13), 4),
            fact(D(2026, 3, 1), 2),
            fact(D(2026, 6, 13), 4, "sale_to_intoxicated"),
        ]
    )

    assert [(s.first_violation_on, s.until, s.points, s.needed) for s in steps] == [
        (D(2026, 3, 1), D(2028, 2, 29), 10, 2),
        (D(2026, 6, 13), D(2028, 6, 12), 8, 4),
    ]
    assert steps[0].days_at_threshold == 7
    # 10 + 8 = 18 points: 7 days + (6 // 2 + 1) = 11 days.
    assert steps[0].days_with_eight == 11
    assert steps[1].days_with_eight == suspension_days(16) == 10


def test_under_the_threshold_even_with_eight_more_has_no_eight_point_length():
    (step,) = further_points([fact(D(2026, 1, 10), 2)])
    assert step.needed == 10 and step.days_with_eight == 0


@given(
    st.lists(
        st.tuples(st.dates(D(2024, 1, 1), D(2026, 11, 22)), st.sampled_from([1, 2, 4, 8])),
        min_size=1,
        max_size=6,
    ),
    st.integers(min_value=0, max_value=800),
)
def test_the_steps_agree_with_the_suspension_rule(items, offset):
    """A new violation of ``needed`` points on a day within a step reaches the threshold
    by the rule the engine uses (the suspension basis), and the points counted are the
    step's points."""
    on = D(2026, 11, 22)
    alive = [fact(v, p, f"c{i}") for i, (v, p) in enumerate(items) if v > minus_years(on, 2)]
    steps = further_points(alive)
    new_on = on + dt.timedelta(days=1 + offset)
    applicable = [s for s in steps if new_on <= s.until]
    if not applicable:
        return
    step = applicable[0]
    if step.needed == 0:
        return
    new = PointDecisionFact(
        violation_code="new", violation_on=new_on, points=step.needed, decided_on=new_on
    )
    result = points_in_window([*alive, new], new_on)
    assert result.basis is not None
    assert result.basis.points >= THRESHOLD
    # One point less does not reach it, unless the alive points reached it already.
    if step.needed > 1 and points_in_window(alive, on).basis is None:
        smaller = PointDecisionFact(
            violation_code="new", violation_on=new_on, points=step.needed - 1, decided_on=new_on
        )
        assert points_in_window([*alive, smaller], new_on).basis is None
