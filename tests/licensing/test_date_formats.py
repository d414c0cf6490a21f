"""Dates read the same way in every language: 03.12.2026, day before month, never the US
order (the house style)."""

import datetime as dt

from django import forms
from django.utils import formats, translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_english_shows_the_day_first():
    with translation.override("en"):
        assert formats.date_format(dt.date(2025, 4, 11), "SHORT_DATE_FORMAT") == "11.04.2025"
        assert formats.date_format(dt.datetime(2025, 4, 11, 9, 5), "SHORT_DATETIME_FORMAT") == (
            "11.04.2025 09:05"
        )
        assert formats.date_format(dt.date(2025, 4, 11)) == "11 April 2025"
    for language in ("nb", "nn"):
        with translation.override(language):
            assert formats.date_format(dt.date(2025, 4, 11), "SHORT_DATE_FORMAT") == "11.04.2025"


def test_english_input_is_day_first_and_iso_is_accepted_in_both_languages():
    with translation.override("en"):
        for typed in ("04.11.2025", "04/11/2025"):
            form = DateForm({"day": typed})
            assert form.is_valid()
            assert form.cleaned_data["day"] == dt.date(2025, 11, 4)
    for language in ("en", "nb", "nn"):
        with translation.override(language):
            form = DateForm({"day": "2025-11-04"})
            assert form.is_valid()
            assert form.cleaned_data["day"] == dt.date(2025, 11, 4)


def test_messages_show_dates_as_people_read_them():
    from licensing.formatting import short_date

    with translation.override("nb"):
        assert short_date(dt.date(2026, 12, 24)) == "24.12.2026"
    with translation.override("en"):
        assert short_date(dt.date(2026, 12, 24)) == "24.12.2026"
    assert short_date(None) == ""
