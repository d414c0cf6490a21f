"""The weekly digest to each case officer of their overdue items.

Every app lists its overdue items through ``licensing.extensions.officer_digest_sources``
(``fn(municipality_ids, today) -> list[DigestItem]``, a fixed number of queries): overdue
hearing replies here, seminar deadlines passed in seminars, inspection reports and advance
notices in inspections. ``responsible_officers`` decides whose item each one is; every
officer with at least one item gets one e-mail per municipality, in its written standard,
on the digest weekday (``REMINDER_DIGEST_WEEKDAY``, Monday by default) or, if that day's run
was missed, on the first run after it in the same week. Switch: ``send_officer_digest``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from licensing import extensions
from licensing.dashboard_sections import application_label, overdue_hearings
from licensing.formatting import short_date
from licensing.models import Case, Municipality, ReminderKind

from .base import ALREADY_SENT, ReminderRun, absolute, already_sent, send

JOB = "digest"
TEMPLATE = "licensing/email/officer_digest"


@dataclass(frozen=True)
class DigestItem:
    """One overdue item of an officer's digest.

    ``section`` is the heading it is listed under and ``order`` the place of that heading;
    ``label``, ``detail`` and ``section`` are in the language active when the source ran.
    ``case_id`` is the case it belongs to, if any (its assigned officer comes first),
    ``officer_id`` the officer the record names (an application's case officer, whoever
    reviewed or decided): the input of ``responsible_officers``.
    """

    municipality_id: int
    section: str
    label: str
    detail: str
    due_on: dt.date
    url: str = ""
    order: int = 100
    case_id: int | None = None
    officer_id: int | None = None


def responsible_officers(
    items: Iterable[DigestItem],
    officers: Mapping[int, set[int]],
    assigned: Mapping[int, int | None] | None = None,
) -> dict[tuple[int, int], list[DigestItem]]:
    """Who is the officer of each item: the one place that decides it.

    ``officers`` maps each municipality id to the ids of its active case officers,
    ``assigned`` each case id to its assigned officer (``Case.assigned_to``, see
    ``assigned_officers``). An item with a case belongs to the case's officer while that
    user is an officer of the municipality; otherwise to the officer its record names
    (``officer_id``) on the same condition; otherwise to every officer of the municipality.
    Returns the items per (officer id, municipality id), in the order given.
    """
    assigned = assigned or {}
    result: dict[tuple[int, int], list[DigestItem]] = defaultdict(list)
    for item in items:
        own = officers.get(item.municipality_id, set())
        case_officer = assigned.get(item.case_id) if item.case_id is not None else None
        if case_officer in own:
            owners = {case_officer}
        elif item.officer_id in own:
            owners = {item.officer_id}
        else:
            owners = own
        for officer_id in sorted(owners):
            result[(officer_id, item.municipality_id)].append(item)
    return dict(result)


def digest_period_start(today: dt.date, weekday: int) -> dt.date | None:
    """The digest day of ``today``'s week (Monday-Sunday) if ``today`` is on or after it;
    None before it. The digest goes out once per week, from that day on."""
    if today.weekday() < weekday:
        return None
    return today - dt.timedelta(days=today.weekday() - weekday)


def assigned_officers(items: Iterable[DigestItem]) -> dict[int, int | None]:
    """The assigned officer of the case of each item that has one. One query (none when
    no item has a case)."""
    case_ids = {item.case_id for item in items if item.case_id is not None}
    if not case_ids:
        return {}
    return dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "assigned_to_id"))


def officers_of(municipality_ids: list[int]) -> tuple[dict[int, set[int]], dict[int, object]]:
    """The active officers of each municipality and the users by id. One query."""
    through = Municipality.officers.through
    by_municipality: dict[int, set[int]] = defaultdict(set)
    by_id: dict[int, object] = {}
    rows = through.objects.filter(
        municipality_id__in=municipality_ids, user__is_active=True
    ).select_related("user")
    for row in rows:
        by_municipality[row.municipality_id].add(row.user_id)
        by_id[row.user_id] = row.user
    return dict(by_municipality), by_id


def collect_items(municipalities: list[Municipality], today: dt.date) -> list[DigestItem]:
    """Every app's overdue items for these municipalities, each in its municipality's
    language. Each source runs once per language."""
    by_language: dict[str, list[int]] = defaultdict(list)
    for municipality in municipalities:
        by_language[municipality.language].append(municipality.pk)
    items: list[DigestItem] = []
    for language, ids in sorted(by_language.items()):
        with translation.override(language):
            for _order, _name, source in extensions.officer_digest_sources:
                items.extend(source(ids, today))
    return items


def _weekday_name(weekday: int) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]


def send_officer_digests(run: ReminderRun) -> None:
    start = digest_period_start(run.today, run.digest_weekday)
    if start is None:
        run.progress(
            f"Officer digest: not before {_weekday_name(run.digest_weekday)} "
            f"(REMINDER_DIGEST_WEEKDAY={run.digest_weekday})"
        )
        return
    municipalities = run.switched_on("send_officer_digest")
    items = collect_items(municipalities, run.today) if municipalities else []
    officers, users = officers_of([m.pk for m in municipalities]) if items else ({}, {})
    digests = responsible_officers(items, officers, assigned_officers(items))
    run.progress(
        f"Officer digest for the week from {start.isoformat()}: {len(items)} overdue items, "
        f"{len(digests)} digests"
    )
    if not digests:
        return
    by_id = {m.pk: m for m in municipalities}
    keys = {pair: (f"officer:{pair[0]}:{pair[1]}", start) for pair in digests}
    done = already_sent(ReminderKind.DIGEST, keys.values())
    for (officer_id, municipality_id), officer_items in sorted(digests.items()):
        subject_key, period = keys[(officer_id, municipality_id)]
        if (subject_key, period) in done:
            run.count(JOB, ALREADY_SENT)
            continue
        municipality = by_id[municipality_id]
        user = users[officer_id]
        language = municipality.language
        ordered = sorted(officer_items, key=lambda i: (i.order, i.section, i.due_on, i.label))
        sections: dict[str, list[DigestItem]] = {}
        for item in ordered:
            sections.setdefault(item.section, []).append(item)
        with translation.override(language):
            summary = ngettext(
                "%(count)s overdue item", "%(count)s overdue items", len(ordered)
            ) % {"count": len(ordered)}
        send(
            run,
            job=JOB,
            kind=ReminderKind.DIGEST,
            municipality=municipality,
            subject_key=subject_key,
            period_start=period,
            to=user.email,
            recipient_name=user.get_full_name() or user.username,
            template=TEMPLATE,
            language=language,
            summary=summary,
            context={
                "municipality": municipality,
                "officer_name": user.get_full_name() or user.username,
                "sections": [
                    {"title": title, "items": [_row(i) for i in rows]}
                    for title, rows in sections.items()
                ],
                "count": len(ordered),
                "week_start": start,
                "dashboard_url": absolute(reverse("licensing:dashboard")),
            },
            links={
                "user": user,
                "cases": [i.case_id for i in ordered if i.case_id is not None],
            },
        )


def _row(item: DigestItem) -> dict:
    return {
        "label": item.label,
        "detail": item.detail,
        "due_on": item.due_on,
        "url": absolute(item.url) if item.url else "",
    }


# Licensing's own items --------------------------------------------------------------------


def overdue_hearing_items(municipality_ids: list[int], today: dt.date) -> list[DigestItem]:
    """Hearing replies past their deadline on open applications: the application's case
    officer follows them up. One query."""
    rows = (
        overdue_hearings(municipality_ids, today)
        .select_related("application__holder")
        .order_by("deadline_on", "pk")
    )
    title = _("Hearing replies past the deadline")
    return [
        DigestItem(
            municipality_id=hearing.application.municipality_id,
            section=title,
            label=f"{hearing.get_body_display()}: {application_label(hearing.application)}",
            detail=_("Sent %(sent)s, reply due %(deadline)s.")
            % {"sent": short_date(hearing.sent_on), "deadline": short_date(hearing.deadline_on)},
            due_on=hearing.deadline_on,
            url=reverse("licensing:application_detail", args=[hearing.application_id]),
            order=10,
            case_id=hearing.application.case_id,
            officer_id=hearing.application.case_officer_id,
        )
        for hearing in rows
    ]
