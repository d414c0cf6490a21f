"""The case officer's start page: what needs attention, in the officer's municipalities.

Each section comes from a provider registered in ``licensing.dashboard`` (licensing's
own are in ``licensing.dashboard_sections``) and runs a fixed number of queries.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from licensing import dashboard as registry
from licensing.access import case_officer_required, officer_municipalities
from licensing.clock import today


@case_officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    on = today()
    municipalities = list(officer_municipalities(request.user))
    sections = registry.sections([m.pk for m in municipalities], on)
    for section in sections:
        section.count = section.total if section.total is not None else len(section.items)
        section.cut = section.count > len(section.items)
    return render(
        request,
        "licensing/dashboard.html",
        {"sections": sections, "today": on, "municipalities": municipalities},
    )
