"""The regional overview: what is coming up across the municipalities a coordinator (or an
officer) is given. Counts and dates only, no case details. A fixed number of queries.

Deadlines:
- the end of the licence period (alkoholloven § 1-6): every licence ends then unless renewed;
- licences whose validity ends within ``HORIZON_DAYS`` (a renewal or a new application is
  needed before then), counted per municipality and end date;
- hearing replies due within ``HORIZON_DAYS`` and replies overdue (deadline passed, no reply,
  application still open), counted per municipality;
- the fee and sales-report deadlines of each municipality's fee policy (alkoholforskriften
  ch. 6; ``fees.models.FeePolicy``, the policy of the fee year as the fees app chooses it):
  the expected volume, each payment instalment, the sales report (actual volume) for the
  year before and its settlement.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from fees import rules as fee_rules
from fees.models import FeePolicy
from fees.selectors import policy_for_year
from licensing.models import (
    ApplicationStatus,
    Hearing,
    Licence,
    LicenceStatus,
    Municipality,
)
from licensing.rules.dates import licence_period_end
from seminars.models import SeminarSession
from seminars.selectors import with_seats

HORIZON_DAYS = 90
CALENDAR_DAYS = 365
OPEN_APPLICATION = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.HEARING,
    ApplicationStatus.ASSESSMENT,
)
IN_FORCE = (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)


FEE_KINDS = ("fee_expected", "fee_payment", "fee_actual", "fee_settlement")


@dataclass
class Deadline:
    day: dt.date
    municipality: Municipality
    kind: str  # "licence_end" | "hearing_reply" | one of FEE_KINDS
    count: int | None = None  # licences or hearing replies; None for the fee deadlines
    fee_year: int | None = None  # the fee year a fee deadline belongs to
    instalment: tuple[int, int] | None = None  # (n, of) for a payment instalment

    @property
    def is_fee(self) -> bool:
        return self.kind in FEE_KINDS

    @property
    def fee_label(self) -> str:
        """What is due, in words (fee deadlines only)."""
        year = self.fee_year
        if self.kind == "fee_expected":
            return _("Expected volume for %(year)s due (licence fee)") % {"year": year}
        if self.kind == "fee_payment":
            n, of = self.instalment or (1, 1)
            if of == 1:
                return _("Licence fee for %(year)s due") % {"year": year}
            return _("Licence fee for %(year)s due, instalment %(n)s of %(of)s") % {
                "year": year, "n": n, "of": of,
            }  # fmt: skip
        if self.kind == "fee_actual":
            return _("Sales report (actual volume) for %(year)s due") % {"year": year}
        return _("Settlement of the licence fee for %(year)s due") % {"year": year}


@dataclass
class MunicipalityRow:
    municipality: Municipality
    licences_in_force: int = 0
    licences_ending_soon: int = 0
    licences_ending_at_period_end: int = 0
    hearings_overdue: int = 0
    hearings_due_soon: int = 0
    fee_deadlines: list[Deadline] = field(default_factory=list)  # within the horizon


@dataclass
class Overview:
    today: dt.date
    period_end: dt.date
    rows: list[MunicipalityRow] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    sessions: list = field(default_factory=list)


def overview(municipalities: list[Municipality], today: dt.date, *,
             horizon_days: int = HORIZON_DAYS) -> Overview:  # fmt: skip
    """Six queries whatever the number of records."""
    ids = [m.pk for m in municipalities]
    by_id = {m.pk: m for m in municipalities}
    period_end = licence_period_end(today)
    horizon = today + dt.timedelta(days=horizon_days)
    result = Overview(today=today, period_end=period_end)
    rows = {m.pk: MunicipalityRow(m) for m in municipalities}

    licences = Licence.objects.filter(
        municipality__in=ids, status__in=IN_FORCE, valid_from__lte=horizon, valid_to__gte=today
    ).values_list("municipality_id", "valid_to", "valid_from")
    ending: Counter[tuple[dt.date, int]] = Counter()
    for municipality_id, valid_to, valid_from in licences:
        row = rows[municipality_id]
        if valid_from <= today:
            row.licences_in_force += 1
        if valid_to == period_end:
            row.licences_ending_at_period_end += 1
        if valid_to <= horizon:
            row.licences_ending_soon += 1
            ending[(valid_to, municipality_id)] += 1
    result.deadlines += [
        Deadline(day, by_id[mid], "licence_end", n) for (day, mid), n in ending.items()
    ]

    open_hearings = Hearing.objects.filter(
        application__municipality__in=ids,
        application__status__in=OPEN_APPLICATION,
        replied_on__isnull=True,
    )
    for row in (
        open_hearings.filter(deadline_on__lt=today)
        .values("application__municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[row["application__municipality_id"]].hearings_overdue = row["n"]
    due = (
        open_hearings.filter(deadline_on__gte=today, deadline_on__lte=horizon)
        .values("application__municipality_id", "deadline_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in due:
        mid = row["application__municipality_id"]
        rows[mid].hearings_due_soon += row["n"]
        result.deadlines.append(Deadline(row["deadline_on"], by_id[mid], "hearing_reply", row["n"]))

    for deadline in fee_deadlines(municipalities, today, horizon):
        rows[deadline.municipality.pk].fee_deadlines.append(deadline)
        result.deadlines.append(deadline)

    result.deadlines.sort(key=lambda d: (d.day, d.municipality.name, d.kind))
    result.rows = [rows[m.pk] for m in municipalities]
    result.sessions = list(
        with_seats(
            SeminarSession.objects.filter(
                municipality__in=ids, cancelled=False, ends_at__gte=timezone.now()
            )
        )
        .select_related("municipality")
        .order_by("starts_at", "pk")
    )
    return result


def fee_deadlines(
    municipalities: list[Municipality], today: dt.date, horizon: dt.date
) -> list[Deadline]:
    """The fee and sales-report deadlines from ``today`` through ``horizon`` of each
    municipality's fee policy (one query): the dates ``fees.rules`` computes for a fee year
    with the policy that applies to that year (``fees.selectors.policy_for_year``)."""
    policies: dict[int, list[FeePolicy]] = defaultdict(list)
    for policy in FeePolicy.objects.filter(municipality__in=[m.pk for m in municipalities]):
        policies[policy.municipality_id].append(policy)
    result = []
    for municipality in municipalities:
        for year in range(today.year - 1, horizon.year + 1):
            policy = policy_for_year(policies[municipality.pk], year)
            dates = [(fee_rules.due_date(year, policy.expected_due), "fee_expected", None)]
            count = len(policy.payment_due)
            dates += [
                (fee_rules.due_date(year, md), "fee_payment", (n, count))
                for n, md in enumerate(policy.payment_due, start=1)
            ]
            dates += [
                (fee_rules.actual_deadline(year, policy), "fee_actual", None),
                (fee_rules.settlement_due_on(year, policy), "fee_settlement", None),
            ]
            result += [
                Deadline(day, municipality, kind, fee_year=year, instalment=instalment)
                for day, kind, instalment in dates
                if today <= day <= horizon
            ]
    result.sort(key=lambda d: (d.day, d.kind))
    return result


def calendar_deadlines(municipalities: list[Municipality], today: dt.date) -> Overview:
    """The same, a year ahead: what the calendar feed publishes."""
    return overview(municipalities, today, horizon_days=CALENDAR_DAYS)
