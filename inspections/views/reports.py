"""Incoming control reports: list, detail, review, sending to the holder, the holder's
comment and the point proposals (alkoholforskriften §§ 9-5, 9-6, 10-2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from inspections import selectors
from inspections.filters import ReportFilter
from inspections.forms import HolderCommentForm, ProposePointsForm, ReportSentForm
from inspections.services import points as point_services
from inspections.services import review
from licensing.access import case_officer_required, officer_municipalities
from licensing.clock import today
from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error
from licensing.history import history_entries
from licensing.models import LicenceKind
from licensing.rules.points import in_point_system

from .common import paginate, sort_columns

REPORT_COLUMNS = (
    ("date", gettext_lazy("Inspected")),
    ("venue", gettext_lazy("Venue")),
    ("company", gettext_lazy("Control company")),
    ("findings", gettext_lazy("Findings")),
    ("sent", gettext_lazy("Sent to holder")),
)

# § 9-5: a serving venue is inspected by at least two inspectors, a shop by at least one.
MIN_INSPECTORS = {LicenceKind.SALES: 1}
MIN_INSPECTORS_DEFAULT = 2


def _annotate_report(inspection, on) -> None:
    """Derived values the templates show (no queries)."""
    inspection.state = review.report_state(inspection)
    inspection.state_label = review.REPORT_STATE_LABELS[inspection.state]
    inspection.inspected_on = review.inspection_date(inspection)
    inspection.report_deadline = review.report_deadline(inspection)
    inspection.comment_deadline = review.holder_comment_deadline(inspection)
    inspection.report_late = (
        inspection.report_sent_on > inspection.report_deadline
        if inspection.report_sent_on
        else on > inspection.report_deadline
    )


@case_officer_required
def report_list(request: HttpRequest) -> HttpResponse:
    municipalities = list(officer_municipalities(request.user))
    filterset = ReportFilter(
        request.GET,
        queryset=selectors.reports_for_officer(request.user),
        municipalities=municipalities,
        companies=selectors.companies_for_officer(request.user),
    )
    queryset = filterset.qs
    ordering = tuple(queryset.query.order_by) or ("-started_at",)
    pagination = paginate(request, queryset.order_by(*ordering, "-pk"))
    on = today()
    for inspection in pagination["page_obj"]:
        _annotate_report(inspection, on)
    context = {
        "filter": filterset,
        "columns": sort_columns(request, filterset.current_ordering, REPORT_COLUMNS),
        "several_municipalities": len(municipalities) > 1,
        **pagination,
    }
    return render(request, "inspections/report_list.html", context)


def _inspector_rows(inspection) -> list[dict]:
    rows = []
    for inspector in inspection.inspectors.all():
        passed = inspector.knowledge_test_passed_on
        rows.append(
            {
                "inspector": inspector,
                "qualified": passed is not None and passed <= inspection.inspected_on,
            }
        )
    return rows


@case_officer_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_officer(request.user, pk)
    on = today()
    _annotate_report(inspection, on)
    groups = point_services.finding_groups(inspection)
    findings = [finding for group in groups for finding in group.findings]
    decisions = list(
        inspection.point_decisions.select_related("violation").order_by("violation_on", "pk")
    )
    inspectors = _inspector_rows(inspection)
    minimum = MIN_INSPECTORS.get(inspection.licence.kind, MIN_INSPECTORS_DEFAULT)
    context = {
        "inspection": inspection,
        "licence": inspection.licence,
        "inspectors": inspectors,
        "min_inspectors": minimum,
        "too_few_inspectors": len(inspectors) < minimum,
        "groups": groups,
        "finding_count": len(findings),
        "decisions": decisions,
        "in_point_system": in_point_system(inspection.licence.kind),
        "can_propose": in_point_system(inspection.licence.kind)
        and inspection.state != review.SUBMITTED
        and any(g.decision is None for g in groups),
        "comment_late": bool(
            inspection.holder_comment_on
            and inspection.comment_deadline
            and inspection.holder_comment_on > inspection.comment_deadline
        ),
        "history": history_entries(inspection, *findings, *decisions),
        "today": on,
    }
    return render(request, "inspections/report_detail.html", context)


@case_officer_required
@require_POST
def report_start_review(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_officer(request.user, pk)
    try:
        review.inspection_start_review(inspection=inspection, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The review has started; the control company can no longer change the report."),
        )
    return redirect("inspections:report_detail", pk=inspection.pk)


@case_officer_required
@require_http_methods(["GET", "POST"])
def report_sent(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_officer(request.user, pk)
    on = today()
    _annotate_report(inspection, on)
    form = ReportSentForm(
        request.POST or None, initial={"sent_on": inspection.report_sent_on or on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            review.inspection_record_report_sent(
                inspection=inspection, actor=request.user, sent_on=form.cleaned_data["sent_on"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The date the report was sent to the holder is recorded."))
            return redirect("inspections:report_detail", pk=inspection.pk)
    return render(request, "inspections/report_sent.html", {"inspection": inspection, "form": form})


@case_officer_required
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_officer(request.user, pk)
    on = today()
    _annotate_report(inspection, on)
    form = HolderCommentForm(
        request.POST or None,
        initial={
            "received_on": inspection.holder_comment_on or on,
            "comment": inspection.holder_comment,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            review.inspection_record_holder_comment(
                inspection=inspection,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                received_on=form.cleaned_data["received_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The holder's comment is recorded."))
            return redirect("inspections:report_detail", pk=inspection.pk)
    return render(
        request, "inspections/report_comment.html", {"inspection": inspection, "form": form}
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def report_propose_points(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_officer(request.user, pk)
    _annotate_report(inspection, today())
    groups = point_services.finding_groups(inspection)
    form = ProposePointsForm(request.POST or None, groups=groups)
    refused = ""
    try:
        point_services.check_point_system(inspection.licence)
    except DomainError as exc:
        refused = exc.message
    if request.method == "POST" and not refused and form.is_valid():
        try:
            created = point_services.point_decisions_propose(
                inspection=inspection, actor=request.user, proposals=form.proposals()
            )
        except DomainError as exc:
            add_domain_error(form, exc, form.field_map())
        else:
            total = sum(d.points for d in created)
            points = ngettext("%(points)s point", "%(points)s points", total) % {"points": total}
            messages.success(
                request,
                ngettext(
                    "%(count)s proposal with %(points)s in total is registered.",
                    "%(count)s proposals with %(points)s in total are registered.",
                    len(created),
                )
                % {"count": len(created), "points": points},
            )
            return redirect("inspections:licence_points", pk=inspection.licence_id)
    context = {
        "inspection": inspection,
        "licence": inspection.licence,
        "form": form,
        "groups": groups,
        "refused": refused,
        "not_reviewed": inspection.state == review.SUBMITTED,
    }
    return render(request, "inspections/report_propose_points.html", context)
