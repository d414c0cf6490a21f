"""Check-in and matching: the two things that create or remove an attendance fact.

Invariant kept by ``_sync_fact``: a participant has an ``Attendance`` fact of its own
exactly when it is marked attended and matched to a register person; the fact's date is
the session's date and its title the session's kind. A fact recorded elsewhere for the
same person, day and seminar (the register import) is left alone and not duplicated.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.formatting import short_date
from licensing.models import Person

from ..models import Attendance, AttendanceMark, Participant, RegistrationStatus
from ..selectors import allowed_municipality_ids


def _load(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("registration__session")
        .get(pk=participant.pk)
    )


def _check_active(participant: Participant) -> None:
    if participant.registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("The registration is cancelled."))
    if participant.registration.session.cancelled:
        raise DomainError(_("The session is cancelled."))


def _sync_fact(participant: Participant, actor) -> None:
    session = participant.registration.session
    fact = Attendance.objects.filter(participant=participant).first()
    wanted = participant.attendance == AttendanceMark.ATTENDED and participant.person_id
    if not wanted:
        if fact is not None:
            fact._history_user = actor
            fact.delete()
        return
    attended_on, title = session.held_on, session.kind
    other = (
        Attendance.objects.filter(
            person_id=participant.person_id, attended_on=attended_on, seminar_title=title
        )
        .exclude(participant=participant)
        .select_related("participant")
        .first()
    )
    if other is not None:
        if fact is not None:
            fact._history_user = actor
            fact.delete()
        if other.participant_id is not None:
            raise DomainError(
                _("%(person)s is already recorded as attending this seminar (%(other)s).")
                % {"person": participant.person.name, "other": other.participant.name},
                field="person",
            )
        return  # recorded before (import): the fact exists already
    if fact is None:
        fact = Attendance(participant=participant)
    fact.person_id = participant.person_id
    fact.attended_on = attended_on
    fact.seminar_title = title
    fact.recorded_by = actor
    fact._history_user = actor
    fact.save()


@transaction.atomic
def participant_mark(*, participant: Participant, mark: str, actor, today: dt.date) -> Participant:
    """Check a participant in (attended / did not attend) or take the mark back."""
    if mark not in AttendanceMark.values:
        raise DomainError(_("Unknown attendance mark."), field="mark")
    participant = _load(participant)
    _check_active(participant)
    session = participant.registration.session
    if mark != AttendanceMark.UNKNOWN and today < session.held_on:
        raise DomainError(
            _("Check-in opens on the day of the session (%(date)s).")
            % {"date": short_date(session.held_on)}
        )
    participant.attendance = mark
    participant._history_user = actor
    participant.save(update_fields=["attendance"])
    _sync_fact(participant, actor)
    return participant


@transaction.atomic
def participant_match(*, participant: Participant, person: Person | None, actor) -> Participant:
    """Confirm or correct which register person a participant is (None: nobody)."""
    participant = _load(participant)
    _check_active(participant)
    session = participant.registration.session
    if person is not None:
        if person.municipality_id not in allowed_municipality_ids(session):
            raise DomainError(
                _("That person is not registered in a municipality this session is open to."),
                field="person",
            )
        clash = (
            Participant.objects.filter(registration__session=session, person=person)
            .exclude(registration__status=RegistrationStatus.CANCELLED)
            .exclude(pk=participant.pk)
            .first()
        )
        if clash is not None:
            raise DomainError(
                _("%(person)s is already matched to the participant %(other)s in this session.")
                % {"person": person.name, "other": clash.name},
                field="person",
            )
    participant.person = person
    participant._history_user = actor
    participant.save(update_fields=["person"])
    _sync_fact(participant, actor)
    return participant
