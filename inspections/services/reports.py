"""Control reports submitted and corrected by a control company (kontrollrapport).

Legal sources (alkoholforskriften chapter 9):

- § 9-5: a serving venue is inspected by at least two inspectors, a shop (sales licence) by
  at least one;
- § 9-3: every inspector has passed the inspectors' knowledge test, on or before the day of
  the inspection;
- § 9-6: a report is written also when nothing was found; it describes observations, and
  each finding carries a catalogue code (§ 10-3) and the time it was observed.

Further rules of the system:

- the inspection starts before (or when) it ends and does not lie in the future;
- the licence belongs to a municipality that has engaged the company;
- a finding was observed within the inspection or on the same evening: within the
  "service day(s)" the inspection spans, a service day running from 06:00 to 06:00 local
  time (serving ends at 03:00 at the latest, § 4-4), and not in the future
  (docs/adr/0063-report-validation.md);
- ``no_findings`` is true only when there are no findings;
- the company corrects its report until a case officer starts the review
  (``inspections.services.review.inspection_start_review``); then it is frozen.

Validation collects every problem at once: ``ReportInvalid.errors`` maps field names to
messages, and ``findings`` to one dict per submitted finding (``{}`` when that finding is
fine), the shape the API returns as its 400 body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import (
    ControlCompany,
    Finding,
    Inspection,
    InspectionMode,
    Inspector,
    ViolationType,
)
from licensing.errors import TransitionNotAllowed
from licensing.formatting import short_date
from licensing.models import SERVING_KINDS, Licence, LicenceKind
from licensing.rules.references import cite
from licensing.services.register import Actor
from licensing.services.validation import InvalidData

from .review import SUBMITTED, report_state

INSPECTORS_REFERENCE = "alkoholforskriften § 9-5"
INSPECTOR_TEST_REFERENCE = "alkoholforskriften § 9-3"
# A service day (the "evening" of an inspection) runs from 06:00 to 06:00 local time.
SERVICE_DAY_STARTS_HOURS = 6

ErrorMap = dict[str, list]


@dataclass(frozen=True, slots=True)
class FindingInput:
    """One finding as submitted: a catalogue ``code`` (ViolationType.code)."""

    code: str
    observed_at: dt.datetime
    description: str


@dataclass(frozen=True, slots=True)
class ReportInput:
    """The whole report as submitted (a correction replaces every field and finding)."""

    licence: Licence
    inspectors: tuple[Inspector, ...]
    started_at: dt.datetime
    ended_at: dt.datetime
    mode: str = InspectionMode.OPEN
    guests_count: int | None = None
    staff_count: int | None = None
    person_in_charge: str = ""
    observations: str = ""
    no_findings: bool = False
    findings: tuple[FindingInput, ...] = field(default_factory=tuple)


class ReportInvalid(InvalidData):
    """The report breaks one or more rules; ``errors`` as described in the module doc."""

    def __init__(self, errors: ErrorMap):
        self.errors = errors
        messages = list(_flatten(errors))
        first_field = next(iter(errors))
        # Deliberately skip InvalidData.__init__: its message join expects flat lists.
        super(InvalidData, self).__init__(" ".join(messages), field=first_field)


def _flatten(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _flatten(value)]
    if isinstance(errors, list):
        return [m for value in errors for m in _flatten(value)]
    return [str(errors)]


def minimum_inspectors(kind: str) -> int:
    """§ 9-5: two inspectors for a serving venue, one for a shop."""
    return 2 if kind in SERVING_KINDS else 1


def service_day(moment: dt.datetime) -> dt.date:
    """The service day (06:00 to 06:00 local time) a moment belongs to."""
    try:
        local = timezone.localtime(moment)
        return (local - dt.timedelta(hours=SERVICE_DAY_STARTS_HOURS)).date()
    except OverflowError:
        # The first (or last) hours of the calendar: no real inspection, but a report with
        # such a time gets field errors, not a crash.
        return dt.date.min if moment.year == dt.MINYEAR else dt.date.max


def company_may_inspect(company: ControlCompany, licence: Licence) -> bool:
    return company.municipalities.filter(pk=licence.municipality_id).exists()


def validate_report(
    *, company: ControlCompany, report: ReportInput, now: dt.datetime
) -> dict[str, ViolationType]:
    """Check ``report`` for ``company``; return the violation types by code.

    Raises ``ReportInvalid`` with every problem found.
    """
    errors: ErrorMap = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    licence = report.licence
    if not company_may_inspect(company, licence):
        add(
            "licence",
            _("Licence %(number)s is not in a municipality that has engaged %(company)s.")
            % {"number": licence.number, "company": company.name},
        )

    started_at, ended_at = report.started_at, report.ended_at
    if ended_at < started_at:
        add("ended_at", _("The inspection cannot end before it starts."))
    if started_at > now:
        add("started_at", _("The inspection cannot start in the future."))
    if ended_at > now:
        add("ended_at", _("The inspection cannot end in the future."))

    _validate_inspectors(company, report, add)

    violations = _violation_types(report.findings)
    finding_errors = _validate_findings(report, violations, now)
    if any(finding_errors):
        errors["findings"] = finding_errors
    if report.no_findings and report.findings:
        add(
            "no_findings",
            _(
                "“No findings” can only be set on a report without findings; remove the "
                "findings or set no_findings to false."
            ),
        )
    if errors:
        raise ReportInvalid(errors)
    return violations


def _validate_inspectors(company: ControlCompany, report: ReportInput, add) -> None:
    inspectors = report.inspectors
    inspected_on = timezone.localdate(report.started_at)
    seen: set[int] = set()
    for inspector in inspectors:
        if inspector.pk in seen:
            add("inspectors", _("%(name)s is listed twice.") % {"name": inspector.name})
        seen.add(inspector.pk)
        if inspector.company_id != company.pk:
            add(
                "inspectors",
                _("%(name)s is not an inspector of %(company)s.")
                % {"name": inspector.name, "company": company.name},
            )
        passed_on = inspector.knowledge_test_passed_on
        if passed_on is None or passed_on > inspected_on:
            add(
                "inspectors",
                _(
                    "%(name)s had not passed the inspectors' test by the inspection date "
                    "%(date)s (%(reference)s)."
                )
                % {
                    "name": inspector.name,
                    "date": short_date(inspected_on),
                    "reference": cite(INSPECTOR_TEST_REFERENCE),
                },
            )
    needed = minimum_inspectors(report.licence.kind)
    if len(seen) < needed:
        if report.licence.kind == LicenceKind.SALES:
            message = _("A shop is inspected by at least one inspector (%(reference)s).")
        else:
            message = _("A serving venue is inspected by at least two inspectors (%(reference)s).")
        add("inspectors", message % {"reference": cite(INSPECTORS_REFERENCE)})


def _violation_types(findings: Sequence[FindingInput]) -> dict[str, ViolationType]:
    codes = {finding.code for finding in findings}
    if not codes:
        return {}
    return {v.code: v for v in ViolationType.objects.filter(code__in=codes, active=True)}


def _validate_findings(
    report: ReportInput, violations: dict[str, ViolationType], now: dt.datetime
) -> list[dict[str, list[str]]]:
    first_day = service_day(report.started_at)
    last_day = service_day(max(report.ended_at, report.started_at))
    result: list[dict[str, list[str]]] = []
    for finding in report.findings:
        problems: dict[str, list[str]] = {}
        if finding.code not in violations:
            problems.setdefault("code", []).append(
                _("“%(code)s” is not a code in the violation catalogue.") % {"code": finding.code}
            )
        observed = finding.observed_at
        if observed > now:
            problems.setdefault("observed_at", []).append(
                _("A finding cannot be observed in the future.")
            )
        elif not first_day <= service_day(observed) <= last_day:
            problems.setdefault("observed_at", []).append(
                _(
                    "The finding must be observed during the inspection or on the same "
                    "evening (the inspection ran %(start)s–%(end)s)."
                )
                % {
                    "start": timezone.localtime(report.started_at).strftime("%Y-%m-%d %H:%M"),
                    "end": timezone.localtime(report.ended_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        if not finding.description.strip():
            problems.setdefault("description", []).append(_("Describe what was seen."))
        result.append(problems)
    return result


def _check_actor(actor: Actor, company: ControlCompany) -> None:
    if actor is None or not company.users.filter(pk=actor.pk).exists():
        raise ReportInvalid(
            {"company": [_("You are not a user of %(company)s.") % {"company": company.name}]}
        )


def _apply(inspection: Inspection, report: ReportInput) -> None:
    inspection.licence = report.licence
    inspection.started_at = report.started_at
    inspection.ended_at = report.ended_at
    inspection.mode = report.mode
    inspection.guests_count = report.guests_count
    inspection.staff_count = report.staff_count
    inspection.person_in_charge = report.person_in_charge.strip()
    inspection.observations = report.observations.strip()
    inspection.no_findings = report.no_findings


def _full_clean(inspection: Inspection) -> None:
    from django.core.exceptions import ValidationError

    try:
        # Foreign keys were loaded (and checked) by the caller.
        inspection.full_clean(exclude=["licence", "company", "submitted_by", "reviewed_by"])
    except ValidationError as exc:
        raise ReportInvalid(
            {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        ) from exc


def _save_findings(
    inspection: Inspection,
    findings: Sequence[FindingInput],
    violations: dict[str, ViolationType],
    actor: Actor,
) -> None:
    for item in findings:
        finding = Finding(
            inspection=inspection,
            violation=violations[item.code],
            observed_at=item.observed_at,
            description=item.description.strip(),
        )
        finding._history_user = actor
        finding.save()


@transaction.atomic
def report_submit(
    *,
    actor: Actor,
    company: ControlCompany,
    report: ReportInput,
    now: dt.datetime | None = None,
) -> Inspection:
    """Record a control report with its findings for ``company`` (see module doc)."""
    now = now or timezone.now()
    _check_actor(actor, company)
    violations = validate_report(company=company, report=report, now=now)
    inspection = Inspection(company=company, submitted_by=actor)
    _apply(inspection, report)
    _full_clean(inspection)
    inspection._history_user = actor
    inspection.save()
    inspection.inspectors.set(report.inspectors)
    _save_findings(inspection, report.findings, violations, actor)
    return inspection


@transaction.atomic
def report_correct(
    *,
    actor: Actor,
    inspection: Inspection,
    report: ReportInput,
    now: dt.datetime | None = None,
) -> Inspection:
    """Replace the report (fields, inspectors and findings) before the review starts.

    Refused with ``TransitionNotAllowed`` once a case officer has started the review.
    """
    now = now or timezone.now()
    locked = Inspection.objects.select_for_update().select_related("company").get(pk=inspection.pk)
    state = report_state(locked)
    if state != SUBMITTED:
        raise TransitionNotAllowed(
            _(
                "A case officer started reviewing this report on %(date)s; the control "
                "company can no longer correct it. Contact the municipality to have it changed."
            )
            % {"date": timezone.localtime(locked.review_started_at).strftime("%Y-%m-%d %H:%M")},
            current=state,
        )
    company = locked.company
    _check_actor(actor, company)
    violations = validate_report(company=company, report=report, now=now)
    _apply(locked, report)
    _full_clean(locked)
    locked._history_user = actor
    locked.save()
    locked.inspectors.set(report.inspectors)
    for old in locked.findings.all():
        old._history_user = actor
        old.delete()
    _save_findings(locked, report.findings, violations, actor)
    return locked
