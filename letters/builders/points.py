"""Contexts for penalty points and suspension: advance notices and decisions
(``letters.kinds.points``), and which point decisions one letter covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inspections import points as point_facts
from inspections.models import (
    Finding,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from inspections.services.points import default_comment_deadline
from licensing.errors import DomainError
from licensing.models import (
    Licence,
)
from licensing.rules.dates import ONE_DAY, minus_years
from licensing.rules.points import THRESHOLD, WINDOW_YEARS, further_points

from ..context import (
    PointDecisionLine,
    PointsAdvanceNoticeContext,
    PointsDecisionContext,
    SuspensionAdvanceNoticeContext,
    SuspensionDecisionContext,
    ViolationPoints,
)
from ..models import LetterKind
from .common import (
    _checked,
    _letter_context_values,
    appeal_info,
    case_reference,
    decision_maker,
    decision_officer,
    holder_party,
)

# --- Penalty points and suspension ------------------------------------------------------

_LICENCE_RELATED = ("licence__holder", "licence__premises", "licence__municipality")


def _premises_name(licence: Licence) -> str:
    return licence.premises.name if licence.premises else licence.holder.name


def _licence_history(licence: Licence, *, exclude_suspension: int | None = None):
    """The licence's decided point decisions and decided suspensions (two queries)."""
    decisions = list(
        PointDecision.objects.filter(licence=licence, status=PointDecisionStatus.DECIDED)
        .select_related("violation")
        .order_by("violation_on", "pk")
    )
    suspensions = list(
        Suspension.objects.filter(licence=licence, status=SuspensionStatus.DECIDED).exclude(
            pk=exclude_suspension
        )
    )
    return decisions, suspensions


def _violation_points(
    group: list[PointDecision], findings: list[Finding]
) -> tuple[ViolationPoints, ...]:
    observed: dict[int, list[str]] = {}
    for finding in findings:
        observed.setdefault(finding.violation_id, []).append(finding.description.strip())
    return tuple(
        ViolationPoints(
            code=pd.violation.code,
            name=pd.violation.name,
            legal_reference=pd.violation.reference,
            standard_points=pd.standard_points,
            points=pd.points,
            observation=" ".join(text for text in observed.get(pd.violation_id, []) if text),
        )
        for pd in sorted(group, key=lambda pd: (pd.violation.sort_order, pd.violation.code))
    )


def _deviation_reason(group: list[PointDecision]) -> str:
    return "\n\n".join(
        f"{pd.violation.name}: {pd.justification.strip()}"
        for pd in group
        if pd.points != pd.standard_points and pd.justification.strip()
    )


