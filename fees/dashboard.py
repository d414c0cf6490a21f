"""Dashboard sections of the fees app: sales reports missing after the deadline and fees
unpaid after their due date (alkoholforskriften ch. 6). Each runs the 8 queries of
``selectors.fee_rows`` for last year and this year."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from licensing import dashboard
from licensing.dashboard import Item, Section

from . import rules, selectors

SAMPLE = 10


def _rows(municipality_ids, today):
    rows = selectors.fee_rows(
        municipality_ids=municipality_ids, years=[today.year - 1, today.year], today=today
    )
    # The fee cycle starts with the first year whose rates are loaded.
    return [row for row in rows if row.rates_known]


def _url(row) -> str:
    return reverse("fees:licence", args=[row.licence_id, row.year])


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def missing_reports(municipality_ids: list[int], today: dt.date) -> Section:
    rows = [
        r
        for r in _rows(municipality_ids, today)
        if r.outcome.actual_report == rules.MISSING and not r.outcome.estimated
    ]
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
        for row in rows[:SAMPLE]
    ]
    return Section(
        key="fees-missing-reports",
        title=_("Sales reports missing after the deadline"),
        items=items,
        total=len(rows),
        empty_text=_("No sales report is missing after its deadline."),
        more_url=reverse("fees:overview") + f"?year={today.year - 1}&filter=missing",
        urgency=dashboard.TODAY,
    )


def unpaid_fees(municipality_ids: list[int], today: dt.date) -> Section:
    rows = [r for r in _rows(municipality_ids, today) if r.outcome.unpaid]
    items = [
        Item(
            label=f"{row.label} – {row.year}",
            url=_url(row),
            detail=_("%(due)s kr was due by today; %(paid)s kr is paid (reference %(ref)s).")
            % {"due": row.outcome.due_now, "paid": row.outcome.paid, "ref": row.reference},
            badge=_("unpaid"),
            badge_kind="bad",
        )
        for row in rows[:SAMPLE]
    ]
    return Section(
        key="fees-unpaid",
        title=_("Licence fees unpaid after the due date"),
        items=items,
        total=len(rows),
        empty_text=_("Every fee due is paid."),
        more_url=reverse("fees:overview") + f"?year={today.year}&filter=unpaid",
        urgency=dashboard.TODAY,
    )


PROVIDERS = [(missing_reports, 70), (unpaid_fees, 71)]
