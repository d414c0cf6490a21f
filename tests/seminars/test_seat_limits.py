"""Defect 5 of issue 12: per-session limits per organisation number and per contact e-mail
(defaults, settable by the officer), and officers release a registration with a reason."""

import pytest
from django.urls import reverse

from seminars.models import DEFAULT_MAX_PER_REGISTRANT, Participant, Registration
from tests.factories.seminars import SeminarSessionFactory
from tests.mail import outbox
from tests.seminars.helpers import registration_post

from .test_officer_views import session_data

OTHER_ORG = "923609016"


def people(count: int, prefix: str = "Invented") -> list[dict]:
    return [{"name": f"{prefix} {i}", "role": "staff", "email": ""} for i in range(count)]


def submit(client, session, participants, **overrides):
    return client.post(
        reverse("seminars_public:session", args=[session.public_id]),
        registration_post(participants=participants, **overrides),
    )


def seats_held() -> int:
    return Participant.objects.exclude(registration__status="cancelled").count()


def test_twenty_invented_names_take_no_seats(client, session):
    response = submit(client, session, people(20))
    assert response.status_code == 200
    assert "One organisation number may hold at most 6 seats" in response.content.decode()
    assert seats_held() == 0


def test_one_organisation_takes_at_most_the_default_across_submissions(client, session):
    assert DEFAULT_MAX_PER_REGISTRANT == 6
    assert (
        submit(client, session, people(4, "A"), contact_email="a@kafe.example").status_code == 302
    )
    refused = submit(client, session, people(3, "B"), contact_email="b@kafe.example")
    assert "(4 already registered)" in refused.content.decode()
    assert (
        submit(client, session, people(2, "C"), contact_email="c@kafe.example").status_code == 302
    )
    assert seats_held() == 6


def test_one_contact_email_takes_at_most_the_default_across_organisations(client, session):
    assert submit(client, session, people(5, "A")).status_code == 302
    refused = submit(client, session, people(2, "B"), org_number=OTHER_ORG)
    assert "One contact e-mail may hold at most 6 seats" in refused.content.decode()
    assert seats_held() == 5


def test_changing_a_registration_respects_the_limit(client, session):
    from seminars import services
    from seminars.services import ParticipantChange

    response = submit(client, session, people(6))
    registration = Registration.objects.get()
    assert response.status_code == 302
    with pytest.raises(Exception, match="at most 6 seats"):
        services.registration_change(
            registration=registration,
            contact_email=registration.contact_email,
            participants=[ParticipantChange(None, "One more", "staff", "")],
        )


def test_the_officer_sets_the_limits_per_session(officer_client, muni1, client):
    data = {**session_data(muni1), "max_per_organisation": "12", "max_per_contact_email": "15"}
    assert officer_client.post(reverse("seminars:session_create"), data).status_code == 302
    from seminars.models import SeminarSession

    session = SeminarSession.objects.get()
    assert (session.max_per_organisation, session.max_per_contact_email) == (12, 15)
    edit = reverse("seminars:session_edit", args=[session.pk])
    bad = officer_client.post(edit, {**data, "max_per_organisation": "0"})
    assert bad.status_code == 200
    session.refresh_from_db()
    assert session.max_per_organisation == 12


@pytest.fixture
def full_session(muni1, client):
    session = SeminarSessionFactory(municipality=muni1, capacity=4)
    submit(client, session, people(4, "Hoarder"), contact_email="hoard@example.no")
    submit(
        client, session, people(2, "Real"), org_number=OTHER_ORG, contact_email="real@kafe.example"
    )
    return session


def test_officer_releases_a_registration_with_a_reason(
    officer_client, full_session, django_capture_on_commit_callbacks
):
    hoarder, waiting = Registration.objects.order_by("pk")
    assert (hoarder.status, waiting.status) == ("confirmed", "waitlisted")
    url = reverse("seminars:registration_release", args=[hoarder.pk])
    assert officer_client.get(url).status_code == 200
    refused = officer_client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Give the reason" in refused.content.decode()
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, {"reason": "Invented names; call us to register."})
    assert response.status_code == 302
    hoarder.refresh_from_db()
    waiting.refresh_from_db()
    assert hoarder.status == "cancelled"
    assert hoarder.release_reason == "Invented names; call us to register."
    assert hoarder.history.first().history_user.username == "officer"
    assert waiting.status == "confirmed"
    to_hoarder = next(m for m in outbox if m.to == ["hoard@example.no"])
    assert "Invented names; call us to register." in to_hoarder.body


def test_release_is_for_the_municipalitys_officers_only(
    client, officer2, full_session, django_user_model
):
    hoarder = Registration.objects.order_by("pk").first()
    url = reverse("seminars:registration_release", args=[hoarder.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302  # anonymous: to the login
    client.force_login(officer2)
    assert client.post(url, {"reason": "x"}).status_code == 404
    hoarder.refresh_from_db()
    assert hoarder.status == "confirmed"
