"""Penalty points: proposal, advance notice and decision (alkoholforskriften ch. 10).

- Scope (§ 10-1): only sales and serving licences (``sales``, ``serving``,
  ``serving_part_year``) get points; single-occasion and catering licences never do.
- One proposal per distinct catalogue code found at an inspection: similar breaches at the
  same inspection count once, different breaches add up (§ 10-2). The database backs this
  with the unique constraint ``point_decision_one_per_code_per_inspection``.
- The standard points of the catalogue (§ 10-3) apply; a deviation needs a written
  justification (§ 10-4), backed by the constraint ``point_decision_deviation_justified``.
- Advance notice (forhåndsvarsel, forvaltningsloven § 16) with a deadline for comments
  (by default ``licensing.rules.deadlines.DEFAULT_COMMENT_DAYS``, two weeks, after the day
  of issue, at least ``MINIMUM_COMMENT_DAYS``; the officer may choose another; a notice
  whose deadline has become too short by the time its letter is issued gets a new deadline
  first: ``point_notice_redate``), then the decision (enkeltvedtak).
  Only decided points count (the rules engine in ``licensing.rules.points``).

Workflow (``ALLOWED_TRANSITIONS``): proposed -> notified -> decided; proposed or notified
-> withdrawn. Decided and withdrawn are final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspections.models import (
    Finding,
    Inspection,
    PointDecision,
    PointDecisionStatus,
    ViolationType,
)
from licensing.clock import today as clock_today
from licensing.errors import DomainError, TransitionNotAllowed
from licensing.formatting import short_date
from licensing.models import CaseKind, DecisionMatter, Licence
from licensing.rules import references
from licensing.rules.deadlines import (
    ADVANCE_NOTICE_REFERENCE,
    DEFAULT_COMMENT_DAYS,
    MINIMUM_COMMENT_DAYS,
    comment_deadline_too_short,
)
from licensing.rules.deadlines import default_comment_deadline as rule_comment_deadline
from licensing.rules.points import in_point_system
from licensing.services.case_numbers import case_open
from licensing.services.delegation import DecidingBody, record_body, resolve_body
from licensing.services.register import Actor
from licensing.services.validation import InvalidData, full_clean_or_raise

from .review import SUBMITTED, report_state

S = PointDecisionStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.NOTIFIED, S.WITHDRAWN}),
    S.NOTIFIED: frozenset({S.DECIDED, S.WITHDRAWN}),
    S.DECIDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
ACTIVE_STATUSES = frozenset({S.PROPOSED, S.NOTIFIED, S.DECIDED})


def default_comment_deadline(advance_notice_on: dt.date) -> dt.date:
    """forvaltningsloven § 16: the comment deadline of a notice issued on the date; 14 days
    unless settings.ADVANCE_NOTICE_COMMENT_DAYS says otherwise (never under a week)."""
    days = getattr(settings, "ADVANCE_NOTICE_COMMENT_DAYS", DEFAULT_COMMENT_DAYS)
    return rule_comment_deadline(advance_notice_on, days)


def comment_deadline_message() -> str:
    return _(
        "The deadline for comments must be after the advance notice date, and at least "
        "%(days)s days after it: the holder needs reasonable time to comment (%(reference)s)."
    ) % {"days": MINIMUM_COMMENT_DAYS, "reference": references.cite(ADVANCE_NOTICE_REFERENCE)}


def status_label(status: str) -> str:
    return str(PointDecisionStatus(status).label).lower()


def _catalogue_name(code: str) -> str:
    """The catalogue name of ``code`` in the active language (the code only if unknown)."""
    violation = ViolationType.objects.filter(code=code).first()
    return violation.name if violation is not None else code


def _describe(decision: PointDecision) -> str:
    return _("%(code)s (violation %(date)s)") % {
        "code": decision.violation.name,
        "date": short_date(decision.violation_on),
    }


def check_transition(decision: PointDecision, target: str) -> None:
    """Raise ``TransitionNotAllowed`` naming the current status unless allowed."""
    current = decision.status
    if target in ALLOWED_TRANSITIONS.get(current, frozenset()):
        return
    messages = {
        S.NOTIFIED: _(
            "The point decision %(what)s is %(status)s; only proposed points can be notified."
        ),
        S.DECIDED: _(
            "The point decision %(what)s is %(status)s; only points with an advance notice can "
            "be decided (forvaltningsloven § 16)."
        ),
        S.WITHDRAWN: _(
            "The point decision %(what)s is %(status)s; only proposed or notified points can "
            "be withdrawn."
        ),
    }
    raise TransitionNotAllowed(
        messages[target] % {"what": _describe(decision), "status": status_label(current)},
        current=current,
    )


def check_point_system(licence: Licence) -> None:
    if not in_point_system(licence.kind):
        raise DomainError(
            _(
                "%(kind)s licences are outside the point system and cannot get penalty points "
                "(%(reference)s)."
            )
            % {
                "kind": licence.get_kind_display(),
                "reference": references.cite(references.POINT_SCOPE),
            }
        )


# Proposals ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProposedPoints:
    """The officer's proposal for one catalogue code: the points and, if they differ from
    the standard, the written justification (§ 10-4)."""

    violation_code: str
    points: int
    justification: str = ""


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one catalogue code at one inspection: one breach for points."""

    violation: ViolationType
    violation_on: dt.date  # local date of the first finding of the code
    findings: tuple[Finding, ...]
    decision: PointDecision | None  # the active (not withdrawn) point decision, if any


