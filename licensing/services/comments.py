"""The applicant's chance to comment on the hearing statements (forvaltningsloven § 17
second paragraph) before an application is refused.

When the municipality has received information about the party from others (the police's
statement on conduct, say), the party is to see it and may comment. The step: send the
statement to the applicant with a deadline (``comment_request_send``), record the
comment's date and gist when it comes (``comment_record``), or record why the step was
skipped (``comment_step_skip``; the exceptions the provision allows, e.g. information the
party may not see under §§ 18-19, or the exceptions of § 16 third paragraph). A refusal
needs one or the other (``comment_step_problems``, checked by ``decision_record``).

Every write runs in one transaction, records the actor in the history and raises
``DomainError`` with a message a case officer can act on. Callers pass dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.models import Application, CommentRequest, Hearing
from licensing.services.applications import _ensure_open, _lock, _save
from licensing.services.hearings import _body_label
from licensing.services.validation import full_clean_or_raise

from ..formatting import short_date

#: Two weeks, as for the advance notices (forvaltningsloven § 16 practice).
DEFAULT_COMMENT_DAYS = 14


def default_comment_deadline(sent_on: dt.date) -> dt.date:
    return sent_on + dt.timedelta(days=DEFAULT_COMMENT_DAYS)


def statements(hearings: Iterable[Hearing]) -> list[Hearing]:
    """The hearings that produced a statement (a reply with its gist)."""
    return [h for h in hearings if h.replied_on is not None and h.gist.strip()]


@transaction.atomic
def comment_request_send(
    *,
    hearing: Hearing,
    sent_on: dt.date,
    actor,
    deadline_on: dt.date | None = None,
) -> CommentRequest:
    """Send ``hearing``'s statement to the applicant for comment, with a deadline (two
    weeks unless given)."""
    application = _lock(hearing.application)
    _ensure_open(
        application,
        _("The application is “%(current)s”, so nothing can be sent for comment any more."),
    )
    hearing = Hearing.objects.get(pk=hearing.pk)
    if hearing.replied_on is None or not hearing.gist.strip():
        raise DomainError(
            _("Record the reply from %(body)s before sending it to the applicant for comment.")
            % {"body": _body_label(hearing.body).lower()},
            field="hearing",
        )
    if sent_on < hearing.replied_on:
        raise DomainError(
            _("The statement cannot be sent before it was received (%(date)s).")
            % {"date": short_date(hearing.replied_on)},
            field="sent_on",
        )
    if CommentRequest.objects.filter(application=application, hearing=hearing).exists():
        raise DomainError(
            _("This statement has already been sent to the applicant for comment."),
            field="hearing",
        )
    request = CommentRequest(
        application=application,
        hearing=hearing,
        sent_on=sent_on,
        deadline_on=deadline_on or default_comment_deadline(sent_on),
    )
    full_clean_or_raise(request)
    _save(request, actor)
    return request


@transaction.atomic
def comment_record(
    *, request: CommentRequest, received_on: dt.date, gist: str, actor
) -> CommentRequest:
    """Record the applicant's comment: when it came and its gist (a correction is
    allowed while the application is open)."""
    application = _lock(request.application)
    _ensure_open(
        application,
        _("The application is “%(current)s”, so comments can no longer be recorded."),
    )
    gist = (gist or "").strip()
    if not gist:
        raise DomainError(_("Write the gist of the applicant's comment."), field="gist")
    locked = CommentRequest.objects.select_for_update().get(pk=request.pk)
    locked.received_on = received_on
    locked.gist = gist
    full_clean_or_raise(locked)
    _save(locked, actor)
    request.received_on, request.gist = locked.received_on, locked.gist
    return locked


@transaction.atomic
def comment_step_skip(*, application: Application, reason: str, actor) -> Application:
    """Record why the statements are not sent to the applicant for comment (empty: the
    step is needed again)."""
    locked = _lock(application)
    _ensure_open(
        locked,
        _("The application is “%(current)s”, so the comment step can no longer be changed."),
    )
    locked.comment_step_skipped_reason = (reason or "").strip()
    _save(locked, actor, update_fields=["comment_step_skipped_reason"])
    application.comment_step_skipped_reason = locked.comment_step_skipped_reason
    return locked


def comment_step_problems(
    application: Application,
    decided_on: dt.date,
    hearings: Iterable[Hearing] | None = None,
    requests: Iterable[CommentRequest] | None = None,
) -> list[str]:
    """Why ``application`` cannot be refused on ``decided_on`` yet as far as the
    applicant's right to comment goes (forvaltningsloven § 17 second paragraph): every
    hearing statement was sent to the applicant and the comment came or the deadline
    passed by the decision date, unless the reason for skipping the step is recorded.
    Nothing to do when no hearing body has made a statement."""
    if application.comment_step_skipped_reason.strip():
        return []
    if hearings is None:
        hearings = application.hearings.all()
    if requests is None:
        requests = application.comment_requests.all()
    by_hearing = {r.hearing_id: r for r in requests}
    problems = []
    for hearing in statements(hearings):
        request = by_hearing.get(hearing.pk)
        body = _body_label(hearing.body)
        if request is None:
            problems.append(
                _(
                    "The statement from %(body)s has not been sent to the applicant for "
                    "comment (forvaltningsloven § 17 second paragraph): send it, or record "
                    "why the applicant is not asked to comment."
                )
                % {"body": body.lower()}
            )
        elif request.sent_on > decided_on:
            problems.append(
                _("The statement from %(body)s was sent for comment after the decision date.")
                % {"body": body.lower()}
            )
        elif not request.completed_by(decided_on):
            problems.append(
                _(
                    "The applicant may comment on the statement from %(body)s until "
                    "%(deadline)s: decide after that date, or record the comment first."
                )
                % {"body": body.lower(), "deadline": short_date(request.deadline_on)}
            )
    return problems
