"""Dashboard sections of the fees app: sales reports missing after the deadline and fees
unpaid after their due date (alkoholforskriften ch. 6), for last year and this year. The
database finds the fee years (``worklist``); ``selectors.fee_rows`` computes the ten shown
(docs/adr/0214)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from licensing import dashboard
from licensing.dashboard import Item, Section
from licensing.models import Case

from . import rules, selectors, worklist
from .models import FeeYear

SAMPLE = 10
# "My fee years" passes its licences to ``fee_rows`` as a list up to this many.
MAX_LISTED = 2000


def _years(today: dt.date) -> list[int]:
    return [today.year - 1, today.year]


def _rates_and_policies(municipality_ids, today):
    """The rates of the dashboard's years and the policies by (municipality, year), read
    once per dashboard for the worklist and every ``fee_rows`` of the sections and "my fee
    years" (docs/adr/0232). 2 queries."""
    key = ("fees.dashboard_rates", tuple(sorted(municipality_ids)), today)
    return dashboard.shared(
        key,
        lambda: (
            selectors.rates_for(_years(today)),
            selectors.policies_by_year(municipality_ids, _years(today)),
        ),
    )


def _found(municipality_ids, today):
    """The fee years of both sections, found by the database (``worklist``), and the
    ``fee_rows`` of the first ``SAMPLE`` of each, computed once per dashboard
    (``licensing.dashboard.shared``): the rule runs for the licence-years shown only
    (docs/adr/0214). 10 queries (with ``_rates_and_policies``)."""
    key = ("fees.dashboard_found", tuple(sorted(municipality_ids)), today)

    def compute():
        rates, policies = _rates_and_policies(municipality_ids, today)
        keys = worklist.dashboard_keys(municipality_ids, _years(today), today, rates, policies)
        shown = {name: found[:SAMPLE] for name, found in keys.items()}
        licence_ids = sorted({pk for found in shown.values() for pk, _year in found})
        rows = selectors.fee_rows(
            municipality_ids=municipality_ids,
            years=_years(today),
            today=today,
            licence_ids=licence_ids,
            rates=rates,
            policies=policies,
        )
        by_key = {(row.licence_id, row.year): row for row in rows}
        return {
            name: (len(keys[name]), [by_key[key] for key in found]) for name, found in shown.items()
        }

    return dashboard.shared(key, compute)


def _url(row) -> str:
    return reverse("fees:licence", args=[row.licence_id, row.year])


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def missing_reports(municipality_ids: list[int], today: dt.date) -> Section:
    """Fee years whose sales report is missing after the deadline and not set by estimate:
    found by the database (``worklist``), the first ``SAMPLE`` computed (``_found``)."""
    total, rows = _found(municipality_ids, today)["missing"]
    items = [
        Item(
            label=row.label,
            url=_url(row),
            detail=_(
                "The sales report for %(year)s was due on %(date)s (alkoholforskriften § 6-3). "
                "Remind, set the volume by estimate, or propose points for the late report."
            )
            % {"year": row.year, "date": _date(row.outcome.actual_deadline)},
            badge=_("missing"),
            badge_kind="bad",
        )
        for row in rows
    ]
    return Section(
        key="fees-missing-reports",
        title=_("Sales reports missing after the deadline"),
        items=items,
        total=total,
        empty_text=_("No sales report is missing after its deadline."),
        more_url=reverse("fees:overview") + f"?year={today.year - 1}&filter=missing",
        urgency=dashboard.TODAY,
    )


def unpaid_fees(municipality_ids: list[int], today: dt.date) -> Section:
    """Fee years with less paid than due by today: found by the database (``worklist``),
    the first ``SAMPLE`` computed (``_found``)."""
    total, rows = _found(municipality_ids, today)["unpaid"]
    items = [
        Item(
            label=f"{row.label} – {row.year}",
            url=_url(row),
            detail=_("%(due)s kr was due by today; %(paid)s kr is paid (reference %(ref)s).")
            % {"due": row.outcome.due_now, "paid": row.outcome.paid, "ref": row.reference},
            badge=_("unpaid"),
            badge_kind="bad",
        )
        for row in rows
    ]
    return Section(
        key="fees-unpaid",
        title=_("Licence fees unpaid after the due date"),
        items=items,
        total=total,
        empty_text=_("Every fee due is paid."),
        more_url=reverse("fees:overview") + f"?year={today.year}&filter=unpaid",
        urgency=dashboard.TODAY,
    )


def my_fee_years(user, municipality_ids: list[int], today: dt.date) -> Section:
    """Open fee years (``FeeOutcome.is_open``) whose case is assigned to the user: the
    ``fee_rows`` of the licences with a fee year of last year or this year assigned to the
    user (docs/adr/0214). The officer's cases and their licences are read first (2
    queries), then their ``fee_rows`` (6 queries with the dashboard's rates and policies;
    none without such licences): as a subquery, SQLite read every fee year of the
    municipality for each of ``fee_rows``'s queries (docs/adr/0232)."""
    user_id = getattr(user, "pk", None)
    # The officer's cases first, then their fee years: SQLite otherwise scanned every fee
    # year of the municipality, joining its case, when most fee years have no case yet.
    cases = Case.objects.filter(assigned_to_id=user_id).values_list("pk", flat=True)
    case_ids = list(cases[: MAX_LISTED + 1]) if user_id is not None else []
    assigned = sorted(
        set(
            FeeYear.objects.filter(
                licence__municipality_id__in=municipality_ids,
                year__in=_years(today),
                case_id__in=case_ids if len(case_ids) <= MAX_LISTED else cases,
            ).values_list("licence_id", flat=True)
        )
    )
    if len(assigned) > MAX_LISTED:
        # Too many for a list of parameters: a subquery (slower, the same licences).
        assigned = FeeYear.objects.filter(
            licence__municipality_id__in=municipality_ids,
            year__in=_years(today),
            case__assigned_to_id=user_id,
        ).values("licence_id")
    found = []
    if assigned:
        rates, policies = _rates_and_policies(municipality_ids, today)
        found = selectors.fee_rows(
            municipality_ids=municipality_ids,
            years=_years(today),
            today=today,
            licence_ids=assigned,
            rates=rates,
            policies=policies,
        )
    rows = [
        r
        for r in found
        if r.rates_known
        and r.case_officer_id is not None
        and r.case_officer_id == user_id
        and r.outcome.is_open
    ]
    items = []
    for row in rows[:SAMPLE]:
        if row.outcome.unpaid:
            badge, kind = _("unpaid"), "bad"
        elif row.outcome.actual_report == rules.MISSING and not row.outcome.estimated:
            badge, kind = _("missing"), "bad"
        else:
            badge, kind = _("open"), "neutral"
        items.append(
            Item(
                label=f"{row.label} – {row.year}",
                url=_url(row),
                detail=_("Balance %(balance)s kr (reference %(ref)s).")
                % {"balance": row.outcome.balance, "ref": row.reference},
                badge=str(badge),
                badge_kind=kind,
            )
        )
    return Section(
        key="my-fee-years",
        title=_("My fee years"),
        items=items,
        total=len(rows),
        empty_text=_("No open fee year is assigned to you."),
    )


PROVIDERS = [(missing_reports, 70), (unpaid_fees, 71)]
MINE_PROVIDERS = [(my_fee_years, 40)]
