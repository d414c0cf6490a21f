"""A fee year's case officer (docs/fees.md): shown and changed on the fee year page, its
open fee years under "my cases" on the dashboard, and its overdue fees in the officer's
weekly digest (licensing.reminders.digest)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fees.services import fee_years, reports
from licensing.models import CaseKind, Reminder, ReminderKind
from licensing.services.case_numbers import case_open
from tests.factories.licensing import UserFactory
from tests.mail import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(muni1):
    user = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    muni1.officers.add(user)
    return user


@pytest.fixture
def fee_year(licence, muni1, officer):
    """The 2026 fee year of licence 2024-017 with its case, assigned to the officer."""
    fee_year = fee_years.fee_year_get_or_create(licence=licence, year=2026)
    fee_year.case = case_open(municipality=muni1, kind=CaseKind.FEE_YEAR, assigned_to=officer)
    fee_year.save(update_fields=["case"])
    return fee_year


def logged_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def page(licence) -> str:
    return reverse("fees:licence", args=[licence.pk, 2026])


def test_fee_year_page_shows_and_changes_the_case_officer(
    licence, fee_year, officer, colleague, rates_2026
):
    client = logged_in(officer)
    content = client.get(page(licence)).content.decode()
    assert f'action="{reverse("licensing:case_assign", args=[fee_year.case_id])}"' in content
    assert f'<option value="{officer.pk}" selected>Siri Saksbehandler (me)</option>' in content
    response = client.post(
        reverse("licensing:case_assign", args=[fee_year.case_id]),
        {"officer": colleague.pk, "next": page(licence)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page(licence)
    fee_year.case.refresh_from_db()
    assert fee_year.case.assigned_to == colleague
    assert f"Case {fee_year.case.number} is assigned to Kari Kollega." in response.content.decode()


def test_a_fee_year_without_a_case_says_when_it_gets_one(licence, officer, rates_2026):
    fee_years.fee_year_get_or_create(licence=licence, year=2026)
    content = logged_in(officer).get(page(licence)).content.decode()
    assert "The fee year gets its case, and its case officer, with its first letter." in content
    assert "Change case officer" not in content


def test_other_municipality_gets_404_for_the_page_and_the_assignment(
    licence, fee_year, officer2, rates_2026
):
    client = logged_in(officer2)
    assert client.get(page(licence)).status_code == 404
    url = reverse("licensing:case_assign", args=[fee_year.case_id])
    assert client.post(url, {"officer": officer2.pk}).status_code == 404
    fee_year.case.refresh_from_db()
    assert fee_year.case.assigned_to_id != officer2.pk


def test_my_cases_on_the_dashboard_counts_my_open_fee_years(
    licence, fee_year, officer, colleague, rates_2026, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 3, 12, 0), tick=False)
    mine = logged_in(officer).get(reverse("licensing:dashboard")).content.decode()
    assert "My fee years" in mine
    assert f"{licence.premises.name} ({licence.number}) – 2026" in mine
    theirs = logged_in(colleague).get(reverse("licensing:dashboard")).content.decode()
    assert "No open fee year is assigned to you." in theirs


def test_overdue_fees_are_in_the_digest_of_the_fee_years_case_officer(
    settings, licence, fee_year, officer, colleague, rates_2026, muni1
):
    """Nothing paid of the 2026 fee by Monday 7 December 2026: the fee year's case
    officer's digest lists it, the colleague gets none, and the fee year page shows it."""
    settings.REMINDER_DIGEST_WEEKDAY = 0
    groups = [g for g in (1, 2, 3) if getattr(licence, f"group_{g}")]
    reports.report_enter_by_officer(
        licence=licence, year=2026, kind="expected",
        data=reports.ReportInput(dict.fromkeys(groups, 1000), dt.date(2026, 1, 10)),
        reason="Papir", actor=None,
    )  # fmt: skip
    out = StringIO()
    call_command("send_reminders", "--date=2026-12-07", stdout=out)

    assert "1 overdue items, 1 digests" in out.getvalue()
    (mail,) = [m for m in outbox if officer.email in m.to]
    assert "Licence fees unpaid after the due date" in mail.body or "Bevillingsgebyr" in mail.body
    assert "2026-2024-017" in mail.body
    assert not [m for m in outbox if colleague.email in m.to]
    digest = Reminder.objects.get(kind=ReminderKind.DIGEST)
    assert list(digest.cases.all()) == [fee_year.case]

    content = logged_in(officer).get(page(licence)).content.decode()
    assert "Reminders to the case officer" in content
    assert digest.summary in content
    assert "In the outbox" in content or "Sent" in content
