"""issue_letters (bulk, idempotent, one transaction per letter) and bench_letters."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from letters.models import IssuedLetter
from licensing.models import Municipality

from . import records
from .pdftext import full_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_letters", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def cases(bodo, officer):
    """Thirteen letters due: two decisions on applications; eight point decisions (the
    inspection's two breaches are one decision, the fee one, and each suspension rests on
    three breaches outside an inspection); one advance notice of points; a decided and a
    notified suspension."""
    granted = records.granted_decision(bodo)
    refused = records.refused_decision(bodo)
    licence = records.licence(bodo, number="A-1")
    records.earlier_points(licence)
    records.inspection_points(licence)
    records.inspection_points(records.licence(bodo, number="A-2"), decided=False)
    records.suspension(records.licence(bodo, number="A-3"))
    records.suspension(records.licence(bodo, number="A-4"), decided=False)
    return granted, refused


def test_issues_every_due_letter_once_and_is_idempotent(cases, officer):
    out, err = run("--user", "officer")

    assert "Issued 13 letters (nb), skipped 0 already issued, failed 0." in out
    assert "Issuing letters" in err and "13/13" in err
    kinds = sorted(IssuedLetter.objects.values_list("kind", flat=True))
    assert kinds == [
        "application_refused",
        "licence_granted",
        "points_advance_notice",
        *["points_decision"] * 8,
        "suspension_advance_notice",
        "suspension_decision",
    ]
    assert set(IssuedLetter.objects.values_list("issued_by", flat=True)) == {officer.pk}

    again, _ = run("--user", "officer")

    assert "Issued 0 letters (nb), skipped 13 already issued, failed 0." in again
    assert IssuedLetter.objects.count() == 13


def test_dry_run_stores_nothing(cases):
    out, _ = run("--user", "officer", "--dry-run")

    assert "Would issue 13 letters (nb)" in out
    assert not IssuedLetter.objects.exists()


def test_kind_language_and_municipality_narrow_the_run(cases, muni2):
    out, _ = run("--user", "officer", "--kind", "points_decision", "--language", "en")
    assert "Issued 8 letters (en)" in out
    assert set(IssuedLetter.objects.values_list("language", flat=True)) == {"en"}

    out, _ = run("--user", "officer", "--municipality", muni2.org_number)
    assert "Issued 0 letters" in out


def test_the_deciding_officer_signs_and_failures_do_not_stop_the_rest(cases, officer):
    granted, _refused = cases
    granted.decided_by = officer
    granted.save()

    with pytest.raises(CommandError, match="12 letter"):
        run()

    letter = IssuedLetter.objects.get()
    assert (letter.kind, letter.issued_by) == ("licence_granted", None)
    assert "Med hilsen Siri Saksbehandler" in full_text(bytes(letter.pdf))


def test_failures_are_listed_with_their_reason(cases):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "issue_letters", "--kind", "suspension_decision", stdout=out, stderr=io.StringIO()
        )

    text = out.getvalue()
    assert "Issued 0 letters (nb), skipped 0 already issued, failed 1." in text
    assert "Decision on suspension 26/4001-2 (A-3, Fjøsnæs Bryggeri og Spiseri AS)" in text
    assert "--user" in text
    assert not IssuedLetter.objects.exists()


def test_unknown_municipality_or_user_is_an_error(db):
    with pytest.raises(CommandError, match="No municipality"):
        run("--municipality", "000000000")
    with pytest.raises(CommandError, match="No user"):
        run("--user", "nobody")


def test_bench_letters_reports_milliseconds_and_pages_and_writes_nothing(db):
    before = Municipality.objects.count()
    out = io.StringIO()

    call_command("bench_letters", "--count", "2", stdout=out)

    text = out.getvalue()
    assert "Points decision, 4 breaches" in text
    assert "Suspension decision, 9 point decisions" in text
    assert re.search(r"4 breaches\s+2\s", text)  # two pages
    assert re.search(r"9 point decisions\s+2\s", text)
    assert re.search(r"bare reportlab letter \(bench/letter.py\)\s+2\s", text)  # same length
    assert re.search(r"4 breaches\s+best [0-9.]+x\s+median [0-9.]+x\s+CPU [0-9.]+x", text)
    assert "target" in text
    assert Municipality.objects.count() == before


def test_user_must_be_an_active_case_officer_to_sign(cases, company_a_user):
    with pytest.raises(CommandError, match="not an active case officer"):
        run("--user", company_a_user.username)
    assert not IssuedLetter.objects.exists()


def test_user_signs_only_letters_of_their_own_municipalities(cases, officer2):
    out = io.StringIO()
    with pytest.raises(CommandError, match="13 letter"):
        call_command("issue_letters", "--user", officer2.username, stdout=out, stderr=io.StringIO())

    assert "Issued 0 letters (nb), skipped 0 already issued, failed 13." in out.getvalue()
    assert "is not a case officer of the municipality of this record" in out.getvalue()
    assert not IssuedLetter.objects.exists()


def test_an_administrator_may_sign(cases, admin_user):
    out, _ = run("--user", admin_user.username)

    assert "Issued 13 letters (nb)" in out


@pytest.mark.parametrize("count", ["0", "-3"])
def test_bench_letters_refuses_a_count_below_one(db, count):
    with pytest.raises(CommandError, match="--count must be at least 1"):
        call_command("bench_letters", "--count", count, stdout=io.StringIO())
