"""E-mails to registrants, in the language they registered in, queued in the outbox after
commit (``licensing.mail``).

Every e-mail carries the private link; confirmations of a seat carry the session as an
.ics attachment.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from licensing.mail import queue_mail, queue_mail_on_commit

from . import ics
from .models import Registration, RegistrationStatus, SeminarSession
from .tokens import sign_token


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def private_link(registration: Registration) -> str:
    return absolute(reverse("seminars_public:registration", args=[sign_token(registration.token)]))


def session_link(session: SeminarSession) -> str:
    return absolute(reverse("seminars_public:session", args=[session.public_id]))


def session_event(session: SeminarSession, *, with_online_link: bool = True) -> ics.Event:
    """The session as a calendar event. The online meeting link goes only to those
    registered (their e-mails); the public feed and page say that it comes with the
    confirmation, so that the meeting is not open to anyone who reads the feed."""
    online = session.online_url
    if online and not with_online_link:
        online = _("Online: the link comes with the confirmation e-mail")
    location = session.place or online
    description = session.description
    if session.place and online:
        description = f"{description}\n\n{online}".strip()
    return ics.Event(
        uid=f"seminar-{session.public_id}@{_host()}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=session.title,
        location=location,
        description=f"{description}\n\n{session.municipality.name}".strip(),
        url=session_link(session),
        cancelled=session.cancelled,
    )


def _host() -> str:
    """The domain part of event UIDs (RFC 5545 recommends one the producer controls)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_ics(session: SeminarSession) -> str:
    return ics.calendar([session_event(session)], stamp=timezone.now())


def _send(
    registration_pk: int,
    template: str,
    *,
    attach_ics: bool,
    written: tuple[Registration, list] | None = None,
) -> None:
    """Render and queue ``template`` for the registration. ``written``: the registration
    (its session with the municipality) and its participants as the caller has just saved
    them in the transaction that committed, instead of reading them again."""
    if written is not None:
        registration, participants = written
    else:
        registration = (
            Registration.objects.select_related("session__municipality")
            .prefetch_related("participants")
            .get(pk=registration_pk)
        )
        participants = list(registration.participants.all())
    session = registration.session
    attachments = None
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "session": session,
            "participants": participants,
            "link": private_link(registration),
            "session_link": session_link(session),
            "sessions_link": absolute(reverse("seminars_public:session_list")),
            "confirmed": registration.status == RegistrationStatus.CONFIRMED,
            "waitlisted": registration.status == RegistrationStatus.WAITLISTED,
        }
        if attach_ics and registration.status == RegistrationStatus.CONFIRMED:
            attachments = {"seminar.ics": (session_ics(session), "text/calendar; method=PUBLISH")}
    queue_mail(
        to=registration.contact_email,
        template=f"seminars/email/{template}",
        context=context,
        language=registration.language,
        # Replies reach the organising municipality; the sender stays the system's own
        # address so that SPF/DMARC pass.
        reply_to=session.municipality.email or None,
        attachments=attachments,
    )


def _queue(
    registration_pk: int,
    template: str,
    *,
    attach_ics: bool,
    written: tuple[Registration, list] | None = None,
) -> None:
    """Queue the message after commit (outside the seat lock); it goes through the outbox
    (``licensing.mail``), so a mail server that is down never fails the request."""
    queue_mail_on_commit(
        lambda: _send(registration_pk, template, attach_ics=attach_ics, written=written),
        what=f"{template} for registration {registration_pk}",
    )


def queue_registered(registration: Registration, participants: list) -> None:
    """The confirmation of a new registration, from the rows just written (no reload)."""
    _queue(registration.pk, "registered", attach_ics=True, written=(registration, participants))


def queue_promoted(registration_pk: int) -> None:
    _queue(registration_pk, "promoted", attach_ics=True)


def queue_cancelled(registration_pk: int) -> None:
    _queue(registration_pk, "cancelled", attach_ics=False)


def queue_session_changed(registration_pk: int) -> None:
    _queue(registration_pk, "session_changed", attach_ics=True)


def queue_session_cancelled(registration_pk: int) -> None:
    _queue(registration_pk, "session_cancelled", attach_ics=True)
