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
        assert "11329 kr" in text and "2026-2024-017" in text
        reports.report_enter_by_officer(
            licence=licence, year=2026, kind="actual",
            data=reports.ReportInput({1: 12000, 2: 3400, 3: 150}, dt.date(2027, 1, 5)),
            reason="Levert på papir", actor=officer,
        )  # fmt: skip
        statement = letter_issue(
            source=fee_year, kind="fee_statement", language="nb", actor=officer
        )
    text = full_text(bytes(statement.pdf))
    assert "13437 kr" in text and "2108 kr" in text and "11329 kr" in text


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
    assert "set by estimate" in text and "13437 kr" in text
    assert "Anslått ut fra forventet volum." in text
    assert "Right of appeal" in text and "Deadline for appeal" in text
    assert estimate.rates_used["per_litre"]["3"] == "5.19"


def test_reminders_in_bulk_through_issue_letters(setup, officer, muni1):
    LicenceFactory(municipality=muni1, number="2024-018")
    out = StringIO()
    with time_machine.travel("2027-03-10T12:00:00+01:00", tick=False):
        call_command("issue_letters", "--kind", "sales_report_reminder", "--user", "officer",
                     "--language", "en", stdout=out)  # fmt: skip
        # Only the fee year on file gets the reminder; again: nothing new.
        assert IssuedLetter.objects.filter(kind="sales_report_reminder").count() == 1
        call_command("issue_letters", "--kind", "sales_report_reminder", "--user", "officer",
                     "--language", "en", stdout=out)  # fmt: skip
    assert IssuedLetter.objects.filter(kind="sales_report_reminder").count() == 1
    text = full_text(bytes(IssuedLetter.objects.get().pdf))
    assert "Reminder: sales report for 2026" in text and "2 penalty points" in text
    assert not FeeEstimate.objects.exists()
