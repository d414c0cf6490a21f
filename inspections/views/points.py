"""A licence's penalty points: history and window, advance notice, decision, withdrawal
(alkoholforskriften ch. 10, forvaltningsloven § 16)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from inspections import points as facts
from inspections.forms import (
    DecidePointsForm,
    NotifyPointsForm,
    ReasonForm,
    SinglePointsForm,
)
from inspections.models import PointDecision, PointDecisionStatus
from inspections.selectors import point_decision_for_officer
from inspections.services import points as point_services
from licensing.access import case_officer_required
from licensing.clock import today
from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error
from licensing.history import history_entries
from licensing.models import DecisionMatter
from licensing.rules import points as rules
from licensing.selectors import licence_for_officer
from licensing.services.delegation import proposed_body


@case_officer_required
def licence_points(request: HttpRequest, pk: int) -> HttpResponse:
    licence = licence_for_officer(request.user, pk)
    on = today()
    data = facts.licence_points(licence, on)
    context = {
        "licence": licence,
        "points": data,
        "pending_inspections": facts.pending_inspections(licence),
        "threshold": rules.THRESHOLD,
        "history": history_entries(*[e.decision for e in data.entries], *data.suspensions),
    }
    return render(request, "inspections/licence_points.html", context)


def _decisions(licence, status):
    return (
        PointDecision.objects.filter(licence=licence, status=status)
        .select_related("violation")
        .order_by("violation_on", "pk")
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def points_notify(request: HttpRequest, pk: int) -> HttpResponse:
    licence = licence_for_officer(request.user, pk)
    queryset = _decisions(licence, PointDecisionStatus.PROPOSED)
    on = today()
    form = NotifyPointsForm(
        request.POST or None,
        queryset=queryset,
        initial={
            "point_decisions": list(queryset),
            "advance_notice_on": on,
            "comment_deadline_on": point_services.default_comment_deadline(on),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            notified = point_services.point_decisions_notify(
                point_decisions=list(form.cleaned_data["point_decisions"]),
                actor=request.user,
                advance_notice_on=form.cleaned_data["advance_notice_on"],
                comment_deadline_on=form.cleaned_data["comment_deadline_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "The advance notice of %(count)s point decision is recorded.",
                    "The advance notice of %(count)s point decisions is recorded.",
                    len(notified),
                )
                % {"count": len(notified)},
            )
            return redirect("inspections:licence_points", pk=licence.pk)
    return render(
        request,
        "inspections/points_notify.html",
        {"licence": licence, "form": form, "empty": not queryset.exists()},
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def points_decide(request: HttpRequest, pk: int) -> HttpResponse:
    licence = licence_for_officer(request.user, pk)
    queryset = _decisions(licence, PointDecisionStatus.NOTIFIED)
    on = today()
    form = DecidePointsForm(
        request.POST or None,
        queryset=queryset,
        municipality_ids=[licence.municipality_id],
        initial={
            "point_decisions": list(queryset),
            "decided_on": on,
            "case_officer": request.user.pk,
            **proposed_body(licence.municipality_id, [DecisionMatter.POINTS], on),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            point_services.point_decisions_decide(
                point_decisions=list(form.cleaned_data["point_decisions"]),
                actor=request.user,
                decided_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
                comments_received=form.cleaned_data["comments_received"],
                body=form.deciding_body(),
                case_officer=form.cleaned_data["case_officer"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            result = facts.licence_points(licence, on).result
            messages.success(
                request, _("The decision is recorded.") + " " + " ".join(result.reasons)
            )
            return redirect("inspections:licence_points", pk=licence.pk)
    return render(
        request,
        "inspections/points_decide.html",
        {"licence": licence, "form": form, "empty": not queryset.exists()},
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def point_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    decision = point_decision_for_officer(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point_services.point_decision_withdraw(
                point_decision=decision, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The points are withdrawn."))
            return redirect("inspections:licence_points", pk=decision.licence_id)
    return render(
        request,
        "inspections/point_withdraw.html",
        {
            "decision": decision,
            "licence": decision.licence,
            "form": form,
            "withdrawable": PointDecisionStatus.WITHDRAWN
            in point_services.ALLOWED_TRANSITIONS.get(decision.status, ()),
        },
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def points_propose_single(request: HttpRequest, pk: int) -> HttpResponse:
    """Points for a breach not found at an inspection (e.g. fee or sales report late)."""
    licence = licence_for_officer(request.user, pk)
    refused = ""
    try:
        point_services.check_point_system(licence)
    except DomainError as exc:
        refused = exc.message
    form = SinglePointsForm(request.POST or None)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            point_services.point_decision_propose(
                licence=licence, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The proposal is registered."))
            return redirect("inspections:licence_points", pk=licence.pk)
    return render(
        request,
        "inspections/points_propose_single.html",
        {"licence": licence, "form": form, "refused": refused},
    )
