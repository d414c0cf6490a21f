"""Case-officer pages of the register: holders, licences, managers, persons, premises.

Thin views: load through a selector (scoped to the officer's municipalities: records of
other municipalities answer 404), call one service, turn its ``DomainError`` into form
errors. Lists run a fixed number of queries per page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from licensing import selectors
from licensing.access import case_officer_required, officer_municipalities
from licensing.clock import today
from licensing.errors import DomainError, TransitionNotAllowed
from licensing.extensions import licence_panels
from licensing.filters import EXPIRING_DAYS, HolderFilter, LicenceFilter, PersonFilter
from licensing.forms.errors import add_domain_error
from licensing.forms.register import (
    NEW_PREMISES_FIELD_MAP,
    AssignmentForm,
    EndAssignmentForm,
    HolderForm,
    LicenceForm,
    PersonForm,
    PremisesForm,
    StatusForm,
)
from licensing.history import history_entries
from licensing.listing import paginate, sort_columns
from licensing.models import (
    KINDS_WITH_MANAGER,
    LicenceKind,
    LicenceStatus,
    Role,
    validate_manager_qualifications,
)
from licensing.rules.dates import licence_period_end
from licensing.services import licences as licence_services
from licensing.services import register as register_services

from ..formatting import short_date

STATUS_BADGES = {
    LicenceStatus.ACTIVE: "ok",
    LicenceStatus.SUSPENDED: "warn",
    LicenceStatus.REVOKED: "bad",
    LicenceStatus.EXPIRED: "neutral",
    LicenceStatus.CEASED: "neutral",
}


# Helpers ---------------------------------------------------------------------------------


def _municipalities(request: HttpRequest) -> list:
    return list(officer_municipalities(request.user))


def _ordered(filterset, default: tuple[str, ...]):
    """The filtered rows in the chosen order (or ``default``), with pk as the tie-breaker so
    pages never overlap."""
    queryset = filterset.qs
    ordering = tuple(queryset.query.order_by) or default
    return queryset.order_by(*ordering, "pk")


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _badge(licence, on) -> None:
    """The status badge, and "expires soon" exactly as the list filter and the dashboard
    count it (single-occasion licences end with their occasion and are never renewed)."""
    licence.badge_kind = STATUS_BADGES.get(licence.status, "neutral")
    licence.expires_soon = (
        licence.status in (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)
        and licence.kind != LicenceKind.SERVING_SINGLE_OCCASION
        and 0 <= (licence.valid_to - on).days <= EXPIRING_DAYS
    )


# Holders ---------------------------------------------------------------------------------

HOLDER_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("org_number", gettext_lazy("Organisation number")),
    ("municipality", gettext_lazy("Municipality")),
    ("licences", gettext_lazy("Licences")),
)


def _name_list(request: HttpRequest, filter_class, queryset, columns, template: str):
    """A register list sorted by name by default; the municipality column only for an
    officer of several municipalities."""
    municipalities = _municipalities(request)
    filterset = filter_class(request.GET, queryset=queryset, municipalities=municipalities)
    several = len(municipalities) > 1
    shown = [c for c in columns if several or c[0] != "municipality"]
    context = {
        "filter": filterset,
        "columns": sort_columns(request, filterset.current_ordering, shown),
        "several_municipalities": several,
        **paginate(request, _ordered(filterset, ("name",))),
    }
    return render(request, template, context)


@case_officer_required
def holder_list(request: HttpRequest) -> HttpResponse:
    return _name_list(
        request,
        HolderFilter,
        selectors.holders_for_officer(request.user),
        HOLDER_COLUMNS,
        "licensing/register/holder_list.html",
    )


@case_officer_required
def holder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    holder = selectors.holder_for_officer(request.user, pk)
    on = today()
    licences = list(selectors.holder_licences(holder))
    for licence in licences:
        _badge(licence, on)
    context = {
        "holder": holder,
        "licences": licences,
        "applications": selectors.holder_applications(holder),
        "history": history_entries(holder),
    }
    return render(request, "licensing/register/holder_detail.html", context)


@case_officer_required
@require_http_methods(["GET", "POST"])
def holder_create(request: HttpRequest) -> HttpResponse:
    form = HolderForm(
        request.POST or None,
        municipalities=_municipalities(request),
        editable_municipality=True,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "municipality"}
        try:
            holder = register_services.holder_create(
                municipality=form.chosen_municipality(), actor=request.user, **data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The holder %(name)s is registered.") % {"name": holder.name}
            )
            return redirect("licensing:holder_detail", pk=holder.pk)
    return render(request, "licensing/register/holder_form.html", {"form": form, "holder": None})


@case_officer_required
@require_http_methods(["GET", "POST"])
def holder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    holder = selectors.holder_for_officer(request.user, pk)
    form = HolderForm(
        request.POST or None,
        initial={name: getattr(holder, name) for name in register_services.HOLDER_FIELDS},
        municipalities=[holder.municipality],
        editable_municipality=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_services.holder_update(holder=holder, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
            holder.refresh_from_db()  # the page names the holder as saved, not as refused
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("licensing:holder_detail", pk=holder.pk)
    return render(request, "licensing/register/holder_form.html", {"form": form, "holder": holder})


# Licences --------------------------------------------------------------------------------

LICENCE_COLUMNS = (
    ("number", gettext_lazy("Number")),
    ("holder", gettext_lazy("Holder")),
    ("valid_to", gettext_lazy("Valid to")),
    ("status", gettext_lazy("Status")),
)


@case_officer_required
def licence_list(request: HttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    on = today()
    filterset = LicenceFilter(
        request.GET,
        queryset=selectors.licences_for_officer(request.user),
        municipalities=municipalities,
        today=on,
    )
    ordered = _ordered(filterset, (selectors.IN_FORCE_FIRST, "number"))
    # The keys of every matching licence in order (their number is the count), then the
    # page's 50 rows with their holder, premises and current persons: the database filters
    # once and sorts the licences without computing those for every one of them
    # (docs/adr/0227). As many queries as a count and a page, whatever the number of rows.
    pagination = paginate(request, list(ordered.values_list("pk", flat=True)))
    page = pagination["page_obj"]
    keys = list(page.object_list)
    rows = {licence.pk: licence for licence in ordered.order_by().filter(pk__in=keys)}
    page.object_list = [rows[key] for key in keys]
    for licence in page:
        _badge(licence, on)
    context = {
        "filter": filterset,
        "columns": {
            c["key"]: c for c in sort_columns(request, filterset.current_ordering, LICENCE_COLUMNS)
        },
        "several_municipalities": len(municipalities) > 1,
        **pagination,
    }
    return render(request, "licensing/register/licence_list.html", context)


def _licence_panels(request: HttpRequest, licence, on) -> list[str]:
    """The panels other apps register, rendered in their order."""
    panels = [panel for fn in licence_panels if (panel := fn(request, licence, on)) is not None]
    panels.sort(key=lambda panel: panel.order)
    return [
        mark_safe(  # noqa: S308 - rendered by the template engine, which escapes
            render_to_string(panel.template, {"licence": licence, **panel.context}, request)
        )
        for panel in panels
    ]


@case_officer_required
def licence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    licence = selectors.licence_for_officer(request.user, pk)
    on = today()
    _badge(licence, on)
    assignments = selectors.licence_assignments(licence)
    current = selectors.current_persons(assignments)
    context = {
        "licence": licence,
        "current_manager": current.get(Role.MANAGER),
        "current_deputy": current.get(Role.DEPUTY),
        "assignments": assignments,
        "status_changes": selectors.licence_status_changes(licence),
        "decisions": selectors.licence_decisions(licence),
        "applications": selectors.licence_applications(licence),
        "panels": _licence_panels(request, licence, on),
        "history": history_entries(licence, *assignments),
        "can_change_status": bool(licence_services.allowed_transitions(licence.status)),
        "in_force": licence.status in licence_services.STATUSES_IN_FORCE,
        "needs_manager": licence.kind in KINDS_WITH_MANAGER,
    }
    return render(request, "licensing/register/licence_detail.html", context)


def _licence_form(
    request: HttpRequest, *, municipality_ids, creating: bool, **kwargs
) -> LicenceForm:
    return LicenceForm(
        request.POST or None,
        holders=selectors.holders_in(municipality_ids),
        premises=selectors.premises_in(municipality_ids),
        persons=selectors.persons_in(municipality_ids),
        show_municipality=len(municipality_ids) > 1,
        creating=creating,
        **kwargs,
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def licence_create(request: HttpRequest) -> HttpResponse:
    municipality_ids = [m.pk for m in _municipalities(request)]
    on = today()
    initial = {
        "granted_on": on,
        "valid_from": on,
        "valid_to": licence_period_end(on),
        "group_1": True,
        "kind": "serving",
    }
    for name in ("holder", "premises"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = _licence_form(request, municipality_ids=municipality_ids, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        holder = form.cleaned_data["holder"]
        stage = "premises"
        try:
            with transaction.atomic():
                terms = form.terms()
                new_premises = form.new_premises()
                if new_premises:
                    terms["premises"] = register_services.premises_create(
                        municipality=holder.municipality, actor=request.user, **new_premises
                    )
                stage = "licence"
                licence = licence_services.licence_create(
                    municipality=holder.municipality,
                    holder=holder,
                    manager=form.cleaned_data["manager"],
                    deputy=form.cleaned_data["deputy"],
                    actor=request.user,
                    **terms,
                )
        except DomainError as exc:
            add_domain_error(form, exc, NEW_PREMISES_FIELD_MAP if stage == "premises" else None)
        else:
            messages.success(
                request, _("Licence %(number)s is registered.") % {"number": licence.number}
            )
            return redirect("licensing:licence_detail", pk=licence.pk)
    return render(request, "licensing/register/licence_form.html", {"form": form, "licence": None})


@case_officer_required
@require_http_methods(["GET", "POST"])
def licence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    licence = selectors.licence_for_officer(request.user, pk)
    initial = {
        name: getattr(licence, name)
        for name in licence_services.LICENCE_FIELDS - {"groups", "holder"}
    }
    initial.update(group_1=licence.group_1, group_2=licence.group_2, group_3=licence.group_3)
    form = _licence_form(
        request, municipality_ids=[licence.municipality_id], creating=False, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            licence_services.licence_update(licence=licence, actor=request.user, **form.terms())
        except DomainError as exc:
            add_domain_error(form, exc)
            licence.refresh_from_db()  # the page names the licence as saved, not as refused
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("licensing:licence_detail", pk=licence.pk)
    return render(
        request, "licensing/register/licence_form.html", {"form": form, "licence": licence}
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def licence_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint a new manager or deputy (or end the deputy's role without a successor)."""
    licence = selectors.licence_for_officer(request.user, pk)
    on = today()
    persons = selectors.persons_in([licence.municipality_id])
    current = selectors.current_persons(selectors.licence_assignments(licence))
    action = request.POST.get("action", "assign")
    role = request.GET.get("role") if request.GET.get("role") in Role.values else Role.MANAGER
    form = AssignmentForm(
        request.POST if action == "assign" else None,
        persons=persons,
        initial={"role": role, "started_on": on},
    )
    end_form = EndAssignmentForm(
        request.POST if action == "end" else None, initial={"ended_on": on}, prefix="end"
    )
    if request.method == "POST" and action == "assign" and form.is_valid():
        try:
            assignment = licence_services.licence_assign_manager(
                licence=licence, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is %(role)s from %(date)s.")
                % {
                    "name": assignment.person.name,
                    "role": assignment.get_role_display().lower(),
                    "date": short_date(assignment.started_on),
                },
            )
            deputy = current.get(Role.DEPUTY)
            if (
                assignment.role == Role.MANAGER
                and deputy
                and deputy.person_id == assignment.person_id
            ):
                messages.warning(
                    request,
                    _(
                        "%(name)s is no longer deputy. The licence should normally have a "
                        "deputy (alkoholloven § 1-7c): appoint a new one."
                    )
                    % {"name": assignment.person.name},
                )
            return redirect("licensing:licence_detail", pk=licence.pk)
    elif request.method == "POST" and action == "end" and end_form.is_valid():
        deputy = current.get(Role.DEPUTY)
        if deputy is None:
            end_form.add_error(None, _("The licence has no deputy now."))
        else:
            try:
                licence_services.licence_end_assignment(
                    assignment=deputy, actor=request.user, **end_form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(end_form, exc)
            else:
                messages.success(request, _("The deputy's role has ended."))
                return redirect("licensing:licence_detail", pk=licence.pk)
    context = {
        "licence": licence,
        "form": form,
        "end_form": end_form,
        "current_manager": current.get(Role.MANAGER),
        "current_deputy": current.get(Role.DEPUTY),
        "needs_manager": licence.kind in KINDS_WITH_MANAGER,
        "in_force": licence.status in licence_services.STATUSES_IN_FORCE,
    }
    return render(request, "licensing/register/licence_assign.html", context)


@case_officer_required
@require_http_methods(["GET", "POST"])
def licence_status(request: HttpRequest, pk: int) -> HttpResponse:
    licence = selectors.licence_for_officer(request.user, pk)
    on = today()
    allowed = licence_services.allowed_transitions(licence.status)
    # A licence expires from the day after its last valid day, and a change cannot take
    # effect in the future: "expired" is offered only once the licence has run out.
    offered = [s for s in allowed if s != LicenceStatus.EXPIRED or licence.valid_to < on]
    form = StatusForm(request.POST or None, allowed=offered, today=on, initial={"on": on})
    if request.method == "POST" and allowed and form.is_valid():
        data = form.cleaned_data
        try:
            licence_services.licence_set_status(
                licence=licence, status=data["status"], on=data["on"], reason=data["reason"],
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            # A refused status change (``TransitionNotAllowed``) is shown on the status.
            field_map = (
                {NON_FIELD_ERRORS: "status"} if isinstance(exc, TransitionNotAllowed) else None
            )
            add_domain_error(form, exc, field_map)
        else:
            messages.success(
                request,
                _("Licence %(number)s is now %(status)s.")
                % {"number": licence.number, "status": licence.get_status_display().lower()},
            )
            return redirect("licensing:licence_detail", pk=licence.pk)
    _badge(licence, on)
    context = {"licence": licence, "form": form, "allowed": allowed}
    return render(request, "licensing/register/licence_status.html", context)


# Persons ---------------------------------------------------------------------------------

PERSON_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("date_of_birth", gettext_lazy("Date of birth")),
    ("knowledge_test", gettext_lazy("Knowledge test")),
    ("municipality", gettext_lazy("Municipality")),
)


@case_officer_required
def person_list(request: HttpRequest) -> HttpResponse:
    return _name_list(
        request,
        PersonFilter,
        selectors.persons_for_officer(request.user),
        PERSON_COLUMNS,
        "licensing/register/person_list.html",
    )


@case_officer_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_officer(request.user, pk)
    on = today()
    context = {
        "person": person,
        "age": person.age_on(on),
        "qualification_problems": validate_manager_qualifications(person, on),
        "assignments": selectors.person_assignments(person),
        "history": history_entries(person),
    }
    return render(request, "licensing/register/person_detail.html", context)


@case_officer_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(
        request.POST or None,
        municipalities=_municipalities(request),
        editable_municipality=True,
        today=today(),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "municipality"}
        try:
            person = register_services.person_create(
                municipality=form.chosen_municipality(), actor=request.user, **data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person.name})
            return redirect("licensing:person_detail", pk=person.pk)
    return render(request, "licensing/register/person_form.html", {"form": form, "person": None})


