"""Who sees the reports and the regional overview: case officers (their municipalities)
and regional coordinators (the municipalities they are given). Figures only: no case
pages are opened by this."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from licensing.access import officer_municipality_ids
from licensing.models import Municipality


def coordinator_municipality_ids(user) -> list[int]:
    if not (user.is_authenticated and user.is_active):
        return []
    from .models import Coordinator

    return list(Coordinator.objects.filter(user=user).values_list("municipalities__pk", flat=True))


def report_municipality_ids(user) -> list[int]:
    """The municipalities whose figures the user may see (sorted, no duplicates)."""
    ids = set(officer_municipality_ids(user)) | set(coordinator_municipality_ids(user))
    ids.discard(None)
    return sorted(ids)


def report_municipalities(user) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=report_municipality_ids(user)).order_by("name"))


def reports_required(view):
    """Anonymous -> login; users who are neither officers nor coordinators -> 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        municipalities = report_municipalities(request.user)
        if not municipalities:
            raise PermissionDenied
        request.report_municipalities = municipalities
        return view(request, *args, **kwargs)

    return wrapper
