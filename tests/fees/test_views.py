"""Officer pages and the holder's private link."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from post_office.models import Email

from fees.models import FeePayment, FeeYear, SalesReport
from fees.services import fee_years, reports
from fees.tokens import sign_token
from inspections.models import PointDecision
from tests.factories.licensing import LicenceFactory

pytestmark = pytest.mark.django_db
OSLO_NOON = "2027-{}T12:00:00+01:00"


@contextlib.contextmanager
def at(day: str, client=None):
    """Travel to a day of 2027 (Europe/Oslo); log the officer in again there (sessions expire)."""
    with time_machine.travel(OSLO_NOON.format(day), tick=False):
        if client is not None and getattr(client, "officer", None) is not None:
            client.force_login(client.officer)
        yield


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    client.officer = officer
    return client


@pytest.fixture
def fee_year(licence):
    return fee_years.fee_year_get_or_create(licence=licence, year=2026)


def link(fee_year) -> str:
    return reverse("fees_public:report", args=[sign_token(fee_year.token)])


# Access -------------------------------------------------------------------------------


def test_pages_refuse_other_municipalities_and_other_roles(
    client, officer2_client, licence, rates_2026
):
    urls = [
        reverse("fees:licence", args=[licence.pk, 2026]),
        reverse("fees:report_enter", args=[licence.pk, 2026]),
        reverse("fees:estimate", args=[licence.pk, 2026]),
    ]
    for url in urls:
        assert officer2_client.get(url).status_code == 404
    assert (
        officer2_client.post(
            reverse("fees:payment_add", args=[licence.pk, 2026]),
            {"amount": "100", "paid_on": "2026-05-01"},
        ).status_code
        == 404
    )
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page
    assert not FeePayment.objects.exists()


def test_control_company_is_refused(company_a_client, licence):
    assert company_a_client.get(reverse("fees:overview")).status_code == 403
    url = reverse("fees:licence", args=[licence.pk, 2026])
    assert company_a_client.get(url).status_code == 403


# Overview and licence page ----------------------------------------------------------------


def test_overview_totals_filters_and_csv(
    officer_client, muni1, licence, rates_2026, django_assert_max_num_queries
):
    for n in range(60):
        other = LicenceFactory(municipality=muni1, number=f"2025-{n:03d}")
        reports.report_enter_by_officer(
            licence=other, year=2026, kind="expected",
            data=reports.ReportInput({1: 10000, 2: 3000}, dt.date(2026, 1, 10)),
            reason="Oppgitt på telefon", actor=None,
        )  # fmt: skip
    with at("03-05", officer_client), django_assert_max_num_queries(16):
        page = officer_client.get(reverse("fees:overview"), {"year": 2026}).content.decode()
    # 60 x (10000 x 0.61 + 3000 x 1.57 = 10810) = 648600 charged
    assert "648,600" in page
    assert "61 licences" in page
    with at("03-05", officer_client):
        missing = officer_client.get(
            reverse("fees:overview"), {"year": 2026, "filter": "missing", "format": "csv"}
        )
    body = missing.content.decode("utf-8")
    assert body.startswith("\ufefflicence_number;")
    assert len(body.strip().splitlines()) == 62  # every licence misses its sales report


def test_overview_filters_read_in_the_officers_language(officer_client, licence, rates_2026):
    """The filter labels are translated per request, not once at import."""
    for language, expected in (
        ("nn", ("Alle løyve", "Omsetningsoppgåve manglar", "Til gode for løyvehavaren")),
        ("en", ("All licences", "Sales report missing", "Credit due to the holder")),
    ):
        officer_client.cookies["django_language"] = language
        page = officer_client.get(reverse("fees:overview"), {"year": 2026}).content.decode()
        assert all(label in page for label in expected), language


def test_licence_panel_on_the_licence_page(officer_client, licence, rates_2026):
    reports.report_enter_by_officer(
        licence=licence, year=2026, kind="expected",
        data=reports.ReportInput({1: 10000, 2: 3000, 3: 100}, dt.date(2026, 1, 10)),
        reason="Per e-post", actor=None,
    )  # fmt: skip
    with at("01-10", officer_client):
        page = officer_client.get(
            reverse("licensing:licence_detail", args=[licence.pk])
        ).content.decode()
    assert "Licence fee and sales reports" in page
    assert "11,329" in page


def test_officer_enters_a_report_with_a_reason(officer_client, officer, licence, rates_2026):
    url = reverse("fees:report_enter", args=[licence.pk, 2026])
    data = {"kind": "actual", "received_on": "2027-02-10", "litres_1": "12000", "litres_2": "3400",
            "litres_3": "150", "reported_by": "Kari", "reason": ""}  # fmt: skip
    with at("02-10", officer_client):
        response = officer_client.post(url, data)
        assert "This field is required" in response.content.decode()
        assert not SalesReport.objects.exists()
        response = officer_client.post(url, {**data, "litres_1": "12000.5", "reason": "Telefon"})
        assert "Write whole litres" in response.content.decode()
        response = officer_client.post(url, {**data, "litres_2": "-1", "reason": "Telefon"})
        assert "Litres cannot be negative" in response.content.decode()
        response = officer_client.post(url, {**data, "litres_1": "20000000", "reason": "Telefon"})
        assert "more than 10 million" in response.content.decode()
        assert not SalesReport.objects.exists()
        response = officer_client.post(url, {**data, "reason": "Levert på papir"})
        assert response.status_code == 302
    report = SalesReport.objects.get()
    assert (report.source, report.reason, report.litres_3) == ("officer", "Levert på papir", 150)
    assert report.history.first().history_user == officer


def test_payment_recorded_and_imported(officer_client, licence, rates_2026, muni1):
    url = reverse("fees:payment_add", args=[licence.pk, 2026])
    assert officer_client.post(url, {"amount": "5664", "paid_on": "2026-03-30"}).status_code == 302
    assert FeePayment.objects.get().fee_year.reference == "2026-2024-017"
    csv_text = (
        "reference;amount;paid_date\n2026-2024-017;5665,00;2026-09-28\n"
        "2026-2024-017;5664;2026-03-30\nUKJENT-1;100;2026-09-28\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = lambda: SimpleUploadedFile("b.csv", csv_text.encode("utf-8-sig"), "text/csv")  # noqa: E731
    page = officer_client.post(
        reverse("fees:payments_import"), {"municipality": muni1.pk, "file": upload()}
    ).content.decode()
    assert "1 payments recorded, 1 already recorded." in page
    assert "UKJENT-1" in page
    officer_client.post(
        reverse("fees:payments_import"), {"municipality": muni1.pk, "file": upload()}
    )
    assert sorted(FeePayment.objects.values_list("amount", flat=True)) == [
        Decimal(5664),
        Decimal(5665),
    ]


def test_bad_payment_file_records_nothing(officer_client, licence, muni1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "reference;amount;paid_date\n2026-2024-017;5665;2026-09-28\n2026-2024-017;abc;2026-09-28\n"
    )
    page = officer_client.post(reverse("fees:payments_import"), {
        "municipality": muni1.pk, "file": SimpleUploadedFile("b.csv", text.encode())}).content.decode()  # fmt: skip
    assert "line 3: the amount abc is not a number" in page
    assert not FeePayment.objects.exists()


def test_points_proposed_for_a_late_report(officer_client, licence, rates_2026):
    with at("03-10", officer_client):
        response = officer_client.post(
            reverse("fees:propose_points", args=[licence.pk, 2026, "late"])
        )
    assert response.status_code == 302
    decision = PointDecision.objects.get()
    assert (decision.violation.code, decision.points, decision.status) == (
        "sales_report_late",
        2,
        "proposed",
    )
    assert decision.violation_on == dt.date(2027, 3, 2)  # the day after the deadline 1 March


def test_estimate_decision(officer_client, licence, rates_2026):
    url = reverse("fees:estimate", args=[licence.pk, 2026])
    data = {
        "litres_1": "12000",
        "litres_2": "3400",
        "litres_3": "150",
        "decided_on": "2027-04-01",
        "reasons": "",
    }
    with at("04-01", officer_client):
        assert "This field is required" in officer_client.post(url, data).content.decode()
        assert (
            officer_client.post(url, {**data, "reasons": "Anslått ut fra 2025."}).status_code == 302
        )
        page = officer_client.get(reverse("fees:licence", args=[licence.pk, 2026])).content.decode()
        officer_client.cookies["django_language"] = "nb"
        norwegian = officer_client.get(
            reverse("fees:licence", args=[licence.pk, 2026]), HTTP_ACCEPT_LANGUAGE="nb"
        ).content.decode()
    # Amounts grouped by thousands in the page's language, as the letters write them.
    assert "13,437 kr (volume set by estimate)" in page
    assert "13\xa0437 kr (skjønnsmessig fastsatt omsetning)" in norwegian


# The holder's private link ----------------------------------------------------------------


def test_tampered_or_unknown_link_is_404(client, fee_year):
    signed = sign_token(fee_year.token)
    assert client.get(reverse("fees_public:report", args=[signed[:-1] + "x"])).status_code == 404
    assert client.get(reverse("fees_public:report", args=[str(fee_year.token)])).status_code == 404
    other = FeeYear(token="00000000-0000-4000-8000-000000000000")
    assert (
        client.get(reverse("fees_public:report", args=[sign_token(other.token)])).status_code == 404
    )


def test_holder_reports_gets_a_receipt_and_corrects_until_the_deadline(
    client, fee_year, rates_2026
):
    url = link(fee_year)
    with at("02-01"):
        page = client.get(url).content.decode()
        assert "Sales report 2026" in page and "litres_3" in page  # the licence covers group 3
        response = client.post(url, {"litres_1": "12000", "litres_2": "3400", "litres_3": "150",
                                     "reported_by": "Kari Nordmann", "revision": "0"})  # fmt: skip
        assert response.status_code == 302
        receipt = client.get(response.url).content.decode()
        assert (
            "Thank you: the report is received" in receipt and "2026-2024-017/actual/1" in receipt
        )
        # The receipt goes through the outbox, in the language of the page (English here).
        receipt_mail = Email.objects.get()
        assert url in receipt_mail.message and receipt_mail.subject.startswith(
            "Sales report received"
        )
        # A second report from a page opened before the first was sent (stale) is refused.
        stale = client.post(url, {"litres_1": "1", "litres_2": "1", "litres_3": "1",
                                  "reported_by": "Ola", "revision": "0"})  # fmt: skip
        assert "changed after you opened the page" in stale.content.decode()
        assert client.post(url, {"litres_1": "12500", "litres_2": "3400", "litres_3": "150",
                                 "reported_by": "Kari Nordmann", "revision": "1"}).status_code == 302  # fmt: skip
    assert SalesReport.objects.get().litres_1 == 12500
    with at("03-02"):
        page = client.get(url).content.decode()
        assert "contact the municipality for corrections" in page
        refused = client.post(url, {"litres_1": "1", "litres_2": "1", "litres_3": "1",
                                    "reported_by": "Ola", "revision": "2"})  # fmt: skip
        assert "The deadline has passed" in refused.content.decode()
    report = SalesReport.objects.get()
    assert (report.litres_1, report.revision, report.received_on) == (12500, 2, dt.date(2027, 2, 1))


def test_holder_form_refuses_bad_litres_and_group_not_covered(client, muni1):
    shop = LicenceFactory(municipality=muni1, kind="sales", group_2=False, number="2024-050")
    fy = fee_years.fee_year_get_or_create(licence=shop, year=2026)
    with at("02-01"):
        page = client.get(link(fy)).content.decode()
        assert "litres_2" not in page  # a sales licence covers group 1 only
        response = client.post(link(fy), {"litres_1": "-3", "reported_by": "A", "revision": "0"})
        assert "Litres cannot be negative" in response.content.decode()
    assert not SalesReport.objects.exists()
    errors = reports.check_report(
        shop, 2026, "actual", reports.ReportInput({1: 5, 2: 4}, dt.date(2027, 1, 1))
    )
    assert errors == {"litres_2": ["The licence does not cover group 2."]}


def test_late_first_report_is_accepted_and_marked_late(client, fee_year, rates_2026):
    with at("03-20"):
        page = client.get(link(fee_year)).content.decode()
        assert "will be registered as late" in page
        client.post(link(fee_year), {"litres_1": "1000", "litres_2": "0", "litres_3": "0",
                                     "reported_by": "K", "revision": "0"})  # fmt: skip
    from fees import selectors

    row = selectors.fee_row(fee_year.licence, 2026, dt.date(2027, 3, 20))
    assert row.outcome.actual_report == "late"


def test_public_form_is_rate_limited(client, fee_year, settings):
    settings.FEE_REPORT_RATE = "2/h"
    data = {"litres_1": "x", "reported_by": "A", "revision": "0"}
    with at("02-01"):
        assert client.post(link(fee_year), data).status_code == 200
        assert client.post(link(fee_year), data).status_code == 200
        assert client.post(link(fee_year), data).status_code == 429


def test_public_form_needs_csrf(fee_year):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with at("02-01"):
        response = strict.post(
            link(fee_year), {"litres_1": "1", "reported_by": "A", "revision": "0"}
        )
    assert response.status_code == 403
    assert not SalesReport.objects.exists()


def test_holder_page_in_norwegian(client, fee_year):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nb"
    with at("02-01"):
        page = client.get(link(fee_year)).content.decode()
        response = client.post(link(fee_year), {"litres_1": "-1", "litres_2": "0", "litres_3": "0",
                                                "reported_by": "K", "revision": "0"})  # fmt: skip
    assert "Omsetningsoppgave 2026" in page and "Frist" in page and "01.03.2027" in page
    assert "Liter kan ikke være negativt." in response.content.decode()


def test_open_a_year_for_every_licence(officer_client, officer2_client, muni1, licence):
    LicenceFactory(municipality=muni1, number="2024-900")
    LicenceFactory(municipality=muni1, number="2024-901", kind="serving_catering")
    url = reverse("fees:fee_years_open")
    assert officer2_client.post(url, {"municipality": muni1.pk, "year": 2026}).status_code == 404
    officer_client.force_login(officer_client.officer)
    assert officer_client.post(url, {"municipality": muni1.pk, "year": 2026}).status_code == 302
    assert sorted(FeeYear.objects.values_list("reference", flat=True)) == [
        "2026-2024-017", "2026-2024-900",
    ]  # fmt: skip
    officer_client.post(url, {"municipality": muni1.pk, "year": 2026})
    assert FeeYear.objects.count() == 2
