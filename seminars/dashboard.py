"""The seminar sections of the dashboard: licences overdue with the seminar and licences
due soon. Registered in ``SeminarsConfig.ready()`` (``PROVIDERS``); each runs a fixed number
of queries.
"""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from licensing import dashboard
from licensing.dashboard import Item, Section
from licensing.models import Licence, LicenceStatus
from licensing.rules import seminar as rule

from . import selectors, statuses
from .panels import BADGE_KINDS

DASHBOARD_SAMPLE = 10
# Licences whose condition is in force: revoked, expired and ceased licences are not chased.
FOLLOWED_STATUSES = (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)


def licence_url(licence_id: int) -> str:
    try:
        return reverse("licensing:licence_detail", args=[licence_id])
    except NoReverseMatch:
        return ""


def licence_list_url(status: str) -> str:
    try:
        return f"{reverse('licensing:licence_list')}?seminar={status}"
    except NoReverseMatch:
        return ""


def _followed_results(municipality_ids: list[int], today: dt.date) -> dict:
    """The overdue and due licences among the followed ones that have the condition, as
    ``{status: (count, [(licence id, result), ...] of the first DASHBOARD_SAMPLE by
    deadline then id)}``, computed once per dashboard for both sections (docs/adr/0124).

    The database decides which licences are overdue or due (``statuses.deadlines``: the
    missing persons' dates, deadlines from the rule's ``person_deadline``); the rule runs
    in full only for the licences shown (docs/adr/0214). 7 queries."""

    def compute():
        found = statuses.deadlines(municipality_ids, today, licence_statuses=FOLLOWED_STATUSES)
        samples = {status: pairs[:DASHBOARD_SAMPLE] for status, pairs in found.items()}
        shown = [pk for pairs in samples.values() for _deadline, pk in pairs]
        results = selectors.seminar_compliance_for(shown, today) if shown else {}
        return {
            status: (len(found[status]), [(pk, results[pk]) for _deadline, pk in pairs])
            for status, pairs in samples.items()
        }

    key = ("seminars.followed", tuple(sorted(municipality_ids)), today)
    return dashboard.shared(key, compute)


def _followed(municipality_ids: list[int], today: dt.date, status: str):
    total, sample = _followed_results(municipality_ids, today)[status]
    labels = {
        pk: f"{number} {holder}"
        for pk, number, holder in Licence.objects.filter(
            pk__in=[pk for pk, _r in sample]
        ).values_list("pk", "number", "holder__name")
    }
    return total, sample, labels


def _item(pk: int, result, labels, today: dt.date) -> Item:
    days = (result.deadline - today).days
    if days < 0:
        badge = ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}
    elif days == 0:
        badge = _("due today")
    else:
        badge = ngettext("in %(days)s day", "in %(days)s days", days) % {"days": days}
    return Item(
        label=labels.get(pk, ""),
        url=licence_url(pk),
        detail=_("Missing: %(missing)s.") % {"missing": rule.missing_summary(result.missing)},
        badge=badge,
        badge_kind=BADGE_KINDS[result.status],
    )


def _section(
    key: str, title: str, empty: str, status: str, municipality_ids, today, urgency: str
) -> Section:
    total, sample, labels = _followed(municipality_ids, today, status)
    return Section(
        key=key,
        title=title,
        items=[_item(pk, r, labels, today) for pk, r in sample],
        total=total,
        empty_text=empty,
        more_url=licence_list_url(status) if total else "",
        urgency=urgency,
    )


def overdue_section(municipality_ids: list[int], today: dt.date) -> Section:
    return _section(
        "seminar-overdue",
        _("Seminar overdue"),
        _("No licence is overdue with the seminar."),
        rule.OVERDUE,
        municipality_ids,
        today,
        dashboard.TODAY,
    )


def due_section(municipality_ids: list[int], today: dt.date) -> Section:
    return _section(
        "seminar-due",
        _("Seminar due soon"),
        _("No seminar deadline within the warning period (30 days by default)."),
        rule.DUE,
        municipality_ids,
        today,
        dashboard.WAITING,
    )


# The sections and their order on the dashboard.
PROVIDERS = (
    (overdue_section, 30),
    (due_section, 31),
)
