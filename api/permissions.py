"""Who may call what. Lists are scoped in each view's ``get_queryset`` (see ``Caller``);
these classes only decide whether the caller's role may use an endpoint at all.

Roles (docs/adr/0061-api-roles-and-status-codes.md):

- case officer: an officer of at least one municipality, or an administrator (superuser);
  reads the records of those municipalities (administrators: all);
- control-company user: a member of at least one control company; reads the licences of
  the municipalities that engaged the company, the violation catalogue and the company's
  inspectors, and submits and corrects the company's reports;
- anyone else authenticated: 403 everywhere.

Officer-only endpoints answer control-company users 404, as if they did not exist: a
company never learns anything about point decisions, holders or suspensions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from inspections.models import ControlCompany
from licensing.access import is_administrator, officer_municipality_ids


@dataclass(frozen=True)
class Caller:
    """The caller's roles and scopes, computed once per request (two queries) or read with
    the token from the cache (docs/adr/0205)."""

    is_administrator: bool
    officer_municipality_ids: tuple[int, ...]
    company_ids: tuple[int, ...]
    # Municipalities that engaged at least one of the caller's companies.
    engaged_municipality_ids: tuple[int, ...]

    @property
    def is_officer(self) -> bool:
        return self.is_administrator or bool(self.officer_municipality_ids)

    @property
    def is_company_user(self) -> bool:
        return bool(self.company_ids)


NOBODY = Caller(False, (), (), ())


def get_caller(request) -> Caller:
    cached = getattr(request, "_api_caller", None)
    if cached is not None:
        return cached
    caller = caller_for(request.user)
    request._api_caller = caller
    return caller


def caller_for(user) -> Caller:
    """The roles and scopes of ``user`` (two queries). ``api.authentication`` computes them
    once per token and keeps them with the token in the cache (docs/adr/0205)."""
    if not (user and user.is_authenticated and user.is_active):
        return NOBODY
    rows = ControlCompany.objects.filter(users=user).values_list("pk", "municipalities")
    company_ids = sorted({company for company, _m in rows})
    engaged = sorted({muni for _c, muni in rows if muni is not None})
    return Caller(
        is_administrator=is_administrator(user),
        officer_municipality_ids=tuple(officer_municipality_ids(user)),
        company_ids=tuple(company_ids),
        engaged_municipality_ids=tuple(engaged),
    )


class IsCaseOfficer(BasePermission):
    """Case officers and administrators; control companies get 404, others 403."""

    message = _("This endpoint is for case officers.")

    def has_permission(self, request, view) -> bool:
        caller = get_caller(request)
        if caller.is_officer:
            return True
        if caller.is_company_user:
            raise exceptions.NotFound()
        return False


class IsOfficerOrCompanyUser(BasePermission):
    """Case officers, administrators and control-company users."""

    message = _("Your account has no role in the API (neither case officer nor control company).")

    def has_permission(self, request, view) -> bool:
        caller = get_caller(request)
        return caller.is_officer or caller.is_company_user


class CompanyWritesOnly(BasePermission):
    """Reads for officers and companies; writes (submit, correct) for companies only."""

    message = _("Only control-company users submit and correct reports through the API.")

    def has_permission(self, request, view) -> bool:
        caller = get_caller(request)
        if not (caller.is_officer or caller.is_company_user):
            # A read by a user with no role: say so, not that reads are for companies.
            self.message = IsOfficerOrCompanyUser.message
            return False
        if request.method in SAFE_METHODS:
            return True
        return caller.is_company_user
