"""Deadlines of the procedure (licensing.rules.deadlines): control reports (alkoholforskriften
§ 9-6), advance notices (forvaltningsloven § 16), the appeal period (forvaltningsloven § 29)
and carrying out a suspension (alkoholforskriften § 10-6)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.rules import deadlines

D = dt.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31))


def test_the_constants_and_their_references():
    assert deadlines.REPORT_TO_HOLDER_DAYS == 7
    assert deadlines.HOLDER_COMMENT_DAYS == 14
    assert deadlines.CONTROL_REPORT_REFERENCE == "alkoholforskriften § 9-6"
    assert deadlines.MINIMUM_COMMENT_DAYS == 7
    assert deadlines.DEFAULT_COMMENT_DAYS == 14
    assert deadlines.ADVANCE_NOTICE_REFERENCE == "forvaltningsloven § 16"
    assert deadlines.APPEAL_WEEKS == 3
    assert deadlines.APPEAL_REFERENCE == "forvaltningsloven § 29"
    assert deadlines.SUSPENSION_CARRY_OUT_DAYS == 28
    assert deadlines.SUSPENSION_REFERENCE == "alkoholforskriften § 10-6"


@pytest.mark.parametrize(
    ("inspected_on", "due"),
    [
        pytest.param(D(2026, 6, 13), D(2026, 6, 20), id="one-week"),
        pytest.param(D(2026, 12, 28), D(2027, 1, 4), id="across-new-year"),
        pytest.param(D(2028, 2, 25), D(2028, 3, 3), id="across-29-february"),
    ],
)
def test_the_report_reaches_the_holder_within_one_week(inspected_on, due):
    assert deadlines.report_to_holder_due(inspected_on) == due


@pytest.mark.parametrize(
    ("sent_on", "due"),
    [
        pytest.param(D(2026, 6, 18), D(2026, 7, 2), id="two-weeks"),
        pytest.param(D(2027, 2, 20), D(2027, 3, 6), id="february-common-year"),
    ],
)
def test_the_holder_comments_within_two_weeks_of_the_report(sent_on, due):
    assert deadlines.holder_comment_due(sent_on) == due


def test_the_default_comment_deadline_is_two_weeks_after_the_day_of_issue():
    assert deadlines.default_comment_deadline(D(2026, 12, 3)) == D(2026, 12, 17)
    # A configured number of days never goes under the minimum of a week.
    assert deadlines.default_comment_deadline(D(2026, 12, 3), 21) == D(2026, 12, 24)
    assert deadlines.default_comment_deadline(D(2026, 12, 3), 3) == D(2026, 12, 10)


@pytest.mark.parametrize(
    ("deadline", "too_short"),
    [
        pytest.param(D(2026, 12, 2), True, id="before-the-notice"),
        pytest.param(D(2026, 12, 3), True, id="the-notice-day"),
        pytest.param(D(2026, 12, 9), True, id="six-days-after"),
        pytest.param(D(2026, 12, 10), False, id="seven-days-after"),
        pytest.param(D(2026, 12, 17), False, id="two-weeks-after"),
    ],
)
def test_a_comment_deadline_needs_at_least_seven_days(deadline, too_short):
    assert deadlines.comment_deadline_too_short(D(2026, 12, 3), deadline) is too_short


@given(dates)
def test_the_default_comment_deadline_is_never_too_short(notice_on):
    assert not deadlines.comment_deadline_too_short(
        notice_on, deadlines.default_comment_deadline(notice_on)
    )


@pytest.mark.parametrize(
    ("received_on", "end"),
    [
        pytest.param(D(2026, 12, 18), D(2027, 1, 8), id="across-new-year"),
        pytest.param(D(2026, 11, 20), D(2026, 12, 11), id="three-weeks"),
        pytest.param(D(2028, 2, 15), D(2028, 3, 7), id="leap-february"),
    ],
)
def test_the_appeal_period_is_three_weeks_from_receipt(received_on, end):
    assert deadlines.appeal_period_end(received_on) == end


@given(dates)
def test_the_appeal_period_ends_on_the_same_weekday(received_on):
    end = deadlines.appeal_period_end(received_on)
    assert (end - received_on).days == 21
    assert end.weekday() == received_on.weekday()


@pytest.mark.parametrize(
    ("decided_on", "latest"),
    [
        pytest.param(D(2026, 12, 3), D(2026, 12, 31), id="four-weeks"),
        pytest.param(D(2027, 2, 1), D(2027, 3, 1), id="february-common-year"),
        pytest.param(D(2028, 2, 1), D(2028, 2, 29), id="february-leap-year"),
    ],
)
def test_a_suspension_starts_within_four_weeks_of_the_decision(decided_on, latest):
    assert deadlines.suspension_latest_start(decided_on) == latest
