"""Who may see what. Every view and endpoint goes through these helpers.

Roles:
- administrator: an active superuser; sees every municipality.
- case officer (saksbehandler): an active user who is an officer of at least one
  municipality; sees and changes only those municipalities' records.
- control-company user: a member of a control company (inspections app); uses the API only.
Anything else is refused: anonymous visitors are sent to the login page, other roles get 403.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.mixins import AccessMixin
from django.db.models import Model, QuerySet
from django.http import Http404

from .models import Municipality

M = TypeVar("M", bound=Model)


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_case_officer(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_officer_municipality_ids", None)
    if cached is None:
        cached = officer_municipality_ids(user)
    return bool(cached)


def officer_municipality_ids(user) -> list[int]:
    """The ids of the municipalities the user works for (cached on the user object)."""
    if not (user.is_authenticated and user.is_active):
        return []
    cached = getattr(user, "_officer_municipality_ids", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        ids = list(Municipality.objects.values_list("pk", flat=True))
    else:
        ids = list(user.officer_municipalities.values_list("pk", flat=True))
    user._officer_municipality_ids = ids
    return ids


def officer_municipalities(user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=officer_municipality_ids(user))


def scope_to_officer(queryset: QuerySet[M], user, field: str = "municipality") -> QuerySet[M]:
    """Limit a queryset to the records of the user's municipalities.

    ``field`` is the lookup path to the municipality, e.g. ``"licence__municipality"``.
    """
    return queryset.filter(**{f"{field}__in": officer_municipality_ids(user)})


def get_for_officer(queryset: QuerySet[M], user, field: str = "municipality", **lookup) -> M:
    """Load one object of the user's municipalities, or 404 (never 403: no leak of existence)."""
    try:
        return scope_to_officer(queryset, user, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


class CaseOfficerRequiredMixin(AccessMixin):
    """Anonymous visitors go to the login page; authenticated non-officers get 403."""

    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_case_officer(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


def case_officer_required(view_func):
    """Function-view form of CaseOfficerRequiredMixin."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_case_officer(request.user):
            raise PermissionDenied
        return view_func(request, *args, **kwargs)

    return wrapper
