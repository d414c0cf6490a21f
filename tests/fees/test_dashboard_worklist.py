"""The fee sections of the dashboard find their fee years in the database (fees.worklist,
docs/adr/0214): the same fee years, in the same order, as ``fee_rows`` and the rule over
every licence-year, and the same sections as the implementation that computed them all."""

import datetime as dt
import json
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from fees import dashboard as fee_dashboard
from fees import formats, rules, selectors, worklist
from fees.models import FeeEstimate, FeePayment, FeePolicy, FeeYear, SalesReport
from fees.services import rates
from licensing import dashboard
from licensing.dashboard import Item, Section
from licensing.models import CaseKind, LicenceStatusChange
from licensing.services.case_numbers import case_open
from tests.factories.licensing import LicenceFactory

from .conftest import RATES_2026

pytestmark = pytest.mark.django_db

YEARS = [2025, 2026]
KINDS = ["sales", "serving", "serving_part_year", "serving_single_occasion", "serving_catering"]
# Around the deadlines of the default policy for 2025 and 2026: the actual report of 2025
# (1 March 2026), its settlement (31 March), the instalments (1 April, 1 October).
DAYS = [
    dt.date(2025, 4, 1),
    dt.date(2025, 4, 2),
    dt.date(2026, 3, 1),
    dt.date(2026, 3, 2),
    dt.date(2026, 3, 31),
    dt.date(2026, 4, 1),
    dt.date(2026, 4, 2),
    dt.date(2026, 10, 2),
    dt.date(2026, 12, 3),
]


def _load_rates():
    for year in YEARS:
        data = dict(RATES_2026, year=year, source=f"rates for {year}")
        rates.rates_load(parsed=formats.parse_rates(json.dumps(data)), replace=False)


def _litres(rng):
    return {g: rng.choice([0, 1, 49, 50, 1999, rng.randrange(40_000)]) for g in (1, 2, 3)}


def _register(municipalities, seed=13, count=70, prefix="F"):
    """Licences of every kind, held part of a year, ended by a status change (before their
    start, in the year, after it), with fee years carrying expected and actual reports,
    estimates and payments of exactly what is due, a little less, a little more, none."""
    rng = random.Random(seed)
    rate_rows = selectors.rates_for(YEARS)
    for i in range(count):
        municipality = municipalities[i % len(municipalities)]
        kind = KINDS[i % len(KINDS)]
        valid_from = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        valid_to = valid_from + dt.timedelta(days=rng.choice([0, 30, 200, 400, 1500]))
        ended = rng.random() < 0.2
        licence = LicenceFactory(
            municipality=municipality,
            number=f"{prefix}-{i:03d}" if i % 7 else f"{prefix.lower()}{i:03d}",
            kind=kind,
            group_2=kind != "sales",
            group_3=kind != "sales",
            granted_on=valid_from - dt.timedelta(days=rng.randrange(60)),
            valid_from=valid_from,
            valid_to=valid_to,
            status=rng.choice(["revoked", "expired", "ceased"]) if ended else "active",
        )
        if ended and rng.random() < 0.8:
            LicenceStatusChange.objects.create(
                licence=licence,
                from_status="active",
                to_status=licence.status,
                changed_on=valid_from + dt.timedelta(days=rng.randrange(-40, 500)),
                reason="test",
            )
        for year in YEARS:
            if rng.random() < 0.15:
                continue  # no fee year on file
            fee_year = FeeYear.objects.create(
                licence=licence, year=year, reference=f"{year}-{licence.number}"
            )
            expected = _litres(rng) if rng.random() < 0.85 else None
            actual = _litres(rng) if rng.random() < 0.6 else None
            if expected:
                SalesReport.objects.create(fee_year=fee_year, kind="expected", source="import",
                                           received_on=dt.date(year, 1, 20),
                                           **{f"litres_{g}": v for g, v in expected.items()})  # fmt: skip
            if actual:
                SalesReport.objects.create(fee_year=fee_year, kind="actual", source="import",
                                           received_on=dt.date(year + 1, 2, 20),
                                           **{f"litres_{g}": v for g, v in actual.items()})  # fmt: skip
            if not actual and rng.random() < 0.3:
                estimate = _litres(rng)
                FeeEstimate.objects.create(fee_year=fee_year, decided_on=dt.date(year + 1, 4, 1),
                                           reasons="No report.", final_fee=0,
                                           **{f"litres_{g}": v for g, v in estimate.items()})  # fmt: skip
            facts = rules.FeeFacts(
                licence_kind=kind, year=year, valid_from=valid_from, ended_on=valid_to,
                expected=expected, actual=actual, actual_received_on=dt.date(year + 1, 2, 20),
            )  # fmt: skip
            outcome = rules.fee_outcome(
                facts, rate_rows[year], rules.Policy(), dt.date(year + 1, 12, 31)
            )
            owed = outcome.total or Decimal(0)
            pay = rng.choice(
                [owed, owed - 1, owed - Decimal("0.01"), owed + Decimal("0.01"), owed + 500,
                 Decimal(0), owed / 2, Decimal("-100")]
            )  # fmt: skip
            halves = (pay / 2, pay - pay / 2) if rng.random() < 0.5 else (pay,)
            for day, part in enumerate(halves, start=3):
                part = part.quantize(Decimal("0.01"))
                if part:
                    FeePayment.objects.create(fee_year=fee_year, amount=part, reference="r",
                                              paid_on=dt.date(year, 3, day))  # fmt: skip


