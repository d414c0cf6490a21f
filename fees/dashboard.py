"""Dashboard sections of the fees app: sales reports missing after the deadline and fees
unpaid after their due date (alkoholforskriften ch. 6). Both read the rows of
``selectors.fee_rows`` for last year and this year: its 8 queries once per dashboard."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from licensing import dashboard
from licensing.dashboard import Item, Section

from . import rules, selectors

SAMPLE = 10


def _rows(municipality_ids, today):
    """The fee rows of last year and this year, computed once for both sections of one
    dashboard (``licensing.dashboard.shared``, docs/adr/0124)."""
    key = ("fees.dashboard_rows", tuple(sorted(municipality_ids)), today)

    def compute():
        rows = selectors.fee_rows(
            municipality_ids=municipality_ids, years=[today.year - 1, today.year], today=today
        )
        # The fee cycle starts with the first year whose rates are loaded.
        return [row for row in rows if row.rates_known]

    return dashboard.shared(key, compute)


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


def my_fee_years(user, municipality_ids: list[int], today: dt.date) -> Section:
    """Open fee years (``FeeOutcome.is_open``) whose case is assigned to the user: read from
    the same fee rows as the sections above, no query of its own."""
    user_id = getattr(user, "pk", None)
    rows = [
        r
        for r in _rows(municipality_ids, today)
        if r.case_officer_id is not None and r.case_officer_id == user_id and r.outcome.is_open
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
