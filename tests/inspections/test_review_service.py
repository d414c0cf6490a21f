"""Reviewing a control report (alkoholforskriften § 9-6): start review, sent, comment."""

import datetime as dt

import pytest

from inspections.models import Inspection
from inspections.services import review
from licensing.errors import DomainError, TransitionNotAllowed


def test_start_review_freezes_report_and_records_officer(report, officer):
    review.inspection_start_review(inspection=report, actor=officer)
    report.refresh_from_db()
    assert report.review_started_at is not None
    assert report.reviewed_by == officer
    assert review.report_state(report) == review.IN_REVIEW
    assert report.history.first().history_user == officer


def test_start_review_twice_is_refused_naming_the_state(reviewed_report, officer):
    with pytest.raises(TransitionNotAllowed) as exc:
        review.inspection_start_review(inspection=reviewed_report, actor=officer)
    assert exc.value.current == review.IN_REVIEW
    assert "already started" in exc.value.message
    assert "in review" in exc.value.message


def test_report_sent_requires_review(report, officer):
    with pytest.raises(TransitionNotAllowed) as exc:
        review.inspection_record_report_sent(
            inspection=report, actor=officer, sent_on=dt.date(2026, 6, 15)
        )
    assert "submitted, not reviewed" in exc.value.message
    report.refresh_from_db()
    assert report.report_sent_on is None


def test_report_deadline_is_one_week_after_the_inspection_date(report):
    # Inspected 2026-06-13 22:00 (Oslo): the report must reach the holder by 2026-06-20.
    assert review.inspection_date(report) == dt.date(2026, 6, 13)
    assert review.report_deadline(report) == dt.date(2026, 6, 20)


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [
        (dt.date(2026, 6, 12), "cannot be sent before the inspection (13.06.2026)"),
        (dt.date(2026, 11, 23), "cannot be in the future"),
    ],
)
def test_report_sent_bad_dates(reviewed_report, officer, sent_on, message):
    with pytest.raises(DomainError) as exc:
        review.inspection_record_report_sent(
            inspection=reviewed_report, actor=officer, sent_on=sent_on
        )
    assert message in exc.value.message
    assert Inspection.objects.get(pk=reviewed_report.pk).report_sent_on is None


def test_holder_comment_deadline_two_weeks_after_sending(reviewed_report, officer):
    review.inspection_record_report_sent(
        inspection=reviewed_report, actor=officer, sent_on=dt.date(2026, 6, 18)
    )
    assert review.holder_comment_deadline(reviewed_report) == dt.date(2026, 7, 2)
    review.inspection_record_holder_comment(
        inspection=reviewed_report,
        actor=officer,
        comment="  Vi beklager.  ",
        received_on=dt.date(2026, 6, 25),
    )
    reviewed_report.refresh_from_db()
    assert reviewed_report.holder_comment == "Vi beklager."
    assert review.report_state(reviewed_report) == review.COMMENTED


def test_comment_before_report_sent_is_refused(reviewed_report, officer):
    with pytest.raises(TransitionNotAllowed) as exc:
        review.inspection_record_holder_comment(
            inspection=reviewed_report, actor=officer, comment="x", received_on=dt.date(2026, 6, 20)
        )
    assert "in review" in exc.value.message
    assert Inspection.objects.get(pk=reviewed_report.pk).holder_comment == ""


def test_comment_cannot_arrive_before_sending(reviewed_report, officer):
    review.inspection_record_report_sent(
        inspection=reviewed_report, actor=officer, sent_on=dt.date(2026, 6, 18)
    )
    with pytest.raises(DomainError) as exc:
        review.inspection_record_holder_comment(
            inspection=reviewed_report, actor=officer, comment="x", received_on=dt.date(2026, 6, 17)
        )
    assert "before the report was sent (18.06.2026)" in exc.value.message
    assert Inspection.objects.get(pk=reviewed_report.pk).holder_comment_on is None


def test_empty_comment_is_refused(reviewed_report, officer):
    review.inspection_record_report_sent(
        inspection=reviewed_report, actor=officer, sent_on=dt.date(2026, 6, 18)
    )
    with pytest.raises(DomainError) as exc:
        review.inspection_record_holder_comment(
            inspection=reviewed_report,
            actor=officer,
            comment="   ",
            received_on=dt.date(2026, 6, 20),
        )
    assert exc.value.field == "comment"
    assert Inspection.objects.get(pk=reviewed_report.pk).holder_comment_on is None
