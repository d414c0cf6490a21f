"""Case officers' pages: who may see them, check-in and matching (the attendance fact),
CSV export, the printable list, session forms, and query counts over many rows."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from licensing.models import ManagerAssignment
from seminars.models import Attendance, Participant, SeminarSession
from tests.factories.licensing import HolderFactory, LicenceFactory, PersonFactory, UserFactory
from tests.factories.seminars import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SeminarSessionFactory,
    oslo,
)
from tests.mail import outbox

pytestmark = pytest.mark.django_db

HELD = {
    "starts_at": oslo(2026, 11, 20, 9),
    "ends_at": oslo(2026, 11, 20, 12),
    "registration_deadline": oslo(2026, 11, 13, 12),
}


@pytest.fixture
def participant(session):
    return ParticipantFactory(
        registration=RegistrationFactory(session=session), name="Kari Nordmann"
    )


def session_urls(session, participant):
    return [
        ("get", reverse("seminars:session_list")),
        ("get", reverse("seminars:session_create")),
        ("get", reverse("seminars:session_detail", args=[session.pk])),
        ("get", reverse("seminars:session_edit", args=[session.pk])),
        ("get", reverse("seminars:session_cancel", args=[session.pk])),
        ("get", reverse("seminars:attendance_sheet", args=[session.pk])),
        ("get", reverse("seminars:export_csv", args=[session.pk])),
        ("post", reverse("seminars:participant_mark", args=[participant.pk])),
        ("get", reverse("seminars:participant_match", args=[participant.pk])),
    ]


def test_anonymous_is_sent_to_login(client, session, participant):
    for method, url in session_urls(session, participant):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["company_a_user", "nobody"])
def test_other_roles_get_403(client, session, participant, persona, request):
    user = (
        request.getfixturevalue(persona) if persona != "nobody" else UserFactory(username="nobody")
    )
    client.force_login(user)
    for method, url in session_urls(session, participant):
        assert getattr(client, method)(url).status_code == 403, url


def test_officer_of_another_municipality_gets_404(officer2_client, session, participant):
    for method, url in session_urls(session, participant)[2:]:
        assert getattr(officer2_client, method)(url).status_code == 404, url
    participant.refresh_from_db()
    assert participant.attendance == "unknown"


def test_other_municipalities_sessions_are_not_listed(officer2_client, session):
    response = officer2_client.get(reverse("seminars:session_list"))
    assert response.status_code == 200
    assert list(response.context["sessions"]) == []


@pytest.mark.parametrize("persona", ["officer_client", "admin_client_"])
def test_officer_and_administrator_see_every_page(request, session, participant, persona):
    web = request.getfixturevalue(persona)
    for method, url in session_urls(session, participant):
        if method == "get":
            assert web.get(url).status_code == 200, url


# Lists and query counts -------------------------------------------------------------------


def test_session_list_runs_a_fixed_number_of_queries(
    officer_client, muni1, django_assert_max_num_queries
):
    for i in range(55):
        s = SeminarSessionFactory(municipality=muni1, starts_at=oslo(2026, 12, 1 + i % 28, 9))
        ParticipantFactory(registration=RegistrationFactory(session=s))
    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("seminars:session_list"))
    assert response.status_code == 200
    assert len(response.context["sessions"]) == 25
    assert response.context["page_obj"].paginator.count == 55


def test_session_detail_runs_a_fixed_number_of_queries(
    officer_client, session, muni1, django_assert_max_num_queries
):
    for i in range(60):
        holder = HolderFactory(municipality=muni1)
        licence = LicenceFactory(municipality=muni1, holder=holder)
        person = PersonFactory(municipality=muni1, name=f"Person {i}")
        ManagerAssignment.objects.create(
            licence=licence, person=person, role="manager", started_on=dt.date(2024, 9, 15)
        )
        registration = RegistrationFactory(session=session, org_number=holder.org_number)
        ParticipantFactory(
            registration=registration, name=f"Person {i}", person=person if i % 2 else None
        )
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("seminars:session_detail", args=[session.pk]))
    content = response.content.decode()
    assert content.count("Suggested") >= 30  # every unmatched participant gets a suggestion


def test_export_runs_a_fixed_number_of_queries(
    officer_client, session, django_assert_max_num_queries
):
    for _ in range(60):
        ParticipantFactory(registration=RegistrationFactory(session=session))
    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("seminars:export_csv", args=[session.pk]))
    assert response.content.decode("utf-8-sig").count("\r\n") == 61


def test_public_list_runs_a_fixed_number_of_queries(
    client, muni1, muni2, django_assert_max_num_queries
):
    for i in range(55):
        s = SeminarSessionFactory(
            municipality=muni1, starts_at=oslo(2026, 12, 1 + i % 28, 9), open_to=[muni2]
        )
        ParticipantFactory(registration=RegistrationFactory(session=s))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("seminars_public:session_list"))
    assert len(response.context["sessions"]) == 55


# Check-in and the attendance fact ----------------------------------------------------------


@pytest.fixture
def held(muni1):
    return SeminarSessionFactory(municipality=muni1, **HELD)


@pytest.fixture
def mona(muni1):
    return PersonFactory(municipality=muni1, name="Mona Manager")


def mark(web, participant, value):
    return web.post(reverse("seminars:participant_mark", args=[participant.pk]), {"mark": value})


def match(web, participant, person):
    value = "none" if person is None else person.pk
    return web.post(reverse("seminars:participant_match", args=[participant.pk]), {"person": value})


def test_marking_a_matched_participant_attended_creates_the_fact(
    officer_client, officer, held, mona
):
    participant = ParticipantFactory(registration=RegistrationFactory(session=held), person=mona)

    response = mark(officer_client, participant, "attended")

    assert response.status_code == 302
    assert response["Location"].endswith(f"#participant-{participant.pk}")
    fact = Attendance.objects.get()
    assert (fact.person, fact.attended_on, fact.participant, fact.recorded_by) == (
        mona,
        dt.date(2026, 11, 20),
        participant,
        officer,
    )
    assert fact.seminar_title == "Ansvarlig vertskap"


def test_unmarking_removes_the_fact(officer_client, held, mona):
    participant = ParticipantFactory(registration=RegistrationFactory(session=held), person=mona)
    mark(officer_client, participant, "attended")
    mark(officer_client, participant, "no_show")
    assert Attendance.objects.count() == 0
    mark(officer_client, participant, "attended")
    mark(officer_client, participant, "unknown")
    assert Attendance.objects.count() == 0
    participant.refresh_from_db()
    assert participant.attendance == "unknown"


def test_attended_but_unmatched_counts_once_matched(officer_client, held, mona, muni2):
    participant = ParticipantFactory(registration=RegistrationFactory(session=held))
    mark(officer_client, participant, "attended")
    assert Attendance.objects.count() == 0

    match(officer_client, participant, mona)
    assert Attendance.objects.get().person == mona

    # Correcting the match moves the fact to the other person.
    other = PersonFactory(municipality=held.municipality, name="Mona Other")
    match(officer_client, participant, other)
    assert list(Attendance.objects.values_list("person", flat=True)) == [other.pk]

    match(officer_client, participant, None)
    assert Attendance.objects.count() == 0


def test_the_fact_counts_in_the_register_whoever_organised(officer_client, muni1, muni2, held):
    """A Saltdal deputy at Bodø's regional seminar becomes compliant."""
    held.open_to.set([muni2])
    licence = LicenceFactory(
        municipality=muni2, seminar_required=True, granted_on=dt.date(2024, 9, 15)
    )
    deputy = PersonFactory(municipality=muni2, name="Dag Deputy")
    ManagerAssignment.objects.create(
        licence=licence, person=deputy, role="deputy", started_on=dt.date(2024, 9, 15)
    )
    registration = RegistrationFactory(session=held, org_number=licence.holder.org_number)
    participant = ParticipantFactory(registration=registration, name="dag  DEPUTY", role="deputy")

    detail = officer_client.get(reverse("seminars:session_detail", args=[held.pk])).content.decode()
    assert "Dag Deputy" in detail and "Suggested" in detail

    match(officer_client, participant, deputy)
    mark(officer_client, participant, "attended")

    from seminars.selectors import seminar_compliance_for

    assert (
        seminar_compliance_for([licence.pk], dt.date(2026, 11, 22))[licence.pk].status
        == "compliant"
    )


