"""iCalendar output (RFC 5545): CRLF, folding at 75 octets, escaping, UID, DTSTAMP, UTC."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from seminars import ics
from tests.factories.seminars import SeminarSessionFactory, oslo

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    """Content lines of a calendar (RFC 5545 3.1: a CRLF followed by a space or tab
    continues the previous line)."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF
    assert "\r" not in text.replace("\r\n", "")  # no bare CR
    return text[:-2].replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def physical_lines(text: str) -> list[bytes]:
    return text.encode("utf-8").split(b"\r\n")[:-1]


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@given(st.text(min_size=0, max_size=400))
def test_fold_keeps_every_line_within_75_octets_and_unfolds_back(text):
    line = "DESCRIPTION:" + ics.escape_text(text)
    folded = ics.fold(line)
    for physical in folded.encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # never splits a UTF-8 sequence
    assert folded.replace("\r\n ", "") == line


@given(st.text(max_size=200))
def test_escaping_round_trips(text):
    escaped = ics.escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert re.search(r"(?<!\\)[;,]", escaped.replace("\\\\", "")) is None
    assert unescape(escaped) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_utc_times_need_a_time_zone():
    assert ics.utc(oslo(2026, 12, 10, 9)) == "20261210T080000Z"  # CET = UTC+1
    assert ics.utc(oslo(2026, 7, 10, 9)) == "20260710T070000Z"  # CEST = UTC+2
    with pytest.raises(ValueError):
        ics.utc(dt.datetime(2026, 12, 10, 9))


def test_feed_is_valid_icalendar(client, muni1, muni2):
    description = "Møt opp i god tid; ta med legitimasjon, og kaffe.\nVelkommen! " * 3
    regional = SeminarSessionFactory(
        municipality=muni1,
        title="Ansvarlig vertskap, regionalt",
        description=description,
        open_to=[muni2],
        place="Bodø rådhus; sal 2",
    )
    online = SeminarSessionFactory(
        municipality=muni2,
        place="",
        online_url="https://møte.example/abc",
        starts_at=oslo(2027, 1, 5, 18),
    )
    cancelled = SeminarSessionFactory(
        municipality=muni1, cancelled=True, starts_at=oslo(2027, 2, 2, 9)
    )
    SeminarSessionFactory(
        municipality=muni1, starts_at=oslo(2026, 11, 1, 9)
    )  # ended: not in the feed

    response = client.get(reverse("seminars_public:feed"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode("utf-8")
    assert all(len(line) <= 75 for line in physical_lines(text))
    lines = unfold(text)
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ics.PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert lines[-1] == "END:VCALENDAR"
    found = events(lines)
    assert [e["UID"] for e in found] == [
        f"seminar-{s.public_id}@bevilling.test" for s in (regional, online, cancelled)
    ]
    for event in found:
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTART"])
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTEND"])
    first = found[0]
    assert first["DTSTART"] == "20261210T080000Z" and first["DTEND"] == "20261210T110000Z"
    assert first["DTSTAMP"] == "20261122T110000Z"  # the frozen "now", 12:00 in Oslo
    assert first["SUMMARY"] == "Ansvarlig vertskap\\, regionalt"
    assert first["LOCATION"] == "Bodø rådhus\\; sal 2"
    assert unescape(first["DESCRIPTION"]).startswith(description.strip())
    assert first["URL"] == f"https://bevilling.test/seminarer/{regional.public_id}/"
    assert first["STATUS"] == "CONFIRMED"
    # The meeting link goes only to those registered (their e-mail and calendar file).
    assert found[1]["LOCATION"] == "Online: the link comes with the confirmation e-mail"
    assert "møte.example" not in text
    assert found[2]["STATUS"] == "CANCELLED"


def test_session_calendar_file(client, session):
    response = client.get(reverse("seminars_public:session_ics", args=[session.public_id]))
    assert response["Content-Disposition"] == 'attachment; filename="seminar.ics"'
    lines = unfold(response.content.decode())
    assert len(events(lines)) == 1
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_online_link_only_for_those_registered(client, muni1):
    from seminars.tokens import sign_token
    from tests.factories.seminars import RegistrationFactory

    online = SeminarSessionFactory(municipality=muni1, online_url="https://møte.example/xyz")
    public_page = client.get(
        reverse("seminars_public:session", args=[online.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "møte.example" not in public_page
    assert "The link comes with the confirmation e-mail." in public_page
    public_ics = client.get(reverse("seminars_public:session_ics", args=[online.public_id]))
    assert "møte.example" not in public_ics.content.decode()

    confirmed = RegistrationFactory(session=online)
    signed = sign_token(confirmed.token)
    private_page = client.get(reverse("seminars_public:registration", args=[signed]))
    assert "https://møte.example/xyz" in private_page.content.decode()
    private_ics = client.get(reverse("seminars_public:registration_ics", args=[signed]))
    assert "https://møte.example/xyz" in "\n".join(unfold(private_ics.content.decode()))

    waiting = RegistrationFactory(session=online, status="waitlisted")
    response = client.get(
        reverse("seminars_public:registration_ics", args=[sign_token(waiting.token)])
    )
    assert response.status_code == 404
