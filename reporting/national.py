"""National reporting: the yearly figures a municipality reports to the national
authorities on licences, inspections and sanctions, one row per municipality and year.
Each column is defined in docs/annual-report.md (section "National reporting"); the
columns are stable (append only)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from .figures import year_figures

COLUMNS = (
    "municipality_org_number",
    "municipality_name",
    "year",
    "reference_date",
    "sales_licences",
    "serving_licences",
    "serving_part_year_licences",
    "single_occasion_licences_granted",
    "catering_licences",
    "licences_new",
    "licences_ended",
    "licences_transferred",
    "serving_licences_group_3",
    "inspections",
    "inspections_required",
    "event_inspections",
    "venues_inspected",
    "venues_not_inspected",
    "point_decisions",
    "points",
    "suspensions",
    "suspension_days",
)


def rows(municipalities, year: int, today: dt.date) -> list[dict]:
    """One row per municipality (each computed on its own, never summed)."""
    result = []
    for municipality in municipalities:
        f = year_figures([municipality.pk], year, today)
        result.append(
            {
                "municipality_org_number": municipality.org_number,
                "municipality_name": municipality.name,
                "year": year,
                "reference_date": f.reference_date.isoformat(),
                "sales_licences": f.kinds["sales"].in_force,
                "serving_licences": f.kinds["serving"].in_force,
                "serving_part_year_licences": f.kinds["serving_part_year"].in_force,
                "single_occasion_licences_granted": f.kinds["serving_single_occasion"].new,
                "catering_licences": f.kinds["serving_catering"].in_force,
                "licences_new": f.licences_new,
                "licences_ended": f.licences_ended,
                "licences_transferred": f.licences_transferred,
                "serving_licences_group_3": f.serving_group_3_in_force,
                "inspections": f.inspections,
                "inspections_required": f.inspections_required,
                "event_inspections": f.event_inspections,
                "venues_inspected": f.venues_inspected,
                "venues_not_inspected": f.venues_not_inspected_count,
                "point_decisions": f.point_decisions,
                "points": f.points,
                "suspensions": f.suspensions,
                "suspension_days": f.suspension_days,
            }
        )
    return result


def csv_text(data: list[dict]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()
