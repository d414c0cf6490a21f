"""Case officers' seminar pages: sessions, registrations, check-in, matching, exports.

Every view: anonymous -> login, other roles -> 403 (``case_officer_required``); sessions of
other municipalities -> 404 (``selectors.session_for_officer`` / ``participant_for_officer``).
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from licensing.access import case_officer_required, officer_municipalities
from licensing.clock import today
from licensing.errors import DomainError
from licensing.models import Person

from .. import selectors, services
from ..filters import UPCOMING, SessionFilter
from ..forms import MarkForm, SessionForm
from ..models import AttendanceMark, RegistrationStatus
from ..services.sessions import SESSION_FIELDS
from .errors import apply_domain_error

PAGE_SIZE = 25


@case_officer_required
def session_list(request):
    municipalities = list(officer_municipalities(request.user))
    data = request.GET.copy()
    if "period" not in data:
        data["period"] = UPCOMING
    filterset = SessionFilter(
        data, queryset=selectors.sessions_for_officer(request.user), municipalities=municipalities
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for session in page.object_list:
        session.seats_left = selectors.seats_left(session)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "seminars/officer/session_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sessions": page.object_list,
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "now": timezone.now(),
        },
    )


def _session_form_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in SESSION_FIELDS}


@case_officer_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    municipalities = list(officer_municipalities(request.user))
    form = SessionForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                municipality=form.cleaned_data["municipality"],
                open_to=form.cleaned_data["open_to"],
                actor=request.user,
                **_session_form_fields(form),
            )
        except DomainError as error:
            apply_domain_error(error, form)
        else:
            messages.success(request, _("The session is created."))
            return redirect("seminars:session_detail", pk=session.pk)
    return render(request, "seminars/officer/session_form.html", {"form": form, "session": None})


@case_officer_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = selectors.session_for_officer(request.user, pk)
    form = SessionForm(
        request.POST or None,
        instance=session,
        municipalities=list(officer_municipalities(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session,
                open_to=form.cleaned_data["open_to"],
                actor=request.user,
                **_session_form_fields(form),
            )
        except DomainError as error:
            apply_domain_error(error, form)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("seminars:session_detail", pk=session.pk)
    return render(request, "seminars/officer/session_form.html", {"form": form, "session": session})


@case_officer_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = selectors.session_for_officer(request.user, pk)
    if request.method == "POST":
        try:
            services.session_cancel(session=session, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The session is cancelled and every registrant has been told.")
            )
        return redirect("seminars:session_detail", pk=session.pk)
    return render(request, "seminars/officer/session_cancel.html", {"session": session})


@case_officer_required
def session_detail(request, pk):
    session = selectors.session_for_officer(request.user, pk)
    registrations = selectors.session_registrations(session)
    candidates = selectors.venue_candidates(session, registrations)
    groups = {status: [] for status in RegistrationStatus.values}
    counts = dict.fromkeys(AttendanceMark.values, 0)
    for registration in registrations:
        groups[registration.status].append(registration)
        for participant in registration.participants.all():
            participant.suggestion = (
                None
                if participant.person_id
                else selectors.suggestion_for(participant, candidates.get(registration.pk, []))
            )
            if registration.status != RegistrationStatus.CANCELLED:
                counts[participant.attendance] += 1
    return render(
        request,
        "seminars/officer/session_detail.html",
        {
            "session": session,
            "seats_left": selectors.seats_left(session),
            "confirmed": groups[RegistrationStatus.CONFIRMED],
            "waitlisted": groups[RegistrationStatus.WAITLISTED],
            "cancelled": groups[RegistrationStatus.CANCELLED],
            "counts": counts,
            "check_in_open": today() >= session.held_on and not session.cancelled,
            "marks": AttendanceMark,
            "now": timezone.now(),
        },
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def registration_release(request, pk):
    """Release a registration's seats with a reason (hoarding, invented names)."""
    registration = selectors.registration_for_officer(request.user, pk)
    session = registration.session
    error = None
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            services.registration_release(
                registration=registration, actor=request.user, reason=reason
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("The registration of %(venue)s is released; its seats went to the waitlist.")
                % {"venue": registration.venue_name},
            )
            return redirect("seminars:session_detail", pk=session.pk)
    return render(
        request,
        "seminars/officer/registration_release.html",
        {"registration": registration, "session": session, "error": error, "reason": reason},
        status=400 if error else 200,
    )


