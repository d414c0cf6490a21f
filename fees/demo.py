"""Demo data for fees: the rates of 2025 and 2026 (the files in ``fees/data/``), a fee
policy per municipality, and for the yearly licences of both municipalities expected and
actual volumes and payments so that every state shows: reported on time, late, missing,
set by estimate, paid, unpaid and credit due. Idempotent: fee years, reports, estimates
and payments are found by licence, year and kind (payments by date and amount)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from licensing.clock import today
from licensing.models import Licence, Municipality

from . import formats, rules, selectors
from .models import FeeEstimate, FeePayment, FeePolicy, FeeRateYear, SalesReport
from .services import estimates, fee_years, payments, rates, reports

DATA = Path(__file__).parent / "data"
BODO, SALTDAL = "972418013", "964983194"
PAST, CURRENT = 2025, 2026
STATES = ("on_time", "late", "missing", "estimated", "credit", "unpaid", "paid")
VOLUMES = {  # (group 1, 2, 3) expected litres by kind
    "sales": (40_000, 0, 0),
    "serving": (9_000, 3_000, 300),
}


def _litres(kind: str, groups, factor: Decimal) -> dict[int, int]:
    base = VOLUMES["sales" if kind == "sales" else "serving"]
    return {g: int(base[g - 1] * factor) for g in groups if base[g - 1]}


def _officer(municipality):
    """The municipality's own demo case officer: the demo's fee years, estimates and
    payments name them, so their letters are signed by them (``issue_letters`` without
    ``--user``), as the other demo letters are signed by the officer who decided."""
    if municipality.pk not in _OFFICERS:
        _OFFICERS[municipality.pk] = (
            municipality.officers.exclude(username="saksbehandler").order_by("pk").first()
        )
    return _OFFICERS[municipality.pk]


_OFFICERS: dict[int, object] = {}


def _fee_years(licence, year):
    return fee_years.fee_year_get_or_create(
        licence=licence, year=year, actor=_officer(licence.municipality)
    )


def _report(licence, year, kind, litres, received_on, by="Demo Holder"):
    fee_year = _fee_years(licence, year)
    if SalesReport.objects.filter(fee_year=fee_year, kind=kind).exists():
        return
    reports._store_report(  # noqa: SLF001 - demo data, as if imported
        fee_year, kind, reports.ReportInput(litres, received_on, by),
        source="import", reason="", actor=_officer(licence.municipality),
    )  # fmt: skip


def _pay(licence, year, amount, paid_on):
    fee_year = _fee_years(licence, year)
    if (
        amount
        and not FeePayment.objects.filter(
            fee_year=fee_year, paid_on=paid_on, amount=amount
        ).exists()
    ):
        payments.payment_record(
            fee_year=fee_year,
            amount=amount,
            paid_on=paid_on,
            note="Demo",
            actor=_officer(licence.municipality),
        )


def seed(stdout, style) -> None:
    _OFFICERS.clear()
    with transaction.atomic():
        for path in sorted(DATA.glob("rates-*.json")):
            parsed = formats.parse_rates(path.read_text(encoding="utf-8"))
            if not FeeRateYear.objects.filter(year=parsed.year).exists():
                rates.rates_load(parsed=parsed, replace=False)
        on = today()
        for org, prorate, actual_due in ((BODO, False, (3, 1)), (SALTDAL, True, (4, 1))):
            municipality = Municipality.objects.filter(org_number=org).first()
            if municipality is None:
                continue
            FeePolicy.objects.get_or_create(
                municipality=municipality, valid_from=dt.date(2020, 1, 1),
                defaults={"prorate_minimum": prorate, "actual_due_month": actual_due[0],
                          "actual_due_day": actual_due[1]},
            )  # fmt: skip
            _seed_municipality(municipality, on)
    stdout.write(style.SUCCESS("Fees: rates 2025–2026, policies, reports and payments."))


def _seed_municipality(municipality, on: dt.date) -> None:
    rows = selectors.fee_rows(municipality_ids=[municipality.pk], years=[PAST], today=on)
    licences = {lic.pk: lic for lic in Licence.objects.filter(municipality=municipality)}
    yearly = [r for r in rows if r.licence_kind in rules.YEARLY_KIND]
    policy = selectors.municipality_policy(municipality.pk, PAST)
    deadline = rules.actual_deadline(PAST, policy)
    for index, row in enumerate(yearly):
        licence = licences[row.licence_id]
        state = STATES[index % len(STATES)]
        groups = licence.alcohol_groups
        expected = _litres(licence.kind, groups, Decimal(1))
        _report(licence, PAST, "expected", expected, dt.date(PAST, 1, 20))
        actual_factor = {"credit": Decimal("0.5"), "late": Decimal("1.2")}.get(
            state, Decimal("1.1")
        )
        actual = _litres(licence.kind, groups, actual_factor)
        if state in ("on_time", "credit", "unpaid", "paid"):
            _report(licence, PAST, "actual", actual, deadline - dt.timedelta(days=9))
        elif state == "late":
            _report(licence, PAST, "actual", actual, deadline + dt.timedelta(days=19))
        elif (
            state == "estimated"
            and not FeeEstimate.objects.filter(
                fee_year__licence=licence, fee_year__year=PAST
            ).exists()
        ):
            estimates.estimate_decide(
                licence=licence, year=PAST, litres=actual,
                reasons="Ingen omsetningsoppgave mottatt etter purring. Volumet er fastsatt "
                "skjønnsmessig ut fra forventet omsetning og tidligere år, med et tillegg på 10 %.",
                decided_on=deadline + dt.timedelta(days=45), actor=_officer(municipality),
            )  # fmt: skip
    # Payments for the past year follow the state, on the fee computed by the rules.
    rows = selectors.fee_rows(municipality_ids=[municipality.pk], years=[PAST], today=on)
    for index, row in enumerate(r for r in rows if r.licence_kind in rules.YEARLY_KIND):
        state = STATES[index % len(STATES)]
        licence, o = licences[row.licence_id], row.outcome
        if state == "unpaid" or o.charged is None:
            continue
        for due_on, amount in o.instalments:
            _pay(licence, PAST, amount, due_on - dt.timedelta(days=3))
        if state in ("on_time", "paid", "estimated") and o.settlement and o.settlement > 0:
            _pay(licence, PAST, o.settlement, o.settlement_due_on - dt.timedelta(days=5))
    # This year: expected volumes for all; the first instalment paid by most.
    current = selectors.fee_rows(municipality_ids=[municipality.pk], years=[CURRENT], today=on)
    for index, row in enumerate(r for r in current if r.licence_kind in rules.YEARLY_KIND):
        licence = licences[row.licence_id]
        if STATES[index % len(STATES)] == "missing":
            continue
        _report(licence, CURRENT, "expected", _litres(licence.kind, licence.alcohol_groups, Decimal(1)),
                dt.date(CURRENT, 1, 25))  # fmt: skip
    current = selectors.fee_rows(municipality_ids=[municipality.pk], years=[CURRENT], today=on)
    for index, row in enumerate(r for r in current if r.licence_kind in rules.YEARLY_KIND):
        if STATES[index % len(STATES)] in ("unpaid", "missing"):
            continue
        for due_on, amount in row.outcome.instalments:
            if due_on <= on:
                _pay(licences[row.licence_id], CURRENT, amount, due_on - dt.timedelta(days=2))
