"""The regional overview: what is coming up across the municipalities a coordinator (or an
officer) is given. Counts and dates only, no case details. A fixed number of queries.

Deadlines:
- the end of the licence period (alkoholloven § 1-6): every licence ends then unless renewed;
- licences whose validity ends within ``HORIZON_DAYS`` (a renewal or a new application is
  needed before then), counted per municipality and end date;
- hearing replies due within ``HORIZON_DAYS`` and replies overdue (deadline passed, no reply,
  application still open), counted per municipality.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from licensing.models import (
    ApplicationStatus,
    Hearing,
    Licence,
    LicenceStatus,
    Municipality,
)
from licensing.rules.dates import licence_period_end
from seminars.models import SeminarSession
from seminars.selectors import with_seats

HORIZON_DAYS = 90
CALENDAR_DAYS = 365
OPEN_APPLICATION = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.HEARING,
    ApplicationStatus.ASSESSMENT,
)
IN_FORCE = (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)


@dataclass
class Deadline:
    day: dt.date
    municipality: Municipality
    kind: str  # "licence_end" | "hearing_reply"
    count: int


@dataclass
class MunicipalityRow:
    municipality: Municipality
    licences_in_force: int = 0
    licences_ending_soon: int = 0
    licences_ending_at_period_end: int = 0
    hearings_overdue: int = 0
    hearings_due_soon: int = 0


@dataclass
class Overview:
    today: dt.date
    period_end: dt.date
    rows: list[MunicipalityRow] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    sessions: list = field(default_factory=list)


def overview(municipalities: list[Municipality], today: dt.date, *,
             horizon_days: int = HORIZON_DAYS) -> Overview:  # fmt: skip
    """Five queries whatever the number of records."""
    ids = [m.pk for m in municipalities]
    by_id = {m.pk: m for m in municipalities}
    period_end = licence_period_end(today)
    horizon = today + dt.timedelta(days=horizon_days)
    result = Overview(today=today, period_end=period_end)
    rows = {m.pk: MunicipalityRow(m) for m in municipalities}

    licences = Licence.objects.filter(
        municipality__in=ids, status__in=IN_FORCE, valid_from__lte=horizon, valid_to__gte=today
    ).values_list("municipality_id", "valid_to", "valid_from")
    ending: Counter[tuple[dt.date, int]] = Counter()
    for municipality_id, valid_to, valid_from in licences:
        row = rows[municipality_id]
        if valid_from <= today:
            row.licences_in_force += 1
        if valid_to == period_end:
            row.licences_ending_at_period_end += 1
        if valid_to <= horizon:
            row.licences_ending_soon += 1
            ending[(valid_to, municipality_id)] += 1
    result.deadlines += [
        Deadline(day, by_id[mid], "licence_end", n) for (day, mid), n in ending.items()
    ]

    open_hearings = Hearing.objects.filter(
        application__municipality__in=ids,
        application__status__in=OPEN_APPLICATION,
        replied_on__isnull=True,
    )
    for row in (
        open_hearings.filter(deadline_on__lt=today)
        .values("application__municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[row["application__municipality_id"]].hearings_overdue = row["n"]
    due = (
        open_hearings.filter(deadline_on__gte=today, deadline_on__lte=horizon)
        .values("application__municipality_id", "deadline_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in due:
        mid = row["application__municipality_id"]
        rows[mid].hearings_due_soon += row["n"]
        result.deadlines.append(Deadline(row["deadline_on"], by_id[mid], "hearing_reply", row["n"]))

    result.deadlines.sort(key=lambda d: (d.day, d.municipality.name, d.kind))
    result.rows = [rows[m.pk] for m in municipalities]
    result.sessions = list(
        with_seats(
            SeminarSession.objects.filter(
                municipality__in=ids, cancelled=False, ends_at__gte=timezone.now()
            )
        )
        .select_related("municipality")
        .order_by("starts_at", "pk")
    )
    return result


def calendar_deadlines(municipalities: list[Municipality], today: dt.date) -> Overview:
    """The same, a year ahead: what the calendar feed publishes."""
    return overview(municipalities, today, horizon_days=CALENDAR_DAYS)
