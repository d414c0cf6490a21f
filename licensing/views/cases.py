"""Case-officer pages for applications, hearings and decisions (paths under /soknader/).

Thin views: load the object through ``licensing.access`` (records of other municipalities
answer 404), call one service, and turn its ``DomainError`` into a form error or a message.
The list runs a fixed number of queries per page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from licensing import selectors
from licensing.access import (
    case_officer_required,
    officer_municipalities,
)
from licensing.clock import today
from licensing.dashboard_sections import with_hearing_counts
from licensing.errors import DomainError
from licensing.forms.cases import (
    ApplicationFilter,
    ApplicationForm,
    DecisionForm,
    HearingForm,
    HearingReplyForm,
    TransitionForm,
)
from licensing.forms.delegation import CommentReceivedForm, CommentRequestForm, CommentSkipForm
from licensing.forms.errors import add_domain_error
from licensing.history import history_entries
from licensing.listing import paginate, sort_columns
from licensing.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Decision,
    DecisionMatter,
    DecisionOutcome,
    HearingBody,
    Licence,
)
from licensing.rules import deadlines
from licensing.services import applications as services
from licensing.services import comments as comment_services
from licensing.services import decisions as decision_services
from licensing.services import delegation as delegation_services
from licensing.services import hearings as hearing_services
from licensing.views.case_officer import officer_choices

from ..formatting import short_date

STATUS_BADGES = {
    ApplicationStatus.RECEIVED: "neutral",
    ApplicationStatus.HEARING: "warn",
    ApplicationStatus.ASSESSMENT: "warn",
    ApplicationStatus.DECIDED: "ok",
    ApplicationStatus.WITHDRAWN: "neutral",
}
OUTCOME_BADGES = {DecisionOutcome.GRANTED: "ok", DecisionOutcome.REFUSED: "bad"}
# The button text for each manual transition.
TRANSITION_LABELS = {
    ApplicationStatus.HEARING: gettext_lazy("Move back to hearing"),
    ApplicationStatus.ASSESSMENT: gettext_lazy("Move to assessment"),
    ApplicationStatus.WITHDRAWN: gettext_lazy("Withdraw"),
}
LIST_COLUMNS = (
    ("reference", gettext_lazy("Case number")),
    ("holder", gettext_lazy("Applicant")),
    ("kind", gettext_lazy("Kind")),
    ("received_on", gettext_lazy("Received")),
    ("status", gettext_lazy("Status")),
)


def _badge(application: Application) -> Application:
    application.badge_kind = STATUS_BADGES.get(application.status, "neutral")
    return application


# List ----------------------------------------------------------------------------------------


@case_officer_required
def application_list(request: HttpRequest) -> HttpResponse:
    on = today()
    municipalities = list(officer_municipalities(request.user))
    filterset = ApplicationFilter(
        request.GET,
        queryset=selectors.applications_for_officer(request.user),
        municipalities=municipalities,
        user=request.user,
        today=on,
    )
    queryset = filterset.qs
    ordering = tuple(queryset.query.order_by) or ("-received_on",)
    queryset = with_hearing_counts(queryset.order_by(*ordering, "-pk"), on)
    pagination = paginate(request, queryset)
    for application in pagination["page_obj"]:
        _badge(application)
    return render(
        request,
        "licensing/cases/application_list.html",
        {
            "filter": filterset,
            **pagination,
            "columns": sort_columns(request, filterset.current_ordering, LIST_COLUMNS),
            "several_municipalities": len(municipalities) > 1,
            "today": on,
        },
    )


# Detail ----------------------------------------------------------------------------------------


@case_officer_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    on = today()
    application = _badge(selectors.application_for_officer(request.user, pk))
    hearings = list(application.hearings.order_by("sent_on", "pk"))
    for hearing in hearings:
        hearing.overdue = hearing.is_overdue(on)
        hearing.days_late = (on - hearing.deadline_on).days if hearing.overdue else 0
    decision = (
        Decision.objects.filter(application=application)
        .select_related("decided_by", "case_officer")
        .first()
    )
    if decision is not None:
        decision.badge_kind = OUTCOME_BADGES.get(decision.outcome, "neutral")
    is_open = application.status in services.OPEN_STATUSES
    sent = {h.body for h in hearings}
    transitions = [
        {"status": status, "label": TRANSITION_LABELS[status]}
        for status in services.allowed_manual_transitions(application)
    ]
    comment_requests = list(application.comment_requests.select_related("hearing"))
    for comment_request in comment_requests:
        comment_request.overdue = (
            comment_request.received_on is None and comment_request.deadline_on < on
        )
    statements_to_send = [
        h
        for h in comment_services.statements(hearings)
        if h.pk not in {r.hearing_id for r in comment_requests}
    ]
    reminders = selectors.application_reminders(application)
    history_objects = [application, *hearings, *comment_requests] + ([decision] if decision else [])
    context = {
        "application": application,
        "hearings": hearings,
        "decision": decision,
        "is_open": is_open,
        "can_send_hearing": is_open and len(sent) < len(HearingBody.values),
        "can_decide": application.status == ApplicationStatus.ASSESSMENT,
        "missing_hearings": [
            HearingBody(body).label
            for body in hearing_services.missing_mandatory_hearings(application, sent)
        ]
        if is_open
        else [],
        "transitions": [t for t in transitions if t["status"] != ApplicationStatus.WITHDRAWN],
        "can_withdraw": ApplicationStatus.WITHDRAWN
        in services.allowed_manual_transitions(application),
        "comment_requests": comment_requests,
        "can_send_for_comment": is_open and bool(statements_to_send),
        "statements_to_send": [h.get_body_display() for h in statements_to_send],
        "days_since_received": (on - application.received_on).days,
        "history": history_entries(*history_objects),
        "reminders": reminders,
        "today": on,
        "case": application.case,
        "officers": officer_choices(application.case),
    }
    return render(request, "licensing/cases/application_detail.html", context)


# Create and edit ---------------------------------------------------------------------------------


def _application_form(request: HttpRequest, *, editable_municipality: bool, **kwargs):
    municipalities = list(officer_municipalities(request.user))
    ids = [m.pk for m in municipalities]
    return ApplicationForm(
        request.POST or None,
        municipalities=municipalities,
        editable_municipality=editable_municipality,
        holders=selectors.holders_in(ids),
        licences=Licence.objects.filter(municipality_id__in=ids)
        .select_related("holder")
        .order_by("number"),
        premises=selectors.premises_in(ids),
        persons=selectors.persons_in(ids),
        today=today(),
        **kwargs,
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    initial = {
        "received_on": today(),
        "group_1": True,
        "licence_kind": "serving",
        "case_officer": request.user.pk,
    }
    for name in ("holder", "licence"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    if request.GET.get("kind") in dict(ApplicationKind.choices):
        initial["kind"] = request.GET["kind"]
    form = _application_form(request, editable_municipality=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                municipality=form.chosen_municipality(),
                actor=request.user,
                **form.service_kwargs(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The application is registered."))
            return redirect("licensing:application_detail", pk=application.pk)
    return render(request, "licensing/cases/application_form.html", {"form": form})


@case_officer_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_officer(request.user, pk)
    if application.status not in services.OPEN_STATUSES:
        messages.error(
            request,
            _("The application is “%(status)s” and can no longer be changed.")
            % {"status": application.get_status_display()},
        )
        return redirect("licensing:application_detail", pk=pk)
    names = (
        "reference", "kind", "received_on", "holder", "licence", "licence_kind", "group_1",
        "group_2", "group_3", "premises", "proposed_manager", "proposed_deputy",
        "requested_valid_from", "requested_valid_to", "description", "case_officer",
    )  # fmt: skip
    initial = {name: getattr(application, name) for name in names}
    form = _application_form(request, editable_municipality=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application, actor=request.user, **form.service_kwargs()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("licensing:application_detail", pk=pk)
    return render(
        request,
        "licensing/cases/application_form.html",
        {"form": form, "application": application},
    )


# Status ----------------------------------------------------------------------------------------


@case_officer_required
@require_http_methods(["GET", "POST"])
def application_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm a change (used for withdrawing); POST: make it."""
    application = _badge(selectors.application_for_officer(request.user, pk))
    form = TransitionForm(request.POST or request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Choose a status the application can move to."))
        return redirect("licensing:application_detail", pk=pk)
    target = form.cleaned_data["to_status"]
    if request.method == "GET":
        try:
            services.check_transition(application, target)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("licensing:application_detail", pk=pk)
        return render(
            request,
            "licensing/cases/transition_confirm.html",
            {
                "application": application,
                "target": target,
                "target_label": ApplicationStatus(target).label,
                "button_label": TRANSITION_LABELS.get(target, ""),
            },
        )
    try:
        services.application_transition(
            application=application, to_status=target, actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The application is now “%(status)s”.") % {"status": ApplicationStatus(target).label},
        )
    return redirect("licensing:application_detail", pk=pk)


# Hearings --------------------------------------------------------------------------------------


@case_officer_required
@require_http_methods(["GET", "POST"])
def hearing_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _badge(selectors.application_for_officer(request.user, pk))
    on = today()
    sent = set(application.hearings.values_list("body", flat=True))
    available = [body for body in HearingBody.values if body not in sent]
    if application.status not in services.OPEN_STATUSES or not available:
        messages.error(
            request,
            _("No hearing can be sent: the application is “%(status)s”.")
            % {"status": application.get_status_display()}
            if available
            else _("Every body already has a hearing on this application."),
        )
        return redirect("licensing:application_detail", pk=pk)
    missing = hearing_services.missing_mandatory_hearings(application, sent)
    form = HearingForm(
        request.POST or None,
        available=available,
        today=on,
        initial={"sent_on": on, "bodies": missing},
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearings = hearing_services.hearings_send(
                application=application,
                bodies=form.cleaned_data["bodies"],
                sent_on=form.cleaned_data["sent_on"],
                deadline_on=form.cleaned_data["deadline_on"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc, {"body": "bodies"})
        else:
            messages.success(
                request,
                _("Hearing sent to %(bodies)s, reply deadline %(deadline)s.")
                % {
                    "bodies": ", ".join(str(h.get_body_display()).lower() for h in hearings),
                    "deadline": short_date(hearings[0].deadline_on),
                },
            )
            return redirect("licensing:application_detail", pk=pk)
    return render(
        request,
        "licensing/cases/hearing_form.html",
        {
            "application": application,
            "form": form,
            "mandatory": [HearingBody(b).label for b in missing],
            "mandatory_values": missing,
            "default_deadline": hearing_services.default_hearing_deadline(on),
        },
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def hearing_reply(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = selectors.hearing_for_officer(request.user, pk)
    application = _badge(hearing.application)
    if application.status not in services.OPEN_STATUSES:
        messages.error(
            request,
            _("The application is “%(status)s”; replies can no longer be recorded.")
            % {"status": application.get_status_display()},
        )
        return redirect("licensing:application_detail", pk=application.pk)
    on = today()
    form = HearingReplyForm(
        request.POST or None,
        today=on,
        initial={"replied_on": hearing.replied_on or on, "gist": hearing.gist},
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearing_services.hearing_record_reply(
                hearing=hearing,
                replied_on=form.cleaned_data["replied_on"],
                gist=form.cleaned_data["gist"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The reply from %(body)s is recorded.")
                % {"body": str(hearing.get_body_display()).lower()},
            )
            return redirect("licensing:application_detail", pk=application.pk)
    hearing.overdue = hearing.is_overdue(on)
    return render(
        request,
        "licensing/cases/hearing_reply_form.html",
        {"hearing": hearing, "application": application, "form": form},
    )


# The applicant's comment on the statements (forvaltningsloven § 17 second paragraph) -------------


def _refuse_closed(request: HttpRequest, application) -> HttpResponse | None:
    if application.status in services.OPEN_STATUSES:
        return None
    messages.error(
        request,
        _("The application is “%(status)s” and can no longer be changed.")
        % {"status": application.get_status_display()},
    )
    return redirect("licensing:application_detail", pk=application.pk)


@case_officer_required
@require_http_methods(["GET", "POST"])
def comment_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a hearing statement to the applicant for comment, with a deadline."""
    application = _badge(selectors.application_for_officer(request.user, pk))
    if (closed := _refuse_closed(request, application)) is not None:
        return closed
    sent = set(application.comment_requests.values_list("hearing_id", flat=True))
    hearings = application.hearings.filter(replied_on__isnull=False).exclude(gist="")
    hearings = hearings.exclude(pk__in=sent).order_by("sent_on", "pk")
    if not hearings.exists():
        messages.error(
            request,
            _("There is no recorded hearing statement left to send to the applicant."),
        )
        return redirect("licensing:application_detail", pk=pk)
    on = today()
    form = CommentRequestForm(
        request.POST or None, hearings=hearings, today=on, initial={"sent_on": on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment_request = comment_services.comment_request_send(
                hearing=form.cleaned_data["hearing"],
                sent_on=form.cleaned_data["sent_on"],
                deadline_on=form.cleaned_data["deadline_on"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The statement is sent to the applicant for comment, deadline %(date)s.")
                % {"date": short_date(comment_request.deadline_on)},
            )
            return redirect("licensing:application_detail", pk=pk)
    return render(
        request,
        "licensing/cases/comment_request_form.html",
        {
            "application": application,
            "form": form,
            "default_deadline": comment_services.default_comment_deadline(on),
        },
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def comment_received(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the applicant's comment: the date it came and its gist."""
    comment_request = selectors.comment_request_for_officer(request.user, pk)
    application = _badge(comment_request.application)
    if (closed := _refuse_closed(request, application)) is not None:
        return closed
    on = today()
    form = CommentReceivedForm(
        request.POST or None,
        today=on,
        initial={
            "received_on": comment_request.received_on or on,
            "gist": comment_request.gist,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_record(
                request=comment_request,
                received_on=form.cleaned_data["received_on"],
                gist=form.cleaned_data["gist"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The applicant's comment is recorded."))
            return redirect("licensing:application_detail", pk=application.pk)
    return render(
        request,
        "licensing/cases/comment_received_form.html",
        {"application": application, "comment_request": comment_request, "form": form},
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def comment_step_skip(request: HttpRequest, pk: int) -> HttpResponse:
    """Record why the statements are not sent to the applicant for comment."""
    application = _badge(selectors.application_for_officer(request.user, pk))
    if (closed := _refuse_closed(request, application)) is not None:
        return closed
    form = CommentSkipForm(
        request.POST or None, initial={"reason": application.comment_step_skipped_reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_step_skip(
                application=application, reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The reason is recorded.")
                if application.comment_step_skipped_reason
                else _("The reason is removed: the comment step is needed before a refusal."),
            )
            return redirect("licensing:application_detail", pk=pk)
    return render(
        request,
        "licensing/cases/comment_skip_form.html",
        {"application": application, "form": form},
    )


# Decisions -------------------------------------------------------------------------------------


@case_officer_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _badge(selectors.application_for_officer(request.user, pk))
    try:
        services.check_transition(application, ApplicationStatus.DECIDED, manual=False)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("licensing:application_detail", pk=pk)
    on = today()
    form = DecisionForm(
        request.POST or None,
        today=on,
        municipality_ids=[application.municipality_id],
        initial={
            "decided_on": on,
            "legal_basis": services.default_legal_basis(application),
            "reference": application.reference,
            "case_officer": application.case_officer_id or request.user.pk,
            **delegation_services.proposed_body(
                application.municipality_id, [application.kind], on
            ),
        },
    )
    decided_on = on
    if request.method == "POST" and form.is_valid():
        decided_on = form.cleaned_data["decided_on"]
        try:
            decision = decision_services.decision_record(
                application=application,
                outcome=form.cleaned_data["outcome"],
                decided_on=decided_on,
                reasons=form.cleaned_data["reasons"],
                legal_basis=form.cleaned_data["legal_basis"],
                reference=form.cleaned_data["reference"],
                body=form.deciding_body(),
                case_officer=form.cleaned_data["case_officer"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The decision is recorded. The appeal deadline is %(date)s.")
                % {"date": short_date(decision.appeal_deadline_on)},
            )
            return redirect("licensing:decision_detail", pk=decision.pk)
    hearings = list(application.hearings.order_by("sent_on", "pk"))
    requests = list(application.comment_requests.all())
    refusal_delegation = delegation_services.delegation_in_force(
        application.municipality_id, [DecisionMatter.REFUSAL], decided_on
    )
    return render(
        request,
        "licensing/cases/decision_form.html",
        {
            "application": application,
            "form": form,
            "hearings": hearings,
            "comment_problems": comment_services.comment_step_problems(
                application, decided_on, hearings, requests
            ),
            "refusal_delegation": refusal_delegation,
            "appeal_deadline": deadlines.appeal_period_end(decided_on),
            "hearing_problems": decision_services.mandatory_hearing_problems(
                application, decided_on, hearings
            ),
            "grant_effects": decision_services.grant_effects(application, decided_on),
        },
    )


@case_officer_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_officer(request.user, pk)
    decision.badge_kind = OUTCOME_BADGES.get(decision.outcome, "neutral")
    on = today()
    return render(
        request,
        "licensing/cases/decision_detail.html",
        {
            "decision": decision,
            "application": decision.application,
            "appeal_open": on <= decision.appeal_deadline_on,
            "appeal_weeks": deadlines.APPEAL_WEEKS,
            "history": history_entries(decision),
        },
    )
