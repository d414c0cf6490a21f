"""The case officer's start page: a worklist of what needs attention, in the officer's
municipalities.

Each section comes from a provider registered in ``licensing.dashboard`` (licensing's
own are in ``licensing.dashboard_sections``) and runs a fixed number of queries. The page
counts the sections' items by urgency (needs action today, this week, waiting for others),
shows the officer's own cases, then the sections grouped and ordered by urgency, each with
a link to its filtered list (docs/adr/0186).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from licensing import dashboard as registry
from licensing.access import case_officer_required, officer_municipalities
from licensing.clock import today

# Items shown per section on the dashboard; the rest are behind "See all".
SHOWN = 3
GROUP_TITLES = {
    registry.TODAY: _("Needs action today"),
    registry.WEEK: _("This week"),
    registry.WAITING: _("Waiting for others"),
    registry.LATER: _("To keep an eye on"),
}
GROUP_HINTS = {
    registry.TODAY: _("Deadlines passed, or cases that wait for you now."),
    registry.WEEK: _("Cases ready for your decision."),
    registry.WAITING: _("The holder or a hearing body has the next step; a deadline runs."),
    registry.LATER: _("Nothing is due yet."),
}


def _prepare(section):
    section.shown = section.items[:SHOWN]
    section.cut = section.count > len(section.shown)
    return section


@case_officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    on = today()
    municipalities = list(officer_municipalities(request.user))
    ids = [m.pk for m in municipalities]
    with registry.sharing():  # the fee rows serve both the sections and "my cases"
        sections = [_prepare(s) for s in registry.sections(ids, on)]
        mine = [_prepare(s) for s in registry.mine(request.user, ids, on)]
    groups = []
    for urgency in registry.URGENCIES:
        members = [s for s in sections if s.urgency == urgency]
        groups.append(
            {
                "key": urgency,
                "title": GROUP_TITLES[urgency],
                "hint": GROUP_HINTS[urgency],
                "count": sum(s.count for s in members),
                "sections": [s for s in members if s.count],
                "clear": [s for s in members if not s.count],
            }
        )
    return render(
        request,
        "licensing/dashboard.html",
        {
            "groups": groups,
            "sections": sections,
            "counted": [g for g in groups if g["key"] != registry.LATER],
            "mine": mine,
            "mine_count": sum(s.count for s in mine),
            "today": on,
            "municipalities": municipalities,
        },
    )