def test_check_in_opens_on_the_session_day(officer_client, session, mona):
    participant = ParticipantFactory(registration=RegistrationFactory(session=session), person=mona)
    response = mark(officer_client, participant, "attended")
    participant.refresh_from_db()
    assert participant.attendance == "unknown"
    assert Attendance.objects.count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("10.12.2026" in m for m in messages)


def test_bad_mark_is_refused(officer_client, held):
    participant = ParticipantFactory(registration=RegistrationFactory(session=held))
    mark(officer_client, participant, "maybe")
    participant.refresh_from_db()
    assert participant.attendance == "unknown"


def test_person_outside_the_open_municipalities_is_refused(officer_client, held, muni2):
    participant = ParticipantFactory(registration=RegistrationFactory(session=held))
    stranger = PersonFactory(municipality=muni2)
    response = match(officer_client, participant, stranger)
    assert response.status_code == 400
    participant.refresh_from_db()
    assert participant.person is None


def test_one_person_matched_twice_in_a_session_is_refused(officer_client, held, mona):
    ParticipantFactory(registration=RegistrationFactory(session=held), person=mona, name="Mona")
    second = ParticipantFactory(registration=RegistrationFactory(session=held), name="Mona M")
    response = match(officer_client, second, mona)
    assert response.status_code == 400
    assert "already matched" in response.content.decode() or "allerede" in response.content.decode()
    second.refresh_from_db()
    assert second.person is None


