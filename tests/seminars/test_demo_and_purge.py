"""The demo seeder (idempotent, every compliance state) and the retention purge."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.color import no_style

from licensing import demo as licensing_demo
from licensing.models import Licence, ManagerAssignment
from seminars import demo
from seminars.management.commands.purge_seminar_registrations import purge
from seminars.models import Attendance, Participant, Registration, SeminarSession
from seminars.selectors import seminar_compliance_for, with_seats
from tests.factories.licensing import PersonFactory
from tests.factories.seminars import (
    ParticipantFactory,
    RegistrationFactory,
    SeminarSessionFactory,
    oslo,
)

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (SeminarSession, Registration, Participant, Attendance, ManagerAssignment)
    } | {
        f"{model.__name__} history": model.history.count()
        for model in (SeminarSession, Registration, Participant, Attendance)
    }


def test_demo_is_idempotent_and_shows_every_state():
    out = io.StringIO()
    licensing_demo.seed(out, no_style())
    demo.seed(out, no_style())
    first = counts()
    demo.seed(out, no_style())

    assert counts() == first
    assert "seminars: nothing new." in out.getvalue()
    followed = Licence.objects.filter(status__in=("active", "suspended"))
    states = {r.status for r in seminar_compliance_for(followed, TODAY).values()}
    assert states == {"not_required", "compliant", "pending", "due", "overdue"}
    sessions = list(with_seats(SeminarSession.objects.all()))
    assert len(sessions) == 5
    assert all(s.seats_taken <= s.capacity for s in sessions)
    assert Registration.objects.filter(status="waitlisted").count() == 2
    assert any(s.open_to.exists() for s in sessions)  # the regional one
    assert Participant.objects.filter(attendance="attended", person__isnull=False).exists()
    assert Participant.objects.filter(attendance="no_show").exists()


def test_demo_without_the_licensing_demo_says_so():
    out = io.StringIO()
    demo.seed(out, no_style())
    assert "run licensing.demo first" in out.getvalue()
    assert SeminarSession.objects.count() == 0


def test_purge_deletes_old_registrations_but_keeps_attendance(muni1):
    old = SeminarSessionFactory(
        municipality=muni1, starts_at=oslo(2025, 11, 20, 9)
    )  # ended > 12 months ago
    recent = SeminarSessionFactory(municipality=muni1, starts_at=oslo(2025, 11, 23, 9))
    person = PersonFactory(municipality=muni1)
    gone = ParticipantFactory(
        registration=RegistrationFactory(session=old), person=person, attendance="attended"
    )
    Attendance.objects.create(person=person, attended_on=dt.date(2025, 11, 20), participant=gone)
    kept = ParticipantFactory(registration=RegistrationFactory(session=recent))

    assert purge(TODAY) == 1

    assert list(Registration.objects.values_list("session", flat=True)) == [recent.pk]
    assert list(Participant.objects.all()) == [kept]
    fact = Attendance.objects.get()
    assert fact.person == person and fact.participant is None
    assert not Registration.history.filter(session_id=old.pk).exists()
    assert not Participant.history.filter(id=gone.pk).exists()
    assert SeminarSession.objects.count() == 2


def test_purge_command_reports(muni1):
    out = io.StringIO()
    call_command("purge_seminar_registrations", stdout=out)
    assert out.getvalue().strip() == "Deleted 0 registration(s)."


def test_demo_registrations_are_not_dated_in_the_future():
    # A venue registering today must queue behind the demo's waitlisted registrations.
    from django.utils import timezone

    out = io.StringIO()
    licensing_demo.seed(out, no_style())
    demo.seed(out, no_style())
    assert not Registration.objects.filter(created_at__gt=timezone.now()).exists()
    small = SeminarSession.objects.get(title="Ansvarleg vertskap – kveldskurs")
    waiting = list(small.registrations.filter(status="waitlisted").order_by("created_at", "pk"))
    assert [r.venue_name for r in waiting] == ["Kafé Rognan C", "Kafé Rognan E"]
