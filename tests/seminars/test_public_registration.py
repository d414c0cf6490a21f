"""The public registration form: validation per field, nothing half-written, honeypot,
rate limit, CSRF, the no-JavaScript "Add participant" button, waitlist on a full session."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seminars.models import Participant, Registration
from tests.factories.licensing import LicenceFactory
from tests.factories.seminars import ParticipantFactory, RegistrationFactory, SeminarSessionFactory
from tests.mail import outbox

from .helpers import VALID_ORG, registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(session):
    return reverse("seminars_public:session", args=[session.public_id])


def assert_nothing_saved():
    assert Registration.objects.count() == 0
    assert Participant.objects.count() == 0
    assert outbox == []


def test_valid_registration_is_saved_and_confirmed(
    en_client, session, django_capture_on_commit_callbacks
):
    data = registration_post(
        participants=[
            {"name": "Kari  Nordmann", "role": "manager", "email": "kari@kafe.example"},
            {"name": "Ola Nordmann", "role": "deputy", "email": ""},
            {"name": "", "role": "", "email": ""},  # a blank row is ignored
        ],
        org_number="974 760 673",
    )
    data["participants-TOTAL_FORMS"] = "3"
    with django_capture_on_commit_callbacks(execute=True):
        response = en_client.post(url(session), data)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/seminarer/pamelding/")
    assert str(registration.pk) not in response["Location"].split("/")
    assert registration.status == "confirmed"
    assert registration.org_number == VALID_ORG
    assert registration.language == "en"
    assert [(p.name, p.role) for p in registration.participants.all()] == [
        ("Kari Nordmann", "manager"),
        ("Ola Nordmann", "deputy"),
    ]
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["post@kafe.example"]
    assert "Registered: Ansvarlig vertskap" in message.subject
    assert response["Location"] in message.body
    assert "Kari Nordmann (Manager)" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "seminar.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content


def test_confirmation_page_after_redirect(en_client, session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = en_client.post(url(session), registration_post(), follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert "You are registered. A confirmation is on its way to post@kafe.example" in content
    assert "Confirmed: you have a seat" in content
    assert "Kari Nordmann" in content


def test_norwegian_is_the_default_language(client, session, django_capture_on_commit_callbacks):
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(session), registration_post(), follow=True)
    assert Registration.objects.get().language == "nb"
    assert outbox[0].subject == "Påmeldt: Ansvarlig vertskap (10. desember 2026)"
    assert "Takk: Kafé Kaien er påmeldt kurset i ansvarlig vertskap." in outbox[0].body
    assert (
        "Dere er påmeldt. En bekreftelse er på vei til post@kafe.example"
        in response.content.decode()
    )


def test_norwegian_messages_for_bad_fields(client, session):
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    response = client.post(url(session), registration_post(venue_name="", consent=None))
    content = response.content.decode()
    assert "Skriv inn navnet på stedet." in content
    assert "Kryss av for å samtykke, ellers kan vi ikke melde dere på." in content
    assert_nothing_saved()


FIELD_ERRORS = [
    ({"org_number": ""}, "Enter the organisation number."),
    ({"org_number": "12345"}, "An organisation number has exactly 9 digits."),
    (
        {"org_number": "974760672"},
        "974760672 is not a valid organisation number (the check digit does not match).",
    ),
    ({"venue_name": "   "}, "Enter the name of the venue."),
    ({"contact_email": ""}, "Enter a contact e-mail address."),
    ({"contact_email": "post-at-kafe"}, "Enter an e-mail address like name@example.no."),
    ({"consent": None}, "Tick the box to agree, or we cannot register you."),
    ({"licence_number": "x" * 41}, "Ensure this value has at most 40 characters (it has 41)."),
    ({"participants-0-name": ""}, "Enter the participant&#x27;s full name."),
    ({"participants-0-role": ""}, "Choose the participant&#x27;s role at the venue."),
    (
        {"participants-0-role": "owner"},
        "Select a valid choice. owner is not one of the available choices.",
    ),
    ({"participants-0-email": "kari@"}, "Enter an e-mail address like name@example.no."),
]


@pytest.mark.parametrize(("override", "message"), FIELD_ERRORS)
def test_each_bad_field_gets_its_message_and_nothing_is_saved(
    en_client, session, override, message
):
    response = en_client.post(url(session), registration_post(**override))

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "There is a problem" in content
    assert_nothing_saved()


def test_every_bad_field_at_once_gets_its_own_message(en_client, session):
    data = registration_post(
        participants=[
            {"name": "", "role": "manager", "email": "x@"},
            {"name": "Ola", "role": "", "email": ""},
        ],
        org_number="974760672",
        venue_name="",
        contact_email="nope",
        consent=None,
    )
    response = en_client.post(url(session), data)
    content = response.content.decode()
    errors = response.context["errors"]

    anchors = [anchor for anchor, _message in errors]
    assert anchors == [
        "id_org_number",
        "id_venue_name",
        "id_contact_email",
        "id_participants-0-name",
        "id_participants-0-email",
        "id_participants-1-role",
        "id_consent",
    ]
    assert content.count('class="error-message"') == 7
    assert_nothing_saved()


def test_no_participant_at_all(en_client, session):
    data = registration_post(participants=[{"name": "", "role": "", "email": ""}])
    response = en_client.post(url(session), data)
    assert "Add at least one participant." in response.content.decode()
    assert_nothing_saved()


def test_the_same_name_twice(en_client, session):
    row = {"name": "Kari Nordmann", "role": "manager", "email": ""}
    response = en_client.post(
        url(session), registration_post(participants=[row, dict(row, role="staff")])
    )
    assert "Kari Nordmann is listed twice." in response.content.decode()
    assert_nothing_saved()


def test_more_participants_than_the_session_has_seats(en_client, muni1):
    session = SeminarSessionFactory(municipality=muni1, capacity=2)
    rows = [{"name": f"Person {i}", "role": "staff", "email": ""} for i in range(3)]
    response = en_client.post(url(session), registration_post(participants=rows))
    assert "Register at most 2 participants." in response.content.decode()
    assert_nothing_saved()


def test_honeypot_is_silently_rejected(client, session):
    response = client.post(url(session), registration_post(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("seminars_public:received")
    assert_nothing_saved()
    assert client.get(response["Location"]).status_code == 200


def test_honeypot_is_hidden_from_people(client, session):
    content = client.get(url(session)).content.decode()
    assert '<div class="seminar-hp" aria-hidden="true">' in content
    assert 'name="website"' in content and 'tabindex="-1"' in content


def test_rate_limit_per_ip_gives_a_friendly_429(en_client, session, settings):
    settings.SEMINAR_REGISTRATION_RATE = "3/h"
    for _ in range(3):
        assert (
            en_client.post(url(session), registration_post(contact_email="bad")).status_code == 200
        )
    response = en_client.post(url(session), registration_post())

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    content = response.content.decode()
    assert "Too many registrations from your network" in content
    assert "<title>Error:" in content
    # Everything typed is still in the form, to send again later.
    post = registration_post()
    assert f'value="{post["contact_email"]}"' in content
    assert f'value="{post["venue_name"]}"' in content
    assert 'value="Kari Nordmann"' in content
    assert '<input type="checkbox" name="consent" required id="id_consent" checked>' in content
    assert Registration.objects.count() == 0
    # Another address is not affected.
    other = en_client.post(url(session), registration_post(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_default_rate_is_ten_per_hour(client, session):
    for _ in range(10):
        client.post(url(session), registration_post(org_number="1"))
    assert client.post(url(session), registration_post()).status_code == 429
    assert Registration.objects.count() == 0


def test_add_participant_does_not_count_toward_the_rate_limit(client, session, settings):
    settings.SEMINAR_REGISTRATION_RATE = "1/h"
    for _ in range(3):
        client.post(url(session), registration_post(add_participant="1"))
    assert client.post(url(session), registration_post()).status_code == 302


def test_csrf_is_enforced(session):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(url(session), registration_post())
    assert response.status_code == 403
    assert_nothing_saved()


def test_add_participant_without_javascript(en_client, session):
    data = registration_post(add_participant="1")
    response = en_client.post(url(session), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.total_form_count() == 2
    content = response.content.decode()
    assert 'value="Kari Nordmann"' in content  # what was typed is kept
    assert 'value="Kafé Kaien"' in content
    assert 'name="participants-1-name"' in content
    assert "autofocus" in content.split('name="participants-1-name"')[0].rsplit("<input", 1)[1] or (
        "autofocus" in content
    )
    assert "There is a problem" not in content
    assert_nothing_saved()


def test_participant_rows_from_the_query_string(en_client, session):
    response = en_client.get(url(session) + "?deltakere=4")
    assert response.context["formset"].total_form_count() == 4


def test_full_session_offers_the_waitlist(en_client, muni1, django_capture_on_commit_callbacks):
    session = SeminarSessionFactory(municipality=muni1, capacity=2)
    ParticipantFactory.create_batch(2, registration=RegistrationFactory(session=session))

    page = en_client.get(url(session)).content.decode()
    assert "The session is full" in page
    assert "Join the waitlist" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = en_client.post(url(session), registration_post(), follow=True)

    registration = Registration.objects.latest("pk")
    assert registration.status == "waitlisted"
    assert "you are on the waitlist" in response.content.decode()
    assert "On the waitlist" in outbox[0].subject
    assert outbox[0].attachments == []


def test_too_few_seats_for_the_whole_group_waitlists_it(en_client, muni1):
    session = SeminarSessionFactory(municipality=muni1, capacity=3)
    ParticipantFactory.create_batch(2, registration=RegistrationFactory(session=session))
    rows = [
        {"name": "A B", "role": "manager", "email": ""},
        {"name": "C D", "role": "deputy", "email": ""},
    ]
    en_client.post(url(session), registration_post(participants=rows))
    assert Registration.objects.latest("pk").status == "waitlisted"


def test_closed_after_the_deadline(en_client, muni1):
    session = SeminarSessionFactory(
        municipality=muni1, registration_deadline=dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
    )
    page = en_client.get(url(session)).content.decode()
    assert "Registration for this session is closed." in page
    assert 'name="org_number"' not in page
    en_client.post(url(session), registration_post())
    assert_nothing_saved()


def test_licence_number_links_the_licence_in_an_open_municipality(en_client, muni1, muni2):
    session = SeminarSessionFactory(municipality=muni1, open_to=[muni2])
    licence = LicenceFactory(municipality=muni2, number="2024-077")
    en_client.post(url(session), registration_post(licence_number=" 2024-077 "))
    registration = Registration.objects.get()
    assert registration.licence == licence
    assert registration.licence_number == "2024-077"


def test_unknown_session_is_404(client):
    assert client.get("/seminarer/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/seminarer/1/").status_code == 404


def test_the_same_people_from_the_same_organisation_cannot_register_twice(en_client, session):
    # The form sent twice (back button, double click): the second would take the seats twice.
    assert en_client.post(url(session), registration_post()).status_code == 302
    response = en_client.post(
        url(session),
        registration_post(
            participants=[
                {"name": "kari  nordmann", "role": "manager", "email": ""},
                {"name": "Per Ny", "role": "staff", "email": ""},
            ]
        ),
    )
    assert response.status_code == 200
    assert (
        "Kari Nordmann is already registered for this session by the same organisation number."
        in response.content.decode()
    )
    assert Registration.objects.count() == 1
    assert Participant.objects.count() == 1


def test_the_same_name_from_another_organisation_or_after_cancelling_registers(en_client, session):
    assert en_client.post(url(session), registration_post()).status_code == 302
    assert (
        en_client.post(url(session), registration_post(org_number="998000009")).status_code == 302
    )
    Registration.objects.update(status="cancelled", cancelled_at=timezone.now())
    assert en_client.post(url(session), registration_post()).status_code == 302
    assert Registration.objects.exclude(status="cancelled").count() == 1


def test_a_cancelled_session_page_shows_no_free_seats(en_client, session):
    session.cancelled = True
    session.save()
    content = en_client.get(url(session)).content.decode()
    assert "This session has been cancelled." in content
    assert "seats left" not in content
    assert "Registration for this session is closed." in content


def test_session_page_and_confirmation_name_the_organiser_and_its_contact(client, session):
    municipality = session.municipality
    municipality.email, municipality.phone = "skjenking@bodo.example", "75 55 50 00"
    municipality.save()
    content = client.get(url(session)).content.decode()
    assert "Organised by" in content
    assert 'href="mailto:skjenking@bodo.example"' in content
    assert 'href="tel:75555000"' in content

    response = client.post(url(session), registration_post(), follow=True)
    confirmation = response.content.decode()
    assert "Your registration" in confirmation
    assert 'href="mailto:skjenking@bodo.example"' in confirmation and "75 55 50 00" in confirmation


def test_rate_limit_uses_the_trusted_proxy_setting(client, session, settings):
    """Issue 12, defect 7: one setting (TRUSTED_PROXY_COUNT) for every per-address limit."""
    settings.SEMINAR_REGISTRATION_RATE = "1/h"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # No trusted proxy: X-Forwarded-For is the client's own text, ignored.
    client.post(
        url(session), registration_post(org_number="1"), HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy
    )
    spoofed = client.post(
        url(session), registration_post(), HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy
    )
    assert spoofed.status_code == 429
    # One trusted proxy: the address it appended is the client; what the client wrote
    # further left does not make a new client.
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        url(session),
        registration_post(org_number="1"),
        HTTP_X_FORWARDED_FOR="9.9.9.9, 3.3.3.3",
        **proxy,
    )
    same = client.post(
        url(session), registration_post(), HTTP_X_FORWARDED_FOR="8.8.8.8, 3.3.3.3", **proxy
    )
    assert same.status_code == 429
    other = client.post(url(session), registration_post(), HTTP_X_FORWARDED_FOR="4.4.4.4", **proxy)
    assert other.status_code == 302
