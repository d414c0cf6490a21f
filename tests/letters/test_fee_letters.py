"""The fee letters: request, reminder, statement and the estimate decision (with appeal
information), built from the same figures as the statement, and issued in bulk."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from fees import formats
from fees.models import FeeEstimate
from fees.services import estimates, fee_years, rates, reports
from letters.models import IssuedLetter
from letters.services import letter_issue
from tests.factories.licensing import LicenceFactory
from tests.fees.conftest import RATES_2026

from .pdftext import full_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(muni1, officer):
    rates.rates_load(parsed=formats.parse_rates(json.dumps(RATES_2026)), replace=False)
    licence = LicenceFactory(municipality=muni1, number="2024-017", group_3=True)
    reports.report_enter_by_officer(
        licence=licence, year=2026, kind="expected",
        data=reports.ReportInput({1: 10000, 2: 3000, 3: 100}, dt.date(2026, 1, 10)),
        reason="Per e-post", actor=officer,
    )  # fmt: skip
    return licence, fee_years.fee_year_get_or_create(licence=licence, year=2026)


def test_request_and_statement_text(setup, officer):
    licence, fee_year = setup
    with time_machine.travel("2027-01-05T12:00:00+01:00", tick=False):
        letter = letter_issue(
            source=fee_year, kind="sales_report_request", language="en", actor=officer
        )
        text = full_text(bytes(letter.pdf))
        assert "Sales report for 2026" in text
        assert "by 1 March 2027" in text
        assert "/gebyr/oppgave/" in text
        assert "11 329 kr" in text and "2026-2024-017" in text
        reports.report_enter_by_officer(
            licence=licence, year=2026, kind="actual",
            data=reports.ReportInput({1: 12000, 2: 3400, 3: 150}, dt.date(2027, 1, 5)),
            reason="Levert på papir", actor=officer,
        )  # fmt: skip
        statement = letter_issue(
            source=fee_year, kind="fee_statement", language="nb", actor=officer
        )
    text = full_text(bytes(statement.pdf))
    assert "13 437 kr" in text and "2 108 kr" in text and "11 329 kr" in text


def test_estimate_decision_is_an_enkeltvedtak(setup, officer):
    licence, fee_year = setup
    with time_machine.travel("2027-04-01T12:00:00+02:00", tick=False):
        estimate = estimates.estimate_decide(
            licence=licence, year=2026, litres={1: 12000, 2: 3400, 3: 150},
            reasons="Anslått ut fra forventet volum.", decided_on=dt.date(2027, 4, 1), actor=officer,
        )  # fmt: skip
        letter = letter_issue(
            source=estimate, kind="fee_estimate_decision", language="en", actor=officer
        )
    text = full_text(bytes(letter.pdf))
    assert "set by estimate" in text and "13 437 kr" in text
    assert "Anslått ut fra forventet volum." in text
    assert "Right of appeal" in text and "Deadline for appeal" in text
    assert estimate.rates_used["per_litre"]["3"] == "5.19"


def test_reminders_in_bulk_through_issue_letters(setup, officer, muni1):
    LicenceFactory(municipality=muni1, number="2024-018")
    out = StringIO()
    with time_machine.travel("2027-03-14T12:00:00+01:00", tick=False):
        # The policy (default) reminds 14 days after the deadline (1 March): not yet.
        call_command("issue_letters", "--kind", "sales_report_reminder", "--user", "officer",
                     "--language", "en", stdout=out, stderr=StringIO())  # fmt: skip
        assert not IssuedLetter.objects.exists()
    with time_machine.travel("2027-03-15T12:00:00+01:00", tick=False):
        call_command("issue_letters", "--kind", "sales_report_reminder", "--user", "officer",
                     "--language", "en", stdout=out, stderr=StringIO())  # fmt: skip
        # Only the fee year on file gets the reminder; again: nothing new.
        assert IssuedLetter.objects.filter(kind="sales_report_reminder").count() == 1
        call_command("issue_letters", "--kind", "sales_report_reminder", "--user", "officer",
                     "--language", "en", stdout=out, stderr=StringIO())  # fmt: skip
    assert IssuedLetter.objects.filter(kind="sales_report_reminder").count() == 1
    text = full_text(bytes(IssuedLetter.objects.get().pdf))
    assert "Reminder: sales report for 2026" in text and "2 penalty points" in text
    # The deadline has passed: the reminder asks for the report now, not "by" that day.
    assert "The deadline was 1 March 2027" in text and "as soon as possible" in text
    assert not FeeEstimate.objects.exists()


def test_fee_letters_carry_the_document_number_of_the_fee_years_case(setup, officer):
    """The fee year made before its first letter gets its case then; every later letter
    (also the estimate decision) is the next document in it. No internal id in a letter."""
    from fees.models import FeeNotice
    from licensing.models import CaseKind

    licence, fee_year = setup
    assert fee_year.case_id is None
    with time_machine.travel("2027-01-05T12:00:00+01:00", tick=False):
        request = letter_issue(
            source=fee_year, kind="sales_report_request", language="nb", actor=officer
        )
    fee_year.refresh_from_db()
    assert fee_year.case.kind == CaseKind.FEE_YEAR and fee_year.case_number == "27/1"
    # The case is the issuing officer's (docs/adr/0185).
    assert fee_year.case.assigned_to == officer
    assert request.our_reference == "27/1-1"
    text = full_text(bytes(request.pdf))
    assert "27/1-1" in text and "2026-2024-017" in text  # our ref. and the payment reference
    with time_machine.travel("2027-03-16T12:00:00+01:00", tick=False):
        reminder = letter_issue(
            source=fee_year, kind="sales_report_reminder", language="nb", actor=officer
        )
    with time_machine.travel("2027-04-01T12:00:00+02:00", tick=False):
        estimate = estimates.estimate_decide(
            licence=licence, year=2026, litres={1: 12000, 2: 3400, 3: 150},
            reasons="Anslått.", decided_on=dt.date(2027, 4, 1), actor=officer,
        )  # fmt: skip
        decision = letter_issue(
            source=estimate, kind="fee_estimate_decision", language="nb", actor=officer
        )
    assert (reminder.our_reference, decision.our_reference) == ("27/1-2", "27/1-3")
    assert "27/1-3" in full_text(bytes(decision.pdf))
    # The reminder letter shows on the fee year with its document number.
    notice = FeeNotice.objects.get()
    assert (notice.kind, notice.channel, notice.letter_reference) == (
        "reminder",
        "letter",
        "27/1-2",
    )


def test_demo_fee_letters_are_signed_by_the_demo_officer_without_user(muni1, officer):
    """The fee demo names the municipality's officer, so issue_letters needs no --user
    (as in scripts/restore_drill.sh)."""
    from django.core.management.color import no_style

    from fees import demo

    LicenceFactory(municipality=muni1, number="2024-001", kind="serving")
    LicenceFactory(municipality=muni1, number="2024-002", kind="serving")
    with time_machine.travel("2026-12-03T12:00:00+01:00", tick=False):
        demo.seed(StringIO(), no_style())
        out = StringIO()
        call_command("issue_letters", stdout=out, stderr=StringIO())
    assert "failed 0" in out.getvalue()
    letters = IssuedLetter.objects.filter(kind="fee_statement")
    assert letters.count() == 2
    assert all("Siri Saksbehandler" in full_text(bytes(letter.pdf)) for letter in letters)
