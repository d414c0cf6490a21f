"""Serving hours (alkoholloven § 4-4) and sales hours (alkoholloven § 3-7).

Serving (§ 4-4): by default groups 1-2 from 08:00 to 01:00 and group 3 from 13:00 to
24:00. Groups 1-2 may never be served between 03:00 and 06:00, group 3 never between
03:00 and 13:00, and group 3 never later than groups 1-2. An "until" earlier than (or
equal to) its "from" means the next day. Guests must finish within 30 minutes after
serving ends (not checked here: it does not change the hours).

Sales (§ 3-7): by default 08:00-18:00 on weekdays and 08:00-15:00 on days before Sundays
and holidays; the municipality may extend to at most 20:00 and 18:00. Sales never start
before 08:00. (No sales on Sundays, public holidays, 1 May and 17 May: a calendar rule,
not an hours rule.)

How crossing midnight is handled: a time t is mapped to seconds after 06:00, modulo 24
hours, so a serving day runs from 06:00 to 06:00 the next morning. In that scale the
allowed window for groups 1-2 is [0 h, 21 h] (06:00..03:00) and for group 3
[7 h, 21 h] (13:00..03:00), and a valid period has from < until. An "until" of exactly
06:00 maps to 24 h (the end of the serving day), which is outside both windows.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from . import references

SERVING_REFERENCE = references.SERVING_HOURS
SALES_REFERENCE = references.SALES_HOURS

# Default hours. 24:00 is stored as 00:00.
DEFAULT_GROUP12_FROM = dt.time(8, 0)
DEFAULT_GROUP12_UNTIL = dt.time(1, 0)
DEFAULT_GROUP3_FROM = dt.time(13, 0)
DEFAULT_GROUP3_UNTIL = dt.time(0, 0)
DEFAULT_SALES_WEEKDAY_FROM = dt.time(8, 0)
DEFAULT_SALES_WEEKDAY_UNTIL = dt.time(18, 0)
DEFAULT_SALES_SATURDAY_FROM = dt.time(8, 0)
DEFAULT_SALES_SATURDAY_UNTIL = dt.time(15, 0)

# Limits.
SERVING_DAY_STARTS = dt.time(6, 0)
SERVING_LATEST_END = dt.time(3, 0)
GROUP3_EARLIEST_START = dt.time(13, 0)
SALES_EARLIEST_FROM = dt.time(8, 0)
SALES_WEEKDAY_LATEST_UNTIL = dt.time(20, 0)
SALES_SATURDAY_LATEST_UNTIL = dt.time(18, 0)

_DAY = 24 * 3600


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


_DAY_START = _seconds(SERVING_DAY_STARTS)


def _serving_offset(t: dt.time) -> int:
    """Seconds after 06:00 (the start of the serving day), in [0, 24 h)."""
    return (_seconds(t) - _DAY_START) % _DAY


def _serving_period(start: dt.time, end: dt.time) -> tuple[int, int]:
    """(from, until) in seconds after 06:00; an until at 06:00 is the end of the day."""
    return _serving_offset(start), _serving_offset(end) or _DAY


_LATEST_END = _serving_offset(SERVING_LATEST_END)  # 21 h
_GROUP3_EARLIEST = _serving_offset(GROUP3_EARLIEST_START)  # 7 h


def _hhmm(t: dt.time) -> str:
    return t.strftime("%H:%M")


def validate_serving_hours(
    group12_from: dt.time,
    group12_until: dt.time,
    group3_from: dt.time | None = None,
    group3_until: dt.time | None = None,
) -> list[str]:
    """Errors in serving hours under alkoholloven § 4-4 (empty list: valid).

    ``until`` earlier than ``from`` means the next day (08:00-01:00 ends at 01:00 the next
    night). Group 3 hours are checked when both are given. Examples: 08:00-02:30 valid;
    08:00-03:30 refused (03:00-06:00); group 3 from 12:00 refused (before 13:00); group 3
    until 02:00 with groups 1-2 until 01:00 refused (later than groups 1-2).
    """
    errors: list[str] = []
    g12_from, g12_until = _serving_period(group12_from, group12_until)
    values = {
        "from": _hhmm(group12_from),
        "until": _hhmm(group12_until),
        "reference": references.cite(SERVING_REFERENCE),
    }
    if g12_until > _LATEST_END or g12_from >= _LATEST_END or g12_from >= g12_until:
        errors.append(
            gettext(
                "Groups 1–2 from %(from)s until %(until)s: alcohol in groups 1 and 2 may not "
                "be served between 03:00 and 06:00 (%(reference)s)."
            )
            % values
        )

    if group3_from is None and group3_until is None:
        return errors
    if group3_from is None or group3_until is None:
        errors.append(gettext("Give both the start and the end of the group 3 serving hours."))
        return errors
    g3_from, g3_until = _serving_period(group3_from, group3_until)
    values3 = {
        "from": _hhmm(group3_from),
        "until": _hhmm(group3_until),
        "until12": _hhmm(group12_until),
        "reference": references.cite(SERVING_REFERENCE),
    }
    if (
        g3_from < _GROUP3_EARLIEST
        or g3_from >= _LATEST_END
        or g3_until > _LATEST_END
        or g3_from >= g3_until
    ):
        errors.append(
            gettext(
                "Group 3 from %(from)s until %(until)s: alcohol in group 3 may not be served "
                "between 03:00 and 13:00 (%(reference)s)."
            )
            % values3
        )
    if g3_until > g12_until:
        errors.append(
            gettext(
                "Group 3 until %(until)s ends later than groups 1–2 (until %(until12)s); "
                "group 3 may not be served later than groups 1 and 2 (%(reference)s)."
            )
            % values3
        )
    return errors


def validate_sales_hours(
    weekday_from: dt.time,
    weekday_until: dt.time,
    saturday_from: dt.time,
    saturday_until: dt.time,
) -> list[str]:
    """Errors in sales hours under alkoholloven § 3-7 (empty list: valid).

    Sales start no earlier than 08:00 and end at most 20:00 on weekdays and 18:00 on days
    before Sundays and holidays ("saturday"), with from < until (sales never cross
    midnight). Examples: weekdays until 20:00 valid, until 20:30 refused.
    """
    errors: list[str] = []
    for day_from, day_until, latest, label in (
        (weekday_from, weekday_until, SALES_WEEKDAY_LATEST_UNTIL, gettext("weekdays")),
        (
            saturday_from,
            saturday_until,
            SALES_SATURDAY_LATEST_UNTIL,
            gettext("days before Sundays and holidays"),
        ),
    ):
        values = {
            "days": label,
            "from": _hhmm(day_from),
            "until": _hhmm(day_until),
            "earliest": _hhmm(SALES_EARLIEST_FROM),
            "latest": _hhmm(latest),
            "reference": references.cite(SALES_REFERENCE),
        }
        if day_from < SALES_EARLIEST_FROM:
            errors.append(
                gettext("Sales on %(days)s may not start before %(earliest)s (%(reference)s).")
                % values
            )
        if day_until > latest:
            errors.append(
                gettext("Sales on %(days)s may not go on after %(latest)s (%(reference)s).")
                % values
            )
        if day_from >= day_until:
            errors.append(
                gettext("Sales on %(days)s: %(from)s must be earlier than %(until)s.") % values
            )
    return errors
