"""Writes of the fees app: each a function with keyword-only arguments, in one transaction,
recording the actor in the history, refusing bad input with ``DomainError``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.models import Licence, Municipality
from licensing.services.register import Actor
from licensing.services.validation import InvalidData

from . import formats, rules, selectors
from .models import (
    FeeEstimate,
    FeePayment,
    FeeRateYear,
    FeeYear,
    ReportKind,
    ReportSource,
    SalesReport,
)


def _save(obj, actor: Actor) -> None:
    obj._history_user = actor
    obj.save()


# Rates -------------------------------------------------------------------------------


@dataclass
class RatesResult:
    year: int
    created: bool
    changes: list[str] = field(default_factory=list)


@transaction.atomic
def rates_load(*, parsed: formats.RatesFile, replace: bool, actor: Actor = None) -> RatesResult:
    existing = FeeRateYear.objects.select_for_update().filter(year=parsed.year).first()
    values = {**parsed.values, "source": parsed.source}
    if existing is None:
        _save(FeeRateYear(year=parsed.year, **values), actor)
        return RatesResult(parsed.year, True)
    changes = [
        f"{name}: {getattr(existing, name)} -> {value}"
        for name, value in values.items()
        if getattr(existing, name) != value
    ]
    if changes and not replace:
        raise DomainError(
            _("Rates for %(year)s are already loaded and differ (%(changes)s); use --replace.")
            % {"year": parsed.year, "changes": "; ".join(changes)}
        )
    if changes:
        for name, value in values.items():
            setattr(existing, name, value)
        _save(existing, actor)
    return RatesResult(parsed.year, False, changes)


# Fee years and reports ---------------------------------------------------------------------


def fee_year_get_or_create(*, licence: Licence, year: int, actor: Actor = None) -> FeeYear:
    fee_year = FeeYear.objects.filter(licence=licence, year=year).first()
    if fee_year is None:
        fee_year = FeeYear(
            licence=licence, year=year, reference=FeeYear.reference_for(licence, year)
        )
        _save(fee_year, actor)
    return fee_year


@transaction.atomic
def fee_years_open(*, municipality: Municipality, year: int, actor: Actor) -> int:
    """Open the reporting round: a fee year (payment reference and private link) for every
    sales and serving licence held in ``year`` that has none. Returns how many were made."""
    from simple_history.utils import bulk_create_with_history

    rows = selectors.fee_rows(municipality_ids=[municipality.pk], years=[year], today=dt.date.max)
    missing = [
        r.licence_id for r in rows if r.fee_year_id is None and r.licence_kind in rules.YEARLY_KIND
    ]
    licences = Licence.objects.in_bulk(missing)
    created = [
        FeeYear(
            licence=licences[pk], year=year, reference=FeeYear.reference_for(licences[pk], year)
        )
        for pk in missing
    ]
    bulk_create_with_history(
        created,
        FeeYear,
        batch_size=2000,
        default_user=actor if getattr(actor, "pk", None) else None,
    )
    return len(created)


@dataclass(frozen=True)
class ReportInput:
    litres: dict[int, int]
    received_on: dt.date
    reported_by: str = ""
    confirm_large: bool = False


def check_report(licence: Licence, year: int, kind: str, data: ReportInput) -> dict[str, list[str]]:
    """The rules of a report, as field -> messages (``litres_N``, ``confirm_large``,
    ``__all__``)."""
    errors: dict[str, list[str]] = {}
    covered = set(licence.alcohol_groups)
    if licence.kind not in rules.YEARLY_KIND:
        errors.setdefault("__all__", []).append(
            _("Single-occasion and catering licences pay per occasion and send no sales report.")
        )
        return errors
    ended = licence.valid_to
    if rules.held_days(year, licence.valid_from, ended) == 0:
        errors.setdefault("__all__", []).append(
            _("Licence %(number)s was not in force in %(year)s.")
            % {"number": licence.number, "year": year}
        )
    elif (
        kind == ReportKind.EXPECTED
        and licence.valid_to < data.received_on
        and licence.status in selectors.ENDED
    ):
        errors.setdefault("__all__", []).append(
            _(
                "Licence %(number)s ended on %(date)s; no expected volume can be reported after that."
            )
            % {"number": licence.number, "date": licence.valid_to.strftime("%d.%m.%Y")}
        )
    for group, litres in data.litres.items():
        key = f"litres_{group}"
        if group not in rules.GROUPS:
            errors.setdefault("__all__", []).append(
                _("There is no alcohol group %(group)s.") % {"group": group}
            )
        elif isinstance(litres, bool) or not isinstance(litres, int):
            errors.setdefault(key, []).append(_("Write whole litres."))
        elif litres < 0:
            errors.setdefault(key, []).append(_("Litres cannot be negative."))
        elif litres and group not in covered:
            errors.setdefault(key, []).append(
                _("The licence does not cover group %(group)s.") % {"group": group}
            )
    total = sum(v for v in data.litres.values() if isinstance(v, int))
    if total > rules.ABSURD_LITRES and not data.confirm_large:
        errors.setdefault("confirm_large", []).append(
            _(
                "%(litres)s litres is more than 10 million for one licence. Check the figures and confirm."
            )
            % {"litres": f"{total:,}".replace(",", " ")}
        )
    return errors


def DEADLINE_PASSED_MESSAGE() -> str:  # noqa: N802 - a message, translated when asked
    return _(
        "The deadline has passed: the report can no longer be corrected here. "
        "Contact the municipality."
    )


def report_editable_until(year: int, kind: str, policy: rules.Policy) -> dt.date:
    if kind == ReportKind.EXPECTED:
        return rules.due_date(year, policy.expected_due)
    return rules.actual_deadline(year, policy)


def _store_report(fee_year, kind, data: ReportInput, *, source, reason, actor) -> SalesReport:
    report = SalesReport.objects.select_for_update().filter(fee_year=fee_year, kind=kind).first()
    litres = {f"litres_{g}": data.litres.get(g, 0) for g in rules.GROUPS}
    if report is None:
        report = SalesReport(fee_year=fee_year, kind=kind)
    else:
        report.revision += 1
    for name, value in litres.items():
        setattr(report, name, value)
    report.received_on = data.received_on
    report.reported_by = data.reported_by
    report.source = source
    report.reason = reason
    _save(report, actor)
    return report


@transaction.atomic
def report_submit_by_holder(
    *, fee_year: FeeYear, kind: str, data: ReportInput, revision: int, today: dt.date
) -> SalesReport:
    """The holder's report through the private link. A first report is accepted also after
    the deadline (it is then late); a correction only until the deadline. ``revision`` is
    the revision the holder saw: a form from a stale page is refused."""
    fee_year = FeeYear.objects.select_for_update().select_related("licence").get(pk=fee_year.pk)
    licence = fee_year.licence
    errors = check_report(licence, fee_year.year, kind, data)
    if errors:
        raise InvalidData(errors)
    existing = SalesReport.objects.filter(fee_year=fee_year, kind=kind).first()
    current = existing.revision if existing else 0
    if current != revision:
        raise DomainError(
            _(
                "This report was changed after you opened the page. Open the link again to see the report now on file."
            )
        )
    policy = selectors.municipality_policy(licence.municipality_id, fee_year.year)
    if existing is not None and today > report_editable_until(fee_year.year, kind, policy):
        raise DomainError(DEADLINE_PASSED_MESSAGE())
    return _store_report(fee_year, kind, data, source=ReportSource.HOLDER, reason="", actor=None)


@transaction.atomic
def report_enter_by_officer(
    *, licence: Licence, year: int, kind: str, data: ReportInput, reason: str, actor: Actor
) -> SalesReport:
    """A report entered or corrected by a case officer on the holder's behalf: the reason
    is kept in the history."""
    if not reason.strip():
        raise InvalidData({"reason": [_("Write why you enter or correct the report.")]})
    errors = check_report(licence, year, kind, data)
    if errors:
        raise InvalidData(errors)
    fee_year = fee_year_get_or_create(licence=licence, year=year, actor=actor)
    return _store_report(
        fee_year, kind, data, source=ReportSource.OFFICER, reason=reason.strip(), actor=actor
    )


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def reports_import(
    *, parsed: formats.ReportsFile, actor: Actor = None, allow_large: bool = False
) -> ImportResult:
    """Import a sales-reports/1 file: every line is checked first; one bad line refuses the
    whole file (``formats.FormatError`` naming the JSON path). The same file again changes
    nothing; a different figure for a report already on file is refused (a second report)."""
    municipality = Municipality.objects.filter(org_number=parsed.municipality).first()
    if municipality is None:
        raise formats.FormatError(
            "municipality", _("no municipality with this organisation number")
        )
    numbers = [line.licence_number for line in parsed.reports]
    licences = {
        lic.number: lic
        for lic in Licence.objects.filter(municipality=municipality, number__in=numbers)
    }
    existing = {
        r.fee_year.licence_id: r
        for r in SalesReport.objects.filter(
            fee_year__licence__in=licences.values(), fee_year__year=parsed.year, kind=parsed.kind
        ).select_related("fee_year")
    }
    seen = set()
    plan = []
    for line in parsed.reports:
        licence = licences.get(line.licence_number)
        if licence is None:
            raise formats.FormatError(
                f"{line.path}.licence_number",
                _("no licence %(number)s in the municipality") % {"number": line.licence_number},
            )
        if licence.pk in seen:
            raise formats.FormatError(
                line.path,
                _("a second %(kind)s report for licence %(number)s")
                % {"kind": parsed.kind, "number": licence.number},
            )
        seen.add(licence.pk)
        data = ReportInput(
            line.litres, line.received_on, line.reported_by, confirm_large=allow_large
        )
        errors = check_report(licence, parsed.year, parsed.kind, data)
        for key, messages in errors.items():
            where = f"{line.path}.litres.{key[-1]}" if key.startswith("litres_") else line.path
            if key == "confirm_large":
                messages = [*messages, _("(use --allow-large)")]
            raise formats.FormatError(where, " ".join(str(m) for m in messages))
        report = existing.get(licence.pk)
        full = {g: line.litres.get(g, 0) for g in rules.GROUPS}
        if report is not None:
            if report.litres == full and report.received_on == line.received_on:
                plan.append(("unchanged", licence, data))
                continue
            raise formats.FormatError(
                line.path,
                _("licence %(number)s already has a different %(kind)s report for %(year)s")
                % {"number": licence.number, "kind": parsed.kind, "year": parsed.year},
            )
        plan.append(("create", licence, data))
    result = ImportResult()
    for action, licence, data in plan:
        if action == "unchanged":
            result.unchanged += 1
            continue
        fee_year = fee_year_get_or_create(licence=licence, year=parsed.year, actor=actor)
        _store_report(
            fee_year, parsed.kind, data, source=ReportSource.IMPORT, reason="", actor=actor
        )
        result.created += 1
    return result


# Estimate ------------------------------------------------------------------------------


@transaction.atomic
def estimate_decide(
    *, licence: Licence, year: int, litres: dict[int, int], reasons: str, decided_on: dt.date,
    actor: Actor,
) -> FeeEstimate:  # fmt: skip
    """Set the actual volume by estimate (skjønnsmessig fastsettelse) when no sales report
    came by the deadline: an enkeltvedtak with reasons. The rates used are kept with it."""
    errors = check_report(
        licence, year, ReportKind.ACTUAL, ReportInput(litres, decided_on, confirm_large=True)
    )
    if not reasons.strip():
        errors.setdefault("reasons", []).append(_("Give the reasons for the estimate."))
    row = selectors.fee_row(licence, year, decided_on)
    if row is not None and row.actual is not None:
        errors.setdefault("__all__", []).append(
            _("A sales report is on file for %(year)s; correct it instead of estimating.")
            % {"year": year}
        )
    elif row is not None and row.outcome.actual_report == rules.NOT_DUE:
        errors.setdefault("__all__", []).append(
            _("The sales report for %(year)s is not due until %(date)s.")
            % {"year": year, "date": row.outcome.actual_deadline.strftime("%d.%m.%Y")}
        )
    rates = selectors.rates_for([year]).get(year)
    if rates is None:
        errors.setdefault("__all__", []).append(
            _("No fee rates are loaded for %(year)s.") % {"year": year}
        )
    if errors:
        raise InvalidData(errors)
    fee_year = fee_year_get_or_create(licence=licence, year=year, actor=actor)
    estimate = FeeEstimate.objects.filter(fee_year=fee_year).first() or FeeEstimate(
        fee_year=fee_year
    )
    for g in rules.GROUPS:
        setattr(estimate, f"litres_{g}", litres.get(g, 0))
    estimate.decided_on = decided_on
    estimate.reasons = reasons.strip()
    estimate.decided_by = actor if getattr(actor, "pk", None) else None
    facts = rules.FeeFacts(licence_kind=licence.kind, year=year, valid_from=licence.valid_from,
                           ended_on=licence.valid_to, estimate=estimate.litres)  # fmt: skip
    outcome = rules.fee_outcome(
        facts, rates, selectors.municipality_policy(licence.municipality_id, year), decided_on
    )
    estimate.final_fee = outcome.final_fee
    estimate.rates_used = {
        "year": year,
        "kind": outcome.kind,
        "per_litre": {str(g): str(v) for g, v in rates.per_litre(outcome.kind).items()},
        "minimum": str(rates.minimum(outcome.kind)),
    }
    _save(estimate, actor)
    return estimate


# Payments ------------------------------------------------------------------------------


@transaction.atomic
def payment_record(
    *, fee_year: FeeYear, amount, paid_on: dt.date, reference: str = "", note: str = "",
    actor: Actor,
) -> FeePayment:  # fmt: skip
    if amount == 0:
        raise InvalidData({"amount": [_("The amount cannot be zero.")]})
    if FeePayment.objects.filter(fee_year=fee_year, paid_on=paid_on, amount=amount).exists():
        raise InvalidData({"amount": [_("This payment is already recorded.")]})
    payment = FeePayment(
        fee_year=fee_year, amount=amount, paid_on=paid_on,
        reference=reference or fee_year.reference, note=note,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    _save(payment, actor)
    return payment


@dataclass
class PaymentImportResult:
    recorded: int = 0
    already: int = 0
    unknown: list[formats.PaymentLine] = field(default_factory=list)


@transaction.atomic
def payments_import(
    *, municipality: Municipality, lines: list[formats.PaymentLine], actor: Actor
) -> PaymentImportResult:
    """Record the payments whose reference is a fee year of the municipality. Unknown
    references are returned (listed to the officer), never guessed; the same line again
    is recognised and not recorded twice."""
    refs = {line.reference for line in lines}
    fee_years = {
        fy.reference: fy
        for fy in FeeYear.objects.filter(licence__municipality=municipality, reference__in=refs)
    }
    # A reference of a year not yet on file is still the municipality's if it names one of its licences.
    for ref in refs - set(fee_years):
        year, _sep, number = ref.partition("-")
        if year.isdigit() and number:
            licence = Licence.objects.filter(municipality=municipality, number=number).first()
            if licence is not None and rules.held_days(
                int(year), licence.valid_from, licence.valid_to
            ):
                fee_years[ref] = fee_year_get_or_create(
                    licence=licence, year=int(year), actor=actor
                )
    existing = set(
        FeePayment.objects.filter(fee_year__in=fee_years.values()).values_list(
            "fee_year_id", "paid_on", "amount"
        )
    )
    result = PaymentImportResult()
    for line in lines:
        fy = fee_years.get(line.reference)
        if fy is None:
            result.unknown.append(line)
            continue
        key = (fy.pk, line.paid_on, line.amount)
        if key in existing:
            result.already += 1
            continue
        existing.add(key)
        _save(FeePayment(fee_year=fy, amount=line.amount, paid_on=line.paid_on, reference=line.reference,
                         note=_("Imported"), recorded_by=actor if getattr(actor, "pk", None) else None), actor)  # fmt: skip
        result.recorded += 1
    return result
