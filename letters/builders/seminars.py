"""Contexts for seminar letters: registration confirmation and attendance certificate
(``letters.kinds.seminars``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from licensing.rules.seminar import attendance_valid_until
from seminars.emails import private_link
from seminars.models import Attendance, Registration
from seminars.selectors import policies_in_force

from ..context import (
    AttendanceCertificateContext,
    Party,
    SeminarConfirmationContext,
)
from .common import (
    _checked,
    _letter_context_values,
)

# --- Seminars ---------------------------------------------------------------------------


def context_for_registration(
    registration: Registration,
    *,
    language: str,
    officer,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> SeminarConfirmationContext:
    """Confirmation of a seminar registration, with the registration's private link
    (``seminars.emails.private_link``: the signed token). Two queries."""
    registration = Registration.objects.select_related(
        "session__municipality", "licence__holder", "licence__premises"
    ).get(pk=registration.pk)
    session = registration.session
    participants = tuple(p.name for p in registration.participants.order_by("pk"))
    licence = registration.licence
    if licence is not None and licence.holder.org_number == registration.org_number:
        address = tuple(licence.holder.address_lines)
    else:
        address = (registration.contact_email,)
    place = session.place or session.online_url
    if session.place and session.online_url:
        place = f"{session.place} ({session.online_url})"
    with translation.override(language):
        return _checked(
            SeminarConfirmationContext,
            **_letter_context_values(
                municipality=session.municipality,
                recipient=Party(
                    name=registration.venue_name,
                    address_lines=address,
                    org_number=registration.org_number,
                ),
                our_reference="",
                officer=officer,
                letter_date=letter_date,
                your_reference=your_reference,
                language=language,
            ),
            participants=participants,
            session_title=session.title,
            starts_at=timezone.localtime(session.starts_at).replace(tzinfo=None),
            ends_at=timezone.localtime(session.ends_at).replace(tzinfo=None),
            place=place,
            private_link=private_link(registration),
            premises_name=registration.venue_name,
            licence_number=registration.licence_number or (licence.number if licence else ""),
        )


def context_for_attendance(
    attendance: Attendance,
    *,
    language: str,
    officer,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> AttendanceCertificateContext:
    """Certificate of attendance, valid up to and including the day before the attendance
    date plus the policy's validity (four years by default, domain section 5). Two queries."""
    attendance = Attendance.objects.select_related("person__municipality").get(pk=attendance.pk)
    person = attendance.person
    municipality = person.municipality
    policy = policies_in_force([municipality.pk], attendance.attended_on)[municipality.pk]
    with translation.override(language):
        return _checked(
            AttendanceCertificateContext,
            **_letter_context_values(
                municipality=municipality,
                recipient=Party(
                    name=person.name, address_lines=tuple(a for a in (person.email,) if a)
                ),
                our_reference="",
                officer=officer,
                letter_date=letter_date,
                your_reference=your_reference,
                language=language,
            ),
            person_name=person.name,
            seminar_title=attendance.seminar_title,
            attended_on=attendance.attended_on,
            valid_until=attendance_valid_until(attendance.attended_on, policy.validity_years),
        )
