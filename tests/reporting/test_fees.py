"""Fees charged and settled in the yearly report, counted by hand and checked against the
fees app's own totals (the report never computes an amount itself). Today is 3 December 2026.

Rates 2025: serving 0.57 / 1.49 kr/l, minimum 6,100; sales 0.24 kr/l, minimum 1,960.
Rates 2026: serving 0.61 / 1.57, minimum 6,400; single occasion 460.

Bodø
  S1 serving 1+2. 2025: expected 10,000 + 3,000 l -> 5,700 + 4,470 = 10,170 charged; actual
     12,000 + 3,000 l -> 6,840 + 4,470 = 11,310 final, settlement +1,140; paid 11,310.
     2026: expected 10,000 + 3,000 l -> 6,100 + 4,710 = 10,810 charged; paid 5,405 (unpaid:
     both instalments are due).
  S2 sales 1. 2025: expected 4,000 l -> 960, the minimum 1,960 charged; no sales report
     (missing after 1 March 2026); nothing paid (unpaid). 2026: nothing reported.
  O1 single occasion granted 2026: 460 charged and final (settlement 0); paid 460.
Saltdal
  T1 serving 1. 2026: expected 5,000 l -> 3,050, the minimum 6,400 charged; nothing paid.
"""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from fees import selectors as fee_selectors
from fees.models import FeePayment, FeeRateYear, FeeYear, SalesReport
from reporting.figures import annual_report, year_figures
from reporting.summary import summary
from tests.factories.licensing import LicenceFactory

from .conftest import TODAY

REPORT = reverse("reporting:annual_report")


def rates(year, **values):
    names = ("sales_rate_1", "sales_rate_2", "sales_minimum", "serving_rate_1", "serving_rate_2",
             "serving_rate_3", "serving_minimum", "single_occasion", "catering")  # fmt: skip
    base = dict.fromkeys(names, "0") | values
    FeeRateYear.objects.create(year=year, source=f"test {year}", **base)


def fee_year(licence, year, expected=None, actual=None, payments=()):
    fy = FeeYear.objects.create(licence=licence, year=year, reference=f"{year}-{licence.number}")
    for kind, litres, received in (
        ("expected", expected, dt.date(year, 1, 20)),
        ("actual", actual, dt.date(year + 1, 2, 10)),
    ):
        if litres:
            SalesReport.objects.create(
                fee_year=fy, kind=kind, received_on=received, source="holder",
                **{f"litres_{g}": v for g, v in litres.items()},
            )  # fmt: skip
    for paid_on, amount in payments:
        FeePayment.objects.create(
            fee_year=fy, paid_on=paid_on, amount=Decimal(amount), reference=fy.reference
        )
    return fy


@pytest.fixture
def fees(muni1, muni2):
    rates(2025, serving_rate_1="0.57", serving_rate_2="1.49", serving_minimum="6100",
          sales_rate_1="0.24", sales_minimum="1960", single_occasion="460")  # fmt: skip
    rates(2026, serving_rate_1="0.61", serving_rate_2="1.57", serving_minimum="6400",
          sales_rate_1="0.25", sales_minimum="2070", single_occasion="460")  # fmt: skip
    s1 = LicenceFactory(municipality=muni1, number="S1")
    s2 = LicenceFactory(municipality=muni1, number="S2", kind="sales", group_2=False)
    o1 = LicenceFactory(
        municipality=muni1, number="O1", kind="serving_single_occasion",
        granted_on=dt.date(2026, 5, 1), valid_from=dt.date(2026, 6, 1), valid_to=dt.date(2026, 6, 1),
    )  # fmt: skip
    t1 = LicenceFactory(municipality=muni2, number="T1", group_2=False)
    fee_year(s1, 2025, {1: 10000, 2: 3000}, {1: 12000, 2: 3000},
             [(dt.date(2025, 3, 30), "5085"), (dt.date(2025, 9, 30), "5085"),
              (dt.date(2026, 4, 1), "1140")])  # fmt: skip
    fee_year(s1, 2026, {1: 10000, 2: 3000}, payments=[(dt.date(2026, 3, 30), "5405")])
    fee_year(s2, 2025, {1: 4000})
    fee_year(o1, 2026, payments=[(dt.date(2026, 5, 10), "460")])
    fee_year(t1, 2026, {1: 5000})


