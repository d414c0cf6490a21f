"""Assigning a case to a case officer (saksbehandler) from the case's own page.

The form (``includes/case_officer.html``) is on the application, point case and
suspension pages; it posts here with the page to return to. Cases of other
municipalities answer 404 (``licensing.access``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import case_officer_required, get_for_officer
from licensing.errors import DomainError
from licensing.models import Case
from licensing.services.case_assignment import assignable_officers, case_assign


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@case_officer_required
@require_POST
def case_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_for_officer(Case.objects.all(), request.user, pk=pk)
    back = _next(request) or "licensing:dashboard"
    value = request.POST.get("officer", "")
    officer = None
    if value:
        if value.isdigit():
            officer = assignable_officers([case.municipality_id]).filter(pk=value).first()
        if officer is None:
            messages.error(request, _("Choose a case officer of this municipality."))
            return redirect(back)
    try:
        case_assign(case=case, officer=officer, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if officer is None:
        messages.success(request, _("Case %(number)s is unassigned.") % {"number": case.number})
    else:
        messages.success(
            request,
            _("Case %(number)s is assigned to %(name)s.")
            % {"number": case.number, "name": officer.get_full_name() or officer.get_username()},
        )
    return redirect(back)


def officer_choices(case: Case | None):
    """The officers a case can be given to (one query), for the assignment form."""
    if case is None:
        return get_user_model().objects.none()
    return list(assignable_officers([case.municipality_id]))
