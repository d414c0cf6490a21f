"""Seminar sessions: create, change, cancel (case officers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.models import Municipality
from licensing.services.validation import full_clean_or_raise

from .. import emails
from ..models import RegistrationStatus, SeminarSession
from .registrations import lock_session, promote_waitlist, seats_taken

SESSION_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "max_per_organisation",
    "max_per_contact_email",
    "registration_deadline",
    "language",
    "description",
)


@transaction.atomic
def session_create(
    *,
    municipality: Municipality,
    open_to: Iterable[Municipality] = (),
    actor,
    **fields,
) -> SeminarSession:
    """A new session organised by ``municipality``; ``fields`` are ``SESSION_FIELDS``."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    session = SeminarSession(municipality=municipality, **fields)
    full_clean_or_raise(session)
    session._history_user = actor
    session.save()
    session.open_to.set([m for m in open_to if m.pk != municipality.pk])
    return session


#: The facts a registrant plans by: a change to one of them is e-mailed to them.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "place", "online_url")


@transaction.atomic
def session_update(
    *,
    session: SeminarSession,
    open_to: Iterable[Municipality] | None = None,
    actor,
    now: dt.datetime | None = None,
    **fields,
) -> SeminarSession:
    """Change a session. More seats move waitlisted registrations up; fewer seats than
    are taken is refused (nobody loses a confirmed seat). A new time, place or online link
    of a session that has not started is e-mailed to every active registration."""
    now = now or timezone.now()
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    locked = lock_session(session)
    if locked.cancelled:
        raise DomainError(_("A cancelled session cannot be changed."))
    before = {name: getattr(locked, name) for name in NOTIFIED_FIELDS}
    for name, value in fields.items():
        setattr(locked, name, value)
    full_clean_or_raise(locked)
    taken = seats_taken(locked)
    if locked.capacity < taken:
        raise DomainError(
            _("%(taken)s seats are already taken; the capacity cannot be lower.")
            % {"taken": taken},
            field="capacity",
        )
    locked._history_user = actor
    locked.save()
    if open_to is not None:
        locked.open_to.set([m for m in open_to if m.pk != locked.municipality_id])
    promoted = {registration.pk for registration in promote_waitlist(locked, now=now)}
    changed = any(getattr(locked, name) != value for name, value in before.items())
    if changed and now < locked.starts_at:
        # A registration just moved up gets the "you have a seat" e-mail with the new details.
        for pk in (
            locked.registrations.exclude(status=RegistrationStatus.CANCELLED)
            .exclude(pk__in=promoted)
            .values_list("pk", flat=True)
        ):
            emails.queue_session_changed(pk)
    return locked


@transaction.atomic
def session_cancel(
    *, session: SeminarSession, actor, now: dt.datetime | None = None
) -> SeminarSession:
    """Cancel a session that has not started; every active registration is told by e-mail."""
    now = now or timezone.now()
    locked = lock_session(session)
    if locked.cancelled:
        raise DomainError(_("The session is already cancelled."))
    if now >= locked.starts_at:
        raise DomainError(_("The session has started and can no longer be cancelled."))
    locked.cancelled = True
    locked._history_user = actor
    locked.save(update_fields=["cancelled"])
    for pk in locked.registrations.exclude(status=RegistrationStatus.CANCELLED).values_list(
        "pk", flat=True
    ):
        emails.queue_session_cancelled(pk)
    return locked
