"""Helpers shared by the inspections views: lists (pagination and sortable headers)."""

from __future__ import annotations

from django.http import HttpRequest

from licensing import listing

PER_PAGE = 25


def paginate(request: HttpRequest, queryset, per_page: int = PER_PAGE) -> dict:
    return listing.paginate(request, queryset, per_page)


def sort_columns(request: HttpRequest, current: str, columns) -> dict[str, dict]:
    """Header links that sort by a column, by column key (for the report templates)."""
    return {c["key"]: c for c in listing.sort_columns(request, current, columns)}
