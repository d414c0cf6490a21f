"""The pages of one point case (prikksak) and one suspension (inndragning): what they rest
on, their timeline, their letters, their history, their case officer and what can be done
with them now. Reuse the selectors and services of the points pages; the actions are the
existing notice, decide, withdraw and cancel pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.filters import CaseFilter
from inspections.models import (
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from inspections.selectors import (
    point_and_suspension_cases,
    point_case_decisions,
    suspension_for_officer,
    with_case_records,
)
from licensing.access import case_officer_required, officer_municipalities
from licensing.clock import today
from licensing.history import history_entries
from licensing.rules import deadlines
from licensing.selectors import case_reminders
from licensing.views.case_officer import officer_choices

from .common import paginate, sort_columns

BADGES = {
    SuspensionStatus.PROPOSED: "neutral",
    SuspensionStatus.NOTIFIED: "warn",
    SuspensionStatus.DECIDED: "bad",
    SuspensionStatus.CANCELLED: "neutral",
}


@dataclass(frozen=True)
class Step:
    on: dt.date
    label: str
    note: str = ""

    def state(self, today_: dt.date) -> str:
        return "past" if self.on < today_ else "today" if self.on == today_ else "future"


def suspension_timeline(suspension: Suspension, rests_on) -> list[Step]:
    """The dated steps of a suspension case, in date order: the inspections behind its
    points, the point decisions, the advance notice and its comment deadline
    (forvaltningsloven § 16), the decision and its appeal deadline (§ 29, counted from the
    decision date), and the period itself."""
    steps: list[Step] = []
    for decision in rests_on:
        if decision.inspection_id:
            steps.append(
                Step(
                    timezone.localdate(decision.inspection.started_at),
                    _("Control report: %(breach)s") % {"breach": decision.violation.name},
                )
            )
        if decision.decided_on:
            steps.append(
                Step(
                    decision.decided_on,
                    _("Points decided: %(points)s for %(breach)s")
                    % {"points": decision.points, "breach": decision.violation.name},
                    decision.reference,
                )
            )
    if suspension.advance_notice_on:
        steps.append(Step(suspension.advance_notice_on, _("Advance notice of suspension sent")))
    if suspension.comment_deadline_on:
        steps.append(
            Step(
                suspension.comment_deadline_on,
                _("Deadline for the holder's comments (forvaltningsloven § 16)"),
            )
        )
    if suspension.decided_on:
        steps.append(Step(suspension.decided_on, _("Suspension decided"), suspension.reference))
        steps.append(
            Step(
                deadlines.appeal_period_end(suspension.decided_on),
                _("Appeal deadline (three weeks, forvaltningsloven § 29)"),
                _("counted from the decision date; for the holder it runs from receipt"),
            )
        )
    if suspension.status != SuspensionStatus.CANCELLED:
        intended = suspension.status != SuspensionStatus.DECIDED
        steps.append(
            Step(
                suspension.starts_on,
                _("Intended start of the suspension") if intended else _("Suspension starts"),
            )
        )
        steps.append(
            Step(
                suspension.ends_on,
                _("Intended last day of the suspension")
                if intended
                else _("Last day of the suspension"),
            )
        )
    return sorted(steps, key=lambda step: step.on)


@case_officer_required
def suspension_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = suspension_for_officer(request.user, pk)
    on = today()
    rests_on = list(
        suspension.point_decisions.select_related("violation", "inspection").order_by(
            "violation_on", "pk"
        )
    )
    open_case = suspension.status in (SuspensionStatus.PROPOSED, SuspensionStatus.NOTIFIED)
    steps = suspension_timeline(suspension, rests_on)
    context = {
        "suspension": suspension,
        "licence": suspension.licence,
        "badge_kind": BADGES.get(suspension.status, "neutral"),
        "rests_on": rests_on,
        "timeline": [(step, step.state(on)) for step in steps],
        "can_decide": open_case,
        "can_cancel": open_case,
        "case": suspension.case,
        "officers": officer_choices(suspension.case),
        "reminders": case_reminders(suspension.case),
        "history": history_entries(suspension, *([suspension.case] if suspension.case else [])),
    }
    return render(request, "inspections/suspension_detail.html", context)


POINT_BADGES = {
    PointDecisionStatus.PROPOSED: "neutral",
    PointDecisionStatus.NOTIFIED: "warn",
    PointDecisionStatus.DECIDED: "bad",
    PointDecisionStatus.WITHDRAWN: "neutral",
}
# A point case is as far as its least advanced live decision (withdrawn ones aside).
_CASE_ORDER = (
    PointDecisionStatus.PROPOSED,
    PointDecisionStatus.NOTIFIED,
    PointDecisionStatus.DECIDED,
)


def point_case_status(decisions: list[PointDecision]) -> str:
    """The state of the case: the least advanced of its decisions that are not withdrawn
    (proposed, then notified, then decided); withdrawn when all are."""
    live = {d.status for d in decisions if d.status != PointDecisionStatus.WITHDRAWN}
    for status in _CASE_ORDER:
        if status in live:
            return status
    return PointDecisionStatus.WITHDRAWN


def point_case_timeline(decisions: list[PointDecision], inspection) -> list[Step]:
    """The dated steps of a point case, in date order: the inspection and its report to the
    holder with the holder's two weeks to comment (alkoholforskriften § 9-6), the advance
    notice and its comment deadline (forvaltningsloven § 16), the decision and its appeal
    deadline (§ 29, counted from the decision date)."""
    steps: list[Step] = []
    if inspection is not None:
        steps.append(
            Step(timezone.localdate(inspection.started_at), _("Inspection (control report)"))
        )
        if inspection.report_sent_on:
            steps.append(Step(inspection.report_sent_on, _("Report sent to the holder")))
            steps.append(
                Step(
                    deadlines.holder_comment_due(inspection.report_sent_on),
                    _(
                        "Deadline for the holder's comments on the report (alkoholforskriften § 9-6)"
                    ),
                )
            )
        if inspection.holder_comment_on:
            steps.append(Step(inspection.holder_comment_on, _("The holder's comment received")))
    else:
        for decision in decisions:
            steps.append(
                Step(
                    decision.violation_on,
                    _("Breach: %(breach)s") % {"breach": decision.violation.name},
                )
            )
    live = [d for d in decisions if d.status != PointDecisionStatus.WITHDRAWN]
    seen: set[tuple] = set()

    def add(on, label, note=""):
        if on is not None and (on, label) not in seen:
            seen.add((on, label))
            steps.append(Step(on, label, note))

    for decision in live:
        proposed_on = timezone.localdate(decision.created_at)
        if decision.advance_notice_on is None or proposed_on <= decision.advance_notice_on:
            # (points registered after their notice, e.g. imported, have no proposal step)
            add(proposed_on, _("Points proposed"))
        add(decision.advance_notice_on, _("Advance notice of points sent"))
        add(
            decision.comment_deadline_on,
            _("Deadline for the holder's comments on the notice (forvaltningsloven § 16)"),
        )
        if decision.decided_on:
            add(decision.decided_on, _("Points decided"), decision.reference)
            add(
                deadlines.appeal_period_end(decision.decided_on),
                _("Appeal deadline (three weeks, forvaltningsloven § 29)"),
                _("counted from the decision date; for the holder it runs from receipt"),
            )
    return sorted(steps, key=lambda step: step.on)


@case_officer_required
def point_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The point case of point decision ``pk``: every decision of its case (or of its
    inspection, for decisions made before case numbers), the inspection's findings, the
    timeline, the letters, the history and the case officer."""
    decisions = point_case_decisions(request.user, pk)
    lead = next((d for d in decisions if d.status != PointDecisionStatus.WITHDRAWN), decisions[0])
    licence = lead.licence
    inspection = lead.inspection
    if inspection is not None:
        inspection.inspected_on = timezone.localdate(inspection.started_at)
    findings = list(inspection.findings.select_related("violation")) if inspection else []
    status = point_case_status(decisions)
    on = today()
    case = lead.case
    context = {
        "decisions": decisions,
        "lead": lead,
        "licence": licence,
        "inspection": inspection,
        "findings": findings,
        "status": status,
        "status_label": PointDecisionStatus(status).label,
        "badge_kind": POINT_BADGES[status],
        "timeline": [(step, step.state(on)) for step in point_case_timeline(decisions, inspection)],
        "total_points": sum(
            d.points for d in decisions if d.status != PointDecisionStatus.WITHDRAWN
        ),
        "can_notify": any(d.status == PointDecisionStatus.PROPOSED for d in decisions),
        "can_decide": any(d.status == PointDecisionStatus.NOTIFIED for d in decisions),
        "case": case,
        "officers": officer_choices(case),
        "reminders": case_reminders(case),
        "history": history_entries(*decisions, *([case] if case else [])),
    }
    return render(request, "inspections/point_case_detail.html", context)


