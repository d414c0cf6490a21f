"""Statutory hearings on applications (alkoholloven § 1-7).

Before a licence is granted, the police and the social services must be given the
opportunity to comment; the tax authorities may be asked. Every write here runs in one
transaction, records the actor in the audit history and raises ``DomainError`` (or
``TransitionNotAllowed``) with a message a case officer can act on. Services never read
the clock: callers pass dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.models import (
    MANDATORY_HEARING_BODIES,
    Application,
    ApplicationKind,
    Hearing,
    HearingBody,
)
from licensing.services.applications import S, _ensure_open, _lock, _move, _save
from licensing.services.validation import full_clean_or_raise

from ..formatting import short_date

# Application kinds where police and social services must be heard (alkoholloven § 1-7).
KINDS_WITH_MANDATORY_HEARING = frozenset(
    {
        ApplicationKind.NEW,
        ApplicationKind.RENEWAL,
        ApplicationKind.TRANSFER,
        ApplicationKind.MANAGER_CHANGE,
    }
)
DEFAULT_HEARING_WEEKS = 3


def default_hearing_deadline(sent_on: dt.date) -> dt.date:
    return sent_on + dt.timedelta(weeks=DEFAULT_HEARING_WEEKS)


def _body_label(body: str) -> str:
    return str(HearingBody(body).label)


def missing_mandatory_hearings(application: Application, sent_bodies: Iterable[str]) -> list[str]:
    """The bodies that must be heard (alkoholloven § 1-7) and have not been sent a hearing."""
    if application.kind not in KINDS_WITH_MANDATORY_HEARING:
        return []
    sent = set(sent_bodies)
    return [body for body in MANDATORY_HEARING_BODIES if body not in sent]


def _send_one(application: Application, body: str, sent_on, deadline_on, actor) -> Hearing:
    if body not in HearingBody.values:
        raise DomainError(_("Unknown hearing body: %(body)s.") % {"body": body}, field="body")
    existing = Hearing.objects.filter(application=application, body=body).first()
    if existing is not None:
        raise DomainError(
            _("%(body)s already has a hearing on this application (sent %(date)s).")
            % {"body": _body_label(body), "date": short_date(existing.sent_on)},
            field="body",
        )
    hearing = Hearing(
        application=application,
        body=body,
        sent_on=sent_on,
        deadline_on=deadline_on or default_hearing_deadline(sent_on),
    )
    full_clean_or_raise(hearing)
    _save(hearing, actor)
    return hearing


@transaction.atomic
def hearings_send(
    *,
    application: Application,
    bodies: Iterable[str],
    sent_on: dt.date,
    actor,
    deadline_on: dt.date | None = None,
) -> list[Hearing]:
    """Send a hearing to one or more bodies at once (alkoholloven § 1-7).

    The deadline defaults to three weeks after the sent date. Sending a hearing moves an
    application that is received or under assessment to ``hearing``.
    """
    bodies = list(dict.fromkeys(bodies))
    if not bodies:
        raise DomainError(_("Choose at least one body to send the hearing to."), field="body")
    locked = _lock(application)
    _ensure_open(locked, _("The application is “%(current)s”, so no hearing can be sent any more."))
    if sent_on < locked.received_on:
        raise DomainError(
            _("A hearing cannot be sent before the application was received (%(date)s).")
            % {"date": short_date(locked.received_on)},
            field="sent_on",
        )
    if deadline_on is not None and deadline_on <= sent_on:
        raise DomainError(_("The reply deadline must be after the sent date."), field="deadline_on")
    hearings = [_send_one(locked, body, sent_on, deadline_on, actor) for body in bodies]
    if locked.status != S.HEARING:
        _move(locked, S.HEARING, actor, manual=False)
    application.status = locked.status
    return hearings


def hearing_send(
    *,
    application: Application,
    body: str,
    sent_on: dt.date,
    actor,
    deadline_on: dt.date | None = None,
) -> Hearing:
    """Send one hearing; see ``hearings_send``."""
    return hearings_send(
        application=application,
        bodies=[body],
        sent_on=sent_on,
        deadline_on=deadline_on,
        actor=actor,
    )[0]


@transaction.atomic
def hearing_record_reply(*, hearing: Hearing, replied_on: dt.date, gist: str, actor) -> Hearing:
    """Record the reply to a hearing and its gist (correcting an earlier entry is allowed)."""
    application = _lock(hearing.application)
    _ensure_open(
        application,
        _("The application is “%(current)s”, so hearing replies can no longer be recorded."),
    )
    gist = (gist or "").strip()
    if not gist:
        raise DomainError(_("Write the gist of the reply."), field="gist")
    locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
    locked.replied_on = replied_on
    locked.gist = gist
    full_clean_or_raise(locked)
    _save(locked, actor)
    hearing.replied_on, hearing.gist = locked.replied_on, locked.gist
    return locked
