"""The fee arithmetic (alkoholforskriften ch. 6): pure functions over frozen dataclasses.

No ORM, no clock: callers pass the rates, the policy, the volumes, the payments and the
date. Every amount shown on a page, printed in a letter or written to a file comes from
:func:`fee_outcome`, so they always agree.

- § 6-1: a yearly fee per sales and serving licence, on the expected volume (litres of
  product per alcohol group); single-occasion and catering licences pay per occasion.
- § 6-2: the fee is the sum over the groups of litres x the year's rate for the kind,
  computed exactly (Decimal) and rounded to whole kroner (half up), and at least the
  year's minimum for the kind. The minimum applies per year; the municipality may
  prorate it for a licence held part of the year (policy ``prorate_minimum``).
- § 6-3: after the year the actual volume gives the final fee; the difference from the
  fee charged is settled (positive: a further charge; negative: a credit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.utils.translation import gettext_lazy as _

GROUPS = (1, 2, 3)
ABSURD_LITRES = 10_000_000  # more than this for one licence asks for confirmation
# The kinds of fee (the key of a rates table) per licence kind.
YEARLY_KIND = {"sales": "sales", "serving": "serving", "serving_part_year": "serving"}
PER_OCCASION_KINDS = frozenset({"serving_single_occasion", "serving_catering"})

RECEIVED, LATE, MISSING, NOT_DUE = "received", "late", "missing", "not_due"
FEE_KIND_LABELS = {
    "sales": _("Sales"),
    "serving": _("Serving"),
    "serving_single_occasion": _("Single occasion"),
    "serving_catering": _("Catering"),
}


@dataclass(frozen=True)
class Rates:
    """One year's national rates (§ 6-2), kroner per litre per group and the minimums."""

    year: int
    sales: dict[int, Decimal]
    serving: dict[int, Decimal]
    sales_minimum: Decimal
    serving_minimum: Decimal
    per_occasion: dict[str, Decimal] = field(default_factory=dict)

    def per_litre(self, kind: str) -> dict[int, Decimal]:
        return self.sales if kind == "sales" else self.serving

    @cached_property
    def _ore(self) -> dict[str, tuple[tuple[int, int], ...] | None]:
        """The rates in whole øre per litre (None when a rate has more than two decimals),
        so that the exact sum is integer arithmetic."""
        result = {}
        for kind in ("sales", "serving"):
            pairs = []
            for group, rate in self.per_litre(kind).items():
                ore = rate * 100
                if ore != ore.to_integral_value():
                    pairs = None
                    break
                pairs.append((group, int(ore)))
            result[kind] = tuple(pairs) if pairs is not None else None
        return result

    def minimum(self, kind: str) -> Decimal:
        return self.sales_minimum if kind == "sales" else self.serving_minimum


@dataclass(frozen=True)
class Policy:
    """A municipality's deadlines and choices (dated data, ``fees.models.FeePolicy``)."""

    expected_due: tuple[int, int] = (1, 31)  # (month, day) in the fee year
    payment_due: tuple[tuple[int, int], ...] = ((4, 1), (10, 1))  # instalments, fee year
    actual_due: tuple[int, int] = (3, 1)  # in the year after the fee year
    settlement_days: int = 30  # settlement due this many days after the actual deadline
    reminder_days: int = 14  # reminder this many days after a missed deadline
    prorate_minimum: bool = False


