"""What the seminar condition adds to the licensing pages: the licence panel, the
"seminar" filter on the licence list and the dashboard sections. Registered in
``SeminarsConfig.ready()``; each runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from licensing.dashboard import Item, Section
from licensing.extensions import ListFilter, Panel
from licensing.models import Licence, LicenceStatus
from licensing.rules import seminar as rule

from . import selectors

STATUS_CHOICES = (
    (rule.NOT_REQUIRED, pgettext_lazy("seminar status", "Not required")),
    (rule.COMPLIANT, pgettext_lazy("seminar status", "Compliant")),
    (rule.PENDING, pgettext_lazy("seminar status", "Pending")),
    (rule.DUE, pgettext_lazy("seminar status", "Due soon")),
    (rule.OVERDUE, pgettext_lazy("seminar status", "Overdue")),
)
STATUS_LABELS = dict(STATUS_CHOICES)
BADGE_KINDS = {
    rule.NOT_REQUIRED: "neutral",
    rule.COMPLIANT: "ok",
    rule.PENDING: "neutral",
    rule.DUE: "warn",
    rule.OVERDUE: "bad",
}
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


# Licence page --------------------------------------------------------------------------------


def licence_panel(request, licence: Licence, today: dt.date) -> Panel:
    """The seminar condition of one licence: status, who is missing by when, attendances
    of the current manager and deputy, and upcoming sessions to point them to."""
    result = selectors.seminar_compliance_for([licence.pk], today)[licence.pk]
    persons = list(
        licence.assignments.filter(selectors.assignments_on(today))
        .select_related("person")
        .order_by("role", "person__name")
    )
    attendances = selectors.person_attendances(a.person_id for a in persons)
    missing_ids = {m.person_id for m in result.missing}
    rows = [
        {
            "assignment": a,
            "attendances": attendances.get(a.person_id, []),
            "missing": next((m for m in result.missing if m.person_id == a.person_id), None),
            "ok": a.person_id not in missing_ids,
        }
        for a in persons
    ]
    return Panel(
        template="seminars/licence_panel.html",
        context={
            "seminar_result": result,
            "seminar_label": STATUS_LABELS[result.status],
            "seminar_badge": BADGE_KINDS[result.status],
            "seminar_rows": rows,
            "seminar_required": result.status != rule.NOT_REQUIRED,
            "today": today,
        },
        order=50,
    )


# Licence list filter ------------------------------------------------------------------------


def apply_filter(
    queryset: QuerySet[Licence], value: str, municipality_ids: list[int], today: dt.date
) -> QuerySet[Licence]:
    """Licences of ``queryset`` whose seminar status on ``today`` is ``value``: the rule runs
    over the officer's licences in the selector's four queries, then one filter by id."""
    if value not in STATUS_LABELS:
        return queryset
    scoped = queryset.filter(municipality_id__in=municipality_ids)
    return queryset.filter(pk__in=selectors.licence_ids_with_status(scoped, value, today))


SEMINAR_FILTER = ListFilter(
    name="seminar",
    label=gettext_lazy("Seminar"),
    choices=STATUS_CHOICES,
    apply=apply_filter,
)


# Dashboard ------------------------------------------------------------------------------------


def _followed(municipality_ids: list[int], today: dt.date, status: str):
    licences = Licence.objects.filter(
        municipality_id__in=municipality_ids, status__in=FOLLOWED_STATUSES
    )
    results = {
        pk: r
        for pk, r in selectors.seminar_compliance_for(licences, today).items()
        if r.status == status
    }
    ordered = sorted(results.items(), key=lambda item: (item[1].deadline, item[0]))
    sample = ordered[:DASHBOARD_SAMPLE]
    labels = {
        pk: f"{number} {holder}"
        for pk, number, holder in Licence.objects.filter(
            pk__in=[pk for pk, _r in sample]
        ).values_list("pk", "number", "holder__name")
    }
    return ordered, sample, labels


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


def _section(key: str, title: str, empty: str, status: str, municipality_ids, today) -> Section:
    ordered, sample, labels = _followed(municipality_ids, today, status)
    return Section(
        key=key,
        title=title,
        items=[_item(pk, r, labels, today) for pk, r in sample],
        total=len(ordered),
        empty_text=empty,
        more_url=licence_list_url(status) if len(ordered) > len(sample) else "",
    )


def overdue_section(municipality_ids: list[int], today: dt.date) -> Section:
    return _section(
        "seminar-overdue",
        _("Seminar overdue"),
        _("No licence is overdue with the seminar."),
        rule.OVERDUE,
        municipality_ids,
        today,
    )


def due_section(municipality_ids: list[int], today: dt.date) -> Section:
    return _section(
        "seminar-due",
        _("Seminar due soon"),
        _("No seminar deadline within the warning period (30 days by default)."),
        rule.DUE,
        municipality_ids,
        today,
    )
