"""Hearing pages: sending a hearing and recording the reply."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from licensing.models import Hearing
from tests.factories.licensing import ApplicationFactory, HearingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_today(settings):
    settings.LANGUAGE_CODE = "en"
    with (
        translation.override("en"),
        time_machine.travel(
            dt.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
        ),
    ):
        yield


def test_form_preselects_the_mandatory_bodies(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, kind="new")
    response = officer_client.get(reverse("licensing:hearing_create", args=[application.pk]))
    assert response.context["form"].initial["bodies"] == ["police", "social_services"]
    content = response.content.decode()
    assert "mandatory (alkoholloven § 1-7)" in content
    assert 'value="tax"' in content


def test_send_hearings(officer_client, muni1, officer):
    application = ApplicationFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:hearing_create", args=[application.pk]),
        {"bodies": ["police", "social_services"], "sent_on": "2026-11-18", "deadline_on": ""},
        follow=True,
    )
    assert "Hearing sent to police, social services, reply deadline 09.12.2026." in (
        response.content.decode()
    )
    hearings = Hearing.objects.filter(application=application)
    assert {h.body for h in hearings} == {"police", "social_services"}
    assert {h.deadline_on for h in hearings} == {dt.date(2026, 12, 9)}
    application.refresh_from_db()
    assert application.status == "hearing"


@pytest.mark.parametrize("deadline", ["2026-11-18", "2026-11-01"])
def test_deadline_not_after_sent_date_is_refused_with_a_message(officer_client, muni1, deadline):
    application = ApplicationFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:hearing_create", args=[application.pk]),
        {"bodies": ["police"], "sent_on": "2026-11-18", "deadline_on": deadline},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline_on"] == [
        "The reply deadline must be after the sent date."
    ]
    assert "The reply deadline must be after the sent date." in response.content.decode()
    assert not Hearing.objects.exists()
    application.refresh_from_db()
    assert application.status == "received"


def test_no_body_chosen(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:hearing_create", args=[application.pk]), {"sent_on": "2026-11-18"}
    )
    assert response.context["form"].errors["bodies"] == [
        "Choose at least one body to send the hearing to."
    ]
    assert not Hearing.objects.exists()


def test_sent_before_received_is_explained(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, received_on=dt.date(2026, 11, 10))
    response = officer_client.post(
        reverse("licensing:hearing_create", args=[application.pk]),
        {"bodies": ["police"], "sent_on": "2026-11-01"},
    )
    assert response.context["form"].errors["sent_on"] == [
        "A hearing cannot be sent before the application was received (10.11.2026)."
    ]
    assert not Hearing.objects.exists()


def test_bodies_already_heard_are_not_offered(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="hearing")
    HearingFactory(application=application, body="police")
    response = officer_client.get(reverse("licensing:hearing_create", args=[application.pk]))
    assert [value for value, _ in response.context["form"].fields["bodies"].choices] == [
        "social_services",
        "tax",
    ]


def test_no_hearing_on_a_closed_application(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="decided")
    response = officer_client.post(
        reverse("licensing:hearing_create", args=[application.pk]),
        {"bodies": ["police"], "sent_on": "2026-11-18"},
        follow=True,
    )
    assert "No hearing can be sent: the application is “Decided”." in response.content.decode()
    assert not Hearing.objects.exists()


def test_record_reply(officer_client, muni1, officer):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    response = officer_client.post(
        reverse("licensing:hearing_reply", args=[hearing.pk]),
        {"replied_on": "2026-11-02", "gist": "Politiet har ingen merknader."},
        follow=True,
    )
    assert "The reply from police is recorded." in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.replied_on == dt.date(2026, 11, 2)
    assert hearing.history.latest().history_user == officer


def test_reply_before_sent_is_refused_with_a_message(officer_client, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    response = officer_client.post(
        reverse("licensing:hearing_reply", args=[hearing.pk]),
        {"replied_on": "2026-10-01", "gist": "x"},
    )
    assert response.context["form"].errors["replied_on"] == [
        "The reply cannot come before the hearing was sent."
    ]
    hearing.refresh_from_db()
    assert hearing.replied_on is None


def test_reply_needs_a_gist_and_no_future_date(officer_client, muni1):
    hearing = HearingFactory(application__municipality=muni1, application__status="hearing")
    response = officer_client.post(
        reverse("licensing:hearing_reply", args=[hearing.pk]),
        {"replied_on": "2026-11-21", "gist": ""},
    )
    errors = response.context["form"].errors
    assert errors["gist"] == ["Write the gist of the reply."]
    assert errors["replied_on"] == ["The reply date cannot be in the future."]
    hearing.refresh_from_db()
    assert hearing.replied_on is None
