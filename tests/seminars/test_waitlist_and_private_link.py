"""Waitlist promotion (with e-mail), changes and cancellation through the private link,
and the signed token: a tampered or unsigned link is 404."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from licensing.errors import DomainError
from seminars import selectors, services
from seminars.models import Participant, Registration
from seminars.services import ParticipantData
from seminars.tokens import sign_token, unsign_token
from tests.factories.licensing import (
    PersonFactory,
    make_org_number,  # noqa: E402
)
from tests.factories.seminars import SeminarSessionFactory
from tests.mail import outbox

from .conftest import NOW

pytestmark = pytest.mark.django_db


def register(session, size, *, name="Venue", email=None, at=None):
    """Each venue (name) its own organisation number, as in life (seat limits per number)."""
    return services.registration_create(
        session=session,
        org_number=make_org_number(sum(map(ord, name)) % 997 + 1),
        venue_name=name,
        participants=[ParticipantData(f"{name} person {i}", "staff") for i in range(size)],
        contact_email=email or f"{name.lower()}@example.no",
        consent=True,
        language="en",
        now=at or NOW,
    )


@pytest.fixture
def small(muni1):
    return SeminarSessionFactory(municipality=muni1, capacity=4)


def statuses(*registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_registrations_fill_then_wait(small):
    a = register(small, 3, name="A")
    b = register(small, 2, name="B")
    c = register(small, 1, name="C")
    assert statuses(a, b, c) == ["confirmed", "waitlisted", "confirmed"]


def test_cancellation_promotes_in_order_those_that_fit(small, django_capture_on_commit_callbacks):
    a = register(small, 4, name="A")
    b = register(small, 3, name="B")
    c = register(small, 2, name="C")
    d = register(small, 1, name="D")
    assert statuses(a, b, c, d) == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]
    outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=a, now=NOW)

    # 4 seats free: B (3) moves up, C (2) does not fit in the 1 left, D (1) does.
    assert statuses(a, b, c, d) == ["cancelled", "confirmed", "waitlisted", "confirmed"]
    subjects = sorted((m.to[0], m.subject) for m in outbox)
    assert subjects == [
        ("a@example.no", "Registration cancelled: Ansvarlig vertskap (10 December 2026)"),
        ("b@example.no", "You have a seat: Ansvarlig vertskap (10 December 2026)"),
        ("d@example.no", "You have a seat: Ansvarlig vertskap (10 December 2026)"),
    ]
    promoted = next(m for m in outbox if m.to == ["b@example.no"])
    assert "moved up from the waitlist" in promoted.body
    assert promoted.attachments[0][0] == "seminar.ics"
    assert sign_token(b.token) in promoted.body


def test_fewer_participants_free_seats_for_the_waitlist(small, django_capture_on_commit_callbacks):
    a = register(small, 4, name="A")
    b = register(small, 3, name="B")
    c = register(small, 2, name="C")
    outbox.clear()
    keep = [
        services.ParticipantChange(index=i, name=p.name, role=p.role)
        for i, p in enumerate(a.participants.all()[:2])
    ]
    drop = [services.ParticipantChange(index=i, remove=True) for i in (2, 3)]

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_change(
            registration=a, contact_email="a@example.no", participants=keep + drop, now=NOW
        )

    assert a.participants.count() == 2
    # 2 free seats: B (3) does not fit; C (2) does.
    assert statuses(a, b, c) == ["confirmed", "waitlisted", "confirmed"]
    assert [m.to for m in outbox] == [["c@example.no"]]


def test_more_seats_from_the_officer_promote(small, officer, django_capture_on_commit_callbacks):
    register(small, 4, name="A")
    b = register(small, 2, name="B")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=small, capacity=6, actor=officer, now=NOW)
    assert statuses(b) == ["confirmed"]
    assert any("You have a seat" in m.subject for m in outbox)


def test_capacity_below_seats_taken_is_refused(small, officer):
    register(small, 4, name="A")
    with pytest.raises(DomainError, match="4 seats are already taken"):
        services.session_update(session=small, capacity=3, actor=officer, now=NOW)
    small.refresh_from_db()
    assert small.capacity == 4


def test_nobody_moves_up_once_the_session_has_started(small):
    a = register(small, 4, name="A")
    b = register(small, 1, name="B")
    started = small.starts_at + dt.timedelta(minutes=5)
    with pytest.raises(DomainError, match="has started"):
        services.registration_cancel(registration=a, now=started)
    assert statuses(a, b) == ["confirmed", "waitlisted"]


def test_a_confirmed_registration_grows_only_into_free_seats(small):
    a = register(small, 3, name="A")
    register(small, 1, name="B")
    rows = [
        services.ParticipantChange(index=i, name=p.name, role=p.role)
        for i, p in enumerate(a.participants.all())
    ]
    rows.append(services.ParticipantChange(index=None, name="New Person", role="staff"))
    with pytest.raises(DomainError, match="Only 3 seats are free for this registration"):
        services.registration_change(
            registration=a, contact_email="a@example.no", participants=rows, now=NOW
        )
    assert a.participants.count() == 3


def test_a_waitlisted_registration_that_fits_after_a_change_moves_up(small):
    register(small, 3, name="A")
    b = register(small, 2, name="B")
    first = b.participants.first()
    services.registration_change(
        registration=b,
        contact_email="b@example.no",
        participants=[
            services.ParticipantChange(index=0, name=first.name, role=first.role),
            services.ParticipantChange(index=1, remove=True),
        ],
        now=NOW,
    )
    assert statuses(b) == ["confirmed"]


def test_renaming_a_participant_drops_the_confirmed_match(small, muni1):
    a = register(small, 1, name="A")
    participant = a.participants.get()
    participant.person = PersonFactory(municipality=muni1)
    participant.save()
    services.registration_change(
        registration=a,
        contact_email="a@example.no",
        participants=[services.ParticipantChange(index=0, name="Someone Else", role="staff")],
        now=NOW,
    )
    participant.refresh_from_db()
    assert participant.name == "Someone Else" and participant.person is None


def test_cancelled_registration_cannot_be_cancelled_twice(small):
    a = register(small, 1, name="A")
    services.registration_cancel(registration=a, now=NOW)
    with pytest.raises(DomainError, match="already cancelled"):
        services.registration_cancel(registration=a, now=NOW)


def test_no_registration_after_the_deadline_or_on_a_cancelled_session(small, officer):
    with pytest.raises(DomainError, match="deadline"):
        register(small, 1, at=small.registration_deadline + dt.timedelta(seconds=1))
    services.session_cancel(session=small, actor=officer, now=NOW)
    with pytest.raises(DomainError, match="cancelled"):
        register(small, 1)
    assert Registration.objects.count() == 0


# The private link ---------------------------------------------------------------------------


def link(registration, view="registration"):
    return reverse(f"seminars_public:{view}", args=[sign_token(registration.token)])


def test_token_round_trip_and_tampering():
    token = uuid.uuid4()
    signed = sign_token(token)
    assert unsign_token(signed) == token
    assert unsign_token(signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None
    assert unsign_token(str(token)) is None
    assert unsign_token(f"{uuid.uuid4()}:{signed.split(':')[1]}") is None
    assert unsign_token("garbage") is None


def test_private_page_opens_with_the_signed_link(client, small):
    registration = register(small, 2, name="A")
    response = client.get(link(registration), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "A person 0" in response.content.decode()


@pytest.mark.parametrize("view", ["registration", "registration_change", "registration_cancel"])
def test_tampered_unsigned_or_unknown_links_are_404(client, small, view):
    registration = register(small, 1, name="A")
    signed = sign_token(registration.token)
    tampered = signed[:-2] + ("xx" if not signed.endswith("xx") else "yy")
    forged = sign_token(uuid.uuid4())
    for value in (tampered, str(registration.token), str(registration.pk), forged):
        response = client.get(reverse(f"seminars_public:{view}", args=[value]))
        assert response.status_code == 404, value
        assert client.post(reverse(f"seminars_public:{view}", args=[value])).status_code in (
            404,
            405,
        )
    assert Registration.objects.get().status == "confirmed"


def test_change_through_the_link(client, small, django_capture_on_commit_callbacks):
    registration = register(small, 1, name="A")
    data = {
        "contact_email": "new@example.no",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "1",
        "participants-0-name": "A person 0",
        "participants-0-role": "manager",
        "participants-0-email": "",
        "participants-1-name": "Added Person",
        "participants-1-role": "deputy",
        "participants-1-email": "added@example.no",
    }
    response = client.post(link(registration, "registration_change"), data)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.contact_email == "new@example.no"
    assert [(p.name, p.role) for p in registration.participants.all()] == [
        ("A person 0", "manager"),
        ("Added Person", "deputy"),
    ]


def test_change_form_shows_the_participants_and_validates(client, small):
    registration = register(small, 2, name="A")
    page = client.get(link(registration, "registration_change"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["formset"].total_form_count() == 2
    data = {
        "contact_email": "a@example.no",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "2",
        "participants-0-name": "",
        "participants-0-role": "staff",
        "participants-1-name": "A person 1",
        "participants-1-role": "staff",
        "participants-1-DELETE": "on",
    }
    response = client.post(
        link(registration, "registration_change"), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Enter the participant&#x27;s full name." in response.content.decode()
    assert registration.participants.count() == 2


def test_removing_every_participant_is_refused(client, small):
    registration = register(small, 1, name="A")
    data = {
        "contact_email": "a@example.no",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-0-name": "A person 0",
        "participants-0-role": "staff",
        "participants-0-DELETE": "on",
    }
    response = client.post(
        link(registration, "registration_change"), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Add at least one participant." in response.content.decode()
    assert registration.participants.count() == 1


def test_cancel_through_the_link(client, small, django_capture_on_commit_callbacks):
    registration = register(small, 4, name="A")
    waiting = register(small, 1, name="B")
    outbox.clear()
    assert client.get(link(registration, "registration_cancel")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(registration, "registration_cancel"))
    assert response.status_code == 302
    assert statuses(registration, waiting) == ["cancelled", "confirmed"]
    assert sorted(m.to[0] for m in outbox) == ["a@example.no", "b@example.no"]


def test_after_the_deadline_the_link_shows_but_no_longer_changes(client, small, time_machine):
    registration = register(small, 1, name="A")
    time_machine.move_to(small.registration_deadline + dt.timedelta(hours=1), tick=False)
    page = client.get(link(registration), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The registration deadline has passed" in page
    response = client.post(
        link(registration, "registration_change"),
        {
            "contact_email": "x@example.no",
            "participants-TOTAL_FORMS": "0",
            "participants-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.contact_email == "a@example.no"
    # Cancelling is still possible until the start.
    client.post(link(registration, "registration_cancel"))
    assert statuses(registration) == ["cancelled"]


def test_checked_in_participants_cannot_be_removed(small, officer):
    registration = register(small, 2, name="A")
    Participant.objects.filter(registration=registration).update(attendance="attended")
    with pytest.raises(DomainError, match="checked in"):
        services.registration_change(
            registration=registration,
            contact_email="a@example.no",
            participants=[services.ParticipantChange(index=1, remove=True)],
            now=NOW,
        )


def test_session_cancellation_tells_every_registrant(
    small, officer, django_capture_on_commit_callbacks
):
    register(small, 4, name="A")
    register(small, 1, name="B")
    register(small, 1, name="C")
    Registration.objects.filter(venue_name="C").update(status="cancelled", cancelled_at=NOW)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=small, actor=officer, now=NOW)
    assert sorted(m.to[0] for m in outbox) == ["a@example.no", "b@example.no"]
    confirmed = next(m for m in outbox if m.to == ["a@example.no"])
    assert "STATUS:CANCELLED" in confirmed.attachments[0][1]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"org_number": "123"}, "org_number", "An organisation number has exactly 9 digits."),
        ({"consent": False}, "consent", "Tick the box to agree that we keep the personal data"),
        ({"participants": []}, "participants", "Add at least one participant."),
        (
            {
                "participants": [
                    ParticipantData("Kari", "staff"),
                    ParticipantData(" kari ", "staff"),
                ]
            },
            "participants",
            "kari is listed twice.",
        ),
        (
            {"participants": [ParticipantData("Kari", "owner")]},
            "participants",
            "Choose the participant",
        ),
        ({"contact_email": "nope"}, "contact_email", "Enter a valid email address."),
        # The participant row fails after the registration row was written: all rolled back.
        ({"participants": [ParticipantData("K" * 201, "staff")]}, "name", "at most 200 characters"),
    ],
)
def test_service_refusals_write_nothing(
    small, overrides, field, message, django_capture_on_commit_callbacks
):
    arguments = {
        "session": small,
        "org_number": "974760673",
        "venue_name": "Kafé",
        "participants": [ParticipantData("Kari", "manager")],
        "contact_email": "k@example.no",
        "consent": True,
        "now": NOW,
    } | overrides
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as error:
        services.registration_create(**arguments)
    assert error.value.field == field
    assert message in error.value.message
    assert Registration.objects.count() == 0
    assert Participant.objects.count() == 0
    assert Registration.history.count() == 0
    assert outbox == []


def test_private_page_after_the_session_is_cancelled(client, small, officer):
    registration = register(small, 2, name="A")
    services.session_cancel(session=small, actor=officer, now=NOW)
    content = client.get(link(registration), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The session is cancelled" in content
    assert "The municipality has cancelled this session; nobody has a seat." in content
    assert "Confirmed: you have a seat" not in content
    assert "The registration deadline has passed" not in content
    assert reverse("seminars_public:session_ics", args=[small.public_id]) not in content


def test_private_page_of_a_cancelled_registration_offers_to_register_again(client, small):
    registration = register(small, 1, name="A")
    services.registration_cancel(registration=registration, now=NOW)
    content = client.get(link(registration), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This registration is cancelled; its participants have no seat." in content
    assert "Register again for this session" in content
    assert reverse("seminars_public:session", args=[small.public_id]) in content
    assert "anyone with the link can change or cancel" not in content


def test_private_page_shows_the_place_on_the_waitlist(client, small):
    register(small, 4, name="A")
    b = register(small, 3, name="B", at=NOW)
    c = register(small, 2, name="C", at=NOW + dt.timedelta(minutes=1))
    assert selectors.waitlist_position(b) == 1
    assert selectors.waitlist_position(c) == 2
    page = client.get(link(c), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are number 2 on the waitlist." in page
    services.registration_cancel(registration=b, now=NOW + dt.timedelta(minutes=2))
    assert selectors.waitlist_position(Registration.objects.get(pk=c.pk)) == 1
    cancelled = client.get(link(b), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on the waitlist." not in cancelled


def test_a_new_time_or_place_is_emailed_to_every_active_registration(
    small, officer, django_capture_on_commit_callbacks
):
    register(small, 4, name="A", email="a@example.no")
    register(small, 2, name="B", email="b@example.no")  # waitlisted
    gone = register(small, 1, name="C", email="c@example.no")
    services.registration_cancel(registration=gone, now=NOW)
    outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=small, actor=officer, now=NOW, description="Ny tekst")
    assert outbox == []  # nothing a registrant plans by changed

    new_start = small.starts_at + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=small, actor=officer, now=NOW, starts_at=new_start,
            ends_at=small.ends_at + dt.timedelta(hours=2), place="Rådhuset, sal 2",
        )  # fmt: skip
    assert sorted(m.to[0] for m in outbox) == ["a@example.no", "b@example.no"]
    to_a = next(m for m in outbox if m.to == ["a@example.no"])
    assert to_a.subject.startswith("Changed: ")
    assert "Rådhuset, sal 2" in to_a.body and "still has its seats" in to_a.body
    assert [name for name, _content, _type in to_a.attachments] == ["seminar.ics"]
    to_b = next(m for m in outbox if m.to == ["b@example.no"])
    assert "still on the waitlist" in to_b.body and not to_b.attachments
