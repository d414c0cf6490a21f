"""Control coverage of a year (alkoholforskriften § 9-7): page and CSV."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from inspections import selectors
from inspections.forms import CoverageYearForm
from licensing.access import case_officer_required, officer_municipality_ids
from licensing.clock import today
from licensing.rules import references

CSV_COLUMNS = (
    "municipality",
    "municipality_org_number",
    "year",
    "licences_requiring_inspection",
    "venues_inspected",
    "venues_not_inspected",
    "inspections",
    "inspections_required",
    "inspections_missing",
    "event_inspections",
    "not_inspected",
)


def _venue(licence) -> str:
    name = licence.premises.name if licence.premises_id else licence.holder.name
    return f"{licence.number} {name}"


def _cell(value) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def coverage_csv(rows, year: int) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kontrolldekning-{year}.csv"'
    # A byte-order mark so spreadsheet programs read æ, ø and å as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                _cell(row.municipality.name),
                row.municipality.org_number,
                row.year,
                row.licence_count,
                row.inspected_count,
                len(row.not_inspected),
                row.inspections,
                row.required_inspections,
                row.inspections_missing,
                row.event_inspections,
                _cell("; ".join(_venue(licence) for licence in row.not_inspected)),
            ]
        )
    return response


@case_officer_required
def coverage(request: HttpRequest) -> HttpResponse:
    on = today()
    form = CoverageYearForm(
        request.GET if "year" in request.GET else None, initial={"year": on.year}, today=on
    )
    year = on.year
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["year"]
        elif request.GET.get("format") == "csv":
            message = " ".join(str(e) for e in form.errors.get("year", []))
            return HttpResponse(
                _("Invalid year: %(message)s") % {"message": message},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
    rows = selectors.coverage(officer_municipality_ids(request.user), year)
    if request.GET.get("format") == "csv":
        return coverage_csv(rows, year)
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "per_licence": selectors.INSPECTIONS_PER_LICENCE,
        "reference": references.cite(references.INSPECTION_FREQUENCY),
        "is_current_year": year == on.year,
        "today": on,
    }
    return render(request, "inspections/coverage.html", context)
