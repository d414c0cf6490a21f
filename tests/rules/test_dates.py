"""Calendar arithmetic: whole years, whole months, licence periods (alkoholloven § 1-6)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.rules.dates import (
    add_months,
    add_years,
    days_in_month,
    licence_period_end,
    licence_period_start,
    minus_years,
)

D = dt.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31))


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        pytest.param(D(2026, 11, 22), 2, D(2024, 11, 22), id="ordinary"),
        # 2026-02-29 does not exist: 29 February minus two years is 28 February.
        pytest.param(D(2028, 2, 29), 2, D(2026, 2, 28), id="29-feb-to-28-feb"),
        # 2024 is a leap year too: 29 February stays.
        pytest.param(D(2028, 2, 29), 4, D(2024, 2, 29), id="29-feb-to-29-feb"),
        pytest.param(D(2028, 3, 1), 2, D(2026, 3, 1), id="1-march"),
        pytest.param(D(2026, 1, 1), 0, D(2026, 1, 1), id="zero"),
    ],
)
def test_minus_years(d, n, expected):
    assert minus_years(d, n) == expected


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        pytest.param(D(2021, 5, 10), 4, D(2025, 5, 10), id="four-years"),
        pytest.param(D(2024, 2, 29), 1, D(2025, 2, 28), id="29-feb-into-common-year"),
        pytest.param(D(2024, 2, 29), 4, D(2028, 2, 29), id="29-feb-into-leap-year"),
        pytest.param(D(2096, 2, 29), 4, D(2100, 2, 28), id="2100-is-not-leap"),
        pytest.param(D(2024, 2, 29), -2, D(2022, 2, 28), id="negative"),
    ],
)
def test_add_years(d, n, expected):
    assert add_years(d, n) == expected


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        pytest.param(D(2025, 1, 15), 6, D(2025, 7, 15), id="ordinary"),
        pytest.param(D(2024, 9, 15), 6, D(2025, 3, 15), id="across-new-year"),
        # August has 31 days, February 2026 only 28: clamp to the month's end.
        pytest.param(D(2025, 8, 31), 6, D(2026, 2, 28), id="31-aug-to-28-feb"),
        # 2028 is a leap year: 29 February.
        pytest.param(D(2027, 8, 31), 6, D(2028, 2, 29), id="31-aug-to-29-feb"),
        pytest.param(D(2025, 10, 31), 1, D(2025, 11, 30), id="31-oct-to-30-nov"),
        pytest.param(D(2025, 12, 31), 2, D(2026, 2, 28), id="31-dec-to-28-feb"),
        pytest.param(D(2025, 3, 31), -1, D(2025, 2, 28), id="negative"),
        pytest.param(D(2025, 6, 30), 12, D(2026, 6, 30), id="twelve-months"),
        pytest.param(D(2025, 6, 30), 0, D(2025, 6, 30), id="zero"),
    ],
)
def test_add_months(d, n, expected):
    assert add_months(d, n) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        # The current period ends 2028-09-30 (alkoholloven § 1-6).
        pytest.param(D(2026, 11, 22), D(2028, 9, 30), id="current-period"),
        pytest.param(D(2024, 10, 1), D(2028, 9, 30), id="first-day-of-current-period"),
        pytest.param(D(2028, 9, 30), D(2028, 9, 30), id="last-day-of-current-period"),
        # The next runs 2028-10-01..2032-09-30.
        pytest.param(D(2028, 10, 1), D(2032, 9, 30), id="first-day-of-next-period"),
        pytest.param(D(2028, 1, 1), D(2028, 9, 30), id="january-of-an-end-year"),
        pytest.param(D(2024, 9, 30), D(2024, 9, 30), id="last-day-of-previous-period"),
        pytest.param(D(2030, 6, 1), D(2032, 9, 30), id="mid-next-period"),
    ],
)
def test_licence_period_end(d, expected):
    assert licence_period_end(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        pytest.param(D(2026, 11, 22), D(2024, 10, 1), id="current-period"),
        pytest.param(D(2028, 9, 30), D(2024, 10, 1), id="last-day"),
        pytest.param(D(2028, 10, 1), D(2028, 10, 1), id="first-day-of-next"),
    ],
)
def test_licence_period_start(d, expected):
    assert licence_period_start(d) == expected


@given(dates)
def test_licence_period_contains_the_date(d):
    end = licence_period_end(d)
    assert end.year % 4 == 0
    assert (end.month, end.day) == (9, 30)
    assert licence_period_start(d) <= d <= end
    assert (end - licence_period_start(d)).days < 4 * 366


@given(dates, st.integers(min_value=-48, max_value=48))
def test_add_months_clamps_only_at_month_end(d, n):
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert result.day == min(d.day, days_in_month(result.year, result.month))


@given(dates, st.integers(min_value=-10, max_value=10))
def test_add_years_keeps_the_day_except_29_february(d, n):
    result = add_years(d, n)
    assert result.year == d.year + n
    if (d.month, d.day) != (2, 29):
        assert (result.month, result.day) == (d.month, d.day)
    else:
        assert result.month == 2
        assert result.day in (28, 29)
