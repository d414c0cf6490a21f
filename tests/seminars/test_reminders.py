"""Reminders to licence holders whose seminar deadline is near or passed (issue 14 item 3),
and the seminar items of the officers' digest. The clock stands at Sunday 22 November 2026
(conftest); the manager and deputy of the licence took their roles on 1 June 2026, so their
deadline is 1 December 2026: within the 30-day warning period."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from licensing.models import Reminder, ReminderKind
from seminars.reminders import overdue_seminar_items, period_start
from tests.factories.licensing import (
    LicenceFactory,
    ManagerAssignmentFactory,
    MunicipalityFactory,
)
from tests.factories.seminars import (
    AttendanceFactory,
    ParticipantFactory,
    SeminarPolicyFactory,
    SeminarSessionFactory,
)
from tests.mail import outbox

ROLE_START = dt.date(2026, 6, 1)


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def licence_with_persons(municipality, **kwargs):
    licence = LicenceFactory(
        municipality=municipality,
        seminar_required=True,
        granted_on=ROLE_START,
        holder__name="Kafé Kaien AS",
        holder__email="post@kaien.example",
        **kwargs,
    )
    manager = ManagerAssignmentFactory(
        licence=licence, role="manager", started_on=ROLE_START, person__name="Kari Styrer"
    )
    deputy = ManagerAssignmentFactory(
        licence=licence, role="deputy", started_on=ROLE_START, person__name="Per Stedfortreder"
    )
    return licence, manager.person, deputy.person


@pytest.fixture
def reminding(muni1):
    muni1.remind_seminar_holders = True
    muni1.save()
    return muni1


@pytest.fixture
def licence(reminding):
    return licence_with_persons(reminding)[0]


def _to_holder():
    return [m for m in outbox if "post@kaien.example" in m.to]


@pytest.mark.django_db
def test_holder_is_told_who_is_missing_and_the_next_sessions_open_to_them(
    licence, session, muni1, muni2
):
    neighbour_open = SeminarSessionFactory(
        municipality=muni2, title="Kurs hos naboen", open_to=[muni1]
    )
    SeminarSessionFactory(municipality=muni2, title="Bare for Saltdal")
    SeminarSessionFactory(municipality=muni1, title="Avlyst kurs", cancelled=True)
    full = SeminarSessionFactory(municipality=muni1, title="Fullt kurs", capacity=1)
    ParticipantFactory(registration__session=full)

    output = run()

    (message,) = _to_holder()
    assert message.subject == f"Kursfrist 01.12.2026: bevilling {licence.number} (Kafé Kaien AS)"
    body = message.body
    assert "Kari Styrer (styrer), frist 01.12.2026" in body
    assert "Per Stedfortreder (stedfortreder), frist 01.12.2026" in body
    assert session.title in body and "10.12.2026" in body
    assert "Påmelding innen 03.12.2026; 30 ledige plasser." in body
    assert neighbour_open.title in body  # open to the licence's municipality
    assert str(neighbour_open.public_id) in body
    for not_listed in ("Bare for Saltdal", "Avlyst kurs", "Fullt kurs"):
        assert not_listed not in body
    assert message.extra_headers["Reply-To"] == "postmottak@kommune.example"
    html, _mimetype = message.alternatives[0]
    assert "Kari Styrer" in html and "Kurs hos naboen" in html

    reminder = Reminder.objects.get(kind=ReminderKind.SEMINAR)
    assert reminder.licence == licence
    assert reminder.recipient == "post@kaien.example"
    assert reminder.period_start == dt.date(2026, 11, 1)  # the warning period's first day
    assert "Seminar deadlines near or passed: 1 licences" in output


@pytest.mark.django_db
def test_warned_once_then_when_passed_then_monthly(licence):
    run()
    run()
    run("--date=2026-11-30")
    assert len(_to_holder()) == 1
    run("--date=2026-12-02")  # the day after the deadline
    assert len(_to_holder()) == 2
    assert _to_holder()[1].subject.startswith("Kursfristen er passert")
    run("--date=2026-12-31")
    assert len(_to_holder()) == 2
    run("--date=2027-01-01")  # 30 days after the first reminder of the passed deadline
    assert len(_to_holder()) == 3
    assert [r.period_start for r in Reminder.objects.order_by("pk")] == [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 2),
        dt.date(2027, 1, 1),
    ]


@pytest.mark.django_db
def test_the_warning_period_follows_the_seminar_policy(reminding):
    licence = licence_with_persons(reminding)[0]
    SeminarPolicyFactory(municipality=reminding, warning_days=7)
    run()  # 9 days before the deadline: not yet within a 7-day warning period
    assert not _to_holder()
    run("--date=2026-11-24")
    assert len(_to_holder()) == 1
    assert Reminder.objects.get().licence == licence


@pytest.mark.django_db
def test_no_reminder_when_switched_off_compliant_or_not_yet_due(muni1, muni2):
    licence_with_persons(muni1)  # muni1 has not switched the reminders on (the default)
    assert muni1.remind_seminar_holders is False
    muni2.remind_seminar_holders = True
    muni2.save()
    _licence, manager, deputy = licence_with_persons(muni2)
    AttendanceFactory(person=manager, attended_on=dt.date(2026, 9, 1))
    AttendanceFactory(person=deputy, attended_on=dt.date(2026, 9, 1))
    far = LicenceFactory(municipality=muni2, seminar_required=True, granted_on=dt.date(2026, 11, 1))
    ManagerAssignmentFactory(licence=far, started_on=dt.date(2026, 11, 1))  # deadline 01.05.2027
    output = run()
    assert "Seminar deadlines near or passed: 0 licences" in output
    assert not Reminder.objects.exists()
    assert len(outbox) == 0


@pytest.mark.django_db
def test_a_holder_without_an_e_mail_address_is_reported(reminding):
    licence = licence_with_persons(reminding)[0]
    licence.holder.email = ""
    licence.holder.save()
    output = run()
    assert "no address: Kafé Kaien AS" in output
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_nynorsk_municipality_writes_to_its_holders_in_nynorsk():
    municipality = MunicipalityFactory(written_standard="nn", remind_seminar_holders=True)
    licence = licence_with_persons(municipality)[0]
    run()
    (message,) = _to_holder()
    assert message.subject.startswith(f"Kursfrist 01.12.2026: løyve {licence.number}")
    assert "Kari Styrer (styrar), frist 01.12.2026" in message.body
    assert "Oppmøtet tel når kommunen har registrert" in message.body


@pytest.mark.django_db
def test_the_licence_page_shows_the_reminders_to_the_holder(client, officer, licence):
    run()
    client.force_login(officer)
    response = client.get(reverse("licensing:licence_detail", args=[licence.pk]))
    content = response.content.decode()
    assert "Reminders to the holder" in content
    assert "post@kaien.example" in content
    # The summary is kept as written to the holder, in the municipality's language.
    assert "Kari Styrer (styrer, innen 01.12.2026)" in content


@pytest.mark.django_db
def test_the_licence_page_says_when_the_municipality_has_not_switched_reminders_on(
    client, officer, muni1
):
    licence = licence_with_persons(muni1)[0]
    client.force_login(officer)
    response = client.get(reverse("licensing:licence_detail", args=[licence.pk]))
    assert "has not switched on reminders to licence holders" in response.content.decode()


@pytest.mark.django_db
def test_passed_seminar_deadlines_are_items_of_the_officers_digest(muni1):
    due = licence_with_persons(muni1)[0]
    overdue = LicenceFactory(
        municipality=muni1, seminar_required=True, granted_on=dt.date(2026, 1, 10)
    )
    ManagerAssignmentFactory(
        licence=overdue, started_on=dt.date(2026, 1, 10), person__name="Ola Sein"
    )
    (item,) = overdue_seminar_items([muni1.pk], dt.date(2026, 11, 22))
    assert item.label == f"{overdue.number} {overdue.holder.name}"
    assert "Ola Sein" in item.detail and "10.07.2026" in item.detail
    assert item.officer_id is None  # no decision names an officer: every officer gets it
    assert due.number not in item.label


def test_period_start_of_a_passed_deadline_moves_every_thirty_days():
    from licensing.rules.seminar import DEFAULT_POLICY, OVERDUE, SeminarResult

    result = SeminarResult(
        status=OVERDUE, deadline=dt.date(2026, 12, 1), missing=(), reasons=(), policy=DEFAULT_POLICY
    )
    assert period_start(result, dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)
    assert period_start(result, dt.date(2027, 1, 1)) == dt.date(2027, 1, 1)
    assert period_start(result, dt.date(2026, 12, 31)) == dt.date(2026, 12, 2)
