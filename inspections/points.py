"""Facts for the rules engine from the database, and the point history of one licence.

The law (windows, totals, suspension length, points used up by a suspension) lives in
``licensing.rules.points``; this module only gathers the facts and labels each point
decision with why it does or does not count, using the window the rules computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.models import (
    Finding,
    Inspection,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from licensing.formatting import short_date
from licensing.models import Licence
from licensing.rules import points as rules
from licensing.rules.base import RuleResult
from licensing.rules.dates import minus_years

COUNTED = "counted"
USED_UP = "used_up"
BEFORE_TRANSFER = "before_transfer"
OUTSIDE_WINDOW = "outside_window"
IN_BASIS = "in_basis"  # outside the window on the date, but in the suspension basis
NOT_YET_DECIDED = "not_yet_decided"  # proposed or notified
WITHDRAWN = "withdrawn"
LATER = "later"  # decided, or violation, after the reference date

OPEN_SUSPENSION_STATUSES = (SuspensionStatus.PROPOSED, SuspensionStatus.NOTIFIED)

STATE_LABELS = {
    COUNTED: gettext_lazy("counts"),
    USED_UP: gettext_lazy("used up by suspension"),
    BEFORE_TRANSFER: gettext_lazy("before transfer"),
    OUTSIDE_WINDOW: gettext_lazy("outside the window"),
    IN_BASIS: gettext_lazy("counts towards the suspension"),
    NOT_YET_DECIDED: gettext_lazy("not decided"),
    WITHDRAWN: gettext_lazy("withdrawn"),
    LATER: gettext_lazy("after the reference date"),
}
STATE_BADGES = {
    COUNTED: "bad",
    USED_UP: "neutral",
    BEFORE_TRANSFER: "neutral",
    OUTSIDE_WINDOW: "neutral",
    IN_BASIS: "bad",
    NOT_YET_DECIDED: "warn",
    WITHDRAWN: "neutral",
    LATER: "neutral",
}
STATUS_BADGES = {
    PointDecisionStatus.PROPOSED: "neutral",
    PointDecisionStatus.NOTIFIED: "warn",
    PointDecisionStatus.DECIDED: "bad",
    PointDecisionStatus.WITHDRAWN: "neutral",
}
SUSPENSION_BADGES = {
    SuspensionStatus.PROPOSED: "neutral",
    SuspensionStatus.NOTIFIED: "warn",
    SuspensionStatus.DECIDED: "bad",
    SuspensionStatus.CANCELLED: "neutral",
}


def point_fact(decision: PointDecision) -> rules.PointDecisionFact:
    return rules.PointDecisionFact(
        violation_code=decision.violation.code,
        violation_on=decision.violation_on,
        points=decision.points,
        decided_on=decision.decided_on,
        reference=decision.reference,
        key=decision.pk,
    )


def suspension_fact(suspension: Suspension) -> rules.SuspensionFact:
    return rules.SuspensionFact(
        decided_on=suspension.decided_on,
        starts_on=suspension.starts_on,
        ends_on=suspension.ends_on,
        reference=suspension.reference,
    )


def decided(decisions: Iterable[PointDecision]) -> list[PointDecision]:
    return [
        d for d in decisions if d.status == PointDecisionStatus.DECIDED and d.decided_on is not None
    ]


def decided_suspensions(suspensions: Iterable[Suspension]) -> list[Suspension]:
    return [
        s for s in suspensions if s.status == SuspensionStatus.DECIDED and s.decided_on is not None
    ]


def evaluate(
    licence: Licence,
    decisions: Iterable[PointDecision],
    suspensions: Iterable[Suspension],
    on: dt.date,
) -> rules.PointsResult:
    """``licensing.rules.points.points_in_window`` over the licence's records."""
    return evaluate_facts(licence, [point_fact(d) for d in decided(decisions)], suspensions, on)


def evaluate_facts(
    licence: Licence,
    decided_facts: list[rules.PointDecisionFact],
    suspensions: Iterable[Suspension],
    on: dt.date,
) -> rules.PointsResult:
    """``evaluate`` with the decided point decisions already as facts (``point_fact`` of
    the rows ``decided`` keeps), e.g. read as plain values."""
    return rules.points_in_window(
        decided_facts,
        on,
        transferred_on=licence.transferred_on,
        suspensions=[suspension_fact(s) for s in decided_suspensions(suspensions)],
        kind=licence.kind,
    )


def counted_decisions(
    result: rules.PointsResult, decisions: Iterable[PointDecision]
) -> list[PointDecision]:
    """The rows behind ``result.decisions``: decided on or before the reference date, with
    the violation date inside the window the rules computed (their own predicate)."""
    if not result.in_point_system:
        return []
    return [
        d
        for d in decided(decisions)
        if d.decided_on <= result.window_end
        and result.window_start <= d.violation_on <= result.window_end
    ]


