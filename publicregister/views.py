"""Anonymous public register pages (/offentlig/): no account, rate-limited per client IP.

Every page and download reads the cached snapshot (``publicregister.cache``): one query for
the municipality plus the cache reads; building a snapshot costs 1-3 queries more.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from licensing.clock import today
from licensing.models import LicenceKind, Municipality

from . import cache, selectors

RATE_GROUP = "publicregister"
PAGE_SIZE = 50
SANCTIONS_SHOWN = 50  # the newest on the page; the downloads have all
KIND_LABELS = dict(LicenceKind.choices)


def public_rate(group, request) -> str:
    """Requests per client IP (like the seminar pages, docs/adr/0030-seminar-abuse-protection.md)."""
    return getattr(settings, "PUBLIC_REGISTER_RATE", "120/m")


def rate_limited(view):
    def wrapper(request, *args, **kwargs):
        if is_ratelimited(
            request, group=RATE_GROUP, key="ip", rate=public_rate, method=ALL, increment=True
        ):
            response = render(request, "publicregister/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _municipality(org_number: str) -> Municipality:
    return get_object_or_404(Municipality, org_number=org_number)


def _filters(request) -> dict[str, str]:
    kind = request.GET.get("kind", "")
    group = request.GET.get("group", "")
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "kind": kind if kind in KIND_LABELS else "",
        "group": group if group in ("1", "2", "3") else "",
    }


def filter_licences(rows: list[dict], *, q: str = "", kind: str = "", group: str = "") -> list:
    """Search (licence number, holder, organisation number, premises, address, place) and
    filter (kind, alcohol group) the snapshot rows, in memory."""
    needle = q.casefold()
    result = []
    for row in rows:
        if kind and row["kind"] != kind:
            continue
        if group and int(group) not in row["groups"]:
            continue
        if needle:
            haystack = " ".join(
                (
                    row["licence_number"],
                    row["holder_name"],
                    row["holder_org_number"],
                    row["premises_name"],
                    row["premises_address"],
                    row["postal_place"],
                )
            ).casefold()
            if needle not in haystack:
                continue
        result.append(row)
    return result


def _violation_name(row: dict) -> str:
    language = get_language() or "nb"
    if language.startswith("en"):
        return row["violation_name_en"]
    if language.startswith("nn"):
        # A snapshot cached before the column existed has none: Bokmål until it expires.
        return row.get("violation_name_nn") or row["violation_name_nb"]
    return row["violation_name_nb"]


def _display_licence(row: dict) -> dict:
    return {
        **row,
        "kind_label": KIND_LABELS.get(row["kind"], row["kind"]),
        "groups_label": "+".join(str(g) for g in row["groups"]),
        "valid_from_date": parse_date(row["valid_from"]),
        "valid_to_date": parse_date(row["valid_to"]),
    }


@rate_limited
def index(request):
    """The municipalities with a public register."""
    return render(
        request,
        "publicregister/index.html",
        {"municipalities": selectors.public_municipalities()},
    )


@rate_limited
def municipality_page(request, org_number: str):
    municipality = _municipality(org_number)
    data = cache.snapshot(municipality, today())
    filters = _filters(request)
    rows = filter_licences(data["licences"], **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    points = [
        {**row, "breach": _violation_name(row), "decided": parse_date(row["decided_on"]),
         "violated": parse_date(row["violation_date"])}
        for row in data["point_decisions"][:SANCTIONS_SHOWN]
    ]  # fmt: skip
    suspensions = [
        {**row, "decided": parse_date(row["decided_on"]), "starts": parse_date(row["starts_on"]),
         "ends": parse_date(row["ends_on"])}
        for row in data["suspensions"][:SANCTIONS_SHOWN]
    ]  # fmt: skip
    return render(
        request,
        "publicregister/municipality.html",
        {
            "municipality": municipality,
            "data": data,
            "generated_at": parse_datetime(data["generated_at"]),
            "sanctions_since": parse_date(data.get("sanctions_since", "")),
            "filters": filters,
            "query": query,
            "page_obj": page,
            "querystring_without_page": f"{query}&" if query else "",
            "kinds": LicenceKind.choices,
            "page": page,
            "licences": [_display_licence(row) for row in page.object_list],
            "total": len(data["licences"]),
            "matching": len(rows),
            "points": points,
            "points_total": len(data["point_decisions"]),
            "suspensions_total": len(data["suspensions"]),
            "suspensions": suspensions,
        },
    )


# Downloads --------------------------------------------------------------------------------


def csv_text(rows: list[dict], columns: tuple[str, ...]) -> str:
    """UTF-8 with a byte-order mark, comma-separated, CRLF, a header row of ``columns``;
    lists (the alcohol groups) are joined with "+"."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(
        ["+".join(map(str, row[c])) if isinstance(row[c], list) else row[c] for c in columns]
        for row in rows
    )
    return out.getvalue()


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def json_text(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _meta(data: dict) -> dict:
    return {
        "municipality": data["municipality"],
        "as_of": data["as_of"],
        "updated_at": data["generated_at"],
    }


def _licence_download(request, org_number: str, fmt: str) -> tuple[str, str]:
    """The licences as CSV or JSON text; the unfiltered file is made once per snapshot."""
    data = cache.snapshot(_municipality(org_number), today())
    filters = _filters(request)

    def build() -> str:
        rows = filter_licences(data["licences"], **filters)
        if fmt == "csv":
            return csv_text(rows, selectors.LICENCE_COLUMNS)
        return json_text(
            {**_meta(data), "columns": list(selectors.LICENCE_COLUMNS), "licences": rows}
        )

    text = build() if any(filters.values()) else cache.memo(data, f"licences.{fmt}", build)
    return text, f"bevillinger-{org_number}-{data['as_of']}.{fmt}"


@rate_limited
def licences_csv(request, org_number: str):
    return _csv(*_licence_download(request, org_number, "csv"))


@rate_limited
def licences_json(request, org_number: str):
    return _json(*_licence_download(request, org_number, "json"))


def _sanctions_or_404(org_number: str) -> dict:
    municipality = _municipality(org_number)
    if not municipality.publish_sanctions:
        raise Http404
    return cache.snapshot(municipality, today())


@rate_limited
def points_csv(request, org_number: str):
    data = _sanctions_or_404(org_number)
    text = cache.memo(
        data, "points.csv", lambda: csv_text(data["point_decisions"], selectors.POINT_COLUMNS)
    )
    return _csv(text, f"prikker-{org_number}-{data['as_of']}.csv")


@rate_limited
def suspensions_csv(request, org_number: str):
    data = _sanctions_or_404(org_number)
    text = cache.memo(
        data, "suspensions.csv", lambda: csv_text(data["suspensions"], selectors.SUSPENSION_COLUMNS)
    )
    return _csv(text, f"inndragninger-{org_number}-{data['as_of']}.csv")


@rate_limited
def sanctions_json(request, org_number: str):
    data = _sanctions_or_404(org_number)
    payload = {
        **_meta(data),
        "decided_since": data["sanctions_since"],
        "point_decisions": data["point_decisions"],
        "suspensions": data["suspensions"],
    }
    text = cache.memo(data, "sanctions.json", lambda: json_text(payload))
    return _json(text, f"reaksjoner-{org_number}-{data['as_of']}.json")
