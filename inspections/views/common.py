"""Helpers shared by the inspections views: loading with access checks, lists."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from inspections import selectors
from inspections.models import Inspection, PointDecision, Suspension
from licensing.access import get_for_officer, scope_to_officer
from licensing.models import Licence

PER_PAGE = 25


def inspection_for_officer(user, pk: int) -> Inspection:
    """The inspection with what its pages show; 404 unless of the officer's municipalities."""
    return get_for_officer(selectors.report_detail_queryset(), user, "licence__municipality", pk=pk)


def licence_for_officer(user, pk: int) -> Licence:
    return get_for_officer(
        Licence.objects.select_related("holder", "premises", "municipality"), user, pk=pk
    )


def point_decision_for_officer(user, pk: int) -> PointDecision:
    return get_for_officer(
        PointDecision.objects.select_related(
            "licence__holder", "licence__premises", "violation", "inspection"
        ),
        user,
        "licence__municipality",
        pk=pk,
    )


def suspension_for_officer(user, pk: int) -> Suspension:
    queryset = scope_to_officer(
        Suspension.objects.select_related(
            "licence__holder", "licence__premises", "licence__municipality"
        ),
        user,
        "licence__municipality",
    )
    return get_object_or_404(queryset, pk=pk)


def paginate(request: HttpRequest, queryset, per_page: int = PER_PAGE) -> dict:
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page_obj, "querystring_without_page": f"{encoded}&" if encoded else ""}


def sort_columns(request: HttpRequest, current: str, columns) -> dict[str, dict]:
    """Header links that sort by a column; a second click reverses the order."""
    result = {}
    for key, label in columns:
        params = request.GET.copy()
        params.pop("page", None)
        if current == key:
            params["ordering"], aria_sort = f"-{key}", "ascending"
        elif current == f"-{key}":
            params["ordering"], aria_sort = key, "descending"
        else:
            params["ordering"], aria_sort = key, ""
        result[key] = {
            "key": key, "label": label, "url": f"?{params.urlencode()}", "aria_sort": aria_sort,
        }  # fmt: skip
    return result
