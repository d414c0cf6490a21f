"""The deadline calendar (iCalendar, RFC 5545), written by hand like the seminar feed
(docs/adr/0036-hand-written-icalendar.md; the folding, escaping and UTC helpers are
``seminars.ics``'s). Deadlines are all-day events (``DTSTART;VALUE=DATE`` with the next
day as ``DTEND``, RFC 5545 3.6.1); seminar sessions keep their times in UTC."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from seminars.ics import CRLF, escape_text, fold, utc

from .overview import Overview

PRODID = "-//Bevillingsforvaltning//Deadlines//NB"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _all_day(uid: str, day: dt.date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(data: Overview, *, stamp: dt.datetime, name: str) -> str:
    host = _host()
    dtstamp = utc(stamp)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    lines += _all_day(
        f"licence-period-end-{data.period_end:%Y%m%d}@{host}",
        data.period_end,
        _("The licence period ends (alkoholloven § 1-6)"),
        _("Every licence of the period ends today unless renewed."),
        dtstamp,
    )
    for deadline in data.deadlines:
        municipality = deadline.municipality.name
        if deadline.is_fee:
            summary = "%(label)s (%(municipality)s)"
            description = _("From the municipality's fee policy (alkoholforskriften chapter 6).")
        elif deadline.kind == "licence_end":
            summary = _("Licences ending: %(n)s (%(municipality)s)")
            description = _("Licences whose validity ends on this day: a renewal or a new "
                            "application is needed.")  # fmt: skip
        else:
            summary = _("Hearing replies due: %(n)s (%(municipality)s)")
            description = _("Deadline for replies from hearing bodies (alkoholloven § 1-7).")
        lines += _all_day(
            f"{deadline.kind}-{deadline.day:%Y%m%d}-{deadline.municipality.pk}@{host}",
            deadline.day,
            summary
            % {
                "n": deadline.count,
                "municipality": municipality,
                "label": deadline.fee_label if deadline.is_fee else "",
            },
            description,
            dtstamp,
        )
    for session in data.sessions:
        public = settings.SITE_URL.rstrip("/") + reverse(
            "seminars_public:session", args=[session.public_id]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:seminar-{session.public_id}@{host}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART:{utc(session.starts_at)}",
            f"DTEND:{utc(session.ends_at)}",
            f"SUMMARY:{escape_text(f'{session.title} ({session.municipality.name})')}",
            f"LOCATION:{escape_text(session.place)}",
            f"URL:{public}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
