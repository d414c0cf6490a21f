"""Decision pages: recording a decision and reading it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from licensing.models import Decision, Licence
from tests.factories.licensing import ApplicationFactory, HearingFactory, PersonFactory

pytestmark = pytest.mark.django_db

#: The deciding body the form asks for (proposed from the delegation when there is one).
BODY = {"body_kind": "chief_executive", "delegation_reference": "delegeringsreglementet pkt. 4.2"}


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


@pytest.fixture
def application(muni1):
    application = ApplicationFactory(
        municipality=muni1,
        status="assessment",
        reference="26/31",
        proposed_manager=PersonFactory(municipality=muni1, name="Mona Manager"),
        proposed_deputy=PersonFactory(municipality=muni1, name="Dag Deputy"),
    )
    for body in ("police", "social_services"):
        HearingFactory(
            application=application,
            body=body,
            replied_on=dt.date(2026, 10, 20),
            gist="No objections.",
        )
    return application


def test_form_prefills_the_legal_basis_and_shows_the_appeal_deadline(officer_client, application):
    response = officer_client.get(reverse("licensing:decision_create", args=[application.pk]))
    form = response.context["form"]
    assert form.initial["legal_basis"] == "alkoholloven §§ 1-7, 1-7a, 1-7b and 4-2"
    assert form.initial["decided_on"] == dt.date(2026, 11, 20)
    assert response.context["appeal_deadline"] == dt.date(2026, 12, 11)
    content = response.content.decode()
    # Issue 10 section 6: a rule, not a fixed deadline.
    assert "three weeks from the day the party receives the decision letter" in content
    assert "it ends at the earliest" in content
    assert "Mona Manager becomes manager." in content


def test_grant(officer_client, application, officer):
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": "2026-11-20",
            "reasons": "Vilkårene er oppfylt.",
            "legal_basis": "alkoholloven §§ 1-7, 1-7a, 1-7b og 4-2",
            "reference": "26/31",
            **BODY,
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("licensing:decision_detail", args=[decision.pk])
    assert decision.appeal_deadline_on == dt.date(2026, 12, 11)
    assert decision.licence.number == "2026-001"
    assert decision.decided_by == officer
    page = officer_client.get(response["Location"]).content.decode()
    assert "2026-001" in page
    assert "alkoholloven §§ 1-7, 1-7a, 1-7b og 4-2" in page
    assert "Letter" in page
    assert "Open for appeal" in page


def test_failed_grant_explains_and_writes_nothing(officer_client, application):
    application.proposed_manager.date_of_birth = dt.date(2008, 1, 1)
    application.proposed_manager.save()
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": "2026-11-20",
            "reasons": "OK",
            "legal_basis": "x",
            **BODY,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The application cannot be granted:" in content
    assert "Mona Manager is 18 on 20.11.2026; a manager or deputy must be at least 20." in content
    assert not Decision.objects.exists()
    assert not Licence.objects.exists()
    application.refresh_from_db()
    assert application.status == "assessment"


def test_missing_reasons_and_future_date(officer_client, application):
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {"outcome": "refused", "decided_on": "2026-11-21", "reasons": "", "legal_basis": "x"},
    )
    errors = response.context["form"].errors
    assert errors["reasons"] == ["Give the reasons for the decision (forvaltningsloven §§ 24-25)."]
    assert errors["decided_on"] == ["The decision date cannot be in the future."]
    assert not Decision.objects.exists()


def test_refusal(officer_client, application):
    application.comment_step_skipped_reason = "The statements say nothing about the applicant."
    application.save()
    officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "refused",
            "decided_on": "2026-11-20",
            "reasons": "Not suitable.",
            "legal_basis": "x",
            **BODY,
        },
    )
    decision = Decision.objects.get()
    assert (decision.outcome, decision.licence) == ("refused", None)
    assert not Licence.objects.exists()


def test_decision_needs_assessment(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="hearing")
    response = officer_client.get(
        reverse("licensing:decision_create", args=[application.pk]), follow=True
    )
    assert "The application is “On hearing” and cannot move to “Decided”." in (
        response.content.decode()
    )
    assert response.redirect_chain[-1][0] == reverse(
        "licensing:application_detail", args=[application.pk]
    )


def test_detail_page_warns_before_grant_when_hearings_are_open(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    HearingFactory(application=application, deadline_on=dt.date(2026, 11, 25))
    response = officer_client.get(reverse("licensing:decision_create", args=[application.pk]))
    content = response.content.decode()
    assert "The application cannot be granted on this date yet:" in content
    assert "No hearing was sent to social services (alkoholloven § 1-7)." in content


def test_the_appeal_deadline_message_reads_day_first_in_norwegian(officer_client, application):
    officer_client.cookies["django_language"] = "nb"
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": "2026-11-20",
            "reasons": "Vilkårene er oppfylt.",
            "legal_basis": "alkoholloven §§ 1-7, 1-7a, 1-7b og 4-2",
            "reference": "26/31",
            **BODY,
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert "Klagefristen er 11.12.2026." in response.content.decode()
