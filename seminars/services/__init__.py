"""Writes of the seminars app: every change goes through one of these functions."""

from .attendance import participant_mark, participant_match
from .registrations import (
    ParticipantChange,
    ParticipantData,
    promote_waitlist,
    registration_cancel,
    registration_change,
    registration_create,
    registration_release,
)
from .sessions import session_cancel, session_create, session_update

__all__ = [
    "ParticipantChange",
    "ParticipantData",
    "participant_mark",
    "participant_match",
    "promote_waitlist",
    "registration_cancel",
    "registration_release",
    "registration_change",
    "registration_create",
    "session_cancel",
    "session_create",
    "session_update",
]
