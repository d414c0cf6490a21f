"""Reminders by e-mail (issue 14 item 3): hearing bodies whose reply is overdue, the weekly
digest to the case officers, and the ``send_reminders`` command (docs/adr/0190-reminders.md).

Run as on Thursday 3 December 2026 (``--date``); 30 November 2026 is the Monday of that week.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from post_office.models import STATUS, Email

from licensing.models import HearingBodyContact, Reminder, ReminderKind
from licensing.reminders.digest import DigestItem, digest_period_start, responsible_officers
from licensing.reminders.hearings import contacts_for, hearings_to_remind, period_start
from tests.factories.licensing import (
    ApplicationFactory,
    HearingFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.factories.seminars import SeminarSessionFactory, oslo
from tests.mail import outbox

THURSDAY = "2026-12-03"
MONDAY = "2026-11-30"


@pytest.fixture(autouse=True)
def digest_on_fridays(settings):
    """The digest weekday is Friday unless a test says otherwise, so that the runs on
    Thursday 3 December test the other reminders alone."""
    settings.REMINDER_DIGEST_WEEKDAY = 4


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def police(municipality, email="politiet@politi.example", name="Salten politistasjon"):
    return HearingBodyContact.objects.create(
        municipality=municipality, body="police", name=name, email=email
    )


@pytest.fixture
def overdue_hearing(muni1, officer):
    """A police hearing on an application of muni1, reply due 2 November 2026, no reply."""
    police(muni1)
    application = ApplicationFactory(
        municipality=muni1,
        reference="26/1060",
        holder__name="Kafé Kaien AS",
        status="hearing",
        case_officer=officer,
    )
    return HearingFactory(application=application, body="police")


def _sent_to(address):
    return [m for m in outbox if address in m.to]


# Hearing reminders --------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_hearing_body_gets_a_reminder_with_the_case_and_a_reply_address(
    overdue_hearing, muni1
):
    output = run(f"--date={THURSDAY}")

    messages = _sent_to("politiet@politi.example")
    assert len(messages) == 1
    message = messages[0]
    assert "26/1060" in message.subject and "Kafé Kaien AS" in message.subject
    body = message.body
    assert "Til Salten politistasjon" in body  # the municipality writes Bokmål
    assert "26/1060" in body
    assert "Kafé Kaien AS" in body
    assert "05.10.2026" in body and "02.11.2026" in body  # sent, deadline (day-first)
    assert "postmottak@kommune.example" in body  # where to reply
    assert "Siri Saksbehandler" in body  # the case officer
    assert message.extra_headers["Reply-To"] == "postmottak@kommune.example"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "26/1060" in html and "<h1" in html

    reminder = Reminder.objects.get()
    assert reminder.kind == ReminderKind.HEARING
    assert reminder.hearing == overdue_hearing
    assert reminder.application == overdue_hearing.application
    assert reminder.recipient == "politiet@politi.example"
    assert reminder.sent_on == dt.date(2026, 12, 3)
    assert "queued: Salten politistasjon <politiet@politi.example>" in output
    assert "Summary: queued 1, already sent 0, no address 0, failed 0" in output


@pytest.mark.django_db
def test_the_reminder_goes_through_the_outbox(overdue_hearing):
    run(f"--date={THURSDAY}")
    email = Email.objects.get(to=["politiet@politi.example"])
    assert email.status == STATUS.queued  # the command only queues; the worker sends
    assert Reminder.objects.get().email == email
    assert len(outbox) == 1  # one worker batch sends it
    assert Reminder.objects.select_related("email").get().delivery == "sent"


@pytest.mark.django_db
def test_running_twice_a_day_sends_nothing_new_and_the_next_week_reminds_again(overdue_hearing):
    run(f"--date={THURSDAY}")
    second = run(f"--date={THURSDAY}")
    assert "Summary: queued 0, already sent 1" in second
    assert len(outbox) == 1
    # Deadline 02.11: periods start 03.11, 10.11, ..., 01.12, 08.12.
    assert period_start(dt.date(2026, 11, 2), dt.date(2026, 12, 3)) == dt.date(2026, 12, 1)
    run("--date=2026-12-07")
    assert len(outbox) == 1
    run("--date=2026-12-08")
    assert len(outbox) == 2
    assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_no_reminder_while_in_time_once_replied_or_when_the_application_is_decided(muni1):
    police(muni1)
    in_time = HearingFactory(application__municipality=muni1, deadline_on=dt.date(2026, 12, 3))
    HearingFactory(
        application__municipality=muni1,
        replied_on=dt.date(2026, 11, 20),
        gist="Ingen merknader.",
    )
    HearingFactory(application__municipality=muni1, application__status="decided")
    output = run(f"--date={THURSDAY}")
    assert "Hearing replies overdue: 0" in output
    assert len(outbox) == 0
    # The day after the deadline day the first one is overdue.
    run("--date=2026-12-04")
    assert [r.hearing for r in Reminder.objects.all()] == [in_time]


@pytest.mark.django_db
def test_switched_off_municipality_gets_no_hearing_reminder(overdue_hearing, muni1):
    muni1.remind_hearing_bodies = False
    muni1.save()
    output = run(f"--date={THURSDAY}")
    assert "Hearing replies overdue: 0 in 0 municipalities" in output
    assert not _sent_to("politiet@politi.example")
    assert not Reminder.objects.filter(kind=ReminderKind.HEARING).exists()


@pytest.mark.django_db
def test_a_body_without_an_address_is_reported_not_recorded(muni1):
    HearingFactory(application__municipality=muni1, body="social_services")
    output = run(f"--date={THURSDAY}")
    assert "no address: Social services" in output or "no address: Sosialtjenesten" in output
    assert "no address 1" in output
    assert not Reminder.objects.exists()  # sent as soon as an address is added
    HearingBodyContact.objects.create(
        municipality=muni1, body="social_services", email="nav@nav.example"
    )
    run(f"--date={THURSDAY}")
    assert len(_sent_to("nav@nav.example")) == 1


@pytest.mark.django_db
def test_nynorsk_municipality_writes_the_reminder_in_nynorsk():
    saltdal = MunicipalityFactory(name="Saltdal kommune", written_standard="nn")
    police(saltdal, name="Saltdal lensmannskontor")
    HearingFactory(application__municipality=saltdal, application__holder__name="Rognan Kro AS")
    run(f"--date={THURSDAY}")
    message = _sent_to("politiet@politi.example")[0]
    assert "Purring" in message.subject
    assert "Til Saltdal lensmannskontor" in message.body
    assert "svaret dykkar" in message.body


@pytest.mark.django_db
def test_one_failing_recipient_does_not_stop_the_others(muni1, muni2):
    police(muni1, email="not an address")
    police(muni2, email="politiet@saltdal.example")
    HearingFactory(application__municipality=muni1)
    HearingFactory(application__municipality=muni2)
    out = StringIO()
    with pytest.raises(CommandError, match="1 reminders could not be queued"):
        call_command("send_reminders", f"--date={THURSDAY}", stdout=out)
    assert "Summary: queued 1, already sent 0, no address 0, failed 1" in out.getvalue()
    assert len(_sent_to("politiet@saltdal.example")) == 1
    # The failed one is not recorded, so the next run tries it again.
    assert [r.recipient for r in Reminder.objects.all()] == ["politiet@saltdal.example"]


@pytest.mark.django_db
def test_a_mail_server_that_is_down_leaves_the_reminder_in_the_outbox(overdue_hearing, settings):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    }
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    run(f"--date={THURSDAY}")  # queues; no mail server is needed for that
    from licensing.management.commands.mail_worker import send_batch

    send_batch()
    reminder = Reminder.objects.select_related("email").get()
    assert reminder.email.status == STATUS.requeued
    assert reminder.delivery == "queued"  # waiting for the retry
    assert "Summary: queued 0, already sent 1" in run(f"--date={THURSDAY}")


@pytest.mark.django_db
def test_dry_run_records_and_queues_nothing(overdue_hearing):
    output = run(f"--date={THURSDAY}", "--dry-run")
    assert "dry run" in output
    assert "would send: Salten politistasjon" in output
    assert "Summary: would send 1" in output
    assert not Reminder.objects.exists()
    assert not Email.objects.exists()


@pytest.mark.django_db
def test_municipality_option_limits_the_run(overdue_hearing, muni2):
    police(muni2, email="politiet@saltdal.example")
    HearingFactory(application__municipality=muni2)
    output = run(f"--date={THURSDAY}", f"--municipality={muni2.org_number}")
    assert ": 1 municipalities" in output
    assert [r.recipient for r in Reminder.objects.all()] == ["politiet@saltdal.example"]
    with pytest.raises(CommandError, match="No municipality matches 999999999"):
        run("--municipality=999999999")
    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        run("--date=03.12.2026")


@pytest.mark.django_db
def test_the_application_page_shows_the_reminders_sent(client, officer, overdue_hearing):
    run(f"--date={THURSDAY}")
    client.force_login(officer)
    response = client.get(
        reverse("licensing:application_detail", args=[overdue_hearing.application_id]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    content = response.content.decode()
    assert ">Reminders<" in content
    assert "politiet@politi.example" in content
    assert "03.12.2026" in content or "03.12.2026" in content
    assert "In the outbox" in content


@pytest.mark.django_db
def test_selection_runs_a_fixed_number_of_queries(django_assert_num_queries, muni1, muni2):
    police(muni1)
    police(muni2)
    on = dt.date(2026, 12, 3)
    for municipality in (muni1, muni2):
        HearingFactory(application__municipality=municipality)

    def select():
        hearings = hearings_to_remind([muni1.pk, muni2.pk], on)
        contacts_for([muni1.pk, muni2.pk])
        from licensing.reminders.base import already_sent

        already_sent(ReminderKind.HEARING, [(f"hearing:{h.pk}", on) for h in hearings])
        return hearings

    with django_assert_num_queries(3):
        assert len(select()) == 2
    for municipality in (muni1, muni2):
        HearingFactory.create_batch(3, application__municipality=municipality)
    with django_assert_num_queries(3):
        assert len(select()) == 8


@pytest.mark.django_db
def test_the_whole_dry_run_reads_a_fixed_number_of_queries(
    django_assert_num_queries, settings, muni1, officer
):
    """Every job's selection together (hearings, seminars, digest with every app's
    sources) does not grow with the number of rows."""
    settings.REMINDER_DIGEST_WEEKDAY = 0
    muni1.remind_seminar_holders = True
    muni1.save()
    police(muni1)
    HearingFactory(application__municipality=muni1, application__case_officer=officer)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            run(f"--date={THURSDAY}", "--dry-run")
        return len(context.captured_queries)

    def seminar_licence(granted_on):
        licence = LicenceFactory(municipality=muni1, seminar_required=True, granted_on=granted_on)
        ManagerAssignmentFactory(licence=licence, started_on=granted_on)

    # Deadlines 15.12.2026 (within the warning period) and 10.07.2026 (passed).
    seminar_licence(dt.date(2026, 6, 15))
    seminar_licence(dt.date(2026, 1, 10))
    # 20.12.2026, registration until 13.12.
    SeminarSessionFactory(municipality=muni1, starts_at=oslo(2026, 12, 20, 9))
    first = queries()
    HearingFactory.create_batch(4, application__municipality=muni1)
    for _ in range(3):
        seminar_licence(dt.date(2026, 6, 15))
        seminar_licence(dt.date(2026, 1, 10))
    SeminarSessionFactory.create_batch(2, municipality=muni1, starts_at=oslo(2026, 12, 21, 9))
    assert queries() == first
    # Pinned: the municipalities (1); hearings: the hearings, contacts, already sent (3);
    # seminars: the rule's facts (4), the licences, the sessions with their open_to, already
    # sent (4); the digest: each source (hearings 1, seminars 6, inspections 3, fees 8), the
    # officers, already sent (20). (The cases' officers are one more when an item has a case.)
    assert first == 32


# The officers' weekly digest ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_digest_goes_to_the_case_officer_of_each_overdue_item(settings, muni1, officer):
    settings.REMINDER_DIGEST_WEEKDAY = 0
    colleague = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    muni1.officers.add(colleague)
    police(muni1)
    mine = ApplicationFactory(
        municipality=muni1, holder__name="Min Kafé AS", case_officer=officer, reference="26/1"
    )
    HearingFactory(application=mine)
    nobodys = ApplicationFactory(municipality=muni1, holder__name="Ingen Sin AS", reference="26/2")
    HearingFactory(application=nobodys, body="social_services")

    output = run(f"--date={MONDAY}")

    assert "Officer digest for the week from 2026-11-30: 2 overdue items, 2 digests" in output
    (mail_to_officer,) = _sent_to(officer.email)
    (mail_to_colleague,) = _sent_to(colleague.email)
    assert "2 forfalte" in mail_to_officer.subject  # nb
    assert "Min Kafé AS" in mail_to_officer.body and "Ingen Sin AS" in mail_to_officer.body
    # The colleague gets only the item without a case officer.
    assert "Ingen Sin AS" in mail_to_colleague.body
    assert "Min Kafé AS" not in mail_to_colleague.body
    html, _mimetype = mail_to_officer.alternatives[0]
    assert reverse("licensing:application_detail", args=[mine.pk]) in html
    digest = Reminder.objects.get(kind=ReminderKind.DIGEST, user=officer)
    assert digest.period_start == dt.date(2026, 11, 30)


@pytest.mark.django_db
def test_the_digest_goes_out_once_a_week_from_its_weekday(settings, overdue_hearing, officer):
    settings.REMINDER_DIGEST_WEEKDAY = 3  # Thursday
    assert "Officer digest: not before Thursday" in run("--date=2026-12-01")
    assert not _sent_to(officer.email)
    run(f"--date={THURSDAY}")
    assert len(_sent_to(officer.email)) == 1
    run("--date=2026-12-04")  # Friday: already sent this week
    run("--date=2026-12-06")  # Sunday
    assert len(_sent_to(officer.email)) == 1
    run("--date=2026-12-10")  # next Thursday
    assert len(_sent_to(officer.email)) == 2


@pytest.mark.django_db
def test_a_missed_digest_day_is_caught_up_later_that_week(settings, overdue_hearing, officer):
    settings.REMINDER_DIGEST_WEEKDAY = 0
    run("--date=2026-12-02")  # Wednesday; Monday's run did not happen
    assert len(_sent_to(officer.email)) == 1
    assert digest_period_start(dt.date(2026, 12, 2), 0) == dt.date(2026, 11, 30)
    assert digest_period_start(dt.date(2026, 12, 2), 4) is None


@pytest.mark.django_db
def test_no_digest_when_switched_off_or_nothing_is_overdue(
    settings, muni1, officer, overdue_hearing
):
    settings.REMINDER_DIGEST_WEEKDAY = 0
    muni1.send_officer_digest = False
    muni1.save()
    run(f"--date={MONDAY}")
    assert not _sent_to(officer.email)
    muni1.send_officer_digest = True
    muni1.save()
    overdue_hearing.replied_on = dt.date(2026, 11, 29)
    overdue_hearing.gist = "Ingen merknader."
    overdue_hearing.save()
    output = run(f"--date={MONDAY}")
    assert "0 overdue items, 0 digests" in output
    assert not _sent_to(officer.email)


def test_responsible_officers_prefers_the_named_officer_while_they_serve_the_municipality():
    item = DigestItem(municipality_id=1, section="S", label="L", detail="", due_on=dt.date.today())
    named = DigestItem(**{**item.__dict__, "officer_id": 7})
    gone = DigestItem(**{**item.__dict__, "officer_id": 99})  # no longer an officer there
    result = responsible_officers([item, named, gone], {1: {7, 8}})
    assert result == {(7, 1): [item, named, gone], (8, 1): [item, gone]}


def test_responsible_officers_prefers_the_case_officer_of_the_items_case():
    item = DigestItem(
        municipality_id=1, section="S", label="L", detail="", due_on=dt.date.today(), case_id=5
    )
    named = DigestItem(**{**item.__dict__, "officer_id": 7})
    unassigned = DigestItem(**{**item.__dict__, "case_id": 6, "officer_id": 7})
    gone = DigestItem(**{**item.__dict__, "case_id": 9, "officer_id": 7})  # case officer left
    no_case = DigestItem(**{**item.__dict__, "case_id": None, "officer_id": 7})
    result = responsible_officers(
        [item, named, unassigned, gone, no_case], {1: {7, 8}}, {5: 8, 6: None, 9: 99}
    )
    assert result == {(8, 1): [item, named], (7, 1): [unassigned, gone, no_case]}


@pytest.mark.django_db
def test_the_digest_goes_to_the_officer_assigned_to_the_case(settings, muni1, officer):
    """The case's officer (Case.assigned_to) gets the item even where the record names
    another officer (an application imported with its own case officer)."""
    from licensing.services.case_numbers import case_open

    settings.REMINDER_DIGEST_WEEKDAY = 0
    colleague = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    muni1.officers.add(colleague)
    police(muni1)
    case = case_open(municipality=muni1, kind="application", assigned_to=colleague)
    application = ApplicationFactory(
        municipality=muni1, holder__name="Kollegas Kafé AS", case_officer=officer, case=case
    )
    HearingFactory(application=application)

    run(f"--date={MONDAY}")

    assert not _sent_to(officer.email)
    (mail,) = _sent_to(colleague.email)
    assert "Kollegas Kafé AS" in mail.body


@pytest.mark.django_db
def test_the_application_page_shows_the_digests_that_listed_its_case(client, officer, muni1):
    """Every reminder sent is visible on the case: also the officer's weekly digest that
    listed the application (issue 14), not only the hearing reminders."""
    from licensing.services.case_numbers import case_open

    application = ApplicationFactory(municipality=muni1, status="hearing", case_officer=officer)
    application.case = case_open(municipality=muni1, kind="application", on=dt.date(2026, 11, 2))
    application.save()
    digest = Reminder.objects.create(
        municipality=muni1,
        kind=ReminderKind.DIGEST,
        subject_key=f"officer:{officer.pk}:{muni1.pk}",
        period_start=dt.date(2026, 11, 30),
        sent_on=dt.date(2026, 11, 30),
        recipient=officer.email,
        recipient_name="Siri Saksbehandler",
        summary="3 overdue items",
        user=officer,
    )
    url = reverse("licensing:application_detail", args=[application.pk])
    client.force_login(officer)
    assert "3 overdue items" not in client.get(url).content.decode()

    digest.cases.set([application.case])
    content = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 overdue items" in content and "30.11.2026" in content
