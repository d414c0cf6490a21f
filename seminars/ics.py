"""iCalendar (RFC 5545) written by hand: a few properties need no dependency.

What the RFC asks and this module does:
- lines end in CRLF (3.1);
- content lines longer than 75 octets are folded: CRLF followed by one space, never
  splitting a UTF-8 sequence (3.1);
- TEXT values escape backslash, semicolon, comma and newlines (3.3.11);
- every VEVENT has UID and DTSTAMP (3.6.1); times are UTC (``...Z``, 3.3.5), so no
  VTIMEZONE is needed;
- METHOD:PUBLISH: the calendar informs; it is not a meeting invitation (RFC 5546).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Bevillingsforvaltning//Seminars//NB"
MAX_OCTETS = 75
CRLF = "\r\n"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def utc(value: dt.datetime) -> str:
    """A DATE-TIME in UTC form (``20261210T090000Z``); ``value`` must be aware."""
    if value.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1).

    Continuation lines start with one space, which counts toward their 75 octets.
    """
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current = " "
            size = 1
        current += char
        size += width
    parts.append(current)
    return CRLF.join(parts)


def _lines(name: str, events: Iterable[Event], stamp: dt.datetime) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    dtstamp = utc(stamp)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART:{utc(event.starts_at)}",
            f"DTEND:{utc(event.ends_at)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return lines


def calendar(events: Iterable[Event], *, stamp: dt.datetime, name: str = "") -> str:
    """A VCALENDAR document; ``stamp`` is the DTSTAMP of every event (when it was made)."""
    return "".join(fold(line) + CRLF for line in _lines(name, events, stamp))