def _back_to(participant) -> str:
    url = reverse("seminars:session_detail", args=[participant.registration.session_id])
    return f"{url}#participant-{participant.pk}"


@case_officer_required
@require_POST
def participant_mark(request, pk):
    participant = selectors.participant_for_officer(request.user, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose attended, did not attend or not checked in."))
        return redirect(_back_to(participant))
    try:
        services.participant_mark(
            participant=participant,
            mark=form.cleaned_data["mark"],
            actor=request.user,
            today=today(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s: %(mark)s.")
            % {"name": participant.name, "mark": AttendanceMark(form.cleaned_data["mark"]).label},
        )
    return redirect(_back_to(participant))


@case_officer_required
@require_http_methods(["GET", "POST"])
def participant_match(request, pk):
    """Confirm the suggested register person, choose another, or none."""
    participant = selectors.participant_for_officer(request.user, pk)
    session = participant.registration.session
    allowed = selectors.allowed_municipality_ids(session)
    error = None
    if request.method == "POST":
        choice = request.POST.get("person", "")
        person = None
        if choice != "none":
            person = (
                Person.objects.filter(municipality_id__in=allowed, pk=choice).first()
                if choice.isdigit()
                else None
            )
            if person is None:
                error = _("Choose a person from the list, or “No match”.")
        if error is None:
            try:
                services.participant_match(
                    participant=participant, person=person, actor=request.user
                )
            except DomainError as exc:
                error = exc.message
            else:
                if person is None:
                    messages.success(
                        request,
                        _("%(name)s is not matched to anyone.") % {"name": participant.name},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s is matched to %(person)s.")
                        % {"name": participant.name, "person": person.name},
                    )
                return redirect(_back_to(participant))
    candidates = selectors.venue_candidates(session, [participant.registration]).get(
        participant.registration_id, []
    )
    suggestion = selectors.suggestion_for(participant, candidates)
    query = request.GET.get("q", "").strip()
    listed = {c.person_id for c in candidates}
    found = [p for p in selectors.person_search(session, query) if p.pk not in listed]
    return render(
        request,
        "seminars/officer/participant_match.html",
        {
            "participant": participant,
            "registration": participant.registration,
            "session": session,
            "candidates": candidates,
            "suggestion": suggestion,
            "query": query,
            "found": found,
            "error": error,
            "error_items": [("", error)] if error else [],
        },
        status=400 if error else 200,
    )


@case_officer_required
def attendance_sheet(request, pk):
    """A printable list of the confirmed participants with a column to sign."""
    session = selectors.session_for_officer(request.user, pk)
    rows = []
    for registration in selectors.session_registrations(session):
        if registration.status != RegistrationStatus.CONFIRMED:
            continue
        for participant in registration.participants.all():
            rows.append((registration, participant))
    rows.sort(key=lambda row: (row[1].name.casefold(), row[0].venue_name.casefold()))
    return render(
        request, "seminars/officer/attendance_sheet.html", {"session": session, "rows": rows}
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """Text for a spreadsheet cell; public input never starts a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


@case_officer_required
def export_csv(request, pk):
    """Every participant of every registration, one row each; UTF-8 with BOM and
    semicolons, which Excel with Norwegian settings opens as columns."""
    session = selectors.session_for_officer(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"seminar-{session.held_on.isoformat()}-{session.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Registration status"),
            _("Registered"),
            _("Venue"),
            _("Organisation number"),
            _("Licence number"),
            _("Participant"),
            _("Role"),
            _("Participant e-mail"),
            _("Contact e-mail"),
            _("Attendance"),
            _("Matched person"),
        ]
    )
    for registration in selectors.session_registrations(session):
        registered = timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M")
        for participant in registration.participants.all():
            writer.writerow(
                [
                    csv_cell(v)
                    for v in (
                        registration.get_status_display(),
                        registered,
                        registration.venue_name,
                        registration.org_number,
                        registration.licence_number,
                        participant.name,
                        participant.get_role_display(),
                        participant.email,
                        registration.contact_email,
                        participant.get_attendance_display(),
                        participant.person.name if participant.person else "",
                    )
                ]
            )
    return response
