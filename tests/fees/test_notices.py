"""Messages to the holders: the private links by e-mail (one licence or in bulk), the
reminders due by the fee policy (send_fee_reminders), all through the mail outbox and in
the municipality's written standard unless the officer chooses another language."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from post_office.models import Email

from fees import rules
from fees.models import FeeNotice, FeePolicy, FeeYear
from fees.services import fee_years
from fees.tokens import sign_token
from tests.factories.licensing import HolderFactory, LicenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def nynorsk(muni1):
    muni1.written_standard = "nn"
    muni1.save()
    return muni1


@pytest.fixture
def no_email(muni1):
    holder = HolderFactory(municipality=muni1, email="", name="Utan Epost AS")
    return LicenceFactory(municipality=muni1, number="2024-099", holder=holder)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# Reminder timing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual_due", "reminder_days", "year", "expected"),
    [
        ((3, 1), 14, 2026, dt.date(2027, 3, 15)),
        ((4, 1), 0, 2026, dt.date(2027, 4, 1)),
        ((3, 1), 30, 2027, dt.date(2028, 3, 31)),  # leap year
        ((2, 29), 7, 2026, dt.date(2027, 3, 7)),  # 29 February in a common year: the 28th
    ],
)
def test_reminder_day_is_the_policys_days_after_the_deadline(
    actual_due, reminder_days, year, expected
):
    policy = rules.Policy(actual_due=actual_due, reminder_days=reminder_days)
    assert rules.reminder_due_on(year, policy) == expected


def test_reminders_follow_the_policy_are_sent_once_and_list_holders_without_email(
    licence, no_email, muni1, rates_2026
):
    FeePolicy.objects.create(municipality=muni1, valid_from=dt.date(2020, 1, 1), reminder_days=7)
    reported = LicenceFactory(municipality=muni1, number="2024-020")
    for lic in (licence, no_email, reported):
        fee_years.fee_year_get_or_create(licence=lic, year=2026)
    from fees.services import reports

    reports.report_enter_by_officer(
        licence=reported, year=2026, kind="actual",
        data=reports.ReportInput({1: 100}, dt.date(2027, 2, 1)), reason="Papir", actor=None,
    )  # fmt: skip
    out = run("send_fee_reminders", "--municipality", muni1.org_number, "--on", "2027-03-07")
    assert "reminders from 08.03.2027 (7 days after)" in out
    assert "No reminder is due yet." in out and not Email.objects.exists()

    out = run("send_fee_reminders", "--municipality", muni1.org_number, "--on", "2027-03-08",
              "--dry-run")  # fmt: skip
    assert "Would send 1 reminder(s)" in out and not Email.objects.exists()
    assert not FeeNotice.objects.exists()

    out = run("send_fee_reminders", "--municipality", muni1.org_number, "--on", "2027-03-08")
    assert (
        "Sent 1 reminder(s) by e-mail (nb); 0 reminded before; 1 without an e-mail address." in out
    )
    assert "2024-099" in out  # listed: no e-mail address
    email = Email.objects.get()
    assert email.to == [licence.holder.email]
    assert email.subject == "Purring: omsetningsoppgave for 2026 – bevilling 2024-017"
    assert sign_token(licence.fee_years.get().token) in email.message
    notice = FeeNotice.objects.get()
    assert (notice.kind, notice.channel, notice.sent_on) == (
        "reminder",
        "email",
        dt.date(2027, 3, 8),
    )

    # Again: nothing new.
    out = run("send_fee_reminders", "--municipality", muni1.org_number, "--on", "2027-03-20")
    assert "Sent 0 reminder(s) by e-mail (nb); 1 reminded before" in out
    assert Email.objects.count() == 1


def test_reminders_in_nynorsk_for_a_nynorsk_municipality(licence, nynorsk, rates_2026):
    fee_years.fee_year_get_or_create(licence=licence, year=2026)
    run("send_fee_reminders", "--on", "2027-03-20")
    email = Email.objects.get()
    assert email.subject == "Purring: omsetningsoppgåve for 2026 – løyve 2024-017"
    assert FeeNotice.objects.get().language == "nn"


def test_reminders_need_an_officer_of_the_municipality(licence, officer2):
    with pytest.raises(CommandError, match="not a case officer of"):
        run("send_fee_reminders", "--municipality", licence.municipality.org_number,
            "--user", officer2.username)  # fmt: skip


def test_reminder_shows_on_the_fee_year_page(client, officer, licence, rates_2026):
    fee_years.fee_year_get_or_create(licence=licence, year=2026)
    run("send_fee_reminders", "--on", "2027-03-16")
    with time_machine.travel("2027-03-17T12:00:00+01:00", tick=False):
        client.force_login(officer)
        page = client.get(reverse("fees:licence", args=[licence.pk, 2026])).content
    page = page.decode()
    # English dates are day-first too (15.03.2027).
    assert "A missing sales report is reminded from 15.03.2027" in page
    assert "16.03.2027: <strong>Reminder</strong> (e-mail, " + licence.holder.email in page
    assert 'badge--warn">Reminder due' not in page  # sent: no longer due


# The private link by e-mail --------------------------------------------------------------


def test_link_to_one_holder_in_the_municipality_language_or_the_chosen_one(
    officer_client, licence, nynorsk, rates_2026
):
    url = reverse("fees:link", args=[licence.pk, 2026])
    with time_machine.travel("2027-01-10T12:00:00+01:00", tick=False):
        officer_client.force_login(nynorsk.officers.get())  # sessions expire: log in again
        page = officer_client.get(reverse("fees:licence", args=[licence.pk, 2026])).content
        assert b'<option value="nn" selected>' in page
        officer_client.post(url, {"send": "1", "language": "nn"})
        officer_client.post(url, {"send": "1", "language": "en"})
    first, second = Email.objects.order_by("pk")
    assert first.subject == "Omsetningsoppgåve for 2026 – løyve 2024-017"
    assert "innan 01.03.2027" in first.message
    assert second.subject == "Sales report for 2026 – licence 2024-017"
    assert (
        "by 01.03.2027" in second.message and "Payment reference: 2026-2024-017" in second.message
    )
    assert [n.language for n in FeeNotice.objects.order_by("pk")] == ["nn", "en"]


def test_links_in_bulk_only_to_holders_with_email_and_those_without_listed(
    officer_client, licence, no_email, muni1, rates_2026
):
    with time_machine.travel("2026-12-10T12:00:00+01:00", tick=False):
        officer_client.force_login(muni1.officers.get())
        data = {"municipality": muni1.pk, "year": 2026, "language": "nb"}
        page = officer_client.post(reverse("fees:links_send"), data).content.decode()
        assert "1 e-mail queued in the outbox (Norwegian Bokmål)." in page
        assert "1 holder without an e-mail address" in page and "2024-099" in page
        email = Email.objects.get()
        assert email.to == [licence.holder.email]
        assert email.subject == "Forventet omsetning 2026 – bevilling 2024-017"
        # Both fee years are open now (the one without e-mail can get the letter).
        assert FeeYear.objects.count() == 2
        # Again: skipped (sent before) unless asked.
        page = officer_client.post(reverse("fees:links_send"), data).content.decode()
        assert "1 holder was sent the link before and was skipped." in page
        officer_client.post(reverse("fees:links_send"), {**data, "again": "on"})
    assert Email.objects.count() == 2


def test_bulk_links_refused_to_other_municipalities_and_control_companies(
    client, officer2, company_a_user, licence, muni1
):
    data = {"municipality": muni1.pk, "year": 2026, "language": "nb"}
    client.force_login(officer2)
    assert client.post(reverse("fees:links_send"), data).status_code == 404
    assert client.post(reverse("fees:link", args=[licence.pk, 2026]),
                       {"send": "1", "language": "nb"}).status_code == 404  # fmt: skip
    client.force_login(company_a_user)
    assert client.post(reverse("fees:links_send"), data).status_code == 403
    assert not Email.objects.exists() and not FeeYear.objects.exists()


def test_send_fee_links_command(licence, no_email, muni1, rates_2026):
    out = run("send_fee_links", "--municipality", muni1.org_number, "--year", "2026",
              "--on", "2027-01-10", "--dry-run")  # fmt: skip
    assert "(sales report): Would send 1 link(s) (nb)" in out and "2024-099" in out
    assert not Email.objects.exists() and not FeeYear.objects.exists()
    out = run("send_fee_links", "--municipality", muni1.org_number, "--year", "2026",
              "--on", "2027-01-10", "--language", "en")  # fmt: skip
    assert "Sent 1 link(s) (en); 0 sent before; 0 already reported; 1 without an e-mail" in out
    assert Email.objects.get().subject == "Sales report for 2026 – licence 2024-017"


def test_every_fees_email_goes_through_the_outbox():
    """No fees module sends directly (send_mail / EmailMessage): the outbox only."""
    from pathlib import Path

    import fees

    root = Path(fees.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "send_mail" not in text and "EmailMessage" not in text, path
