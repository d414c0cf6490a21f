"""The outbox: every e-mail of the project is queued here and sent by the worker.

django-post-office stores each message (``post_office.Email``) with its status; the worker
(``manage.py mail_worker``, docs/operations.md) sends the queue, retries failures with
back-off and marks a message *failed* after ``MAIL_MAX_RETRIES``. Administrators see the
queue and failed messages in Django admin (Post office → Emails) and can requeue or resend
them. A request never waits for, or fails because of, the mail server.

Use ``queue_mail`` (or ``queue_mail_on_commit`` inside a transaction) for every message:

    queue_mail(
        to="post@kafe.example",
        template="seminars/email/registered",  # renders registered_subject.txt and .txt
        context={...},
        language="nb",
        reply_to="postmottak@bodo.kommune.no",
        attachments={"seminar.ics": ("BEGIN:VCALENDAR…", "text/calendar; method=PUBLISH")},
    )

A request that must stay short (a seminar registration under a burst) may instead call
``queue_mail_later(builder, what=…, **arguments)``: after the commit it stores only the
dotted path of a function and its arguments; the worker calls it (``render_pending``) and
that function calls ``queue_mail`` (docs/adr/0220). Or it writes that row itself, in its
own transaction (``pending_mail``): then the message is stored if and only if the data it
announces is (docs/adr/0236).

A template may also have ``<template>.html``: it is rendered too and sent as the HTML
alternative of the text body (the reminders have one). The subject and bodies are
rendered here, in ``language``, so the worker sends exactly what
was queued (translations or data changed later do not alter it). Django's ``send_mail`` and
``mail_admins`` also land in the outbox: ``EMAIL_BACKEND`` is post-office's backend, and
the real transport is ``POST_OFFICE["BACKENDS"]["default"]`` (docs/adr/0101-mail-outbox.md).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.module_loading import import_string
from post_office import mail
from post_office.models import Email

logger = logging.getLogger(__name__)
MAX_RENDER_ATTEMPTS = 6  # then the PendingMail stays, with its last error


def render_mail(*, template: str, context: Mapping, language: str) -> tuple[str, str]:
    """The subject (one line) and body of ``template`` in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def render_mail_html(*, template: str, context: Mapping, language: str) -> str:
    """The HTML body of ``template`` in ``language``, or "" when it has none."""
    try:
        html = get_template(f"{template}.html")
    except TemplateDoesNotExist:
        return ""
    with translation.override(language):
        return html.render({**context, "LANGUAGE_CODE": language})


def queue_mail(
    *,
    to: str | list[str],
    template: str,
    context: Mapping,
    language: str,
    reply_to: str | None = None,
    attachments: Mapping[str, tuple[str | bytes, str]] | None = None,
) -> Email:
    """Render ``template`` in ``language`` and put the message in the outbox.

    ``attachments`` maps file names to (content, MIME type). Returns the queued ``Email``.
    """
    subject, body = render_mail(template=template, context=context, language=language)
    html = render_mail_html(template=template, context=context, language=language)
    files = {
        name: {
            "file": ContentFile(content.encode() if isinstance(content, str) else content),
            "mimetype": mimetype,
        }
        for name, (content, mimetype) in (attachments or {}).items()
    }
    return mail.send(
        recipients=[to] if isinstance(to, str) else list(to),
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=body,
        html_message=html,
        headers={"Reply-To": reply_to} if reply_to else None,
        attachments=files or None,
        priority="medium",
    )


def queue_mail_on_commit(build, *, what: str) -> None:
    """Queue a message after the current transaction commits: ``build()`` gathers the data and
    calls ``queue_mail``. Runs outside any lock the transaction held; an error is logged,
    never raised, so the request that caused the message still succeeds."""

    def run() -> None:
        try:
            build()
        except Exception:
            logger.exception("Could not queue the e-mail %s", what)

    transaction.on_commit(run)


def queue_mail_later(builder: str, *, what: str, **arguments) -> None:
    """After the current transaction commits, store a message for the mail worker to render
    and queue (``render_pending``): ``builder`` is the dotted path of a function that the
    worker calls with ``arguments`` (JSON) and that calls ``queue_mail``. The request pays
    for one insert instead of the rendering (docs/adr/0220). As with
    ``queue_mail_on_commit``, an error is logged, never raised."""
    from .models import PendingMail

    def run() -> None:
        try:
            PendingMail.objects.create(builder=builder, arguments=arguments)
        except Exception:
            logger.exception("Could not store the e-mail %s", what)

    transaction.on_commit(run)


def pending_mail(builder: str, **arguments):
    """The (unsaved) row that ``queue_mail_later`` stores after the commit, for a caller that
    writes it in its own transaction, with the data the message announces: committed or
    rolled back together, nothing between the commit and the row for a crash to lose
    (docs/adr/0236)."""
    from .models import PendingMail

    return PendingMail(builder=builder, arguments=arguments)


def render_pending(limit: int = 500) -> int:
    """Render and queue the stored messages (``queue_mail_later``), oldest first, each in a
    transaction with the deletion of its row. A builder that fails is logged and tried again
    in later batches, ``MAX_RENDER_ATTEMPTS`` times in all. Returns how many were queued."""
    from .models import PendingMail

    queued = 0
    pending = PendingMail.objects.filter(attempts__lt=MAX_RENDER_ATTEMPTS).order_by("pk")
    for row in list(pending[:limit]):
        try:
            with transaction.atomic():
                import_string(row.builder)(**row.arguments)
                PendingMail.objects.filter(pk=row.pk).delete()
        except Exception as exc:
            logger.exception("Could not render the e-mail %s", row)
            PendingMail.objects.filter(pk=row.pk).update(
                attempts=F("attempts") + 1, last_error=repr(exc)[:2000]
            )
            continue
        queued += 1
    return queued