def finding_groups(inspection: Inspection) -> list[FindingGroup]:
    """The inspection's findings grouped by catalogue code, in catalogue order (2 queries)."""
    findings = list(inspection.findings.select_related("violation").order_by("observed_at", "pk"))
    decisions = {
        d.violation_id: d
        for d in inspection.point_decisions.exclude(status=S.WITHDRAWN).select_related("violation")
    }
    grouped: dict[int, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.violation_id, []).append(finding)
    groups = [
        FindingGroup(
            violation=items[0].violation,
            violation_on=timezone.localdate(items[0].observed_at),
            findings=tuple(items),
            decision=decisions.get(violation_id),
        )
        for violation_id, items in grouped.items()
    ]
    groups.sort(key=lambda g: (g.violation.sort_order, g.violation.code))
    return groups


def deviation_message(standard: int, points: int) -> str:
    """Why a deviation from the standard points needs a written justification (§ 10-4)."""
    return ngettext(
        "The standard for this breach is %(standard)s point. Write the justification for "
        "giving %(points)s (%(reference)s).",
        "The standard for this breach is %(standard)s points. Write the justification for "
        "giving %(points)s (%(reference)s).",
        standard,
    ) % {
        "standard": standard,
        "points": points,
        "reference": references.cite(references.POINT_DEVIATION),
    }


def _validate_points(
    errors: dict[str, list[str]], key: str, standard: int, points: int, justification: str
) -> None:
    if points < 1:
        errors.setdefault(f"{key}.points", []).append(
            _("Give at least 1 point; to give none, leave the breach out.")
        )
    elif points != standard and not justification.strip():
        errors.setdefault(f"{key}.justification", []).append(deviation_message(standard, points))


def _save(decision: PointDecision, actor: Actor) -> None:
    full_clean_or_raise(decision)
    decision._history_user = actor
    decision.save()


@transaction.atomic
def point_decisions_propose(
    *, inspection: Inspection, actor: Actor, proposals: Sequence[ProposedPoints]
) -> list[PointDecision]:
    """Propose points for breaches found at ``inspection``: one per distinct code.

    All or nothing: any error refuses every proposal. Errors are keyed
    ``"<code>.points"`` / ``"<code>.justification"`` (or ``"__all__"``).
    """
    inspection = (
        Inspection.objects.select_for_update().select_related("licence").get(pk=inspection.pk)
    )
    check_point_system(inspection.licence)
    if report_state(inspection) == SUBMITTED:
        raise TransitionNotAllowed(
            _(
                "Start the review of the report before proposing points: until then the "
                "control company can still change it."
            ),
            current=SUBMITTED,
        )
    if not proposals:
        raise DomainError(_("Choose at least one breach to propose points for."))
    groups = {g.violation.code: g for g in finding_groups(inspection)}
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    names = {code: group.violation.name for code, group in groups.items()}
    for proposal in proposals:
        code = proposal.violation_code
        # People read the catalogue name, never the code (issue 10 section 5).
        name = names.get(code) or _catalogue_name(code)
        if code in seen:
            errors.setdefault("__all__", []).append(
                _(
                    "%(code)s is listed twice; similar breaches at the same inspection count "
                    "once (%(reference)s)."
                )
                % {"code": name, "reference": references.cite(references.POINTS)}
            )
            continue
        seen.add(code)
        group = groups.get(code)
        if group is None:
            errors.setdefault("__all__", []).append(
                _("The inspection has no finding of %(code)s.") % {"code": name}
            )
            continue
        if group.decision is not None:
            errors.setdefault("__all__", []).append(
                _("Points for %(code)s at this inspection are already %(status)s.")
                % {"code": name, "status": status_label(group.decision.status)}
            )
            continue
        _validate_points(
            errors, code, group.violation.standard_points, proposal.points,
            proposal.justification,
        )  # fmt: skip
    if errors:
        raise InvalidData(errors)

    # One point case per inspection (its case number, alkoholforskriften § 10-5 letters).
    case = (
        PointDecision.objects.filter(inspection=inspection, case__isnull=False)
        .exclude(status=S.WITHDRAWN)
        .values_list("case", flat=True)
        .first()
    )
    if case is None:
        case = case_open(
            municipality=inspection.licence.municipality,
            kind=CaseKind.POINTS,
            on=clock_today(),
            assigned_to=actor,
        ).pk
    created = []
    for proposal in proposals:
        group = groups[proposal.violation_code]
        decision = PointDecision(
            case_id=case,
            licence=inspection.licence,
            inspection=inspection,
            violation=group.violation,
            violation_on=group.violation_on,
            standard_points=group.violation.standard_points,
            points=proposal.points,
            justification=proposal.justification.strip(),
            status=S.PROPOSED,
        )
        _save(decision, actor)
        created.append(decision)
    return created


