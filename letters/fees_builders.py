"""Letter contexts for fees and sales reports, from ``fees`` (the figures come from
``fees.selectors.fee_rows``, the function every page and file uses)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from fees import emails as fee_emails
from fees import rules as fee_rules
from fees import selectors as fee_selectors
from fees.models import FeeEstimate, FeeRateYear, FeeYear
from fees.services import notices as fee_notices
from licensing.clock import today
from licensing.errors import DomainError

from .builders.common import (
    _checked,
    _letter_context_values,
    appeal_info,
    case_reference,
    decision_maker,
    holder_party,
)
from .builders.points import _premises_name
from .kinds.fees import (
    FeeEstimateDecisionContext,
    FeeFigures,
    FeeLine,
    FeeStatementContext,
    SalesReportRequestContext,
)
from .models import LetterKind

FEE_YEAR_KINDS = (
    LetterKind.SALES_REPORT_REQUEST,
    LetterKind.SALES_REPORT_REMINDER,
    LetterKind.FEE_STATEMENT,
)


def _lines(litres, rates: FeeRateYear | None, kind: str, groups) -> tuple[FeeLine, ...]:
    if not litres:
        return ()
    per_litre = rates.as_rules().per_litre(kind) if rates else {}
    return tuple(
        FeeLine(group=g, litres=litres.get(g, 0), rate=str(per_litre.get(g, "–"))) for g in groups
    )


def figures(fee_year: FeeYear, on: dt.date) -> tuple[FeeFigures, fee_selectors.FeeRow]:
    licence = fee_year.licence
    row = fee_selectors.fee_row(licence, fee_year.year, on)
    if row is None:
        raise DomainError("The licence was not in force in that year.")
    o = row.outcome
    rates = FeeRateYear.objects.filter(year=fee_year.year).first()
    groups = licence.alcohol_groups

    def money(value):
        return None if value is None else str(value)

    actual = row.actual or row.estimate
    return (
        FeeFigures(
            year=fee_year.year,
            licence_number=licence.number,
            premises_name=_premises_name(licence),
            fee_kind=o.kind,
            reference=fee_year.reference,
            minimum=str(fee_rules.round_kroner(rates.as_rules().minimum(o.kind)))
            if rates and o.kind in ("sales", "serving")
            else "",
            charged=money(o.charged),
            final_fee=money(o.final_fee),
            settlement=money(o.settlement),
            paid=str(o.paid),
            estimated=o.estimated,
            expected=_lines(row.expected, rates, o.kind, groups),
            actual=_lines(actual, rates, o.kind, groups),
            settlement_due_on=o.settlement_due_on,
        ),
        row,
    )


def context_for_fee_year(fee_year: FeeYear, *, kind: str, language: str, officer,
                         letter_date=None, your_reference: str = ""):  # fmt: skip
    licence = fee_year.licence
    municipality = licence.municipality
    on = letter_date or today()
    with translation.override(language):
        values = _letter_context_values(
            municipality=municipality, recipient=holder_party(licence.holder),
            our_reference=case_reference(fee_year.case), officer=officer, letter_date=letter_date,
            your_reference=your_reference, language=language,
        )  # fmt: skip
        data, row = figures(fee_year, on)
        if kind == LetterKind.FEE_STATEMENT:
            if data.final_fee is None:
                raise DomainError("No final fee yet: neither a sales report nor an estimate.")
            return _checked(FeeStatementContext, **values, figures=data)
        return _checked(
            SalesReportRequestContext, **values, figures=data,
            deadline=row.outcome.actual_deadline, private_link=fee_emails.private_link(fee_year),
            groups=tuple(licence.alcohol_groups), reminder=kind == LetterKind.SALES_REPORT_REMINDER,
        )  # fmt: skip


def context_for_fee_estimate(estimate: FeeEstimate, *, language: str, officer,
                             letter_date=None, your_reference: str = ""):  # fmt: skip
    fee_year = estimate.fee_year
    municipality = fee_year.licence.municipality
    with translation.override(language):
        values = _letter_context_values(
            municipality=municipality, recipient=holder_party(fee_year.licence.holder),
            our_reference=case_reference(fee_year.case), officer=officer,
            letter_date=letter_date or estimate.decided_on, your_reference=your_reference,
            language=language,
        )  # fmt: skip
        data, row = figures(fee_year, estimate.decided_on)
        return _checked(
            FeeEstimateDecisionContext, **values, appeal=appeal_info(municipality),
            made=decision_maker(estimate, estimate.decided_on), figures=data,
            deadline=row.outcome.actual_deadline, decided_on=estimate.decided_on,
            reasons=estimate.reasons,
        )  # fmt: skip


def after_issue(record, kind: str, letter, actor) -> None:
    """A first reminder letter is recorded on its fee year (shown with the e-mailed
    reminders; ``send_fee_reminders`` and ``issue_letters`` then skip it)."""
    if isinstance(record, FeeYear) and kind == LetterKind.SALES_REPORT_REMINDER:
        fee_notices.reminder_letter_record(
            fee_year=record, letter_reference=letter.our_reference, language=letter.language,
            actor=actor, on=letter.letter_date,
        )  # fmt: skip


def fee_year_kinds(fee_year: FeeYear, on: dt.date | None = None) -> list[str]:
    """The letters a fee year can have now."""
    row = fee_selectors.fee_row(fee_year.licence, fee_year.year, on or today())
    if row is None or row.licence_kind not in fee_rules.YEARLY_KIND:
        return []
    kinds = [LetterKind.SALES_REPORT_REQUEST]
    if row.outcome.actual_report == fee_rules.MISSING:
        kinds.append(LetterKind.SALES_REPORT_REMINDER)
    if row.outcome.final_fee is not None:
        kinds.append(LetterKind.FEE_STATEMENT)
    return kinds


def due_fee_letters(municipality_ids: list[int] | None, kinds, on: dt.date) -> list[tuple]:
    """(record, kind) for ``issue_letters``: for last year's fee years, the request while the
    report is not yet due, the reminder once it is missing (and not estimated) and the
    policy's reminder day (``reminder_days`` after the deadline) has come, the fee
    statement once the final fee is known; every estimate decision. 9 queries + 1."""
    wanted = set(kinds)
    if not wanted & {*FEE_YEAR_KINDS, LetterKind.FEE_ESTIMATE_DECISION}:
        return []
    from licensing.models import Municipality

    ids = (
        municipality_ids
        if municipality_ids is not None
        else list(Municipality.objects.values_list("pk", flat=True))
    )
    year = on.year - 1
    rows = [r for r in fee_selectors.fee_rows(municipality_ids=ids, years=[year], today=on)
            if r.fee_year_id and r.licence_kind in fee_rules.YEARLY_KIND and r.rates_known]  # fmt: skip
    fee_years = FeeYear.objects.select_related(
        "licence__holder", "licence__premises", "licence__municipality", "case"
    ).in_bulk([r.fee_year_id for r in rows])
    due = []
    for row in rows:
        o = row.outcome
        if o.actual_report == fee_rules.NOT_DUE:
            kind = LetterKind.SALES_REPORT_REQUEST
        elif o.actual_report == fee_rules.MISSING and not o.estimated:
            if not o.reminder_due:
                continue  # the policy's reminder day has not come
            kind = LetterKind.SALES_REPORT_REMINDER
        elif o.final_fee is not None:
            kind = LetterKind.FEE_STATEMENT
        else:
            continue
        if kind in wanted:
            due.append((fee_years[row.fee_year_id], kind))
    if LetterKind.FEE_ESTIMATE_DECISION in wanted:
        estimates = FeeEstimate.objects.filter(fee_year__licence__municipality_id__in=ids).select_related(
            "fee_year__licence__holder", "fee_year__licence__premises", "fee_year__licence__municipality", "fee_year__case", "decided_by"
        ).order_by("pk")  # fmt: skip
        due += [(estimate, LetterKind.FEE_ESTIMATE_DECISION) for estimate in estimates]
    return due
