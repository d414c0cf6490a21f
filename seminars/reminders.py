"""Reminders to licence holders whose seminar deadline is near or passed, and the seminar
items of the officers' weekly digest (registered in ``SeminarsConfig.ready()``).

Who: the holder (its e-mail address in the register) of every active or suspended licence
with the seminar condition whose status on the day is ``due`` (the earliest deadline of a
missing manager or deputy is within the warning period of the municipality's seminar
policy) or ``overdue`` (it has passed): the same rule and facts as the compliance engine
and the licence page (``licensing.rules.seminar`` through ``selectors.seminar_compliance_for``).
When: once when the deadline enters the warning period, then the day after it passes and
every ``OVERDUE_INTERVAL_DAYS`` while it stays passed; a new deadline (another person
missing) starts over. What: the persons missing and their deadlines, and the next sessions
open to the licence's municipality with seats left. Switch: ``remind_seminar_holders``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from licensing.formatting import short_date
from licensing.models import Decision, DecisionOutcome, Licence, ReminderKind
from licensing.reminders.base import ALREADY_SENT, ReminderRun, absolute, already_sent, send
from licensing.reminders.digest import DigestItem
from licensing.rules import seminar as rule
from licensing.rules.i18n import messages as rule_messages

from . import selectors
from .dashboard import FOLLOWED_STATUSES
from .models import SeminarSession

JOB = "seminars"
TEMPLATE = "seminars/email/deadline_reminder"
OVERDUE_INTERVAL_DAYS = 30
SESSIONS_LISTED = 3
REMINDED_STATUSES = (rule.DUE, rule.OVERDUE)


def period_start(result: rule.SeminarResult, today: dt.date) -> dt.date:
    """The first day of the reminder period ``today`` is in: for a deadline within the
    warning period, the day that period began (one warning per deadline); for a passed one,
    the day after the deadline, then every ``OVERDUE_INTERVAL_DAYS``."""
    deadline = result.deadline
    if deadline >= today:
        return deadline - dt.timedelta(days=result.policy.warning_days)
    first = deadline + dt.timedelta(days=1)
    periods = (today - first).days // OVERDUE_INTERVAL_DAYS
    return first + dt.timedelta(days=OVERDUE_INTERVAL_DAYS * periods)


def licences_to_remind(
    municipality_ids: list[int], today: dt.date
) -> list[tuple[Licence, rule.SeminarResult]]:
    """The followed licences whose seminar status on ``today`` is due or overdue, with
    their results, soonest deadline first. Five queries: the selector's four and the
    licences with their holders, premises and municipalities."""
    followed = Licence.objects.filter(
        municipality_id__in=municipality_ids,
        status__in=FOLLOWED_STATUSES,
        seminar_required=True,
    )
    results = {
        pk: result
        for pk, result in selectors.seminar_compliance_for(followed, today).items()
        if result.status in REMINDED_STATUSES
    }
    if not results:
        return []
    licences = Licence.objects.filter(pk__in=list(results)).select_related(
        "holder", "premises", "municipality"
    )
    return sorted(
        ((licence, results[licence.pk]) for licence in licences),
        key=lambda pair: (pair[1].deadline, pair[0].number, pair[0].pk),
    )


def _start_of(today: dt.date) -> dt.datetime:
    """Now when the run is for today; otherwise the start of that day (Oslo)."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time.min))


def sessions_by_municipality(
    municipality_ids: list[int], today: dt.date
) -> dict[int, list[SeminarSession]]:
    """For each municipality, the next sessions open to its holders with seats left, at
    most ``SESSIONS_LISTED``. Two queries."""
    found: dict[int, list[SeminarSession]] = defaultdict(list)
    for session in selectors.sessions_open_to(municipality_ids, _start_of(today)):
        if selectors.seats_left(session) <= 0:
            continue
        for municipality_id in selectors.allowed_municipality_ids(session):
            if municipality_id in municipality_ids and len(found[municipality_id]) < (
                SESSIONS_LISTED
            ):
                found[municipality_id].append(session)
    return dict(found)


