"""Reminders to hearing bodies whose reply is overdue (alkoholloven § 1-7).

Who: the police, social services or tax office of a hearing on an open application whose
reply deadline has passed and no reply is recorded (the dashboard's "reply overdue"), at
the address the municipality keeps for that body (``HearingBodyContact``, Django admin).
When: the day after the deadline, then every ``INTERVAL_DAYS`` while no reply is recorded.
What: the case number, the application and applicant, the dates, and where to reply (the
municipality's post address, with the case officer named). Switch: the municipality's
``remind_hearing_bodies``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from licensing.dashboard_sections import overdue_hearings
from licensing.formatting import short_date
from licensing.models import Hearing, HearingBody, HearingBodyContact, ReminderKind

from .base import ALREADY_SENT, ReminderRun, already_sent, send

JOB = "hearings"
INTERVAL_DAYS = 7
TEMPLATE = "licensing/email/hearing_reminder"


def period_start(deadline_on: dt.date, today: dt.date) -> dt.date:
    """The first day of the reminder period ``today`` is in: the day after the deadline,
    then every ``INTERVAL_DAYS`` (deadline 02.11: periods from 03.11, 10.11, 17.11 ...)."""
    first = deadline_on + dt.timedelta(days=1)
    periods = max((today - first).days, 0) // INTERVAL_DAYS
    return first + dt.timedelta(days=INTERVAL_DAYS * periods)


def hearings_to_remind(municipality_ids: list[int], today: dt.date) -> list[Hearing]:
    """Overdue hearings of open applications in these municipalities, with what the e-mail
    names. One query."""
    return list(
        overdue_hearings(municipality_ids, today)
        .select_related(
            "application__holder",
            "application__premises",
            "application__case",
            "application__case_officer",
            "application__municipality",
        )
        .order_by("application__municipality_id", "deadline_on", "pk")
    )


def contacts_for(municipality_ids: list[int]) -> dict[tuple[int, str], HearingBodyContact]:
    """The hearing bodies' addresses, by (municipality id, body). One query."""
    return {
        (c.municipality_id, c.body): c
        for c in HearingBodyContact.objects.filter(municipality_id__in=municipality_ids)
    }


def case_number(application) -> str:
    return application.case.number if application.case_id else application.reference


def _officer_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def remind_hearing_bodies(run: ReminderRun) -> None:
    municipalities = run.switched_on("remind_hearing_bodies")
    ids = [m.pk for m in municipalities]
    hearings = hearings_to_remind(ids, run.today) if ids else []
    run.progress(f"Hearing replies overdue: {len(hearings)} in {len(ids)} municipalities")
    if not hearings:
        return
    contacts = contacts_for(ids)
    keys = {h.pk: (f"hearing:{h.pk}", period_start(h.deadline_on, run.today)) for h in hearings}
    done = already_sent(ReminderKind.HEARING, keys.values())
    for hearing in hearings:
        subject_key, start = keys[hearing.pk]
        if (subject_key, start) in done:
            run.count(JOB, ALREADY_SENT)
            continue
        application = hearing.application
        municipality = application.municipality
        contact = contacts.get((municipality.pk, hearing.body))
        language = municipality.language
        officer = application.case_officer
        with translation.override(language):
            body_label = str(HearingBody(hearing.body).label)
            summary = _("Case %(case)s %(holder)s, reply due %(deadline)s") % {
                "case": case_number(application) or f"#{application.pk}",
                "holder": application.holder.name,
                "deadline": short_date(hearing.deadline_on),
            }
        reply_address = municipality.email or (officer.email if officer else "")
        send(
            run,
            job=JOB,
            kind=ReminderKind.HEARING,
            municipality=municipality,
            subject_key=subject_key,
            period_start=start,
            to=contact.email if contact else "",
            recipient_name=(contact.name if contact and contact.name else body_label),
            template=TEMPLATE,
            language=language,
            summary=summary,
            reply_to=reply_address or None,
            context={
                "hearing": hearing,
                "application": application,
                "municipality": municipality,
                "body_label": body_label,
                "contact_name": contact.name if contact else "",
                "case_number": case_number(application),
                "days_late": (run.today - hearing.deadline_on).days,
                "reply_address": reply_address,
                "officer_name": _officer_name(officer),
                "officer_email": officer.email if officer else "",
                "interval_days": INTERVAL_DAYS,
            },
            links={
                "application": application,
                "hearing": hearing,
                "cases": [application.case_id] if application.case_id else [],
            },
        )
