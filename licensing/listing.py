"""What every list page needs: a page of rows and sortable column headers.

Shared by the register, the applications and the inspection reports (and open to other
apps): the query string keeps the filters, drops the page, and sets ``ordering``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest

PER_PAGE = 50


def paginate(request: HttpRequest, queryset, per_page: int = PER_PAGE) -> dict:
    """``page_obj`` and the query string (with ``&``) for the pagination links."""
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page_obj, "querystring_without_page": f"{encoded}&" if encoded else ""}


def sort_columns(request: HttpRequest, current: str, columns) -> list[dict]:
    """Header links that sort by a column; a second click reverses the order.

    ``columns`` is ``(key, label)`` pairs; ``current`` the filter's current ordering.
    Each result has ``key``, ``label``, ``url`` and ``aria_sort`` (for the ``th``)."""
    result = []
    for key, label in columns:
        params = request.GET.copy()
        params.pop("page", None)
        if current == key:
            params["ordering"], aria_sort = f"-{key}", "ascending"
        elif current == f"-{key}":
            params["ordering"], aria_sort = key, "descending"
        else:
            params["ordering"], aria_sort = key, ""
        result.append(
            {"key": key, "label": label, "url": f"?{params.urlencode()}", "aria_sort": aria_sort}
        )
    return result
