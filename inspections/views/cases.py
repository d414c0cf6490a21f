"""The page of one suspension (inndragning): what it rests on, its timeline, its letters,
its history and what can be done with it now. Reuses the selectors and services of the
points pages; the actions are the existing decide and cancel pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import Suspension, SuspensionStatus
from inspections.selectors import suspension_for_officer
from licensing.access import case_officer_required
from licensing.clock import today
from licensing.history import history_entries
from licensing.rules import deadlines

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
        "history": history_entries(suspension),
    }
    return render(request, "inspections/suspension_detail.html", context)
