"""What every API view shares: pagination, filter backends, and schema decoration."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .. import page_cache
from ..filters import SafeSearchFilter, StableOrderingFilter, StrictFilterBackend
from ..pagination import Pagination
from ..permissions import get_caller
from ..schema import DETAIL_ERRORS, LIST_ERRORS


class ApiViewMixin:
    pagination_class = Pagination
    filter_backends = [StrictFilterBackend, SafeSearchFilter, StableOrderingFilter]
    lookup_value_regex = r"[0-9]+"


class PageKeysFirstMixin:
    """Sort and slice only the primary keys, then load the rows of that page with their
    joins, annotations and prefetches (docs/adr/0120): the database sorts narrow rows
    and computes per-row subqueries for one page only. One query more, a fixed number."""

    def paginate_queryset(self, queryset):
        keys = super().paginate_queryset(queryset.values_list("pk", flat=True))
        if keys is None:
            return None
        keys = list(keys)
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
        return [rows[key] for key in keys]


class CachedPagesMixin:
    """A list page answered from the cache when the same caller asked for the same page
    since the data last changed (``api.page_cache``, docs/adr/0206). Authentication,
    permissions and throttles have run when ``list`` is called; only a 200 JSON body is
    kept."""

    def list(self, request, *args, **kwargs):
        pages = page_cache.PageCache(request, self, get_caller(request))
        cached = pages.lookup()
        if cached is not None:
            return cached
        self._page_cache = pages
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        pages = getattr(self, "_page_cache", None)
        if pages is not None and response.status_code == 200 and isinstance(response, Response):
            response.render()
            pages.store(response.content)
        return response


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]


def read_only_schema(serializer, *, tag: str, list_summary: str, detail_summary: str):
    """Schema for a list + detail viewset with every error response documented."""
    return extend_schema_view(
        list=extend_schema(
            summary=list_summary, tags=[tag], responses={200: serializer, **LIST_ERRORS}
        ),
        retrieve=extend_schema(
            summary=detail_summary, tags=[tag], responses={200: serializer, **DETAIL_ERRORS}
        ),
    )
