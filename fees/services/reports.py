"""Sales reports: expected and actual volumes, from the holder, an officer or a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.models import Licence, Municipality
from licensing.services.register import Actor
from licensing.services.validation import InvalidData

from .. import formats, rules, selectors
from ..models import (
    FeeYear,
    ReportKind,
    ReportSource,
    SalesReport,
)
from .fee_years import fee_year_get_or_create
from .fee_years import save as _save


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