CASE_COLUMNS = (
    ("number", gettext_lazy("Case number")),
    ("deadline", gettext_lazy("Comment deadline")),
)
CASE_BADGES = {**POINT_BADGES, **BADGES}


@case_officer_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Point cases and suspensions, one row per case, with the case officer; filtered by
    kind, state and "my cases". A fixed number of queries per page."""
    municipalities = list(officer_municipalities(request.user))
    filterset = CaseFilter(
        request.GET,
        queryset=point_and_suspension_cases([m.pk for m in municipalities]),
        municipalities=municipalities,
        user=request.user,
    )
    queryset = filterset.qs
    ordering = tuple(queryset.query.order_by) or ("-year", "-sequence")
    if ordering and ordering[0].lstrip("-") == "sequence":
        ordering = (("-" if ordering[0].startswith("-") else "") + "year", *ordering)
    pagination = paginate(request, queryset.order_by(*ordering, "-pk"))
    rows = with_case_records(pagination["page_obj"].object_list)
    labels = {**dict(PointDecisionStatus.choices), **dict(SuspensionStatus.choices)}
    for row in rows:
        row.state_label = labels.get(row.state, row.state)
        row.badge_kind = CASE_BADGES.get(row.state, "neutral")
    context = {
        "filter": filterset,
        "rows": rows,
        "columns": sort_columns(request, filterset.current_ordering, CASE_COLUMNS),
        "several_municipalities": len(municipalities) > 1,
        **pagination,
    }
    return render(request, "inspections/case_list.html", context)
