"""Additions to the licensing pages: the licence panel (inspections, the point history in its
window, suspensions) and the licence list filter on penalty points."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext_lazy

from inspections import points as facts
from inspections import selectors
from inspections.models import Inspection
from licensing.extensions import ListFilter, Panel
from licensing.models import Licence
from licensing.rules import points as rules

RECENT_INSPECTIONS = 5


def licence_points_panel(request, licence: Licence, today: dt.date) -> Panel:
    """4 queries: point decisions, suspensions, inspections awaiting points, recent ones."""
    data = facts.licence_points(licence, today)
    recent = list(
        Inspection.objects.filter(licence=licence)
        .select_related("company")
        .annotate(findings_count=Count("findings"))
        .order_by("-started_at", "-pk")[:RECENT_INSPECTIONS]
    )
    return Panel(
        template="inspections/panels/licence_points.html",
        context={
            "points": data,
            "pending_inspections": facts.pending_inspections(licence)
            if data.result.in_point_system
            else [],
            "recent_inspections": recent,
            "threshold": rules.THRESHOLD,
            "in_panel": True,
        },
        order=50,
    )


# Licence list filter -------------------------------------------------------------------

POINT_FILTER_CHOICES = (
    ("candidate", gettext_lazy("12 points or more (suspension candidate)")),
    ("approaching", gettext_lazy("8–11 points")),
    ("any", gettext_lazy("Any decided points in the window")),
)


def apply_points_filter(queryset, value: str, municipality_ids: list[int], today: dt.date):
    """Licences by their decided points in the window on ``today`` (the rules evaluate the
    officer's licences with points in 2 queries, then one filter by id)."""
    # (the test, and the fewest points a licence needs to pass it: docs/adr/0124)
    tests = {
        "candidate": (lambda r: r.revocation_candidate, rules.THRESHOLD),
        "approaching": (lambda r: r.approaching_threshold, rules.APPROACHING_FROM),
        "any": (lambda r: r.in_window > 0, 1),
    }
    if value not in tests:
        return queryset
    test, at_least = tests[value]
    ids = [
        s.licence.pk
        for s in selectors.point_standings(municipality_ids, today, at_least=at_least)
        if test(s.result)
    ]
    return queryset.filter(pk__in=ids)


POINTS_FILTER = ListFilter(
    name="points",
    label=gettext_lazy("Penalty points"),
    choices=POINT_FILTER_CHOICES,
    apply=apply_points_filter,
)
