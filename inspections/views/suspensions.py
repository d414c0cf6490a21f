"""Suspension (inndragning): advance notice, decision, cancellation (alkoholforskriften
§§ 10-2, 10-6; forvaltningsloven § 16)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inspections import points as facts
from inspections.forms import (
    ReasonForm,
    SuspensionDecideForm,
    SuspensionNotifyForm,
)
from inspections.models import SuspensionStatus
from inspections.selectors import suspension_for_officer
from inspections.services import suspensions as suspension_services
from licensing.access import case_officer_required
from licensing.clock import today
from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error
from licensing.models import DecisionMatter
from licensing.rules import deadlines
from licensing.rules import points as rules
from licensing.selectors import licence_for_officer
from licensing.services.delegation import proposed_body


@case_officer_required
@require_http_methods(["GET", "POST"])
def suspension_notify(request: HttpRequest, pk: int) -> HttpResponse:
    licence = licence_for_officer(request.user, pk)
    on = today()
    data = facts.licence_points(licence, on)
    deadline = suspension_services.default_comment_deadline(on)
    starts_on, ends_on = suspension_services.suggested_period(
        deadline, max(data.result.suspension_days, 1)
    )
    form = SuspensionNotifyForm(
        request.POST or None,
        initial={
            "advance_notice_on": on,
            "comment_deadline_on": deadline,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            suspension_services.suspension_notify(
                licence=licence, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The advance notice of suspension is recorded."))
            return redirect("inspections:licence_points", pk=licence.pk)
    context = {
        "licence": licence,
        "points": data,
        "form": form,
        "threshold": rules.THRESHOLD,
    }
    return render(request, "inspections/suspension_notify.html", context)


@case_officer_required
@require_http_methods(["GET", "POST"])
def suspension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = suspension_for_officer(request.user, pk)
    licence = suspension.licence
    on = today()
    standard_days = rules.suspension_days(suspension.points)
    starts_on, ends_on = suspension_services.suggested_period(on, standard_days)
    form = SuspensionDecideForm(
        request.POST or None,
        municipality_ids=[licence.municipality_id],
        initial={
            "decided_on": on,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "case_officer": request.user.pk,
            **proposed_body(licence.municipality_id, [DecisionMatter.SUSPENSION], on),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            suspension_services.suspension_decide(
                suspension=suspension, actor=request.user, **form.service_kwargs()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The suspension decision is recorded."))
            return redirect("inspections:licence_points", pk=licence.pk)
    rests_on = list(
        suspension.point_decisions.select_related("violation").order_by("violation_on", "pk")
    )
    # Decided points counted today that the notice does not name: a decision dated today or
    # earlier uses them up too (docs/adr/0040-points-consumed-by-suspension.md).
    named = {d.pk for d in rests_on}
    also_used_up = [d for d in facts.licence_points(licence, on).counted if d.pk not in named]
    context = {
        "suspension": suspension,
        "licence": licence,
        "form": form,
        "standard_days": standard_days,
        "rests_on": rests_on,
        "also_used_up": also_used_up,
        "latest_start": deadlines.suspension_latest_start(on),
        "decidable": suspension.status == SuspensionStatus.NOTIFIED,
    }
    return render(request, "inspections/suspension_decide.html", context)


@case_officer_required
@require_http_methods(["GET", "POST"])
def suspension_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = suspension_for_officer(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suspension_services.suspension_cancel(
                suspension=suspension, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The suspension is cancelled."))
            return redirect("inspections:licence_points", pk=suspension.licence_id)
    return render(
        request,
        "inspections/suspension_cancel.html",
        {
            "suspension": suspension,
            "licence": suspension.licence,
            "form": form,
            "cancellable": SuspensionStatus.CANCELLED
            in suspension_services.ALLOWED_TRANSITIONS.get(suspension.status, ()),
        },
    )
