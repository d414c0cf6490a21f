"""The case officer's review of a control report (kontrollrapport, alkoholforskriften § 9-6).

A report moves through these states (``report_state``):

- ``submitted``: the control company sent it; the company may still correct it;
- ``in_review``: a case officer started the review; the report is frozen for the company;
- ``sent``: the municipality sent it to the licence holder (§ 9-6: within one week of the
  inspection);
- ``commented``: the holder's comment is recorded (§ 9-6: the holder may comment within
  two weeks of receiving the report).

Recording the sending date or the comment again corrects it (the history keeps both).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.models import Inspection
from licensing.clock import today as clock_today
from licensing.errors import DomainError, TransitionNotAllowed
from licensing.formatting import short_date
from licensing.rules import deadlines
from licensing.services.register import Actor
from licensing.services.validation import full_clean_or_raise

SUBMITTED = "submitted"
IN_REVIEW = "in_review"
SENT = "sent"
COMMENTED = "commented"

REPORT_STATE_LABELS = {
    SUBMITTED: gettext_lazy("submitted, not reviewed"),
    IN_REVIEW: gettext_lazy("in review"),
    SENT: gettext_lazy("sent to the holder"),
    COMMENTED: gettext_lazy("holder has commented"),
}

# Which states each action may start from. Anything else is refused, naming the state.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "start_review": frozenset({SUBMITTED}),
    "record_report_sent": frozenset({IN_REVIEW, SENT, COMMENTED}),
    "record_holder_comment": frozenset({SENT, COMMENTED}),
}


def report_state(inspection: Inspection) -> str:
    if inspection.review_started_at is None:
        return SUBMITTED
    if inspection.report_sent_on is None:
        return IN_REVIEW
    if inspection.holder_comment_on is None:
        return SENT
    return COMMENTED


def inspection_date(inspection: Inspection) -> dt.date:
    """The local (Europe/Oslo) date the inspection started."""
    return timezone.localdate(inspection.started_at)


def report_deadline(inspection: Inspection) -> dt.date:
    """The last day for sending the report to the holder: inspection date + 7 days (§ 9-6,
    ``licensing.rules.deadlines``)."""
    return deadlines.report_to_holder_due(inspection_date(inspection))


def holder_comment_deadline(inspection: Inspection) -> dt.date | None:
    """The holder's comment deadline: two weeks after the report was sent (§ 9-6)."""
    if inspection.report_sent_on is None:
        return None
    return deadlines.holder_comment_due(inspection.report_sent_on)


def _refuse(action: str, state: str) -> TransitionNotAllowed:
    label = REPORT_STATE_LABELS[state]
    messages = {
        "start_review": _("The review of this report has already started (status: %(state)s)."),
        "record_report_sent": _(
            "This report is %(state)s; start the review before recording that it was sent "
            "to the holder."
        ),
        "record_holder_comment": _(
            "This report is %(state)s; record when it was sent to the holder before "
            "recording the holder's comment."
        ),
    }
    return TransitionNotAllowed(messages[action] % {"state": label}, current=state)


def _lock(inspection: Inspection, action: str) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    state = report_state(locked)
    if state not in ALLOWED_FROM[action]:
        raise _refuse(action, state)
    return locked


def _save(inspection: Inspection, actor: Actor, fields: list[str]) -> None:
    full_clean_or_raise(inspection)
    inspection._history_user = actor
    inspection.save(update_fields=fields)


def _copy(target: Inspection, source: Inspection, fields: list[str]) -> Inspection:
    for name in fields:
        setattr(target, name, getattr(source, name))
    return target


@transaction.atomic
def inspection_start_review(*, inspection: Inspection, actor: Actor) -> Inspection:
    """Start the case officer's review: from now on the control company cannot change the
    report (it is what the municipality sends to the holder)."""
    locked = _lock(inspection, "start_review")
    locked.review_started_at = timezone.now()
    locked.reviewed_by = actor if actor is not None and actor.pk else None
    fields = ["review_started_at", "reviewed_by"]
    _save(locked, actor, fields)
    return _copy(inspection, locked, fields)


@transaction.atomic
def inspection_record_report_sent(
    *, inspection: Inspection, actor: Actor, sent_on: dt.date
) -> Inspection:
    """Record the date the report was sent to the licence holder (§ 9-6)."""
    locked = _lock(inspection, "record_report_sent")
    inspected_on = inspection_date(locked)
    if sent_on < inspected_on:
        raise DomainError(
            _("The report cannot be sent before the inspection (%(date)s).")
            % {"date": short_date(inspected_on)},
            field="sent_on",
        )
    if sent_on > clock_today():
        raise DomainError(_("The sending date cannot be in the future."), field="sent_on")
    if locked.holder_comment_on is not None and sent_on > locked.holder_comment_on:
        raise DomainError(
            _("The holder's comment was received on %(date)s; the report was sent before that.")
            % {"date": short_date(locked.holder_comment_on)},
            field="sent_on",
        )
    locked.report_sent_on = sent_on
    fields = ["report_sent_on"]
    _save(locked, actor, fields)
    return _copy(inspection, locked, fields)


@transaction.atomic
def inspection_record_holder_comment(
    *, inspection: Inspection, actor: Actor, comment: str, received_on: dt.date
) -> Inspection:
    """Record the holder's comment on the report and the day it arrived (§ 9-6).

    A comment after the two-week deadline is still recorded (the municipality decides what
    weight it gets); the page shows that it came late.
    """
    locked = _lock(inspection, "record_holder_comment")
    comment = comment.strip()
    if not comment:
        raise DomainError(_("Write the holder's comment."), field="comment")
    if received_on < locked.report_sent_on:
        raise DomainError(
            _("The comment cannot arrive before the report was sent (%(date)s).")
            % {"date": short_date(locked.report_sent_on)},
            field="received_on",
        )
    if received_on > clock_today():
        raise DomainError(_("The date received cannot be in the future."), field="received_on")
    locked.holder_comment = comment
    locked.holder_comment_on = received_on
    fields = ["holder_comment", "holder_comment_on"]
    _save(locked, actor, fields)
    return _copy(inspection, locked, fields)