def missing_text(result: rule.SeminarResult) -> str:
    """'Kari Nordmann (manager, by 01.12.2026), ...' in the active language."""
    tr = rule_messages()
    return ", ".join(
        _("%(name)s (%(role)s, by %(deadline)s)")
        % {
            "name": person.name,
            "role": rule.role_label(person.role, tr),
            "deadline": short_date(person.deadline),
        }
        for person in result.missing
    )


def remind_seminar_holders(run: ReminderRun) -> None:
    municipalities = run.switched_on("remind_seminar_holders")
    ids = [m.pk for m in municipalities]
    pairs = licences_to_remind(ids, run.today) if ids else []
    run.progress(f"Seminar deadlines near or passed: {len(pairs)} licences")
    if not pairs:
        return
    keys = {
        licence.pk: (f"licence:{licence.pk}", period_start(result, run.today))
        for licence, result in pairs
    }
    done = already_sent(ReminderKind.SEMINAR, keys.values())
    sessions = sessions_by_municipality(ids, run.today)
    sessions_link = absolute(reverse("seminars_public:session_list"))
    for licence, result in pairs:
        subject_key, start = keys[licence.pk]
        if (subject_key, start) in done:
            run.count(JOB, ALREADY_SENT)
            continue
        municipality = licence.municipality
        language = municipality.language
        overdue = result.status == rule.OVERDUE
        with translation.override(language):
            tr = rule_messages()
            missing = [
                {
                    "name": person.name,
                    "role": rule.role_label(person.role, tr),
                    "deadline": person.deadline,
                    "passed": person.deadline < run.today,
                }
                for person in result.missing
            ]
            summary = missing_text(result)
        listed = sessions.get(municipality.pk, [])
        send(
            run,
            job=JOB,
            kind=ReminderKind.SEMINAR,
            municipality=municipality,
            subject_key=subject_key,
            period_start=start,
            to=licence.holder.email,
            recipient_name=licence.holder.name,
            template=TEMPLATE,
            language=language,
            summary=summary,
            reply_to=municipality.email or None,
            context={
                "licence": licence,
                "holder": licence.holder,
                "municipality": municipality,
                "overdue": overdue,
                "deadline": result.deadline,
                "missing": missing,
                "sessions": [
                    {
                        "session": session,
                        "seats_left": selectors.seats_left(session),
                        "url": absolute(
                            reverse("seminars_public:session", args=[session.public_id])
                        ),
                    }
                    for session in listed
                ],
                "sessions_link": sessions_link,
                "reference": rule.SEMINAR_REFERENCE,
            },
            links={"licence": licence},
        )


# The officers' weekly digest ------------------------------------------------------------


def overdue_seminar_items(municipality_ids: list[int], today: dt.date) -> list[DigestItem]:
    """Licences whose seminar deadline has passed. The officer is whoever decided the
    licence's latest granted decision (until cases have an assigned officer). Seven
    queries: the five of ``licences_to_remind`` and the deciding officers."""
    pairs = [
        (licence, result)
        for licence, result in licences_to_remind(municipality_ids, today)
        if result.status == rule.OVERDUE
    ]
    if not pairs:
        return []
    deciders: dict[int, int | None] = {}
    for licence_id, decided_by_id in (
        Decision.objects.filter(
            licence_id__in=[licence.pk for licence, _result in pairs],
            outcome=DecisionOutcome.GRANTED,
        )
        .order_by("licence_id", "decided_on", "pk")
        .values_list("licence_id", "decided_by_id")
    ):
        deciders[licence_id] = decided_by_id  # the latest wins
    title = _("Seminar deadlines passed")
    return [
        DigestItem(
            municipality_id=licence.municipality_id,
            section=title,
            label=f"{licence.number} {licence.holder.name}",
            detail=_("Missing: %(missing)s.") % {"missing": missing_text(result)},
            due_on=result.deadline,
            url=reverse("licensing:licence_detail", args=[licence.pk]),
            order=30,
            officer_id=deciders.get(licence.pk),
        )
        for licence, result in pairs
    ]
