"""Dates and amounts as people read them.

Dates in messages: 03.12.2026 in every language (config/formats/en). Use ``short_date``
wherever a date goes into a sentence (messages, form errors, dashboard rows, history
reasons); machine output (API, JSON, command logs) keeps ISO dates.

Amounts of money on pages: ``kroner`` groups the thousands in the page's language (11 329 in
Norwegian, 11,329 in English), as the yearly report and the letters do; machine output keeps
decimal strings ("11329.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format


def short_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return date_format(value, "SHORT_DATE_FORMAT")


def kroner(value) -> str:
    """Kroner: whole kroner without decimals, else two; grouped; "–" for no amount."""
    if value is None or value == "":
        return "–"
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)  # not a number (a line of a bad file, shown as it was)
    if not amount.is_finite():
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, places, force_grouping=True)