def test_imported_attendance_on_the_same_day_is_not_duplicated(officer_client, held, mona):
    AttendanceFactory(
        person=mona, attended_on=dt.date(2026, 11, 20), seminar_title="Ansvarlig vertskap"
    )
    participant = ParticipantFactory(registration=RegistrationFactory(session=held), person=mona)
    mark(officer_client, participant, "attended")
    mark(officer_client, participant, "unknown")
    assert Attendance.objects.count() == 1  # the imported fact stays


def test_match_page_suggests_and_searches(officer_client, held, muni1):
    licence = LicenceFactory(municipality=muni1)
    person = PersonFactory(municipality=muni1, name="Kari Nordmann")
    ManagerAssignment.objects.create(
        licence=licence, person=person, role="manager", started_on=dt.date(2024, 1, 1)
    )
    participant = ParticipantFactory(
        registration=RegistrationFactory(
            session=held, org_number="974760673", licence_number=licence.number
        ),
        name="Nordmann Kari",
    )
    page = officer_client.get(reverse("seminars:participant_match", args=[participant.pk]))
    assert page.context["suggestion"].person_id == person.pk
    other = PersonFactory(municipality=muni1, name="Kari Annen")
    found = officer_client.get(
        reverse("seminars:participant_match", args=[participant.pk]) + "?q=kari"
    )
    # The venue's candidate is listed once, above; the search adds the others.
    assert [p.pk for p in found.context["found"]] == [other.pk]


# Exports ------------------------------------------------------------------------------------