def amounts(f):
    return (f.fee_licences, f.fees_charged, f.fees_settled_licences, f.fees_final,
            f.fees_settlement, f.fees_paid, f.fee_reports_missing, f.fees_unpaid)  # fmt: skip


def test_fees_of_a_municipality_this_year_and_last(fees, muni1):
    last = year_figures([muni1.pk], 2025, TODAY)
    # S1 and S2; charged 10,170 + 1,960; S1 settled at 11,310 (+1,140); S2's report missing.
    assert amounts(last) == (2, Decimal(12130), 1, Decimal(11310), Decimal(1140),
                             Decimal(11310), 1, 1)  # fmt: skip
    now = year_figures([muni1.pk], 2026, TODAY)
    # S1, S2 (nothing charged), O1; charged 10,810 + 460; only O1's fee is final.
    assert amounts(now) == (3, Decimal(11270), 1, Decimal(460), Decimal(0), Decimal(5865), 0, 1)
    assert now.fees_by_kind["serving"]["charged"] == Decimal(10810)
    assert now.fees_by_kind["serving_single_occasion"]["paid"] == Decimal(460)
    assert now.fees_by_municipality == []  # one municipality: no breakdown


def test_the_amounts_are_the_fees_apps_own(fees, muni1):
    rows = [r for r in fee_selectors.fee_rows(municipality_ids=[muni1.pk], years=[2025],
                                              today=TODAY) if r.rates_known]  # fmt: skip
    _kinds, _litres, overall = fee_selectors.totals(rows)
    f = year_figures([muni1.pk], 2025, TODAY)
    assert (f.fees_charged, f.fees_final, f.fees_settlement, f.fees_paid) == (
        overall.charged,
        overall.final,
        overall.settlement,
        overall.paid,
    )


def test_region_has_totals_and_one_row_per_municipality(fees, muni1, muni2):
    f = year_figures([muni1.pk, muni2.pk], 2026, TODAY)
    assert (f.fee_licences, f.fees_charged, f.fees_paid, f.fees_unpaid) == (
        4, Decimal(17670), Decimal(5865), 2
    )  # fmt: skip
    assert [(m["municipality"], m["licences"], m["charged"]) for m in f.fees_by_municipality] == [
        ("Bodø kommune", 3, Decimal(11270)),
        ("Saltdal kommune", 1, Decimal(6400)),
    ]


def test_no_rates_loaded_means_no_fee_figures(muni1):
    f = year_figures([muni1.pk], 2026, TODAY)
    assert f.fees_charged is None and f.fee_licences is None


def test_comparison_summary_json_and_page(fees, muni1, officer_client, capsys):
    report = annual_report([muni1], 2026, TODAY)
    rows = {r["name"]: r for r in report.comparison()}
    assert rows["fees_charged"]["change"] == Decimal(11270 - 12130)
    with translation.override("nb"):
        text = " ".join(summary(report))
    assert "Bevillingsgebyr: 11\xa0270 kr" in text

    data = officer_client.get(REPORT, {"year": 2026, "format": "json"}).json()
    assert data["current"]["fees_charged"] == "11270.00"
    assert data["previous"]["fees_settlement"] == "1140.00"
    comparison = {r["name"]: r for r in data["comparison"]}
    assert comparison["fees_charged"]["change"] == "-860.00"

    call_command("annual_report", "--municipality", muni1.org_number, "--year", "2025")
    data = json.loads(capsys.readouterr().out)
    assert data["current"]["fees_final"] == "11310.00"

    body = officer_client.get(REPORT, {"year": 2026}).content.decode()
    assert "Gebyr fakturert på forventet omsetning (kr)" in body
    assert "11\xa0270" in body and "12\xa0130" in body
    assert 'aria-labelledby="chart-fees-title"' in body  # the chart: charged, final, paid
    assert body.count("<svg") == 3  # licences, inspections, fees (no breaches)
