"""Public seminar pages: no account. Sessions are addressed by their UUID and
registrations by a signed token (``seminars.tokens``), never by a sequential id."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from licensing.errors import DomainError

from .. import emails, ics, selectors, services
from ..forms import (
    PARTICIPANT_PREFIX,
    ChangeRegistrationForm,
    ParticipantFormSet,
    RegistrationForm,
    participant_rows,
    rows_from_post,
)
from ..models import (
    REGISTRATION_RETENTION_MONTHS,
    Registration,
    RegistrationStatus,
)
from ..tokens import sign_token, unsign_token
from .errors import apply_domain_error, error_summary

RATE_GROUP = "seminars.registration"


def registration_rate(group, request) -> str:
    """Submissions of the registration form per client address (SEMINAR_REGISTRATION_RATE;
    the address as licensing/client_ip.py finds it; docs/adr/0030-seminar-abuse-protection.md)."""
    return settings.SEMINAR_REGISTRATION_RATE


def _limited(request) -> bool:
    return is_ratelimited(
        request,
        group=RATE_GROUP,
        key="ip",
        rate=registration_rate,
        method="POST",
        increment=True,
    )


def _as_typed(post, rows: int, limit: int):
    """The form and rows again as the user typed them, unbound (no errors shown)."""
    form = RegistrationForm(initial=post.dict())
    form.initial["consent"] = bool(post.get("consent"))
    formset = _participant_formset(rows=rows, initial=rows_from_post(post, rows), limit=limit)
    return form, formset


def _default_language(request, language: str) -> None:
    """Norwegian in ``language`` (the municipality's written standard, or the language of
    a registration) unless the visitor chose otherwise: with the language switcher (its
    cookie) or with a browser asking for English. So a Nynorsk municipality's sessions
    open in Nynorsk for a Norwegian visitor who has not chosen."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if language in ("nb", "nn") and translation.get_language() in ("nb", "nn"):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def session_list(request):
    now = timezone.now()
    sessions = list(selectors.upcoming_public_sessions(now))
    for session in sessions:
        session.seats_left = selectors.seats_left(session)
        session.is_open = session.registration_open(now)
    return render(request, "seminars/public/session_list.html", {"sessions": sessions})


def _participant_formset(data=None, *, existing=0, rows=1, initial=None, limit=None):
    kwargs = {"prefix": PARTICIPANT_PREFIX, "existing": existing, "rows": rows}
    if limit is not None:
        kwargs["limit"] = limit
    if data is not None:
        return ParticipantFormSet(data, **kwargs)
    return ParticipantFormSet(initial=initial, **kwargs)


def _focus(formset, row: int | None) -> None:
    """After "Add participant", put the cursor in the new row (no JavaScript needed)."""
    if row is not None and row < len(formset.forms):
        formset.forms[row].fields["name"].widget.attrs["autofocus"] = True


def _participants(formset) -> list[services.ParticipantData]:
    return [
        services.ParticipantData(
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            email=form.cleaned_data.get("email", ""),
        )
        for _index, form in formset.kept_forms()
    ]