def context_for_point_decision(
    point_decision: PointDecision,
    *,
    language: str,
    officer,
    kind: str | None = None,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> PointsAdvanceNoticeContext | PointsDecisionContext:
    """The advance notice of points (``kind`` ``points_advance_notice``; the default while
    the points are notified) or the decision on points (``points_decision``; the default
    once decided), for every point decision of the same notice or decision (see
    ``sources.point_decision_group``). The decision letter gives the running total in the
    window on the decision date from ``licensing.rules.points.points_in_window`` over the
    licence's decided point decisions and suspensions. At most five queries."""
    if kind is None:
        kind = (
            LetterKind.POINTS_DECISION
            if point_decision.status == PointDecisionStatus.DECIDED
            else LetterKind.POINTS_ADVANCE_NOTICE
        )
    group = list(
        point_decision_group(point_decision, kind).select_related(
            "violation", "inspection", "case", "decided_by", "case_officer", *_LICENCE_RELATED
        )
    )
    if not group:
        raise DomainError(_("There is no letter of this kind for these points yet."))
    lead = group[0]
    licence = lead.licence
    inspection = lead.inspection
    findings = (
        list(
            Finding.objects.filter(
                inspection=inspection, violation_id__in=[pd.violation_id for pd in group]
            ).order_by("observed_at", "pk")
        )
        if inspection
        else []
    )
    on = lead.decided_on if kind == LetterKind.POINTS_DECISION else lead.advance_notice_on
    decisions, suspensions = _licence_history(licence)
    result = point_facts.evaluate(licence, decisions, suspensions, on)
    with translation.override(language):
        violations = _violation_points(group, findings)
        inspection_on = (
            timezone.localdate(inspection.started_at)
            if inspection
            else min(pd.violation_on for pd in group)
        )
        common = _letter_context_values(
            municipality=licence.municipality,
            recipient=holder_party(licence.holder),
            our_reference=case_reference(
                lead.case, lead.reference if kind == LetterKind.POINTS_DECISION else ""
            ),
            officer=decision_officer(lead, officer)
            if kind == LetterKind.POINTS_DECISION
            else officer,
            letter_date=letter_date,
            your_reference=your_reference,
            language=language,
        )
        shared = {
            "licence_number": licence.number,
            "premises_name": _premises_name(licence),
            "inspection_on": inspection_on,
            "inspection_reference": "",
            "deviation_reason": _deviation_reason(group),
            "from_inspection": inspection is not None,
        }
        if kind == LetterKind.POINTS_ADVANCE_NOTICE:
            deadlines = [pd.comment_deadline_on for pd in group if pd.comment_deadline_on]
            return _checked(
                PointsAdvanceNoticeContext,
                **common,
                **shared,
                findings=violations,
                comment_deadline=max(deadlines)
                if deadlines
                else default_comment_deadline(lead.advance_notice_on),
                points_in_window=result.in_window or None,
            )
        notices = [pd.advance_notice_on for pd in group if pd.advance_notice_on]
        return _checked(
            PointsDecisionContext,
            **common,
            **shared,
            appeal=appeal_info(licence.municipality),
            made=decision_maker(lead, lead.decided_on),
            violations=violations,
            total_points_in_window=result.in_window,
            window_starts_on=result.window_start,
            window_ends_on=result.window_end,
            advance_notice_on=min(notices) if notices else None,
            holder_comments=inspection.holder_comment if inspection else "",
            suspension_threshold=THRESHOLD,
            further=further_points(result.decisions),
            suspension_due=result.basis is not None,
        )


def _point_lines(decisions: Iterable[PointDecision]) -> tuple[PointDecisionLine, ...]:
    return tuple(
        PointDecisionLine(
            violation=pd.violation.name,
            violation_on=pd.violation_on,
            points=pd.points,
            reference=pd.reference or pd.case_number or "–",
            decided_on=pd.decided_on,
        )
        for pd in decisions
    )


def context_for_suspension(
    suspension: Suspension,
    *,
    language: str,
    officer,
    kind: str | None = None,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> SuspensionAdvanceNoticeContext | SuspensionDecisionContext:
    """The advance notice of suspension (the default while notified) or the suspension
    decision (once decided), listing every point decision it rests on
    (``Suspension.point_decisions``; for an imported suspension without that list, the
    decisions the rules count on the date). At most five queries."""
    suspension = Suspension.objects.select_related(
        "case", "decided_by", "case_officer", *_LICENCE_RELATED
    ).get(pk=suspension.pk)
    if kind is None:
        kind = (
            LetterKind.SUSPENSION_DECISION
            if suspension.status == SuspensionStatus.DECIDED
            else LetterKind.SUSPENSION_ADVANCE_NOTICE
        )
    licence = suspension.licence
    on = (
        suspension.decided_on
        if kind == LetterKind.SUSPENSION_DECISION
        else suspension.advance_notice_on
    )
    if on is None:
        raise DomainError(_("There is no letter of this kind for this suspension yet."))
    rests_on = list(
        suspension.point_decisions.select_related("violation", "case").order_by(
            "violation_on", "pk"
        )
    )
    # The window on the date, as if this suspension had not been decided (a suspension
    # decided on D uses up the points up to D, which would leave its own letter empty).
    decisions, suspensions = _licence_history(licence, exclude_suspension=suspension.pk)
    result = point_facts.evaluate(licence, decisions, suspensions, on)
    if not rests_on:
        rests_on = point_facts.basis_decisions(result, decisions)
    if not rests_on:
        raise DomainError(
            _("The suspension rests on no point decisions: there is nothing to write about.")
        )
    # The span of violation dates the suspension rests on (alkoholforskriften § 10-2):
    # the two years ending on its latest violation.
    span_ends_on = max(pd.violation_on for pd in rests_on)
    span_starts_on = minus_years(span_ends_on, WINDOW_YEARS) + ONE_DAY
    with translation.override(language):
        lines = _point_lines(rests_on)
        common = _letter_context_values(
            municipality=licence.municipality,
            recipient=holder_party(licence.holder),
            our_reference=case_reference(suspension.case, suspension.reference),
            officer=decision_officer(suspension, officer)
            if kind == LetterKind.SUSPENSION_DECISION
            else officer,
            letter_date=letter_date,
            your_reference=your_reference,
            language=language,
        )
        shared = {
            "licence_number": licence.number,
            "premises_name": _premises_name(licence),
            "point_decisions": lines,
            "total_points": sum(line.points for line in lines),
            "window_starts_on": span_starts_on,
            "window_ends_on": span_ends_on,
        }
        if kind == LetterKind.SUSPENSION_ADVANCE_NOTICE:
            return _checked(
                SuspensionAdvanceNoticeContext,
                **common,
                **shared,
                proposed_days=suspension.days,
                comment_deadline=suspension.comment_deadline_on
                or default_comment_deadline(suspension.advance_notice_on),
                proposed_starts_on=suspension.starts_on,
            )
        return _checked(
            SuspensionDecisionContext,
            **common,
            **shared,
            appeal=appeal_info(licence.municipality),
            made=decision_maker(suspension, suspension.decided_on),
            days=suspension.days,
            starts_on=suspension.starts_on,
            ends_on=suspension.ends_on,
            suspension_decided_on=suspension.decided_on,
            advance_notice_on=suspension.advance_notice_on,
            assessment=suspension.reasons,
            holder_comments=suspension.holder_comments,
        )


def point_letter_kinds(pd: PointDecision) -> list[str]:
    kinds = []
    if pd.advance_notice_on is not None:
        kinds.append(LetterKind.POINTS_ADVANCE_NOTICE)
    if pd.status == PointDecisionStatus.DECIDED:
        kinds.append(LetterKind.POINTS_DECISION)
    return kinds


# --- Point decision groups --------------------------------------------------------------

_GROUP_FIELDS = {
    LetterKind.POINTS_ADVANCE_NOTICE: ("licence_id", "inspection_id", "advance_notice_on"),
    LetterKind.POINTS_DECISION: ("licence_id", "inspection_id", "decided_on", "reference"),
}


def point_decision_group_key(pd: PointDecision, kind: str) -> tuple | None:
    """What the rows of one advance notice or decision share, the kind first; None: no
    such letter."""
    if kind not in point_letter_kinds(pd):
        return None
    if pd.inspection_id is None:
        return (kind, "single", pd.pk)
    return (kind, *(getattr(pd, name) for name in _GROUP_FIELDS[kind]))


def point_decision_group(pd: PointDecision, kind: str) -> QuerySet[PointDecision]:
    """Every point decision in the same advance notice or decision as ``pd``, lead first."""
    if point_decision_group_key(pd, kind) is None:
        return PointDecision.objects.none()
    if pd.inspection_id is None:
        rows = PointDecision.objects.filter(pk=pd.pk)
    else:
        rows = PointDecision.objects.filter(
            **{name: getattr(pd, name) for name in _GROUP_FIELDS[kind]}
        )
        if kind == LetterKind.POINTS_DECISION:
            rows = rows.filter(status=PointDecisionStatus.DECIDED)
    return rows.order_by("pk")