def basis_decisions(
    result: rules.PointsResult, decisions: Iterable[PointDecision]
) -> list[PointDecision]:
    """The rows behind ``result.basis.decisions`` (the suspension basis), oldest first."""
    if result.basis is None:
        return []
    keys = [fact.key for fact in result.basis.decisions]
    by_pk = {d.pk: d for d in decisions}
    return [by_pk[key] for key in keys]


@dataclass
class PointEntry:
    decision: PointDecision
    state: str
    note: str
    used_up_by: Suspension | None = None
    #: In the suspension basis (the span of violation dates the suspension rests on).
    in_basis: bool = False

    @property
    def counts(self) -> bool:
        return self.state == COUNTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge_kind(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def status_badge_kind(self) -> str:
        return STATUS_BADGES.get(self.decision.status, "neutral")

    @property
    def deviates(self) -> bool:
        return self.decision.points != self.decision.standard_points


@dataclass
class TimelineEvent:
    on: dt.date
    kind: str  # point | window_start | window_end | transfer | suspension
    entry: PointEntry | None = None
    suspension: Suspension | None = None
    label: str = ""


@dataclass
class LicencePoints:
    """Everything the point pages show for one licence on one date."""

    licence: Licence
    on: dt.date
    result: rules.PointsResult
    entries: list[PointEntry]
    suspensions: list[Suspension]
    active_suspension: RuleResult
    open_suspension: Suspension | None
    timeline: list[TimelineEvent] = field(default_factory=list)

    @property
    def counted(self) -> list[PointDecision]:
        return [e.decision for e in self.entries if e.counts]

    @property
    def proposed(self) -> list[PointDecision]:
        return [
            e.decision for e in self.entries if e.decision.status == PointDecisionStatus.PROPOSED
        ]

    @property
    def notified(self) -> list[PointDecision]:
        return [
            e.decision for e in self.entries if e.decision.status == PointDecisionStatus.NOTIFIED
        ]

    @property
    def can_notify_suspension(self) -> bool:
        return self.result.revocation_candidate and self.open_suspension is None

    @property
    def current_suspension(self) -> Suspension | None:
        if not self.active_suspension.outcome:
            return None
        params = self.active_suspension.parameters
        for suspension in decided_suspensions(self.suspensions):
            if (suspension.decided_on, suspension.starts_on, suspension.ends_on) == (
                params["decided_on"], params["starts_on"], params["ends_on"],
            ):  # fmt: skip
                return suspension
        return None

    @property
    def axis(self) -> dict:
        """The visual timeline: positions in per cent of an axis that runs from two years
        before the reference date (or the oldest event) to the reference date."""
        start = min([minus_years(self.on, rules.WINDOW_YEARS)] + [e.on for e in self.timeline])
        span = max((self.on - start).days, 1)

        def pos(day: dt.date) -> float:
            return round(100 * min(max((day - start).days, 0), span) / span, 2)

        window_left = pos(self.result.window_start)
        return {
            "start": start,
            "end": self.on,
            "window_left": window_left,
            "window_width": round(max(100 - window_left, 0), 2),
            "markers": [
                {"left": pos(event.on), "event": event}
                for event in self.timeline
                if event.kind in ("point", "suspension", "transfer")
            ],
        }


def classify(
    licence: Licence,
    decisions: list[PointDecision],
    suspensions: list[Suspension],
    result: rules.PointsResult,
    on: dt.date,
) -> list[PointEntry]:
    """Label every point decision: counted, or why not (used up by a suspension, before the
    transfer, older than the window, not decided yet, withdrawn); and whether it is in the
    suspension basis, which may reach back further than the window."""
    counted_ids = {d.pk for d in counted_decisions(result, decisions)}
    basis_ids = {d.pk for d in basis_decisions(result, decisions)}
    entries = _classify(licence, decisions, suspensions, result, on, counted_ids)
    for entry in entries:
        if entry.decision.pk in basis_ids:
            entry.in_basis = True
            if entry.state == OUTSIDE_WINDOW:
                entry.state = IN_BASIS
                entry.note = _(
                    "Older than two years now, but within two years of the violation on "
                    "%(date)s: counts towards the suspension (alkoholforskriften § 10-2)."
                ) % {"date": short_date(result.basis.window_end)}
    return entries


def _classify(
    licence: Licence,
    decisions: list[PointDecision],
    suspensions: list[Suspension],
    result: rules.PointsResult,
    on: dt.date,
    counted_ids: set[int],
) -> list[PointEntry]:
    in_force = sorted(
        (s for s in decided_suspensions(suspensions) if s.decided_on <= on),
        key=lambda s: s.decided_on,
    )
    entries = []
    for decision in decisions:
        if decision.status == PointDecisionStatus.WITHDRAWN:
            entries.append(PointEntry(decision, WITHDRAWN, _("Withdrawn; does not count.")))
            continue
        if decision.status != PointDecisionStatus.DECIDED:
            entries.append(
                PointEntry(decision, NOT_YET_DECIDED, _("Not decided; only decided points count."))
            )
            continue
        if decision.pk in counted_ids:
            entries.append(PointEntry(decision, COUNTED, _("Counts in the current window.")))
            continue
        if not result.in_point_system:
            entries.append(
                PointEntry(decision, OUTSIDE_WINDOW, _("The licence is outside the point system."))
            )
            continue
        if decision.decided_on > on or decision.violation_on > on:
            entries.append(
                PointEntry(decision, LATER, _("Decided after %(date)s.") % {"date": short_date(on)})
            )
            continue
        consumer = next((s for s in in_force if s.decided_on >= decision.violation_on), None)
        if consumer is not None:
            entries.append(
                PointEntry(
                    decision,
                    USED_UP,
                    _("Used up by the suspension decided on %(date)s.")
                    % {"date": short_date(consumer.decided_on)},
                    used_up_by=consumer,
                )
            )
            continue
        transferred_on = licence.transferred_on
        if transferred_on is not None and decision.violation_on < transferred_on <= on:
            entries.append(
                PointEntry(
                    decision,
                    BEFORE_TRANSFER,
                    _("Before the transfer on %(date)s; a transfer starts a new window.")
                    % {"date": short_date(transferred_on)},
                )
            )
            continue
        entries.append(
            PointEntry(
                decision,
                OUTSIDE_WINDOW,
                _("Older than the two-year window (starts %(date)s).")
                % {"date": short_date(result.window_start)},
            )
        )
    return entries


def build_timeline(data: LicencePoints) -> list[TimelineEvent]:
    events: list[TimelineEvent] = [
        TimelineEvent(on=e.decision.violation_on, kind="point", entry=e)
        for e in data.entries
        if e.state != WITHDRAWN
    ]
    for suspension in decided_suspensions(data.suspensions):
        events.append(
            TimelineEvent(on=suspension.decided_on, kind="suspension", suspension=suspension)
        )
    transferred_on = data.licence.transferred_on
    if transferred_on is not None and transferred_on <= data.on:
        events.append(TimelineEvent(on=transferred_on, kind="transfer"))
    if data.result.in_point_system:
        events.append(TimelineEvent(on=data.result.window_start, kind="window_start"))
        events.append(TimelineEvent(on=data.on, kind="window_end"))
    order = {"window_start": 0, "transfer": 1, "point": 2, "suspension": 3, "window_end": 4}
    events.sort(key=lambda e: (e.on, order[e.kind]))
    return events


def licence_points(licence: Licence, on: dt.date) -> LicencePoints:
    """The point history of one licence on ``on`` (3 queries)."""
    decisions = list(
        PointDecision.objects.filter(licence=licence)
        .select_related("violation", "inspection")
        .order_by("violation_on", "decided_on", "pk")
    )
    suspensions = list(
        Suspension.objects.filter(licence=licence)
        .prefetch_related(Prefetch("point_decisions", queryset=PointDecision.objects.only("pk")))
        .order_by("-created_at", "-pk")
    )
    result = evaluate(licence, decisions, suspensions, on)
    entries = classify(licence, decisions, suspensions, result, on)
    open_suspension = next((s for s in suspensions if s.status in OPEN_SUSPENSION_STATUSES), None)
    for suspension in suspensions:
        suspension.badge_kind = SUSPENSION_BADGES.get(suspension.status, "neutral")
        suspension.rests_on_count = len(suspension.point_decisions.all())
    data = LicencePoints(
        licence=licence,
        on=on,
        result=result,
        entries=entries,
        suspensions=suspensions,
        active_suspension=rules.suspended_on(
            [suspension_fact(s) for s in decided_suspensions(suspensions)], on
        ),
        open_suspension=open_suspension,
    )
    data.timeline = build_timeline(data)
    return data


def pending_inspections(licence: Licence) -> list[Inspection]:
    """Inspections of the licence with findings that have no active point decision (1 query)."""
    no_decision = ~Exists(
        PointDecision.objects.filter(
            inspection=OuterRef("inspection"), violation=OuterRef("violation")
        ).exclude(status=PointDecisionStatus.WITHDRAWN)
    )
    ids = (
        Finding.objects.filter(inspection__licence=licence)
        .filter(no_decision)
        .values("inspection_id")
    )
    return list(Inspection.objects.filter(pk__in=ids).order_by("-started_at"))