@transaction.atomic
def point_decision_propose(
    *,
    licence: Licence,
    actor: Actor,
    violation: ViolationType,
    violation_on: dt.date,
    points: int,
    justification: str = "",
) -> PointDecision:
    """Propose points for a breach not found at an inspection (for example a sales report
    or fee not delivered by the deadline, alkoholforskriften ch. 6)."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    check_point_system(licence)
    errors: dict[str, list[str]] = {}
    if not violation.active:
        errors.setdefault("violation", []).append(
            _("%(code)s is no longer in the catalogue.") % {"code": violation.name}
        )
    if violation_on > clock_today():
        errors.setdefault("violation_on", []).append(
            _("The violation date cannot be in the future.")
        )
    _validate_points(errors, "violation", violation.standard_points, points, justification)
    if errors:
        raise InvalidData(
            {key.replace("violation.", ""): messages for key, messages in errors.items()}
        )
    decision = PointDecision(
        case=case_open(
            municipality=licence.municipality,
            kind=CaseKind.POINTS,
            on=clock_today(),
            assigned_to=actor,
        ),
        licence=licence,
        violation=violation,
        violation_on=violation_on,
        standard_points=violation.standard_points,
        points=points,
        justification=justification.strip(),
        status=S.PROPOSED,
    )
    _save(decision, actor)
    return decision


# Advance notice and decision ------------------------------------------------------------


def _lock_decisions(decisions: Sequence[PointDecision]) -> list[PointDecision]:
    if not decisions:
        raise DomainError(_("Choose at least one point decision."))
    ids = sorted({d.pk for d in decisions})
    locked = list(
        PointDecision.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("violation", "licence")
        .order_by("pk")
    )
    if len({d.licence_id for d in locked}) > 1:
        raise DomainError(
            _("An advance notice or decision concerns one licence; choose points of one licence.")
        )
    return locked


@transaction.atomic
def point_decisions_notify(
    *,
    point_decisions: Sequence[PointDecision],
    actor: Actor,
    advance_notice_on: dt.date,
    comment_deadline_on: dt.date | None = None,
) -> list[PointDecision]:
    """Record the advance notice (forhåndsvarsel, fvl. § 16) of proposed points, with the
    deadline for the holder's comments (default: ``default_comment_deadline``)."""
    locked = _lock_decisions(point_decisions)
    if comment_deadline_on is None:
        comment_deadline_on = default_comment_deadline(advance_notice_on)
    for decision in locked:
        check_transition(decision, S.NOTIFIED)
    if advance_notice_on > clock_today():
        raise DomainError(
            _("The advance notice date cannot be in the future."), field="advance_notice_on"
        )
    for decision in locked:
        if advance_notice_on < decision.violation_on:
            raise DomainError(
                _("The advance notice cannot come before the violation %(what)s.")
                % {"what": _describe(decision)},
                field="advance_notice_on",
            )
    if comment_deadline_too_short(advance_notice_on, comment_deadline_on):
        raise DomainError(comment_deadline_message(), field="comment_deadline_on")
    for decision in locked:
        decision.status = S.NOTIFIED
        decision.advance_notice_on = advance_notice_on
        decision.comment_deadline_on = comment_deadline_on
        _save(decision, actor)
    return locked


