"""Calendar arithmetic for the rules: whole years, whole months and licence periods.

Legal conventions:
- Counting back years from 29 February lands on 28 February (the points window of
  alkoholforskriften § 10-2: "D minus two years of 29 February is 28 February"); counting
  forward from 29 February into a common year lands on 28 February too.
- Adding months clamps to the end of the month: 31 August + 6 months = 28 February
  (29 February in leap years).
- Licence periods (alkoholloven § 1-6) end 30 September the year after municipal
  elections, i.e. in years divisible by four: the period ending 2028-09-30 is followed by
  2028-10-01..2032-09-30.
"""

from __future__ import annotations

import datetime as dt

ONE_DAY = dt.timedelta(days=1)

# Month lengths in a common year; February is corrected for leap years below.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Licence periods end 30 September of years divisible by this (alkoholloven § 1-6).
LICENCE_PERIOD_YEARS = 4
LICENCE_PERIOD_END_MONTH = 9
LICENCE_PERIOD_END_DAY = 30


def is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap_year(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_years(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` whole years (``n`` may be negative); 29 Feb -> 28 Feb.

    2024-02-29 + 4 years = 2028-02-29; 2024-02-29 + 1 year = 2025-02-28.
    """
    year = d.year + n
    if d.month == 2 and d.day == 29 and not is_leap_year(year):
        return dt.date(year, 2, 28)
    return d.replace(year=year)


def minus_years(d: dt.date, n: int) -> dt.date:
    """``d`` moved back ``n`` whole years; 29 February becomes 28 February.

    2028-02-29 minus 2 years = 2026-02-28 (2026-02-29 does not exist).
    """
    return add_years(d, -n)


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` months (``n`` may be negative), clamped to the month's end.

    2025-08-31 + 6 months = 2026-02-28; 2027-08-31 + 6 months = 2028-02-29;
    2025-01-15 + 6 months = 2025-07-15.
    """
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    month = month0 + 1
    day = d.day
    if day > 28:
        day = min(day, days_in_month(year, month))
    return dt.date(year, month, day)


def licence_period_end(d: dt.date) -> dt.date:
    """The last day of the licence period containing ``d`` (alkoholloven § 1-6).

    Periods end 30 September of years divisible by four:
    2026-11-22 -> 2028-09-30; 2028-09-30 -> 2028-09-30; 2028-10-01 -> 2032-09-30.
    """
    year = d.year + (-d.year) % LICENCE_PERIOD_YEARS
    if year == d.year and (d.month, d.day) > (LICENCE_PERIOD_END_MONTH, LICENCE_PERIOD_END_DAY):
        year += LICENCE_PERIOD_YEARS
    return dt.date(year, LICENCE_PERIOD_END_MONTH, LICENCE_PERIOD_END_DAY)


def licence_period_start(d: dt.date) -> dt.date:
    """The first day of the licence period containing ``d``: 1 October four years before
    its end (2026-11-22 -> 2024-10-01; 2028-10-01 -> 2028-10-01)."""
    end = licence_period_end(d)
    return dt.date(end.year - LICENCE_PERIOD_YEARS, end.month, end.day) + ONE_DAY
