"""What the seminar condition adds to the licence pages: the licence panel and the
"seminar" filter on the licence list. Registered in ``SeminarsConfig.ready()``; each runs a
fixed number of queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy, pgettext_lazy

from licensing.extensions import ListFilter, Panel
from licensing.models import Licence, ReminderKind
from licensing.rules import seminar as rule

from . import selectors, statuses

STATUS_CHOICES = (
    (rule.NOT_REQUIRED, pgettext_lazy("seminar status", "Not required")),
    (rule.COMPLIANT, pgettext_lazy("seminar status", "Compliant")),
    (rule.PENDING, pgettext_lazy("seminar status", "Pending")),
    (rule.DUE, pgettext_lazy("seminar status", "Due soon")),
    (rule.OVERDUE, pgettext_lazy("seminar status", "Overdue")),
)
STATUS_LABELS = dict(STATUS_CHOICES)
REMINDERS_SHOWN = 10  # the latest seminar reminders on the licence page
BADGE_KINDS = {
    rule.NOT_REQUIRED: "neutral",
    rule.COMPLIANT: "ok",
    rule.PENDING: "neutral",
    rule.DUE: "warn",
    rule.OVERDUE: "bad",
}


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
    reminders = list(
        licence.reminders.filter(kind=ReminderKind.SEMINAR)
        .select_related("email")
        .order_by("-sent_on", "-pk")[:REMINDERS_SHOWN]
    )
    return Panel(
        template="seminars/licence_panel.html",
        context={
            "seminar_result": result,
            "seminar_label": STATUS_LABELS[result.status],
            "seminar_badge": BADGE_KINDS[result.status],
            "seminar_rows": rows,
            "seminar_required": result.status != rule.NOT_REQUIRED,
            "today": today,
            "reminders": reminders,
            "remind_holders": licence.municipality.remind_seminar_holders,
        },
        order=50,
    )


# Licence list filter ------------------------------------------------------------------------


def apply_filter(
    queryset: QuerySet[Licence], value: str, municipality_ids: list[int], today: dt.date
) -> QuerySet[Licence]:
    """Licences of ``queryset`` whose seminar status on ``today`` is ``value``, among the
    officer's municipalities: the status is decided in the database (``statuses.status_q``,
    docs/adr/0214), one query for the policies and none per licence."""
    if value not in STATUS_LABELS:
        return queryset
    return queryset.filter(statuses.status_q(municipality_ids, value, today))


SEMINAR_FILTER = ListFilter(
    name="seminar",
    label=gettext_lazy("Seminar"),
    choices=STATUS_CHOICES,
    apply=apply_filter,
)
