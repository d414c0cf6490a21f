"""Defect 2 of issue 12: every e-mail goes through the outbox; a mail server that is down
never fails a request; the worker retries with back-off; admins see failed mail and can
requeue it (docs/adr/0101-mail-outbox.md)."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from licensing.mail import queue_mail, render_pending
from licensing.models import PendingMail
from seminars.models import Registration
from tests.factories.seminars import SeminarSessionFactory
from tests.seminars.helpers import registration_post

DEAD_SMTP = {
    "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    "MAX_RETRIES": 3,
    "RETRY_INTERVAL": dt.timedelta(seconds=60),
    "THREADS_PER_PROCESS": 1,
    "LOG_LEVEL": 2,
}


@pytest.fixture
def dead_smtp(settings):
    """The SMTP server does not answer (nothing listens on port 9 of loopback)."""
    settings.POST_OFFICE = DEAD_SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def open_session(muni1, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
    return SeminarSessionFactory(
        municipality=muni1,
        starts_at=dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 12, 10, 15, 0, tzinfo=dt.UTC),
        capacity=20,
    )


def test_registration_succeeds_with_the_mail_server_down_and_shows_the_private_link(
    client, open_session, dead_smtp, django_capture_on_commit_callbacks
):
    url = reverse("seminars_public:session", args=[open_session.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, registration_post(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    registration = Registration.objects.get()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The private link is on the page itself, absolute, so nobody depends on the e-mail.
    assert f'value="https://bevilling.test{response["Location"]}"' in page
    # The request stored what to render; the worker renders it into the outbox.
    assert not Email.objects.exists()
    assert PendingMail.objects.get().arguments["status"] == "confirmed"
    assert render_pending() == 1
    assert not PendingMail.objects.exists()
    queued = Email.objects.get()
    assert queued.status == STATUS.queued
    assert queued.to == ["post@kafe.example"]
    assert response["Location"] in queued.message
    assert registration.contact_email == "post@kafe.example"


def test_worker_retries_with_back_off_then_marks_failed_and_admin_can_requeue(
    dead_smtp, admin_client, db
):
    queue_mail(
        to="post@kafe.example",
        template="seminars/email/cancelled",
        context={"registration": None, "session": None, "participants": [], "link": "x"},
        language="nb",
    )
    email = Email.objects.get()
    waits = []
    for _attempt in range(3):
        call_command("mail_worker", "--once", stdout=StringIO())
        email.refresh_from_db()
        assert email.status == STATUS.requeued
        waits.append(round((email.scheduled_time - email.last_updated).total_seconds()))
        Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now())
    assert waits == [60, 120, 240]  # doubling back-off
    call_command("mail_worker", "--once", stdout=StringIO())
    email.refresh_from_db()
    assert email.status == STATUS.failed
    assert email.logs.filter(status=STATUS.failed).count() == 4

    changelist = reverse("admin:post_office_email_changelist")
    listing = admin_client.get(changelist, {"status__exact": STATUS.failed})
    assert listing.status_code == 200
    assert "post@kafe.example" in listing.content.decode()
    admin_client.post(changelist, {"action": "requeue", "_selected_action": [email.pk]})
    email.refresh_from_db()
    assert email.status == STATUS.queued


def test_django_send_mail_also_goes_through_the_outbox(db, settings):
    from django.core.mail import send_mail

    from config import settings as project_settings

    # Django's test runner swaps EMAIL_BACKEND for its in-memory one; restore the project's.
    settings.EMAIL_BACKEND = project_settings.EMAIL_BACKEND

    send_mail("Subject", "Body", None, ["a@example.no"])
    assert mail.outbox == []
    assert Email.objects.get().status == STATUS.queued
    call_command("mail_worker", "--once", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["a@example.no"]]
    assert Email.objects.get().status == STATUS.sent


def test_the_worker_renders_the_confirmation_as_it_was_when_registered(
    db, time_machine, django_capture_on_commit_callbacks, monkeypatch
):
    """The request only stores what to render (docs/adr/0220); the confirmation says
    "waitlisted" even if a seat freed up before the worker rendered it (the promotion has
    its own message), and a builder that fails is kept with its error and tried again."""
    from seminars import services
    from seminars.services import ParticipantData

    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
    session = SeminarSessionFactory(
        starts_at=dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 12, 10, 15, 0, tzinfo=dt.UTC),
        capacity=1,
    )

    def register(org, name):
        with django_capture_on_commit_callbacks(execute=True):
            return services.registration_create(
                session=session,
                org_number=org,
                venue_name=f"Venue {name}",
                participants=[ParticipantData(name, "manager")],
                contact_email=f"{name.lower()}@example.no",
                consent=True,
                language="en",
            )

    first = register("974760673", "First")
    second = register("998877660", "Second")
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    assert not Email.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)  # Second is promoted
    assert [p.arguments["template"] for p in PendingMail.objects.all()] == [
        "registered",
        "registered",
        "cancelled",
        "promoted",
    ]

    monkeypatch.setattr("seminars.emails.session_ics", lambda session: 1 / 0)
    assert render_pending() == 2  # the two with a calendar entry fail and are kept
    failed = list(PendingMail.objects.all())
    assert [(p.arguments["template"], p.attempts) for p in failed] == [
        ("registered", 1),
        ("promoted", 1),
    ]
    assert all("ZeroDivisionError" in p.last_error for p in failed)
    monkeypatch.undo()
    assert render_pending() == 2
    assert not PendingMail.objects.exists()
    by_recipient = {}
    for email in Email.objects.order_by("pk"):
        by_recipient.setdefault(email.to[0], []).append(email)
    second_mails = by_recipient["second@example.no"]
    assert len(second_mails) == 2
    registered, promoted = second_mails
    assert "waitlist" in registered.message.lower()
    assert not registered.attachments.exists()  # no calendar entry for a waitlisted one
    assert promoted.attachments.exists()


def test_the_long_running_worker_lowers_its_cpu_priority(db, monkeypatch):
    """Beside the web server the worker yields the cores to requests (docs/adr/0236):
    ``--nice`` (10 by default) lowers its priority once, before the first batch; ``--once``
    (run inside callers such as the tests) and ``--nice 0`` leave it alone."""
    import os
    import signal

    from django.core.management.base import CommandError

    from licensing.management.commands import mail_worker

    niced, batches = [], []
    monkeypatch.setattr(mail_worker.os, "nice", lambda n: niced.append(n) or 10 + n)

    def one_batch():
        batches.append(list(niced))
        os.kill(os.getpid(), signal.SIGTERM)  # the worker's handler stops the loop
        return 0, 0, 0

    monkeypatch.setattr(mail_worker, "send_batch", one_batch)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        out = StringIO()
        call_command("mail_worker", "--interval", "0.2", stdout=out)
        assert batches == [[10]]  # lowered before the first batch
        assert "niceness 20" in out.getvalue()
        niced.clear()
        call_command("mail_worker", "--interval", "0.2", "--nice", "0", stdout=StringIO())
        call_command("mail_worker", "--once", stdout=StringIO())
        assert niced == []
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    with pytest.raises(CommandError, match="--nice must be 0-19"):
        call_command("mail_worker", "--nice", "20", stdout=StringIO())