@require_http_methods(["GET", "POST"])
def session_detail(request, public_id):
    """The session and its registration form."""
    now = timezone.now()
    registering = request.method == "POST" and "add_participant" not in request.POST
    # A registration that succeeds answers with a redirect: it needs neither the seat count
    # nor the other municipalities of the page (docs/adr/0218); the page reloads them.
    session = (
        selectors.public_session_to_register(public_id)
        if registering
        else selectors.public_session(public_id)
    )
    _default_language(request, session.municipality.language)
    is_open = session.registration_open(now)
    limit = min(session.capacity, services.registrations.MAX_PARTICIPANTS)
    try:
        rows = int(request.GET.get("deltakere", 1))
    except ValueError:
        rows = 1
    form = RegistrationForm()
    formset = _participant_formset(rows=max(1, min(rows, limit)), limit=limit)
    focus_row = None
    rate_limited = False

    if request.method == "POST" and is_open:
        if "add_participant" in request.POST:
            # Without JavaScript: the same form again, one blank row more, nothing saved.
            rows = min(participant_rows(request.POST) + 1, limit)
            form, formset = _as_typed(request.POST, rows, limit)
            focus_row = rows - 1
        elif _limited(request):
            # 429, but the page keeps everything typed: the user can send it again later.
            rows = max(1, min(participant_rows(request.POST), limit))
            form, formset = _as_typed(request.POST, rows, limit)
            rate_limited = True
        else:
            form = RegistrationForm(request.POST)
            if form.is_spam:
                return redirect("seminars_public:received")
            formset = _participant_formset(request.POST, limit=limit)
            if form.is_valid() and formset.is_valid():
                data = form.cleaned_data
                try:
                    registration = services.registration_create(
                        session=session,
                        org_number=data["org_number"],
                        venue_name=data["venue_name"],
                        licence_number=data["licence_number"],
                        participants=_participants(formset),
                        contact_email=data["contact_email"],
                        consent=data["consent"],
                        language=translation.get_language() or settings.LANGUAGE_CODE,
                        now=now,
                    )
                except DomainError as error:
                    apply_domain_error(error, form, formset)
                else:
                    if registration.status == RegistrationStatus.WAITLISTED:
                        messages.warning(
                            request,
                            _(
                                "There were not enough free seats: you are on the waitlist. We "
                                "e-mail %(email)s if seats become free. Save this page's address: "
                                "it is your private link."
                            )
                            % {"email": registration.contact_email},
                        )
                    else:
                        messages.success(
                            request,
                            _(
                                "You are registered. A confirmation is on its way to %(email)s; "
                                "this page's address is your private link: save it."
                            )
                            % {"email": registration.contact_email},
                        )
                    return redirect(
                        "seminars_public:registration", signed=sign_token(registration.token)
                    )

    _focus(formset, focus_row)
    if registering:
        session = selectors.public_session(public_id)
    session.seats_left = selectors.seats_left(session)
    response = render(
        request,
        "seminars/public/session_detail.html",
        {
            "rate_limited": rate_limited,
            "session": session,
            "is_open": is_open,
            "form": form,
            "formset": formset,
            "focus_row": focus_row,
            # The summary takes the focus unless a new participant row does.
            "summary_autofocus": focus_row is None,
            "errors": error_summary(form, formset) if form.is_bound else [],
            "show_seats": not session.cancelled,
            "retention_months": REGISTRATION_RETENTION_MONTHS,
            "max_rows": limit,
        },
        status=429 if rate_limited else 200,
    )
    if rate_limited:
        response["Retry-After"] = "3600"
    return response


def received(request):
    """Where a submission caught by the honeypot lands: polite, and nothing was saved."""
    return render(request, "seminars/public/received.html")


def _registration_or_404(signed: str) -> Registration:
    token = unsign_token(signed)
    if token is None:
        raise Http404
    return selectors.registration_by_token(token)


def _state(registration: Registration, now) -> dict:
    session = registration.session
    active = registration.status != RegistrationStatus.CANCELLED
    return {
        "can_change": active and session.registration_open(now),
        "can_cancel": active and not session.cancelled and now < session.starts_at,
        "can_register_again": not active and session.registration_open(now),
    }


