"""Serving hours (alkoholloven § 4-4) and sales hours (§ 3-7)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.rules.hours import (
    DEFAULT_GROUP3_FROM,
    DEFAULT_GROUP3_UNTIL,
    DEFAULT_GROUP12_FROM,
    DEFAULT_GROUP12_UNTIL,
    DEFAULT_SALES_SATURDAY_FROM,
    DEFAULT_SALES_SATURDAY_UNTIL,
    DEFAULT_SALES_WEEKDAY_FROM,
    DEFAULT_SALES_WEEKDAY_UNTIL,
    validate_sales_hours,
    validate_serving_hours,
)

T = dt.time


def test_default_hours():
    assert (T(8), T(1)) == (DEFAULT_GROUP12_FROM, DEFAULT_GROUP12_UNTIL)
    assert (T(13), T(0)) == (DEFAULT_GROUP3_FROM, DEFAULT_GROUP3_UNTIL)  # 24:00 as 00:00
    assert (T(8), T(18)) == (DEFAULT_SALES_WEEKDAY_FROM, DEFAULT_SALES_WEEKDAY_UNTIL)
    assert (T(8), T(15)) == (DEFAULT_SALES_SATURDAY_FROM, DEFAULT_SALES_SATURDAY_UNTIL)
    assert (
        validate_serving_hours(
            DEFAULT_GROUP12_FROM, DEFAULT_GROUP12_UNTIL, DEFAULT_GROUP3_FROM, DEFAULT_GROUP3_UNTIL
        )
        == []
    )
    assert (
        validate_sales_hours(
            DEFAULT_SALES_WEEKDAY_FROM,
            DEFAULT_SALES_WEEKDAY_UNTIL,
            DEFAULT_SALES_SATURDAY_FROM,
            DEFAULT_SALES_SATURDAY_UNTIL,
        )
        == []
    )


@pytest.mark.parametrize(
    ("group12", "group3", "expected"),
    [
        pytest.param((T(8), T(2, 30)), (None, None), [], id="end-02-30-ok"),
        pytest.param((T(8), T(3)), (None, None), [], id="end-03-00-ok"),
        pytest.param((T(8), T(3, 30)), (None, None), ["03:00 and 06:00"], id="end-03-30-refused"),
        pytest.param((T(8), T(6)), (None, None), ["03:00 and 06:00"], id="end-06-00-refused"),
        pytest.param((T(6), T(3)), (None, None), [], id="06-00-to-03-00-ok"),
        pytest.param((T(5), T(12)), (None, None), ["03:00 and 06:00"], id="start-05-00-refused"),
        pytest.param((T(10), T(23)), (None, None), [], id="same-day"),
        pytest.param((T(22), T(2)), (None, None), [], id="across-midnight"),
        pytest.param((T(2), T(2, 30)), (None, None), [], id="small-hours-only"),
        # 01:00 until 22:00 runs through the night: 03:00-06:00 included.
        pytest.param((T(1), T(22)), (None, None), ["03:00 and 06:00"], id="through-the-night"),
        # Round the clock.
        pytest.param((T(8), T(8)), (None, None), ["03:00 and 06:00"], id="24-hours"),
        pytest.param((T(8), T(1)), (T(13), T(0)), [], id="defaults"),
        pytest.param((T(8), T(3)), (T(13), T(3)), [], id="group-3-until-03-00-ok"),
        pytest.param(
            (T(8), T(1)), (T(12), T(0)), ["03:00 and 13:00"], id="group-3-start-12-00-refused"
        ),
        pytest.param(
            (T(8), T(3)),
            (T(13), T(3, 30)),
            ["03:00 and 13:00", "later than groups"],
            id="group-3-end-03-30-refused",
        ),
        pytest.param(
            (T(8), T(1)), (T(13), T(2)), ["later than groups 1 and 2"], id="group-3-later-refused"
        ),
        pytest.param((T(8), T(1)), (T(13), T(1)), [], id="group-3-same-end-ok"),
        pytest.param((T(8), T(1)), (T(13), None), ["both the start and the end"], id="half-g3"),
    ],
)
def test_validate_serving_hours(group12, group3, expected):
    errors = validate_serving_hours(*group12, *group3)
    assert len(errors) == len(expected)
    for error, fragment in zip(errors, expected, strict=True):
        assert fragment in error
        assert fragment == "both the start and the end" or "alkoholloven § 4-4" in error


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        pytest.param((T(8), T(20), T(8), T(18)), [], id="extended-to-20-and-18-ok"),
        pytest.param((T(8), T(20, 30), T(8), T(15)), ["after 20:00"], id="weekday-20-30-refused"),
        pytest.param((T(8), T(18), T(8), T(18, 30)), ["after 18:00"], id="saturday-18-30-refused"),
        pytest.param((T(7, 30), T(18), T(8), T(15)), ["before 08:00"], id="start-07-30-refused"),
        pytest.param((T(8), T(0), T(8), T(15)), ["must be earlier"], id="until-midnight"),
        pytest.param((T(15), T(15), T(8), T(15)), ["must be earlier"], id="empty"),
    ],
)
def test_validate_sales_hours(hours, expected):
    errors = validate_sales_hours(*hours)
    assert len(errors) == len(expected)
    for error, fragment in zip(errors, expected, strict=True):
        assert fragment in error


def test_sales_message():
    assert validate_sales_hours(T(8), T(20, 30), T(8), T(15)) == [
        "Sales on weekdays may not go on after 20:00 (alkoholloven § 3-7)."
    ]


times = st.builds(T, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


def served_minutes(start: dt.time, end: dt.time) -> set[int]:
    """Minutes of the clock served from ``start`` up to (not including) ``end``; an end at
    or before the start means the next day."""
    first = start.hour * 60 + start.minute
    last = end.hour * 60 + end.minute
    length = (last - first) % 1440 or 1440
    return {(first + i) % 1440 for i in range(length)}


@given(times, times)
def test_groups_1_2_refused_exactly_when_serving_between_03_and_06(start, end):
    serves_at_night = any(180 <= m < 360 for m in served_minutes(start, end))
    assert bool(validate_serving_hours(start, end)) is serves_at_night


@given(times, times)
def test_group_3_refused_when_serving_between_03_and_13(start, end):
    serves_before_13 = any(180 <= m < 780 for m in served_minutes(start, end))
    errors = validate_serving_hours(T(6), T(3), start, end)
    assert any("03:00 and 13:00" in e for e in errors) is serves_before_13