@case_officer_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_officer(request.user, pk)
    form = PersonForm(
        request.POST or None,
        initial={name: getattr(person, name) for name in register_services.PERSON_FIELDS},
        municipalities=[person.municipality],
        editable_municipality=False,
        today=today(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_services.person_update(person=person, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
            person.refresh_from_db()  # the page names the person as saved, not as refused
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("licensing:person_detail", pk=person.pk)
    return render(request, "licensing/register/person_form.html", {"form": form, "person": person})


# Premises --------------------------------------------------------------------------------


@case_officer_required
@require_http_methods(["GET", "POST"])
def premises_create(request: HttpRequest) -> HttpResponse:
    form = PremisesForm(
        request.POST or None, municipalities=_municipalities(request), editable_municipality=True
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "municipality"}
        try:
            premises = register_services.premises_create(
                municipality=form.chosen_municipality(), actor=request.user, **data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The premises %(name)s are registered.") % {"name": premises.name}
            )
            return redirect(
                _next_url(request)
                or f"{reverse('licensing:licence_create')}?premises={premises.pk}"
            )
    context = {"form": form, "premises": None, "next": _next_url(request)}
    return render(request, "licensing/register/premises_form.html", context)


@case_officer_required
@require_http_methods(["GET", "POST"])
def premises_edit(request: HttpRequest, pk: int) -> HttpResponse:
    premises = selectors.premises_for_officer(request.user, pk)
    form = PremisesForm(
        request.POST or None,
        initial={name: getattr(premises, name) for name in register_services.PREMISES_FIELDS},
        municipalities=[premises.municipality],
        editable_municipality=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_services.premises_update(
                premises=premises, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            premises.refresh_from_db()  # the page names the premises as saved
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(_next_url(request) or "licensing:licence_list")
    context = {"form": form, "premises": premises, "next": _next_url(request)}
    return render(request, "licensing/register/premises_form.html", context)