@never_cache
def registration_detail(request, signed):
    registration = _registration_or_404(signed)
    _default_language(request, registration.language)
    return render(
        request,
        "seminars/public/registration_detail.html",
        {
            "registration": registration,
            "session": registration.session,
            "signed": signed,
            "waitlist_position": selectors.waitlist_position(registration),
            "private_link": emails.private_link(registration),
            **_state(registration, timezone.now()),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_change(request, signed):
    now = timezone.now()
    registration = _registration_or_404(signed)
    _default_language(request, registration.language)
    session = registration.session
    state = _state(registration, now)
    if not state["can_change"]:
        messages.error(
            request,
            _("This registration can no longer be changed; contact the municipality."),
        )
        return redirect("seminars_public:registration", signed=signed)
    existing = list(registration.participants.all())
    limit = min(session.capacity, services.registrations.MAX_PARTICIPANTS)
    initial_rows = [{"name": p.name, "role": p.role, "email": p.email} for p in existing]
    form = ChangeRegistrationForm(initial={"contact_email": registration.contact_email})
    formset = _participant_formset(
        existing=len(existing), rows=len(existing), initial=initial_rows, limit=limit
    )
    focus_row = None
    if request.method == "POST":
        if "add_participant" in request.POST:
            rows = min(participant_rows(request.POST, len(existing)) + 1, limit + len(existing))
            form = ChangeRegistrationForm(initial=request.POST.dict())
            formset = _participant_formset(
                existing=len(existing),
                rows=rows,
                initial=rows_from_post(request.POST, rows),
                limit=limit,
            )
            focus_row = rows - 1
        else:
            form = ChangeRegistrationForm(request.POST)
            formset = _participant_formset(request.POST, existing=len(existing), limit=limit)
            if form.is_valid() and formset.is_valid():
                changes = []
                for index, row in enumerate(formset.forms):
                    if index < len(existing) and formset._should_delete_form(row):
                        changes.append(services.ParticipantChange(index=index, remove=True))
                for index, row in formset.kept_forms():
                    changes.append(
                        services.ParticipantChange(
                            index=index if index < len(existing) else None,
                            name=row.cleaned_data["name"],
                            role=row.cleaned_data["role"],
                            email=row.cleaned_data.get("email", ""),
                        )
                    )
                try:
                    services.registration_change(
                        registration=registration,
                        contact_email=form.cleaned_data["contact_email"],
                        participants=changes,
                        now=now,
                    )
                except DomainError as error:
                    apply_domain_error(error, form, formset)
                else:
                    messages.success(request, _("Your changes are saved."))
                    return redirect("seminars_public:registration", signed=signed)
    _focus(formset, focus_row)
    return render(
        request,
        "seminars/public/registration_change.html",
        {
            "registration": registration,
            "session": session,
            "signed": signed,
            "form": form,
            "formset": formset,
            "focus_row": focus_row,
            # The summary takes the focus unless a new participant row does.
            "summary_autofocus": focus_row is None,
            "errors": error_summary(form, formset) if form.is_bound else [],
            "max_rows": limit + len(existing),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request, signed):
    registration = _registration_or_404(signed)
    _default_language(request, registration.language)
    error = None
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("The registration is cancelled. Thank you for telling us."))
            return redirect("seminars_public:registration", signed=signed)
    return render(
        request,
        "seminars/public/registration_cancel.html",
        {
            "registration": registration,
            "session": registration.session,
            "signed": signed,
            "error": error,
            **_state(registration, timezone.now()),
        },
    )


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def session_ics(request, public_id):
    session = selectors.public_session_event(public_id)
    body = ics.calendar(
        [emails.session_event(session, with_online_link=False)], stamp=timezone.now()
    )
    return _calendar_response(body, "seminar.ics")


@never_cache
def registration_ics(request, signed):
    """The session for a confirmed registration's calendar, with the online meeting link."""
    registration = _registration_or_404(signed)
    _default_language(request, registration.language)
    if registration.status != RegistrationStatus.CONFIRMED or registration.session.cancelled:
        raise Http404
    return _calendar_response(emails.session_ics(registration.session), "seminar.ics")


def feed(request):
    """The subscribable calendar of seminars that have not ended (cancelled ones included,
    marked STATUS:CANCELLED, so that subscribers' calendars update)."""
    now = timezone.now()
    sessions = selectors.feed_sessions(now).select_related("municipality")
    body = ics.calendar(
        [emails.session_event(s, with_online_link=False) for s in sessions],
        stamp=now,
        name=_("Responsible-serving seminars"),
    )
    response = _calendar_response(body, "seminarer.ics")
    response["Content-Disposition"] = 'inline; filename="seminarer.ics"'
    return response
