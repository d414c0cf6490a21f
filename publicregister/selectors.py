"""What the public register publishes, read from the register in a fixed number of queries.

Published: licences in force today (status active or suspended, today within the validity)
and, where ``Municipality.publish_sanctions`` is on, the *decided* point decisions and
suspensions decided in the last two years. Nothing undecided, no names of persons, no case
numbers, reasons or free text written by officers: only the columns listed here
(docs/public-register.md).

The result is a plain, language-independent snapshot (dicts of strings, numbers and
lists) so it can be cached as it is; labels are chosen per language when rendered.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inspections.models import (
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from licensing.models import Licence, LicenceStatus, Municipality
from licensing.rules.dates import minus_years

IN_FORCE = (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)
SANCTION_YEARS = 2

# The stable columns of the downloads, in order (docs/public-register.md).
LICENCE_COLUMNS = (
    "licence_number",
    "holder_name",
    "holder_org_number",
    "premises_name",
    "premises_address",
    "postal_code",
    "postal_place",
    "kind",
    "groups",
    "serving_groups_1_2_from",
    "serving_groups_1_2_until",
    "serving_group_3_from",
    "serving_group_3_until",
    "sales_weekdays_until",
    "sales_before_sundays_until",
    "valid_from",
    "valid_to",
)
POINT_COLUMNS = (
    "licence_number",
    "premises_name",
    "holder_name",
    "violation_code",
    "violation_name_nb",
    "violation_name_en",
    "violation_date",
    "decided_on",
    "points",
    "violation_name_nn",  # appended: the columns are stable
)
SUSPENSION_COLUMNS = (
    "licence_number",
    "premises_name",
    "holder_name",
    "decided_on",
    "starts_on",
    "ends_on",
    "days",
    "points",
)


def _time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def public_municipalities() -> list[Municipality]:
    return list(Municipality.objects.order_by("name"))


def licence_rows(municipality: Municipality, today: dt.date) -> list[dict]:
    """Licences in force on ``today``, one dict per licence with ``LICENCE_COLUMNS``. 1 query."""
    rows = (
        Licence.objects.filter(
            municipality=municipality,
            status__in=IN_FORCE,
            valid_from__lte=today,
            valid_to__gte=today,
        )
        .select_related("holder", "premises")
        .order_by("number", "pk")
    )
    result = []
    for lic in rows:
        premises = lic.premises
        result.append(
            {
                "licence_number": lic.number,
                "holder_name": lic.holder.name,
                "holder_org_number": lic.holder.org_number,
                "premises_name": premises.name if premises else "",
                "premises_address": premises.address_line if premises else "",
                "postal_code": premises.postal_code if premises else "",
                "postal_place": premises.postal_place if premises else "",
                "kind": lic.kind,
                "groups": lic.alcohol_groups,
                "serving_groups_1_2_from": _time(lic.group12_from),
                "serving_groups_1_2_until": _time(lic.group12_until),
                "serving_group_3_from": _time(lic.group3_from),
                "serving_group_3_until": _time(lic.group3_until),
                "sales_weekdays_until": _time(lic.sales_weekday_until),
                "sales_before_sundays_until": _time(lic.sales_saturday_until),
                "valid_from": _date(lic.valid_from),
                "valid_to": _date(lic.valid_to),
            }
        )
    return result


def sanctions_since(today: dt.date) -> dt.date:
    """The first decision date published: the day after ``today`` minus two years."""
    return minus_years(today, SANCTION_YEARS) + dt.timedelta(days=1)


def point_rows(municipality: Municipality, today: dt.date) -> list[dict]:
    """Decided point decisions decided in the last two years (newest first). 1 query."""
    rows = (
        PointDecision.objects.filter(
            licence__municipality=municipality,
            status=PointDecisionStatus.DECIDED,
            decided_on__gte=sanctions_since(today),
            decided_on__lte=today,
        )
        .select_related("licence__holder", "licence__premises", "violation")
        .order_by("-decided_on", "licence__number", "pk")
    )
    return [
        {
            "licence_number": pd.licence.number,
            "premises_name": pd.licence.premises.name if pd.licence.premises else "",
            "holder_name": pd.licence.holder.name,
            "violation_code": pd.violation.code,
            "violation_name_nb": pd.violation.name_nb,
            "violation_name_en": pd.violation.name_en,
            "violation_date": _date(pd.violation_on),
            "decided_on": _date(pd.decided_on),
            "points": pd.points,
            "violation_name_nn": pd.violation.name_nn or pd.violation.name_nb,
        }
        for pd in rows
    ]


def suspension_rows(municipality: Municipality, today: dt.date) -> list[dict]:
    """Decided suspensions decided in the last two years (newest first). 1 query."""
    rows = (
        Suspension.objects.filter(
            licence__municipality=municipality,
            status=SuspensionStatus.DECIDED,
            decided_on__gte=sanctions_since(today),
            decided_on__lte=today,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("-decided_on", "licence__number", "pk")
    )
    return [
        {
            "licence_number": s.licence.number,
            "premises_name": s.licence.premises.name if s.licence.premises else "",
            "holder_name": s.licence.holder.name,
            "decided_on": _date(s.decided_on),
            "starts_on": _date(s.starts_on),
            "ends_on": _date(s.ends_on),
            "days": s.days,
            "points": s.points,
        }
        for s in rows
    ]


def snapshot(municipality: Municipality, today: dt.date) -> dict:
    """Everything the municipality's public pages show, as of ``today``. 1-3 queries."""
    data = {
        "municipality": {"name": municipality.name, "org_number": municipality.org_number},
        "as_of": today.isoformat(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "licences": licence_rows(municipality, today),
        "sanctions_published": municipality.publish_sanctions,
        "point_decisions": [],
        "suspensions": [],
    }
    if municipality.publish_sanctions:
        data["sanctions_since"] = sanctions_since(today).isoformat()
        data["point_decisions"] = point_rows(municipality, today)
        data["suspensions"] = suspension_rows(municipality, today)
    return data
