"""Advance notices whose comment deadline is too short when they are issued, and suspension
decisions whose period has begun: refused, with a form to set the new date, then issued
(domain reference section 2; issue 10 section 4). The letters are issued on 22.11.2026."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import PointDecision, Suspension
from letters import services
from letters.models import IssuedLetter
from licensing.errors import DomainError
from licensing.models import CaseKind
from licensing.services.case_numbers import case_open

from . import records
from .pdftext import full_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def stale_notice(bodo) -> list[PointDecision]:
    """Points notified in June, never issued: the deadline 11.07.2026 has long passed."""
    rows = records.inspection_points(records.licence(bodo), decided=False)
    case = case_open(municipality=bodo, kind=CaseKind.POINTS, on=dt.date(2026, 6, 20))
    PointDecision.objects.filter(pk__in=[r.pk for r in rows]).update(
        advance_notice_on=dt.date(2026, 6, 20), comment_deadline_on=dt.date(2026, 7, 11), case=case
    )
    return list(PointDecision.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk"))


def notice_due_in(bodo, days: int) -> list[PointDecision]:
    rows = records.inspection_points(records.licence(bodo), decided=False)
    PointDecision.objects.filter(pk__in=[r.pk for r in rows]).update(
        advance_notice_on=dt.date(2026, 11, 20),
        comment_deadline_on=dt.date(2026, 11, 22) + dt.timedelta(days=days),
    )
    return list(PointDecision.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk"))


def begun_suspension(bodo) -> Suspension:
    suspension = records.suspension(records.licence(bodo, number="B-2026-900"))
    Suspension.objects.filter(pk=suspension.pk).update(
        advance_notice_on=dt.date(2026, 8, 1),
        comment_deadline_on=dt.date(2026, 8, 22),
        decided_on=dt.date(2026, 9, 1),
        starts_on=dt.date(2026, 9, 14),
        ends_on=dt.date(2026, 9, 20),
    )
    suspension.refresh_from_db()
    return suspension


# --- The service -------------------------------------------------------------------------


def test_a_notice_whose_deadline_has_passed_is_refused(bodo, officer):
    rows = stale_notice(bodo)

    with pytest.raises(services.NeedsNewDeadline) as refused:
        services.letter_issue(
            source=rows[0], kind="points_advance_notice", language="nb", actor=officer
        )

    assert "11.07.2026" in refused.value.message
    assert "22.11.2026" in refused.value.message
    assert refused.value.field == "new_deadline"
    assert not IssuedLetter.objects.exists()


@pytest.mark.parametrize(("days", "refused"), [(6, True), (7, False)])
def test_a_deadline_less_than_seven_days_after_the_day_of_issue_is_refused(
    bodo, officer, days, refused
):
    rows = notice_due_in(bodo, days)

    if refused:
        with pytest.raises(services.NeedsNewDeadline):
            services.letter_issue(
                source=rows[0], kind="points_advance_notice", language="nb", actor=officer
            )
    else:
        letter = services.letter_issue(
            source=rows[0], kind="points_advance_notice", language="nb", actor=officer
        )
        assert "innen 29.11.2026" in full_text(bytes(letter.pdf))


def test_the_new_deadline_redates_the_notice_and_issues_it(bodo, officer):
    rows = stale_notice(bodo)

    letter = services.issue_with_new_date(
        source=rows[1],
        kind="points_advance_notice",
        language="nb",
        actor=officer,
        new_date=dt.date(2026, 12, 6),
    )

    text = full_text(bytes(letter.pdf))
    assert "Dato 22.11.2026" in text
    assert "innen 06.12.2026" in text
    assert "11.07.2026" not in text
    for row in PointDecision.objects.filter(pk__in=[r.pk for r in rows]):
        assert row.advance_notice_on == dt.date(2026, 11, 22)
        assert row.comment_deadline_on == dt.date(2026, 12, 6)
    # One notice for both breaches, stored on the group's first row.
    assert letter.object_id == rows[0].pk


def test_a_new_deadline_under_a_week_is_refused_and_nothing_changes(bodo, officer):
    rows = stale_notice(bodo)

    with pytest.raises(DomainError) as refused:
        services.issue_with_new_date(
            source=rows[0],
            kind="points_advance_notice",
            language="nb",
            actor=officer,
            new_date=dt.date(2026, 11, 28),
        )

    assert "minst 7 dager etter i dag (22.11.2026)" in refused.value.message
    assert PointDecision.objects.get(pk=rows[0].pk).comment_deadline_on == dt.date(2026, 7, 11)
    assert not IssuedLetter.objects.exists()


def test_a_suspension_notice_gets_a_new_deadline_and_a_start_after_it(bodo, officer):
    suspension = records.suspension(records.licence(bodo), decided=False)
    Suspension.objects.filter(pk=suspension.pk).update(
        advance_notice_on=dt.date(2026, 8, 1),
        comment_deadline_on=dt.date(2026, 8, 22),
        starts_on=dt.date(2026, 9, 14),
        ends_on=dt.date(2026, 9, 20),
    )
    suspension.refresh_from_db()
    with pytest.raises(services.NeedsNewDeadline):
        services.letter_issue(
            source=suspension, kind="suspension_advance_notice", language="en", actor=officer
        )

    letter = services.issue_with_new_date(
        source=suspension,
        kind="suspension_advance_notice",
        language="en",
        actor=officer,
        new_date=dt.date(2026, 12, 7),
    )

    suspension.refresh_from_db()
    assert suspension.advance_notice_on == dt.date(2026, 11, 22)
    assert suspension.starts_on > dt.date(2026, 12, 7)
    assert suspension.ends_on - suspension.starts_on == dt.timedelta(days=suspension.days - 1)
    assert "by 7 December 2026" in full_text(bytes(letter.pdf))


def test_a_suspension_decision_for_a_period_that_has_begun_is_refused(bodo, officer):
    suspension = begun_suspension(bodo)

    with pytest.raises(services.NeedsNewPeriod) as refused:
        services.letter_issue(
            source=suspension, kind="suspension_decision", language="nb", actor=officer
        )

    assert "14.09.2026–20.09.2026" in refused.value.message
    assert refused.value.field == "new_start"


def test_the_confirmed_new_period_keeps_the_length_and_is_in_the_letter(bodo, officer):
    suspension = begun_suspension(bodo)

    letter = services.issue_with_new_date(
        source=suspension,
        kind="suspension_decision",
        language="nb",
        actor=officer,
        new_date=dt.date(2026, 12, 1),
    )

    suspension.refresh_from_db()
    assert (suspension.starts_on, suspension.ends_on) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 7),
    )
    text = full_text(bytes(letter.pdf))
    assert "fra og med 01.12.2026 til og med 07.12.2026" in text
    assert "Be om det før 01.12.2026" in text


def test_a_start_today_is_refused(bodo, officer):
    suspension = begun_suspension(bodo)

    with pytest.raises(DomainError) as refused:
        services.issue_with_new_date(
            source=suspension,
            kind="suspension_decision",
            language="nb",
            actor=officer,
            new_date=dt.date(2026, 11, 22),
        )
    assert refused.value.field == "new_start"


def test_a_correction_of_a_notice_already_issued_is_not_refused(bodo, officer):
    rows = notice_due_in(bodo, 14)
    services.letter_issue(
        source=rows[0], kind="points_advance_notice", language="nb", actor=officer
    )
    PointDecision.objects.filter(pk__in=[r.pk for r in rows]).update(
        comment_deadline_on=dt.date(2026, 11, 23)
    )

    # The English version of the same notice (already sent) is the same letter.
    letter = services.letter_issue(
        source=rows[0], kind="points_advance_notice", language="en", actor=officer
    )
    assert letter.language == "en"


# --- The letters page ------------------------------------------------------------------


def test_the_page_explains_the_refusal_and_offers_the_new_deadline(officer_client, bodo):
    rows = stale_notice(bodo)
    url = reverse("letters:source", args=["prikker", rows[0].pk])

    page = officer_client.get(url).content.decode()

    assert "Not issued as it is:" in page or "Utstedes ikke slik det er:" in page
    assert 'name="points_advance_notice-new_deadline"' in page
    assert "11.07.2026" in page


def test_issuing_without_a_new_deadline_shows_the_error_on_the_form(officer_client, bodo):
    rows = stale_notice(bodo)
    url = reverse("letters:issue", args=["prikker", rows[0].pk])

    response = officer_client.post(
        url,
        {
            "kind": "points_advance_notice",
            "points_advance_notice-language": "nb",
            "points_advance_notice-confirm": "on",
        },
    )

    assert response.status_code == 200
    assert 'id="id_points_advance_notice-new_deadline_error"' in response.content.decode()
    assert not IssuedLetter.objects.exists()


def test_the_form_sets_the_new_deadline_and_issues(officer_client, bodo):
    rows = stale_notice(bodo)
    url = reverse("letters:issue", args=["prikker", rows[0].pk])

    response = officer_client.post(
        url,
        {
            "kind": "points_advance_notice",
            "points_advance_notice-language": "nb",
            "points_advance_notice-confirm": "on",
            "points_advance_notice-new_deadline": "2026-12-06",
        },
    )

    assert response.status_code == 302
    letter = IssuedLetter.objects.get()
    assert "innen 06.12.2026" in full_text(bytes(letter.pdf))


def test_the_form_confirms_a_new_suspension_period_and_issues(officer_client, bodo):
    suspension = begun_suspension(bodo)
    url = reverse("letters:issue", args=["inndragning", suspension.pk])
    page = officer_client.get(reverse("letters:source", args=["inndragning", suspension.pk]))
    assert 'name="suspension_decision-new_start"' in page.content.decode()

    response = officer_client.post(
        url,
        {
            "kind": "suspension_decision",
            "suspension_decision-language": "en",
            "suspension_decision-confirm": "on",
            "suspension_decision-new_start": "2026-12-01",
        },
    )

    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.starts_on == dt.date(2026, 12, 1)
    assert IssuedLetter.objects.get().kind == "suspension_decision"


def test_a_control_company_user_cannot_set_a_new_deadline(client, company_a_user, bodo):
    rows = stale_notice(bodo)
    client.force_login(company_a_user)

    response = client.post(
        reverse("letters:issue", args=["prikker", rows[0].pk]),
        {
            "kind": "points_advance_notice",
            "points_advance_notice-language": "nb",
            "points_advance_notice-confirm": "on",
            "points_advance_notice-new_deadline": "2026-12-06",
        },
    )

    assert response.status_code == 403
    assert PointDecision.objects.get(pk=rows[0].pk).comment_deadline_on == dt.date(2026, 7, 11)


# --- issue_letters ------------------------------------------------------------------------


def test_issue_letters_lists_notices_needing_a_new_deadline_with_their_case_numbers(bodo, officer):
    rows = stale_notice(bodo)
    begun_suspension(bodo)
    out = io.StringIO()

    # Not failures: the run ends normally and lists them for the officer.
    call_command("issue_letters", "--user", "officer", stdout=out, stderr=io.StringIO())
    # The points decisions the suspension rests on are issued; the notice and the
    # suspension decision are not.
    text = out.getvalue()
    assert "1 advance notice needing a new deadline" in text
    assert "1 suspension decision needing a new period" in text
    case_number = PointDecision.objects.get(pk=rows[0].pk).case_number
    assert case_number and f"case {case_number}" in text
    assert not IssuedLetter.objects.filter(kind="points_advance_notice").exists()
    assert not IssuedLetter.objects.filter(kind="suspension_decision").exists()


def test_issue_letters_dry_run_reports_them_too(bodo, officer):
    stale_notice(bodo)
    out = io.StringIO()

    call_command(
        "issue_letters", "--user", "officer", "--dry-run", stdout=out, stderr=io.StringIO()
    )

    assert "1 advance notice needing a new deadline" in out.getvalue()
    assert not IssuedLetter.objects.exists()
