"""The fees app's items in the weekly officer digest (``licensing.reminders.digest``):
fees unpaid after their due date and sales reports missing after their deadline
(alkoholforskriften ch. 6), for last year and this year. They go to the officer of the fee
year's case when it has one, otherwise to every officer of the municipality
(``responsible_officers``). The rows of ``selectors.fee_rows``: 8 queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from licensing.formatting import short_date
from licensing.reminders.digest import DigestItem

from . import rules, selectors


def overdue_fee_items(municipality_ids: list[int], today: dt.date) -> list[DigestItem]:
    rows = [
        row
        for row in selectors.fee_rows(
            municipality_ids=municipality_ids, years=[today.year - 1, today.year], today=today
        )
        if row.rates_known
    ]
    unpaid_title = _("Licence fees unpaid after the due date")
    missing_title = _("Sales reports missing after the deadline")
    items = []
    for row in rows:
        url = reverse("fees:licence", args=[row.licence_id, row.year])
        common = {
            "municipality_id": row.municipality_id,
            "url": url,
            "case_id": row.case_id,
            "officer_id": row.case_officer_id,
        }
        outcome = row.outcome
        if outcome.unpaid:
            due_dates = [on for on, _amount in outcome.instalments if on < today]
            if outcome.settlement_due_on and outcome.settlement_due_on < today:
                due_dates.append(outcome.settlement_due_on)
            items.append(
                DigestItem(
                    section=unpaid_title,
                    label=f"{row.label} – {row.year}",
                    detail=_(
                        "%(due)s kr was due by today; %(paid)s kr is paid (reference %(ref)s)."
                    )
                    % {"due": outcome.due_now, "paid": outcome.paid, "ref": row.reference},
                    due_on=min(due_dates) if due_dates else today,
                    order=50,
                    **common,
                )
            )
        if outcome.actual_report == rules.MISSING and not outcome.estimated:
            items.append(
                DigestItem(
                    section=missing_title,
                    label=f"{row.label} – {row.year}",
                    detail=_("The sales report was due on %(date)s.")
                    % {"date": short_date(outcome.actual_deadline)},
                    due_on=outcome.actual_deadline,
                    order=51,
                    **common,
                )
            )
    return items
