"""Hearings (alkoholloven § 1-7): sending, deadlines, replies, and the database's guard."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import Hearing
from licensing.services import hearings as svc
from tests.factories.licensing import ApplicationFactory, HearingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the msgids), whatever the translations say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


SENT = dt.date(2026, 10, 5)


def test_first_hearing_moves_the_application_to_hearing(officer, muni1):
    application = ApplicationFactory(municipality=muni1)
    hearing = svc.hearing_send(application=application, body="police", sent_on=SENT, actor=officer)
    application.refresh_from_db()
    assert application.status == "hearing"
    assert hearing.history.get().history_user == officer


def test_deadline_defaults_to_three_weeks(officer, muni1):
    application = ApplicationFactory(municipality=muni1)
    hearing = svc.hearing_send(application=application, body="police", sent_on=SENT, actor=officer)
    assert hearing.deadline_on == dt.date(2026, 10, 26)  # 5 October + 21 days


def test_several_bodies_at_once(officer, muni1):
    application = ApplicationFactory(municipality=muni1)
    hearings = svc.hearings_send(
        application=application,
        bodies=["police", "social_services", "tax"],
        sent_on=SENT,
        deadline_on=dt.date(2026, 11, 2),
        actor=officer,
    )
    assert {h.body for h in hearings} == {"police", "social_services", "tax"}
    assert all(h.deadline_on == dt.date(2026, 11, 2) for h in hearings)


def test_new_hearing_from_assessment_moves_back_to_hearing(officer, muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    HearingFactory(application=application, body="police")
    svc.hearing_send(application=application, body="tax", sent_on=SENT, actor=officer)
    application.refresh_from_db()
    assert application.status == "hearing"


@pytest.mark.parametrize("deadline", [SENT, SENT - dt.timedelta(days=1)])
def test_deadline_must_be_after_sent_date(officer, muni1, deadline):
    application = ApplicationFactory(municipality=muni1)
    with pytest.raises(DomainError) as exc:
        svc.hearing_send(
            application=application,
            body="police",
            sent_on=SENT,
            deadline_on=deadline,
            actor=officer,
        )
    assert exc.value.message == "The reply deadline must be after the sent date."
    assert exc.value.field == "deadline_on"
    assert not Hearing.objects.exists()
    application.refresh_from_db()
    assert application.status == "received"


def test_database_refuses_a_deadline_before_the_sent_date(muni1):
    application = ApplicationFactory(municipality=muni1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.create(
            application=application, body="police", sent_on=SENT, deadline_on=SENT
        )
    assert not Hearing.objects.exists()


def test_database_refuses_a_second_hearing_to_the_same_body(muni1):
    hearing = HearingFactory(application__municipality=muni1)
    with pytest.raises(IntegrityError), transaction.atomic():
        HearingFactory(application=hearing.application, body="police")


def test_second_hearing_to_the_same_body_is_explained(officer, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    with pytest.raises(DomainError) as exc:
        svc.hearing_send(
            application=hearing.application, body="police", sent_on=SENT, actor=officer
        )
    assert "Police already has a hearing on this application (sent 05.10.2026)" in exc.value.message
    assert Hearing.objects.count() == 1


def test_several_bodies_are_all_or_nothing(officer, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    with pytest.raises(DomainError):
        svc.hearings_send(
            application=hearing.application,
            bodies=["social_services", "police"],
            sent_on=SENT,
            actor=officer,
        )
    assert list(Hearing.objects.values_list("body", flat=True)) == ["police"]


def test_hearing_cannot_be_sent_before_the_application_was_received(officer, muni1):
    application = ApplicationFactory(municipality=muni1, received_on=dt.date(2026, 10, 1))
    with pytest.raises(DomainError) as exc:
        svc.hearing_send(
            application=application, body="police", sent_on=dt.date(2026, 9, 30), actor=officer
        )
    assert "before the application was received (01.10.2026)" in exc.value.message
    assert not Hearing.objects.exists()


@pytest.mark.parametrize("status", ["decided", "withdrawn"])
def test_closed_application_gets_no_hearing(officer, muni1, status):
    application = ApplicationFactory(municipality=muni1, status=status)
    with pytest.raises(TransitionNotAllowed) as exc:
        svc.hearing_send(application=application, body="police", sent_on=SENT, actor=officer)
    assert exc.value.current == status
    assert not Hearing.objects.exists()


def test_record_reply(officer, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    svc.hearing_record_reply(
        hearing=hearing, replied_on=dt.date(2026, 10, 20), gist="No objections.", actor=officer
    )
    hearing.refresh_from_db()
    assert hearing.replied_on == dt.date(2026, 10, 20)
    assert hearing.gist == "No objections."
    assert hearing.history.latest().history_user == officer


def test_reply_before_sent_date_is_refused(officer, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    with pytest.raises(DomainError) as exc:
        svc.hearing_record_reply(
            hearing=hearing, replied_on=dt.date(2026, 10, 1), gist="x", actor=officer
        )
    assert "The reply cannot come before the hearing was sent." in exc.value.message
    hearing.refresh_from_db()
    assert hearing.replied_on is None


def test_reply_needs_a_gist(officer, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    with pytest.raises(DomainError) as exc:
        svc.hearing_record_reply(
            hearing=hearing, replied_on=dt.date(2026, 10, 20), gist="  ", actor=officer
        )
    assert exc.value.message == "Write the gist of the reply."
    hearing.refresh_from_db()
    assert hearing.replied_on is None


def test_is_overdue():
    hearing = Hearing(sent_on=SENT, deadline_on=dt.date(2026, 10, 26))
    assert not hearing.is_overdue(dt.date(2026, 10, 26))
    assert hearing.is_overdue(dt.date(2026, 10, 27))
    hearing.replied_on = dt.date(2026, 10, 27)
    assert not hearing.is_overdue(dt.date(2026, 11, 27))
