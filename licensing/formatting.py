"""Dates in messages as people read them: 03.12.2026 in Norwegian, 03/12/2026 in English
(config/formats/en). Use it wherever a date goes into a sentence (messages, form errors,
dashboard rows, history reasons); machine output (API, JSON, command logs) keeps ISO dates."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format


def short_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return date_format(value, "SHORT_DATE_FORMAT")