def round_kroner(amount: Decimal) -> Decimal:
    """Whole kroner, half up (0.5 -> 1): the rounding of the fee (§ 6-2)."""
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def days_in_year(year: int) -> int:
    return (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1


def held_days(year: int, start: dt.date, end: dt.date | None) -> int:
    """Days of ``year`` the licence was held (from ``start`` through ``end``, inclusive)."""
    first = max(start, dt.date(year, 1, 1))
    last = min(end or dt.date(year, 12, 31), dt.date(year, 12, 31))
    return max(0, (last - first).days + 1)


def minimum_fee(rates: Rates, kind: str, *, days: int, year: int, prorate: bool) -> Decimal:
    """The year's minimum for the kind; for a part year prorated by days held when the
    municipality has chosen to (domain: the minimum applies per year unless prorated)."""
    minimum = rates.minimum(kind)
    if not prorate or days >= days_in_year(year):
        return round_kroner(minimum)
    return round_kroner(minimum * days / days_in_year(year))


def volume_fee(
    rates: Rates, kind: str, litres: dict[int, int], *, days: int, prorate: bool
) -> Decimal:
    """The yearly fee for ``litres`` (§ 6-2): sum of litres x rate, rounded half up to
    whole kroner, at least the (possibly prorated) minimum. Litres are those sold (or
    expected) while the licence was held, so only the minimum depends on the days."""
    ore = rates._ore[kind]  # noqa: SLF001
    if ore is not None:
        # Exact in øre; half up to whole kroner (litres and øre are never negative).
        total = sum(litres.get(g, 0) * rate for g, rate in ore)
        variable = Decimal((total + 50) // 100)
    else:
        per_litre = rates.per_litre(kind)
        exact = sum(
            (Decimal(litres.get(g, 0) or 0) * per_litre.get(g, Decimal(0)) for g in GROUPS),
            Decimal(0),
        )
        variable = round_kroner(exact)
    return max(variable, minimum_fee(rates, kind, days=days, year=rates.year, prorate=prorate))


def due_date(year: int, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    if month == 2 and day == 29 and days_in_year(year) == 365:
        day = 28
    return dt.date(year, month, day)


def actual_deadline(year: int, policy: Policy) -> dt.date:
    """The deadline of the actual-volume report (omsetningsoppgave) for ``year``."""
    return due_date(year + 1, policy.actual_due)


def reminder_due_on(year: int, policy: Policy) -> dt.date:
    """The day from which a missing sales report for ``year`` is reminded: the policy's
    ``reminder_days`` after the deadline."""
    return actual_deadline(year, policy) + dt.timedelta(days=policy.reminder_days)


def settlement_due_on(year: int, policy: Policy) -> dt.date:
    return actual_deadline(year, policy) + dt.timedelta(days=policy.settlement_days)


def report_state(received_on: dt.date | None, deadline: dt.date, today: dt.date) -> str:
    """received (by the deadline), late (after it), missing (deadline passed, none) or
    not_due (deadline not yet passed), as in format fee-statement/1."""
    if received_on is not None:
        return RECEIVED if received_on <= deadline else LATE
    return MISSING if today > deadline else NOT_DUE


def instalments(total: Decimal, count: int) -> list[Decimal]:
    """``total`` split into ``count`` whole-kroner instalments; the last takes the rest."""
    if count <= 1:
        return [total]
    part = (total / count).quantize(Decimal("1"), rounding="ROUND_DOWN")
    return [part] * (count - 1) + [total - part * (count - 1)]


@dataclass(frozen=True)
class FeeFacts:
    """What the arithmetic needs about one licence and year."""

    licence_kind: str
    year: int
    valid_from: dt.date
    ended_on: dt.date | None  # the last day held, if it ends in or before the year
    expected: dict[int, int] | None = None
    actual: dict[int, int] | None = None
    actual_received_on: dt.date | None = None
    estimate: dict[int, int] | None = None
    paid: Decimal = Decimal(0)


@dataclass(frozen=True)
class FeeOutcome:
    kind: str  # sales | serving | serving_single_occasion | serving_catering
    days: int
    charged: Decimal | None
    final_fee: Decimal | None
    estimated: bool
    settlement: Decimal | None
    actual_report: str
    actual_deadline: dt.date | None
    paid: Decimal
    due_now: Decimal  # what should have been paid by today
    balance: Decimal  # total owed (final fee, or charged) minus paid; negative = credit
    unpaid: bool  # paid less than what was due by today
    credit_due: bool
    instalments: tuple[tuple[dt.date, Decimal], ...] = ()
    settlement_due_on: dt.date | None = None
    reminder_due_on: dt.date | None = None  # from this day a missing report is reminded
    reminder_due: bool = False  # missing, not estimated, and the reminder day has come

    @property
    def is_open(self) -> bool:
        """Something is still owed or awaited: money either way, or the sales report
        (before or after its deadline) while no estimate sets the volume."""
        if self.unpaid or self.credit_due or self.balance > 0:
            return True
        return (
            self.actual_deadline is not None
            and self.actual_report in (MISSING, NOT_DUE)
            and not self.estimated
        )

    @property
    def kind_label(self) -> str:
        return str(FEE_KIND_LABELS[self.kind])

    @property
    def total(self) -> Decimal | None:
        return self.final_fee if self.final_fee is not None else self.charged


def fee_outcome(facts: FeeFacts, rates: Rates | None, policy: Policy, today: dt.date) -> FeeOutcome:
    """The fee charged, the final fee, the settlement and the payment state of one licence
    and year (§§ 6-1 to 6-3). ``rates`` None: no rates loaded for the year (nothing computed)."""
    year = facts.year
    if facts.licence_kind in PER_OCCASION_KINDS:
        # Per occasion, at the grant: no volume, no report, no settlement.
        amount = rates.per_occasion.get(facts.licence_kind) if rates else None
        amount = round_kroner(amount) if amount is not None else None
        paid = facts.paid
        return FeeOutcome(
            kind=facts.licence_kind,
            days=0,
            charged=amount,
            final_fee=amount,
            estimated=False,
            settlement=Decimal(0) if amount is not None else None,
            actual_report=NOT_DUE,
            actual_deadline=None,
            paid=paid,
            due_now=amount or Decimal(0),
            balance=(amount or Decimal(0)) - paid,
            unpaid=amount is not None and paid < amount,
            credit_due=amount is not None and paid > amount,
        )
    kind = YEARLY_KIND[facts.licence_kind]
    days = held_days(year, facts.valid_from, facts.ended_on)
    prorate = policy.prorate_minimum

    def fee(litres):
        if litres is None or rates is None:
            return None
        return volume_fee(rates, kind, litres, days=days, prorate=prorate)

    charged = fee(facts.expected)
    deadline = actual_deadline(year, policy)
    state = report_state(facts.actual_received_on if facts.actual else None, deadline, today)
    if facts.actual is not None:
        final, estimated = fee(facts.actual), False
    elif facts.estimate is not None:
        final, estimated = fee(facts.estimate), True
    else:
        final, estimated = None, False
    settlement = final - charged if final is not None and charged is not None else None
    if settlement is None and final is not None and charged is None:
        settlement = final  # nothing was charged: the whole final fee is due
    plan: list[tuple[dt.date, Decimal]] = []
    if charged is not None:
        dates = [due_date(year, md) for md in policy.payment_due] or [dt.date(year, 12, 31)]
        plan = list(zip(dates, instalments(charged, len(dates)), strict=True))
    settle_on = settlement_due_on(year, policy)
    due_now = sum((amount for on, amount in plan if on < today), Decimal(0))
    if settlement is not None and settle_on < today:
        due_now = max(Decimal(0), due_now + settlement)
    total = final if final is not None else charged
    paid = facts.paid
    return FeeOutcome(
        kind=kind,
        days=days,
        charged=charged,
        final_fee=final,
        estimated=estimated,
        settlement=settlement,
        actual_report=state,
        actual_deadline=deadline,
        paid=paid,
        due_now=due_now,
        balance=(total or Decimal(0)) - paid,
        unpaid=paid < due_now,
        credit_due=final is not None and paid > final,
        instalments=tuple(plan),
        settlement_due_on=settle_on if settlement is not None else None,
        reminder_due_on=reminder_due_on(year, policy),
        reminder_due=state == MISSING and not estimated and today >= reminder_due_on(year, policy),
    )