def _reference(municipality_ids, today):
    rows = [
        r
        for r in selectors.fee_rows(municipality_ids=municipality_ids, years=YEARS, today=today)
        if r.rates_known
    ]
    missing = [
        (r.licence_id, r.year)
        for r in rows
        if r.outcome.actual_report == rules.MISSING and not r.outcome.estimated
    ]
    unpaid = [(r.licence_id, r.year) for r in rows if r.outcome.unpaid]
    return {"missing": missing, "unpaid": unpaid}


@pytest.fixture
def register(muni1, muni2):
    _load_rates()
    # Saltdal prorates the minimum and pays in three instalments: its fees are computed by
    # fee_rows (the database's arithmetic covers the whole-year minimum only).
    FeePolicy.objects.create(
        municipality=muni2, valid_from=dt.date(2020, 1, 1), payment_due="03-15 06-15 11-30",
        prorate_minimum=True, actual_due_month=2, actual_due_day=28,
    )  # fmt: skip
    _register([muni1, muni2])
    return [muni1.pk, muni2.pk]


@pytest.mark.parametrize("today", DAYS)
def test_the_database_finds_the_fee_years_of_the_rule(register, today):
    expected = _reference(register, today)
    found = worklist.dashboard_keys(register, YEARS, today)

    assert found == expected
    assert expected["missing"] or today < dt.date(2026, 3, 2)
    assert expected["unpaid"]


@pytest.mark.parametrize("today", DAYS)
def test_the_same_on_a_municipality_whose_fees_the_database_computes(register, muni1, today):
    """Bodø's default policy: everything decided in SQL, no fee_rows."""
    assert worklist.dashboard_keys([muni1.pk], YEARS, today) == _reference([muni1.pk], today)


@pytest.mark.parametrize("today", [DAYS[0], DAYS[3], DAYS[-1]])
def test_both_lists_in_one_query_are_the_lists_of_each(register, today):
    """``dashboard_keys`` reads both lists in one query (docs/adr/0233): the same as
    ``missing_report_keys`` and ``unpaid_keys`` each, and the rule's."""
    found = worklist.dashboard_keys(register, YEARS, today)
    assert found == {
        "missing": worklist.missing_report_keys(register, YEARS, today),
        "unpaid": worklist.unpaid_keys(register, YEARS, today),
    }
    assert found == _reference(register, today)


