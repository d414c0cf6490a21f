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

from licensing.mail import pending_mail, queue_mail, queue_mail_later

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
    status: str | None = None,
) -> None:
    """Render and queue ``template`` for the registration; ``status``: the registration's
    status when the message was caused (it may have moved since), else the current one."""
    registration = (
        Registration.objects.select_related("session__municipality")
        .prefetch_related("participants")
        .get(pk=registration_pk)
    )
    status = status or registration.status
    session = registration.session
    attachments = None
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "session": session,
            "participants": list(registration.participants.all()),
            "link": private_link(registration),
            "session_link": session_link(session),
            "sessions_link": absolute(reverse("seminars_public:session_list")),
            "confirmed": status == RegistrationStatus.CONFIRMED,
            "waitlisted": status == RegistrationStatus.WAITLISTED,
        }
        if attach_ics and status == RegistrationStatus.CONFIRMED:
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


def render_stored(
    *, registration: int, template: str, attach_ics: bool, status: str | None = None
) -> None:
    """The mail worker's side of ``_queue`` (``licensing.mail.render_pending``)."""
    _send(registration, template, attach_ics=attach_ics, status=status)


def _queue(
    registration_pk: int, template: str, *, attach_ics: bool, status: str | None = None
) -> None:
    """After commit (outside the seat lock), store the message for the mail worker, which
    renders it and puts it in the outbox (``licensing.mail.queue_mail_later``,
    docs/adr/0220); a mail server that is down never fails the request."""
    queue_mail_later(
        "seminars.emails.render_stored",
        what=f"{template} for registration {registration_pk}",
        registration=registration_pk,
        template=template,
        attach_ics=attach_ics,
        status=status,
    )


def registered_mail(registration_pk: int, status: str):
    """The confirmation of a new registration, as confirmed or waitlisted at that moment:
    the unsaved ``PendingMail`` row that the registration writes in its own transaction
    (``licensing.mail.pending_mail``, docs/adr/0236), rendered by the mail worker
    (``render_stored``) as the messages of ``_queue`` are."""
    return pending_mail(
        "seminars.emails.render_stored",
        registration=registration_pk,
        template="registered",
        attach_ics=True,
        status=str(status),
    )


def queue_promoted(registration_pk: int) -> None:
    _queue(registration_pk, "promoted", attach_ics=True)


def queue_cancelled(registration_pk: int) -> None:
    _queue(registration_pk, "cancelled", attach_ics=False)


def queue_session_changed(registration_pk: int) -> None:
    _queue(registration_pk, "session_changed", attach_ics=True)


def queue_session_cancelled(registration_pk: int) -> None:
    _queue(registration_pk, "session_cancelled", attach_ics=True)
