"""The applicant's chance to comment on the hearing statements before a refusal
(forvaltningsloven § 17 second paragraph; issue 10 section 4 "Refusal")."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import CommentRequest, Decision
from licensing.services import comments as svc
from licensing.services import decisions as decision_services
from licensing.services.delegation import DecidingBody
from tests.factories.licensing import ApplicationFactory, HearingFactory, PersonFactory

pytestmark = pytest.mark.django_db

BODY = DecidingBody("chief_executive", delegation_reference="delegeringsreglementet pkt. 4.2")
POLICE_SAYS = "Politiet fraråder bevilling: gjentatte brudd på skjenketidene."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def application(muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    HearingFactory(
        application=application, body="police", sent_on=dt.date(2026, 9, 1),
        deadline_on=dt.date(2026, 9, 29), replied_on=dt.date(2026, 9, 20), gist=POLICE_SAYS,
    )  # fmt: skip
    HearingFactory(
        application=application, body="social_services", sent_on=dt.date(2026, 9, 1),
        deadline_on=dt.date(2026, 9, 29), replied_on=None, gist="",
    )  # fmt: skip
    return application


def police(application):
    return application.hearings.get(body="police")


def refuse(application, officer, decided_on=dt.date(2026, 11, 20)):
    return decision_services.decision_record(
        application=application, outcome="refused", decided_on=decided_on,
        reasons="Vandelskravet er ikke oppfylt.", actor=officer, body=BODY,
    )  # fmt: skip


# Services ---------------------------------------------------------------------------------------


def test_sending_a_statement_gives_two_weeks_and_keeps_the_history(application, officer):
    request = svc.comment_request_send(
        hearing=police(application), sent_on=dt.date(2026, 10, 1), actor=officer
    )
    assert request.deadline_on == dt.date(2026, 10, 15)
    assert request.history.get().history_user == officer


def test_only_a_recorded_statement_can_be_sent(application, officer):
    social = application.hearings.get(body="social_services")
    with pytest.raises(DomainError) as exc:
        svc.comment_request_send(hearing=social, sent_on=dt.date(2026, 10, 1), actor=officer)
    assert exc.value.message == (
        "Record the reply from social services before sending it to the applicant for comment."
    )
    with pytest.raises(DomainError) as exc:
        svc.comment_request_send(
            hearing=police(application), sent_on=dt.date(2026, 9, 19), actor=officer
        )
    assert exc.value.message == "The statement cannot be sent before it was received (20.09.2026)."


def test_a_statement_is_sent_once(application, officer):
    svc.comment_request_send(
        hearing=police(application), sent_on=dt.date(2026, 10, 1), actor=officer
    )
    with pytest.raises(DomainError) as exc:
        svc.comment_request_send(
            hearing=police(application), sent_on=dt.date(2026, 10, 2), actor=officer
        )
    assert exc.value.message == "This statement has already been sent to the applicant for comment."


def test_recording_the_comment_needs_its_gist(application, officer):
    request = svc.comment_request_send(
        hearing=police(application), sent_on=dt.date(2026, 10, 1), actor=officer
    )
    with pytest.raises(DomainError) as exc:
        svc.comment_record(
            request=request, received_on=dt.date(2026, 10, 10), gist=" ", actor=officer
        )
    assert exc.value.message == "Write the gist of the applicant's comment."
    svc.comment_record(
        request=request, received_on=dt.date(2026, 10, 10), gist="Ny daglig leder.", actor=officer
    )
    request.refresh_from_db()
    assert (request.received_on, request.gist) == (dt.date(2026, 10, 10), "Ny daglig leder.")


def test_a_refusal_without_the_comment_step_is_refused_with_the_reason(application, officer):
    with pytest.raises(DomainError) as exc:
        refuse(application, officer)
    assert exc.value.field == "outcome"
    assert exc.value.message == (
        "The statement from police has not been sent to the applicant for comment "
        "(forvaltningsloven § 17 second paragraph): send it, or record why the applicant is "
        "not asked to comment."
    )
    assert not Decision.objects.exists()


def test_a_refusal_waits_for_the_comment_or_the_deadline(application, officer):
    request = svc.comment_request_send(
        hearing=police(application), sent_on=dt.date(2026, 11, 10), actor=officer
    )
    with pytest.raises(DomainError) as exc:
        refuse(application, officer, decided_on=dt.date(2026, 11, 20))
    assert exc.value.message == (
        "The applicant may comment on the statement from police until 24.11.2026: decide "
        "after that date, or record the comment first."
    )
    svc.comment_record(
        request=request, received_on=dt.date(2026, 11, 18), gist="Vi bestrider ikke bruddene.",
        actor=officer,
    )  # fmt: skip
    assert refuse(application, officer).outcome == "refused"


def test_a_refusal_after_the_deadline_without_a_comment(application, officer):
    svc.comment_request_send(
        hearing=police(application), sent_on=dt.date(2026, 10, 1), actor=officer
    )
    assert refuse(application, officer, decided_on=dt.date(2026, 10, 16)).outcome == "refused"


def test_a_refusal_with_the_reason_the_step_was_skipped(application, officer):
    svc.comment_step_skip(
        application=application,
        reason="Søkeren kjenner allerede politiets opplysninger fra møtet 15.09.2026.",
        actor=officer,
    )
    assert refuse(application, officer).outcome == "refused"
    application.refresh_from_db()
    assert application.history.first().history_user == officer


def test_a_grant_needs_no_comment_step(application, officer):
    assert svc.comment_step_problems(application, dt.date(2026, 11, 20)) != []
    application.hearings.filter(body="social_services").update(
        replied_on=dt.date(2026, 9, 21), gist="No objections."
    )
    application.proposed_manager = PersonFactory(municipality=application.municipality)
    application.save()
    decision = decision_services.decision_record(
        application=application, outcome="granted", decided_on=dt.date(2026, 11, 20),
        reasons="OK", actor=officer, body=BODY,
    )  # fmt: skip
    assert decision.outcome == "granted"


def test_nothing_to_comment_on_when_no_body_made_a_statement(muni1, officer):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    assert svc.comment_step_problems(application, dt.date(2026, 11, 20)) == []


def test_a_decided_application_is_closed_for_the_step(application, officer):
    svc.comment_step_skip(application=application, reason="Unntak.", actor=officer)
    refuse(application, officer)
    with pytest.raises(TransitionNotAllowed):
        svc.comment_step_skip(application=application, reason="", actor=officer)


# Pages ------------------------------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(
        dt.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    ):
        yield


def test_the_step_from_the_application_page(officer_client, application, frozen):
    detail = reverse("licensing:application_detail", args=[application.pk])
    page = officer_client.get(detail).content.decode()
    assert "The applicant's comments on the statements" in page
    assert "Not sent for comment yet: Police." in page

    send = reverse("licensing:comment_request_create", args=[application.pk])
    form = officer_client.get(send).context["form"]
    assert [h.body for h in form.fields["hearing"].queryset] == ["police"]
    response = officer_client.post(
        send, {"hearing": police(application).pk, "sent_on": "2026-10-01", "deadline_on": ""}
    )
    assert response["Location"] == detail
    request = CommentRequest.objects.get()
    assert request.deadline_on == dt.date(2026, 10, 15)

    received = reverse("licensing:comment_received", args=[request.pk])
    response = officer_client.post(
        received, {"received_on": "2026-10-10", "gist": "Ny daglig leder og nye rutiner."}
    )
    assert response["Location"] == detail
    page = officer_client.get(detail).content.decode()
    assert "Ny daglig leder og nye rutiner." in page
    assert "10.10.2026" in page
    assert "Not sent for comment yet" not in page


def test_the_form_errors(officer_client, application, frozen):
    send = reverse("licensing:comment_request_create", args=[application.pk])
    response = officer_client.post(
        send, {"hearing": police(application).pk, "sent_on": "2026-11-21", "deadline_on": ""}
    )
    assert response.context["form"].errors == {
        "sent_on": ["The sent date cannot be in the future."]
    }
    response = officer_client.post(
        send,
        {"hearing": police(application).pk, "sent_on": "2026-10-01", "deadline_on": "2026-10-01"},
    )
    assert response.context["form"].errors == {
        "deadline_on": ["The comment deadline must be after the sent date."]
    }
    assert not CommentRequest.objects.exists()


def test_skipping_the_step_is_recorded_and_shown(officer_client, application, frozen):
    skip = reverse("licensing:comment_step_skip", args=[application.pk])
    officer_client.post(skip, {"reason": "Opplysningene er gitt av søkeren selv."})
    application.refresh_from_db()
    assert application.comment_step_skipped_reason == "Opplysningene er gitt av søkeren selv."
    page = officer_client.get(reverse("licensing:application_detail", args=[application.pk]))
    assert "Not asked to comment, because:" in page.content.decode()


def test_the_decision_form_refuses_a_refusal_without_the_step(officer_client, application, frozen):
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "refused",
            "decided_on": "2026-11-20",
            "reasons": "Vandel.",
            "legal_basis": "alkoholloven § 1-7b",
            "body_kind": "chief_executive",
            "delegation_reference": "delegeringsreglementet pkt. 4.2",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["outcome"]
    assert errors[0].startswith("The statement from police has not been sent to the applicant")
    assert "The application cannot be refused on this date yet:" in response.content.decode()
    assert not Decision.objects.exists()


def test_another_municipalitys_officer_gets_404(officer2_client, application, officer, frozen):
    request = svc.comment_request_send(
        hearing=police(application), sent_on=dt.date(2026, 10, 1), actor=officer
    )
    for url in (
        reverse("licensing:comment_request_create", args=[application.pk]),
        reverse("licensing:comment_received", args=[request.pk]),
        reverse("licensing:comment_step_skip", args=[application.pk]),
    ):
        assert officer2_client.get(url).status_code == 404
        assert officer2_client.post(url, {"reason": "x"}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, application):
    url = reverse("licensing:comment_step_skip", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