def test_the_kept_sql_reads_the_rows_of_now(register, muni1, monkeypatch):
    """The SQL is kept by what it is built from (docs/adr/0233), never the rows: a payment
    made after the first call changes the second call's lists, built from the kept SQL."""
    today = DAYS[-1]
    first = worklist.dashboard_keys([muni1.pk], YEARS, today)
    assert first == _reference([muni1.pk], today)
    licence_id, year = first["unpaid"][0]
    fee_year = FeeYear.objects.get(licence_id=licence_id, year=year)
    FeePayment.objects.create(
        fee_year=fee_year, amount=Decimal("1000000"), reference="all", paid_on=today
    )

    def not_built(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(worklist, "_tagged_query", not_built)
    monkeypatch.setattr(worklist, "_ordered_query", not_built)
    second = worklist.dashboard_keys([muni1.pk], YEARS, today)
    assert (licence_id, year) not in second["unpaid"]
    assert second == _reference([muni1.pk], today)


def test_another_policy_is_computed_in_the_database_too(register, muni1):
    FeePolicy.objects.create(
        municipality=muni1, valid_from=dt.date(2020, 1, 1), payment_due="05-01",
        actual_due_month=4, actual_due_day=15, settlement_days=10,
    )  # fmt: skip
    for today in (dt.date(2026, 4, 15), dt.date(2026, 4, 16), dt.date(2026, 4, 26), DAYS[-1]):
        assert worklist.dashboard_keys([muni1.pk], YEARS, today) == _reference([muni1.pk], today)


# The sections as they were computed before (every licence-year through fee_rows) -------


def _old_rows(municipality_ids, today):
    rows = selectors.fee_rows(
        municipality_ids=municipality_ids, years=[today.year - 1, today.year], today=today
    )
    return [row for row in rows if row.rates_known]


def _old_missing(municipality_ids, today):
    rows = [
        r
        for r in _old_rows(municipality_ids, today)
        if r.outcome.actual_report == rules.MISSING and not r.outcome.estimated
    ]
    items = [
        Item(
            label=row.label,
            url=fee_dashboard._url(row),
            detail=translation.gettext(
                "The sales report for %(year)s was due on %(date)s (alkoholforskriften § 6-3). "
                "Remind, set the volume by estimate, or propose points for the late report."
            )
            % {"year": row.year, "date": fee_dashboard._date(row.outcome.actual_deadline)},
            badge=translation.gettext("missing"),
            badge_kind="bad",
        )
        for row in rows[: fee_dashboard.SAMPLE]
    ]
    return len(rows), items


def _old_unpaid(municipality_ids, today):
    rows = [r for r in _old_rows(municipality_ids, today) if r.outcome.unpaid]
    items = [
        Item(
            label=f"{row.label} – {row.year}",
            url=fee_dashboard._url(row),
            detail=translation.gettext(
                "%(due)s kr was due by today; %(paid)s kr is paid (reference %(ref)s)."
            )
            % {"due": row.outcome.due_now, "paid": row.outcome.paid, "ref": row.reference},
            badge=translation.gettext("unpaid"),
            badge_kind="bad",
        )
        for row in rows[: fee_dashboard.SAMPLE]
    ]
    return len(rows), items


def _old_mine(user, municipality_ids, today):
    rows = [
        r
        for r in _old_rows(municipality_ids, today)
        if r.case_officer_id is not None and r.case_officer_id == user.pk and r.outcome.is_open
    ]
    return len(rows), [(r.licence_id, r.year) for r in rows[: fee_dashboard.SAMPLE]]


def _shape(section: Section):
    return section.count, section.items


@pytest.mark.parametrize("today", [dt.date(2026, 3, 2), dt.date(2026, 12, 3)])
def test_the_sections_are_those_of_the_old_implementation(register, officer, today):
    for fee_year in FeeYear.objects.select_related("licence").order_by("pk")[::3]:
        fee_year.case = case_open(
            municipality=fee_year.licence.municipality, kind=CaseKind.FEE_YEAR, assigned_to=officer
        )
        fee_year.save()
    with translation.override("nb"), dashboard.sharing():
        missing = fee_dashboard.missing_reports(register, today)
        unpaid = fee_dashboard.unpaid_fees(register, today)
        mine = fee_dashboard.my_fee_years(officer, register, today)
        assert _shape(missing) == _old_missing(register, today)
        assert _shape(unpaid) == _old_unpaid(register, today)
        assert mine.count == _old_mine(officer, register, today)[0]
        assert [item.url for item in mine.items] == [
            fee_dashboard.reverse("fees:licence", args=key)
            for key in _old_mine(officer, register, today)[1]
        ]
    assert missing.count and unpaid.count and mine.count


def test_my_fee_years_beyond_the_listed_limit_are_the_same(register, officer, monkeypatch):
    """Above ``MAX_LISTED`` cases or licences "my fee years" uses subqueries instead of
    lists of parameters (docs/adr/0232): the same fee years."""
    today = dt.date(2026, 12, 3)
    for fee_year in FeeYear.objects.select_related("licence").order_by("pk")[::3]:
        fee_year.case = case_open(
            municipality=fee_year.licence.municipality, kind=CaseKind.FEE_YEAR, assigned_to=officer
        )
        fee_year.save()
    with translation.override("nb"):
        listed = fee_dashboard.my_fee_years(officer, register, today)
        monkeypatch.setattr(fee_dashboard, "MAX_LISTED", 1)
        beyond = fee_dashboard.my_fee_years(officer, register, today)
    assert listed.count == beyond.count == _old_mine(officer, register, today)[0] > 1
    assert listed.items == beyond.items


def test_fixed_number_of_queries(register, muni1, officer):
    def count():
        with CaptureQueriesContext(connection) as queries, dashboard.sharing():
            fee_dashboard.missing_reports([muni1.pk], DAYS[-1])
            fee_dashboard.unpaid_fees([muni1.pk], DAYS[-1])
            fee_dashboard.my_fee_years(officer, [muni1.pk], DAYS[-1])
        return len(queries)

    # The sections: rates and policies (2, shared with "my fee years"), the keys of both
    # sections (1, docs/adr/0233) and fee_rows of the fee years shown (6); "my fee years":
    # the officer's cases (1), and with cases their fee years' licences (1) and fee_rows
    # (6) (docs/adr/0232).
    few = count()
    _register([muni1], seed=14, count=40, prefix="G")
    assert count() == few == 2 + 1 + 6 + 1
    for fee_year in FeeYear.objects.filter(licence__municipality=muni1).order_by("pk")[::5]:
        fee_year.case = case_open(municipality=muni1, kind=CaseKind.FEE_YEAR, assigned_to=officer)
        fee_year.save()
    assigned = count()
    _register([muni1], seed=15, count=40, prefix="H")
    assert count() == assigned == 2 + 1 + 6 + 1 + 1 + 6
