"""Suspension of a licence (inndragning) when decided points reach 12 in the window.

- The threshold and the standard length come from ``licensing.rules.points``
  (alkoholforskriften § 10-2: 12 -> 7 days, 16 -> 10 days, ...).
- Advance notice (forhåndsvarsel, forvaltningsloven § 16) names every point decision the
  suspension rests on: the decisions the rules count in the window on the notice date.
- The decision (§ 10-6) is carried out within four weeks of the decision date; the pages
  suggest a start two weeks after the decision. A length other than the standard needs
  written reasons.
- A decided suspension uses up the points it rests on (the rules engine's documented
  interpretation: every point decision with a violation date on or before the
  suspension's decision date; see docs/adr/0040-points-consumed-by-suspension.md).
- While a decided suspension covers a day, the licence is suspended on that day. The
  licence status itself is changed through ``licensing.services.licences.licence_set_status``
  by ``suspension_sync_licence_status`` (called when the suspension is decided, and daily for
  every licence through ``suspensions_sync_statuses``).

Workflow (``ALLOWED_TRANSITIONS``): proposed -> notified -> decided; proposed or notified
-> cancelled. Decided and cancelled are final.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from inspections import points as facts
from inspections.models import PointDecision, Suspension, SuspensionStatus
from inspections.services.points import comment_deadline_message
from licensing.clock import today as clock_today
from licensing.errors import DomainError, TransitionNotAllowed
from licensing.formatting import short_date
from licensing.models import CaseKind, DecisionMatter, Licence, LicenceStatus
from licensing.rules import references
from licensing.rules.deadlines import (
    ADVANCE_NOTICE_REFERENCE,
    MINIMUM_COMMENT_DAYS,
    SUSPENSION_REFERENCE,
    comment_deadline_too_short,
    suspension_latest_start,
)
from licensing.rules.points import THRESHOLD, suspension_days
from licensing.services.case_numbers import case_open
from licensing.services.delegation import DecidingBody, record_body, resolve_body
from licensing.services.licences import licence_set_status
from licensing.services.register import Actor
from licensing.services.validation import InvalidData, full_clean_or_raise

from .points import check_point_system, default_comment_deadline

logger = logging.getLogger(__name__)

# The suggested start: two weeks after the decision, so the holder can plan (a practice,
# within the four weeks of § 10-6: ``licensing.rules.deadlines.suspension_latest_start``).
SUGGESTED_START_DAYS = 14

S = SuspensionStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.NOTIFIED, S.CANCELLED}),
    S.NOTIFIED: frozenset({S.DECIDED, S.CANCELLED}),
    S.DECIDED: frozenset(),
    S.CANCELLED: frozenset(),
}


def status_label(status: str) -> str:
    return str(SuspensionStatus(status).label).lower()


def check_transition(suspension: Suspension, target: str) -> None:
    current = suspension.status
    if target in ALLOWED_TRANSITIONS.get(current, frozenset()):
        return
    messages = {
        S.NOTIFIED: _("This suspension is %(status)s; only a proposed suspension can be notified."),
        S.DECIDED: _(
            "This suspension is %(status)s; only a suspension with an advance notice can be "
            "decided (forvaltningsloven § 16)."
        ),
        S.CANCELLED: _(
            "This suspension is %(status)s; only a proposed or notified suspension can be "
            "cancelled."
        ),
    }
    raise TransitionNotAllowed(
        messages[target] % {"status": status_label(current)}, current=current
    )


def suggested_period(decided_on: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """Start two weeks after the decision; ``days`` days including both ends."""
    starts_on = decided_on + dt.timedelta(days=SUGGESTED_START_DAYS)
    return starts_on, starts_on + dt.timedelta(days=days - 1)


def period_days(starts_on: dt.date, ends_on: dt.date) -> int:
    return (ends_on - starts_on).days + 1


def _save(suspension: Suspension, actor: Actor) -> None:
    full_clean_or_raise(suspension)
    suspension._history_user = actor
    suspension.save()


def _check_period(errors: dict[str, list[str]], starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The suspension cannot end before it starts."))


@transaction.atomic
def suspension_notify(
    *,
    licence: Licence,
    actor: Actor,
    advance_notice_on: dt.date,
    comment_deadline_on: dt.date | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Suspension:
    """Record the advance notice of suspension (fvl. § 16).

    On ``advance_notice_on`` the licence must have a suspension basis (12 decided points
    for violations within two years of each other, ``licensing.rules.points``); the notice
    rests on the point decisions of that basis and its points set the standard length. ``starts_on``/``ends_on`` are the
    intended period (default: two weeks after the comment deadline, standard length).
    """
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    check_point_system(licence)
    if licence.status not in (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED):
        raise DomainError(
            _("The licence is %(status)s; only a licence in force can be suspended.")
            % {"status": licence.get_status_display().lower()}
        )
    open_notice = (
        Suspension.objects.filter(licence=licence, status__in=facts.OPEN_SUSPENSION_STATUSES)
        .order_by("pk")
        .first()
    )
    if open_notice is not None:
        raise DomainError(
            _(
                "An advance notice of suspension was already sent on %(date)s; decide or "
                "cancel it first."
            )
            % {
                "date": short_date(open_notice.advance_notice_on)
                if open_notice.advance_notice_on
                else "–"
            }
        )
    errors: dict[str, list[str]] = {}
    if advance_notice_on > clock_today():
        errors["advance_notice_on"] = [_("The advance notice date cannot be in the future.")]
        raise InvalidData(errors)
    decisions = list(PointDecision.objects.filter(licence=licence).select_related("violation"))
    suspensions = list(Suspension.objects.filter(licence=licence))
    result = facts.evaluate(licence, decisions, suspensions, advance_notice_on)
    if not result.revocation_candidate:
        raise DomainError(
            _(
                "On %(date)s the licence has %(points)s decided points in the window "
                "%(start)s–%(end)s, and no violations within two years of each other add up "
                "to %(threshold)s; a suspension needs %(threshold)s (%(reference)s)."
            )
            % {
                "date": short_date(advance_notice_on),
                "points": result.in_window,
                "start": short_date(result.window_start),
                "end": short_date(result.window_end),
                "threshold": THRESHOLD,
                "reference": references.cite(references.POINTS),
            },
            field="advance_notice_on",
        )
    if comment_deadline_on is None:
        comment_deadline_on = default_comment_deadline(advance_notice_on)
    if comment_deadline_too_short(advance_notice_on, comment_deadline_on):
        errors["comment_deadline_on"] = [comment_deadline_message()]
    days = result.suspension_days
    if starts_on is None:
        starts_on, _end = suggested_period(comment_deadline_on, days)
    if ends_on is None:
        ends_on = starts_on + dt.timedelta(days=days - 1)
    _check_period(errors, starts_on, ends_on)
    if starts_on < advance_notice_on:
        errors.setdefault("starts_on", []).append(
            _("The intended start cannot be before the advance notice.")
        )
    if errors:
        raise InvalidData(errors)
    suspension = Suspension(
        case=case_open(
            municipality=licence.municipality,
            kind=CaseKind.SUSPENSION,
            on=advance_notice_on,
            assigned_to=actor,
        ),
        licence=licence,
        status=S.NOTIFIED,
        points=result.suspension_points,
        days=period_days(starts_on, ends_on),
        advance_notice_on=advance_notice_on,
        comment_deadline_on=comment_deadline_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _save(suspension, actor)
    suspension.point_decisions.set(facts.basis_decisions(result, decisions))
    return suspension


@transaction.atomic
def suspension_decide(
    *,
    suspension: Suspension,
    actor: Actor,
    decided_on: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    reference: str,
    reasons: str = "",
    comments_received: bool = False,
    holder_comments: str = "",
    body: DecidingBody | None = None,
    case_officer=None,
) -> Suspension:
    """Decide the suspension (§ 10-6) for the period ``starts_on``..``ends_on`` (inclusive).

    The standard length is ``suspension_days(points)`` for the points of the advance notice;
    another length needs ``reasons``. The period starts on or after the decision and within
    four weeks of it. ``holder_comments`` is the gist of the holder's comments on the advance
    notice (the letter answers them); giving it counts as having received them.
    """
    locked = Suspension.objects.select_for_update().select_related("licence").get(pk=suspension.pk)
    check_transition(locked, S.DECIDED)
    errors: dict[str, list[str]] = {}
    reference = reference.strip()
    reasons = reasons.strip()
    holder_comments = holder_comments.strip()
    comments_received = comments_received or bool(holder_comments)
    if not reference:
        errors["reference"] = [_("Give the decision's reference (case number).")]
    if decided_on > clock_today():
        errors.setdefault("decided_on", []).append(_("The decision date cannot be in the future."))
    if locked.advance_notice_on and decided_on < locked.advance_notice_on:
        errors.setdefault("decided_on", []).append(
            _("The decision cannot come before the advance notice (%(date)s).")
            % {"date": short_date(locked.advance_notice_on)}
        )
    elif (
        locked.comment_deadline_on
        and decided_on < locked.comment_deadline_on
        and not comments_received
    ):
        errors.setdefault("decided_on", []).append(
            _(
                "The holder may comment on the advance notice until %(date)s (forvaltningsloven "
                "§ 16). Decide after that date, or confirm that the holder's comments have been "
                "received."
            )
            % {"date": short_date(locked.comment_deadline_on)}
        )
    _check_period(errors, starts_on, ends_on)
    if starts_on < decided_on:
        errors.setdefault("starts_on", []).append(
            _("The suspension cannot start before it is decided (%(date)s).")
            % {"date": short_date(decided_on)}
        )
    elif starts_on > suspension_latest_start(decided_on):
        errors.setdefault("starts_on", []).append(
            _(
                "The suspension is to be carried out within four weeks of the decision "
                "(%(reference)s): start on %(date)s at the latest."
            )
            % {
                "reference": references.cite(SUSPENSION_REFERENCE),
                "date": short_date(suspension_latest_start(decided_on)),
            }
        )
    standard = suspension_days(locked.points)
    if "ends_on" not in errors and period_days(starts_on, ends_on) != standard and not reasons:
        errors.setdefault("reasons", []).append(
            _(
                "The standard length for %(points)s points is %(standard)s days "
                "(%(reference)s); give the reasons for a suspension of %(days)s days."
            )
            % {
                "points": locked.points,
                "standard": standard,
                "days": period_days(starts_on, ends_on),
                "reference": references.cite(references.POINTS),
            }
        )
    deciding_body = None
    try:
        deciding_body = resolve_body(
            body, locked.licence.municipality_id, [DecisionMatter.SUSPENSION], decided_on
        )
    except InvalidData as exc:
        for field, messages in exc.errors.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidData(errors)
    record_body([locked], deciding_body, case_officer)
    locked.status = S.DECIDED
    locked.decided_on = decided_on
    locked.starts_on = starts_on
    locked.ends_on = ends_on
    locked.days = period_days(starts_on, ends_on)
    locked.reference = reference
    locked.reasons = reasons
    locked.holder_comments = holder_comments
    locked.decided_by = actor if actor is not None and actor.pk else None
    _save(locked, actor)
    suspension_sync_licence_status(licence=locked.licence, on=clock_today(), actor=actor)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def suspension_notice_redate(
    *, suspension: Suspension, actor: Actor, comment_deadline_on: dt.date
) -> Suspension:
    """Give a notified advance notice of suspension a new comment deadline before its letter
    is issued (see ``point_notice_redate``): the notice is dated today, the deadline lies at
    least a week after today, and an intended start before the new deadline moves to the
    suggested start after it (same length)."""
    locked = Suspension.objects.select_for_update().select_related("licence").get(pk=suspension.pk)
    if locked.status != S.NOTIFIED:
        raise DomainError(
            _("Only an advance notice that has not been decided can get a new deadline.")
        )
    issued_on = clock_today()
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
    locked.advance_notice_on = issued_on
    locked.comment_deadline_on = comment_deadline_on
    if locked.starts_on <= comment_deadline_on:
        locked.starts_on, locked.ends_on = suggested_period(comment_deadline_on, locked.days)
    _save(locked, actor)
    return locked


def suspension_period_begun(suspension: Suspension, on: dt.date) -> bool:
    """Whether the decided period has begun on ``on``: its decision letter cannot be issued
    as it is (the holder would learn of the suspension after it started)."""
    return suspension.starts_on <= on


@transaction.atomic
def suspension_reschedule(
    *, suspension: Suspension, actor: Actor, starts_on: dt.date
) -> Suspension:
    """A new period for a decided suspension whose decision letter was not issued before the
    period began: same number of days from ``starts_on`` (after today), confirmed by the
    officer. The licence status follows the new period."""
    locked = Suspension.objects.select_for_update().select_related("licence").get(pk=suspension.pk)
    if locked.status != S.DECIDED:
        raise DomainError(_("Only a decided suspension can get a new period."))
    on = clock_today()
    if starts_on <= on:
        raise DomainError(
            _(
                "The new period must start after today (%(today)s), so that the holder gets "
                "the decision before the suspension starts."
            )
            % {"today": short_date(on)},
            field="new_start",
        )
    locked.starts_on = starts_on
    locked.ends_on = starts_on + dt.timedelta(days=locked.days - 1)
    _save(locked, actor)
    suspension_sync_licence_status(licence=locked.licence, on=on, actor=actor)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def suspension_cancel(*, suspension: Suspension, actor: Actor, reason: str) -> Suspension:
    """Cancel a suspension that is not decided (for example after the holder's comments)."""
    locked = Suspension.objects.select_for_update().get(pk=suspension.pk)
    check_transition(locked, S.CANCELLED)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling the suspension."), field="reason")
    locked.status = S.CANCELLED
    locked.cancellation_reason = reason
    _save(locked, actor)
    return locked


# Licence status -----------------------------------------------------------------------


def _status_reason(suspension: Suspension) -> str:
    return _("Suspension %(start)s–%(end)s (decision %(reference)s of %(decided)s).") % {
        "start": short_date(suspension.starts_on),
        "end": short_date(suspension.ends_on),
        "reference": suspension.reference or "–",
        "decided": short_date(suspension.decided_on),
    }


@transaction.atomic
def suspension_sync_licence_status(*, licence: Licence, on: dt.date, actor: Actor) -> int:
    """Bring the licence status in line with its decided suspensions on ``on``.

    A suspension whose period has started is applied (active -> suspended from its first
    day); one whose period is over is lifted (suspended -> active from the day after), but
    only if this service suspended the licence for it, so a suspension for other reasons is
    never lifted here. Returns the number of status changes.
    """
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    changes = 0
    due = (
        Suspension.objects.select_for_update()
        .filter(licence=licence, status=S.DECIDED, starts_on__lte=on)
        .filter(Q(status_applied_on__isnull=True) | Q(status_lifted_on__isnull=True))
        .order_by("starts_on", "pk")
    )
    for suspension in due:
        if suspension.status_applied_on is None:
            if licence.status != LicenceStatus.ACTIVE:
                continue
            licence_set_status(
                licence=licence, status=LicenceStatus.SUSPENDED, actor=actor,
                on=suspension.starts_on, reason=_status_reason(suspension),
            )  # fmt: skip
            suspension.status_applied_on = suspension.starts_on
            changes += 1
        if suspension.ends_on < on and suspension.status_lifted_on is None:
            lifted_on = suspension.ends_on + dt.timedelta(days=1)
            if licence.status == LicenceStatus.SUSPENDED:
                licence_set_status(
                    licence=licence, status=LicenceStatus.ACTIVE, actor=actor, on=lifted_on,
                    reason=_("The suspension %(start)s–%(end)s is over.")
                    % {"start": short_date(suspension.starts_on), "end": short_date(suspension.ends_on)},
                )  # fmt: skip
                changes += 1
            suspension.status_lifted_on = lifted_on
        suspension._history_user = actor
        suspension.save(update_fields=["status_applied_on", "status_lifted_on"])
    return changes


@dataclass
class SyncSummary:
    licences: int = 0
    changes: int = 0
    errors: list[str] | None = None


def suspensions_sync_statuses(*, on: dt.date, actor: Actor = None) -> SyncSummary:
    """Apply and lift suspensions for every licence (run daily, e.g. from a command).

    Each licence is synchronised in its own transaction; a refusal for one licence (for
    example a later manual status change) is logged and reported, the others go on.
    """
    licence_ids = (
        Suspension.objects.filter(status=S.DECIDED, starts_on__lte=on)
        .filter(
            Q(status_applied_on__isnull=True, ends_on__gte=on)
            | Q(status_applied_on__isnull=True, ends_on__lt=on, status_lifted_on__isnull=True)
            | Q(status_applied_on__isnull=False, status_lifted_on__isnull=True, ends_on__lt=on)
        )
        .values_list("licence_id", flat=True)
        .distinct()
    )
    summary = SyncSummary(errors=[])
    for licence in Licence.objects.filter(pk__in=list(licence_ids)).order_by("pk"):
        summary.licences += 1
        try:
            summary.changes += suspension_sync_licence_status(licence=licence, on=on, actor=actor)
        except DomainError as exc:
            logger.warning("Suspension status for licence %s: %s", licence.number, exc.message)
            summary.errors.append(f"{licence.number}: {exc.message}")
    return summary
