"""Dates, times and counts as the letters print them."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import translation

from letters.formatting import (
    format_date,
    format_datetime_range,
    format_list,
    format_org_number,
    format_time,
    points_text,
    text_to_markup,
    tie,
    weeks_text,
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "22.11.2026"), ("en", "22\u00a0November 2026")],
)
def test_format_date(language, expected):
    with translation.override(language):
        assert format_date(date(2026, 11, 22)) == expected


def test_single_digit_days_and_months():
    with translation.override("nb"):
        assert format_date(date(2027, 1, 8)) == "08.01.2027"
    with translation.override("en"):
        assert format_date(date(2027, 1, 8)) == "8\u00a0January 2027"


def test_closing_at_midnight_is_24():
    with translation.override("nb"):
        assert format_time(time(13, 0)) == "13.00"
        assert format_time(time(0, 0), closing=True) == "24.00"
        assert format_time(time(0, 0)) == "00.00"
    with translation.override("en"):
        assert format_time(time(1, 30), closing=True) == "01:30"


def test_datetime_range():
    starts = datetime(2026, 12, 3, 18, 0)
    with translation.override("nb"):
        assert format_datetime_range(starts, datetime(2026, 12, 3, 21, 0)) == (
            "03.12.2026 kl. 18.00–21.00"
        )
        assert format_datetime_range(starts, None) == "03.12.2026 kl. 18.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("972418013", "972 418 013"), ("972 418 013", "972 418 013"), ("SE556", "SE556")],
)
def test_org_number(value, expected):
    assert format_org_number(value) == expected


def test_lists_and_plurals_follow_the_language():
    with translation.override("nb"):
        assert format_list(["politiet", "sosialtjenesten", "skatteetaten"]) == (
            "politiet, sosialtjenesten og skatteetaten"
        )
        assert points_text(1) == "1 prikk"
        assert points_text(12) == "12 prikker"
        assert weeks_text(3) == "tre uker"
        assert weeks_text(6) == "6 uker"
    with translation.override("en"):
        assert format_list(["the police", "social services"]) == "the police and social services"
        assert points_text(1) == "1 penalty point"
        assert weeks_text(3) == "three weeks"


def test_free_text_is_escaped_and_split_into_paragraphs():
    text = "Første <avsnitt> & mer\nsamme avsnitt\n\n\nAndre avsnitt\n"

    assert text_to_markup(text) == [
        "Første &lt;avsnitt&gt; &amp; mer<br/>samme avsnitt",
        "Andre avsnitt",
    ]


def test_section_references_are_tied_together():
    assert tie("jf. §§ 18 og 19 og § 29, kl. 18.00") == (
        "jf. §§\u00a018 og 19 og §\u00a029, kl.\u00a018.00"
    )