def test_csv_export_content(officer_client, held, mona):
    registration = RegistrationFactory(
        session=held,
        venue_name='=HYPERLINK("http://evil")',
        org_number="974760673",
        licence_number="2024-001",
        contact_email="post@kafe.example",
    )
    ParticipantFactory(
        registration=registration,
        name="Mona Manager",
        role="manager",
        email="m@kafe.example",
        person=mona,
        attendance="attended",
    )
    ParticipantFactory(registration=registration, name="-2+3", role="staff")
    waiting = RegistrationFactory(session=held, status="waitlisted", venue_name="Bar B")
    ParticipantFactory(registration=waiting, name="Wenche", role="deputy")

    response = officer_client.get(
        reverse("seminars:export_csv", args=[held.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="seminar-2026-11-20-{held.pk}.csv"'
    )
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Registration status",
        "Registered",
        "Venue",
        "Organisation number",
        "Licence number",
        "Participant",
        "Role",
        "Participant e-mail",
        "Contact e-mail",
        "Attendance",
        "Matched person",
    ]
    assert rows[1] == [
        "Confirmed",
        "2026-11-22 12:00",
        '\'=HYPERLINK("http://evil")',
        "974760673",
        "2024-001",
        "Mona Manager",
        "Manager",
        "m@kafe.example",
        "post@kafe.example",
        "Attended",
        "Mona Manager",
    ]
    assert rows[2][5] == "'-2+3"
    assert rows[3][0] == "Waitlisted" and rows[3][5] == "Wenche"
    assert len(rows) == 4


def test_attendance_sheet_lists_confirmed_participants_for_printing(officer_client, held):
    ParticipantFactory(
        registration=RegistrationFactory(session=held, venue_name="Kafé A"), name="Berit"
    )
    ParticipantFactory(
        registration=RegistrationFactory(session=held, venue_name="Kafé B"), name="Anne"
    )
    ParticipantFactory(
        registration=RegistrationFactory(session=held, status="waitlisted"), name="Waiting"
    )
    response = officer_client.get(
        reverse("seminars:attendance_sheet", args=[held.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert content.index("Anne") < content.index("Berit")
    assert "Waiting" not in content
    assert 'class="seminar-sheet"' in content and "Signature" in content


# Session forms --------------------------------------------------------------------------------


def session_data(municipality, **overrides):
    data = {
        "municipality": municipality.pk,
        "title": "Ansvarlig vertskap – vinter",
        "kind": "Ansvarlig vertskap",
        "starts_at": "2027-01-14T09:00",
        "ends_at": "2027-01-14T12:00",
        "registration_deadline": "2027-01-07T12:00",
        "place": "Rådhuset",
        "online_url": "",
        "capacity": "40",
        "language": "nb",
        "description": "",
    }
    data.update(overrides)
    return data


def test_create_a_session(officer_client, muni1, muni2):
    response = officer_client.post(
        reverse("seminars:session_create"), {**session_data(muni1), "open_to": [muni1.pk, muni2.pk]}
    )
    session = SeminarSession.objects.get()
    assert response.status_code == 302
    assert session.municipality == muni1
    assert list(session.open_to.all()) == [muni2]
    assert session.starts_at == oslo(2027, 1, 14, 9)
    assert session.history.get().history_user.username == "officer"


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"ends_at": "2027-01-14T08:00"}, "ends_at", "The session must end after it starts."),
        (
            {"registration_deadline": "2027-01-15T08:00"},
            "registration_deadline",
            "The registration deadline must be on or before the start.",
        ),
        ({"place": ""}, "place", "Give a place or an online link."),
        ({"capacity": "0"}, "capacity", "A session needs at least one seat."),
        ({"title": ""}, "title", "This field is required."),
        ({"online_url": "not a url"}, "online_url", "Enter a valid URL."),
    ],
)
def test_bad_session_input_gets_its_message_and_nothing_is_written(
    officer_client, muni1, override, field, message
):
    response = officer_client.post(
        reverse("seminars:session_create"),
        session_data(muni1, **override),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert SeminarSession.objects.count() == 0


def test_cannot_create_for_another_municipality(officer_client, muni2):
    response = officer_client.post(reverse("seminars:session_create"), session_data(muni2))
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert SeminarSession.objects.count() == 0


def test_edit_refuses_a_capacity_below_seats_taken(officer_client, session):
    ParticipantFactory.create_batch(3, registration=RegistrationFactory(session=session))
    data = session_data(
        session.municipality,
        capacity="2",
        starts_at="2026-12-10T09:00",
        ends_at="2026-12-10T12:00",
        registration_deadline="2026-12-03T09:00",
    )
    response = officer_client.post(
        reverse("seminars:session_edit", args=[session.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "3 seats are already taken; the capacity cannot be lower." in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 30


def test_cancel_a_session(officer_client, session, django_capture_on_commit_callbacks):
    ParticipantFactory(
        registration=RegistrationFactory(session=session, contact_email="a@example.no")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("seminars:session_cancel", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled
    assert [m.to for m in outbox] == [["a@example.no"]]


def test_participant_count_column_and_waitlist_on_detail(officer_client, session):
    ParticipantFactory.create_batch(2, registration=RegistrationFactory(session=session))
    ParticipantFactory(
        registration=RegistrationFactory(session=session, status="waitlisted"), name="Venter"
    )
    response = officer_client.get(reverse("seminars:session_detail", args=[session.pk]))
    assert response.context["session"].seats_taken == 2
    assert [r.participants.all()[0].name for r in response.context["waitlisted"]] == ["Venter"]
    assert Participant.objects.count() == 3


def test_sort_choices_are_translated(officer_client, session):
    # django-filter's "(descending)" has no Norwegian and was formatted once, in English.
    officer_client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    content = officer_client.get(reverse("seminars:session_list")).content.decode()
    assert "(descending)" not in content
    assert "---------" not in content
    assert "Start, seneste først" in content
    assert "Standard rekkefølge" in content