@transaction.atomic
def point_notice_redate(
    *,
    point_decisions: Sequence[PointDecision],
    actor: Actor,
    comment_deadline_on: dt.date,
) -> list[PointDecision]:
    """Give a notified advance notice a new comment deadline before its letter is issued.

    A notice recorded earlier whose deadline would be before, or less than a week after, the
    day its letter is issued cannot be issued as it is (forvaltningsloven § 16; domain
    reference section 2). The officer sets a new deadline: the notice is then dated the day
    of issue (today), and the deadline must leave at least a week from today."""
    locked = _lock_decisions(point_decisions)
    issued_on = clock_today()
    for decision in locked:
        if decision.status != S.NOTIFIED:
            raise DomainError(
                _("Only an advance notice that has not been decided can get a new deadline.")
            )
    if comment_deadline_too_short(issued_on, comment_deadline_on):
        raise DomainError(
            _(
                "The new deadline for comments must be at least %(days)s days after today "
                "(%(today)s), the day the notice is issued (%(reference)s)."
            )
            % {
                "days": MINIMUM_COMMENT_DAYS,
                "today": short_date(issued_on),
                "reference": references.cite(ADVANCE_NOTICE_REFERENCE),
            },
            field="new_deadline",
        )
    for decision in locked:
        decision.advance_notice_on = issued_on
        decision.comment_deadline_on = comment_deadline_on
        _save(decision, actor)
    return locked


@transaction.atomic
def point_decisions_decide(
    *,
    point_decisions: Sequence[PointDecision],
    actor: Actor,
    decided_on: dt.date,
    reference: str,
    comments_received: bool = False,
    body: DecidingBody | None = None,
    case_officer=None,
) -> list[PointDecision]:
    """Decide notified points (vedtak om tildeling av prikker, an enkeltvedtak).

    The deciding body is ``body`` as confirmed on the form, or else the municipality's
    delegation for points in force on the decision date (``licensing.services.delegation``).

    The decision comes on or after the advance notice and, unless the holder has already
    commented, after the comment deadline (fvl. § 16). Only decided points count.
    """
    locked = _lock_decisions(point_decisions)
    for decision in locked:
        check_transition(decision, S.DECIDED)
    reference = reference.strip()
    errors: dict[str, list[str]] = {}
    if not reference:
        errors["reference"] = [_("Give the decision's reference (case number).")]
    if decided_on > clock_today():
        errors.setdefault("decided_on", []).append(_("The decision date cannot be in the future."))
    for decision in locked:
        if decided_on < decision.advance_notice_on:
            errors.setdefault("decided_on", []).append(
                _("The decision cannot come before the advance notice of %(what)s (%(date)s).")
                % {"what": _describe(decision), "date": short_date(decision.advance_notice_on)}
            )
        elif (
            decision.comment_deadline_on
            and decided_on < decision.comment_deadline_on
            and not comments_received
        ):
            errors.setdefault("decided_on", []).append(
                _(
                    "The holder may comment on the advance notice of %(what)s until %(date)s "
                    "(forvaltningsloven § 16). Decide after that date, or confirm that the "
                    "holder's comments have been received."
                )
                % {"what": _describe(decision), "date": short_date(decision.comment_deadline_on)}
            )
    deciding_body = None
    try:
        deciding_body = resolve_body(
            body, locked[0].licence.municipality_id, [DecisionMatter.POINTS], decided_on
        )
    except InvalidData as exc:
        for field, messages in exc.errors.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidData(errors)
    record_body(locked, deciding_body, case_officer)
    for decision in locked:
        decision.status = S.DECIDED
        decision.decided_on = decided_on
        decision.reference = reference
        decision.decided_by = actor if actor is not None and actor.pk else None
        _save(decision, actor)
    return locked


@transaction.atomic
def point_decision_withdraw(
    *, point_decision: PointDecision, actor: Actor, reason: str
) -> PointDecision:
    """Withdraw proposed or notified points (for example after the holder's comments)."""
    (locked,) = _lock_decisions([point_decision])
    check_transition(locked, S.WITHDRAWN)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the points."), field="reason")
    locked.status = S.WITHDRAWN
    locked.withdrawal_reason = reason
    _save(locked, actor)
    point_decision.status = locked.status
    point_decision.withdrawal_reason = reason
    return locked
