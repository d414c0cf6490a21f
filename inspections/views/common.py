"""Helpers shared by the inspections views: loading with access checks, lists."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from inspections import selectors
from inspections.models import Inspection, PointDecision, Suspension
from licensing import listing
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
    return listing.paginate(request, queryset, per_page)


def sort_columns(request: HttpRequest, current: str, columns) -> dict[str, dict]:
    """Header links that sort by a column, by column key (for the report templates)."""
    return {c["key"]: c for c in listing.sort_columns(request, current, columns)}
