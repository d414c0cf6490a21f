"""Reads of the fees app. :func:`fee_rows` is the one place that turns the database into
:class:`rules.FeeFacts` and calls :func:`rules.fee_outcome`: the statement command, the
officer pages, the licence panel, the holder's page, the API and the letters all use it.
It runs a fixed number of queries (8) however many licences and years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, Sum

from licensing.models import Licence, LicenceStatus, LicenceStatusChange, Municipality

from . import rules
from .models import (
    FeeEstimate,
    FeeNotice,
    FeePayment,
    FeePolicy,
    FeeRateYear,
    FeeYear,
    NoticeChannel,
    NoticeKind,
    SalesReport,
)

ENDED = (LicenceStatus.REVOKED, LicenceStatus.EXPIRED, LicenceStatus.CEASED)
YEARLY_KINDS = tuple(rules.YEARLY_KIND)
DEFAULT_POLICY = rules.Policy()


@dataclass(frozen=True)
class FeeRow:
    municipality_id: int
    licence_id: int
    licence_number: str
    licence_kind: str
    holder_name: str
    premises_name: str
    groups: tuple[int, ...]
    year: int
    fee_year_id: int | None
    reference: str
    expected: dict[int, int] | None
    expected_received_on: dt.date | None
    actual: dict[int, int] | None
    actual_received_on: dt.date | None
    estimate: dict[int, int] | None
    rates_known: bool
    outcome: rules.FeeOutcome
    #: The fee year's case (opened with its first letter) and its case officer, if any.
    case_id: int | None = None
    case_officer_id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.premises_name or self.holder_name} ({self.licence_number})"


def rates_for(years) -> dict[int, rules.Rates]:
    return {r.year: r.as_rules() for r in FeeRateYear.objects.filter(year__in=list(years))}


def policy_for_year(policies: list[FeePolicy], year: int) -> rules.Policy:
    """The policy in force on 1 January of ``year`` (the latest ``valid_from`` on or before
    it; the earliest one when none is that old), else the defaults."""
    start = dt.date(year, 1, 1)
    dated = sorted(policies, key=lambda p: p.valid_from)
    chosen = None
    for policy in dated:
        if policy.valid_from <= start:
            chosen = policy
    if chosen is None and dated:
        chosen = dated[0]
    return chosen.as_rules() if chosen else DEFAULT_POLICY


def policies_by_year(
    municipality_ids: list[int], years: list[int]
) -> dict[tuple[int, int], rules.Policy]:
    """The fee policy of each municipality and year (``policy_for_year``). One query."""
    policies: dict[int, list[FeePolicy]] = defaultdict(list)
    for policy in FeePolicy.objects.filter(municipality_id__in=municipality_ids):
        policies[policy.municipality_id].append(policy)
    return {
        (mid, year): policy_for_year(policies[mid], year)
        for mid in municipality_ids
        for year in years
    }


def municipality_policy(municipality_id: int, year: int) -> rules.Policy:
    return policy_for_year(list(FeePolicy.objects.filter(municipality_id=municipality_id)), year)


def _held_filter(years: list[int]) -> Q:
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    return Q(kind__in=YEARLY_KINDS, valid_from__lte=last, valid_to__gte=first) | Q(
        kind__in=rules.PER_OCCASION_KINDS, granted_on__gte=first, granted_on__lte=last
    )


def fee_rows(
    *,
    municipality_ids: list[int],
    years: list[int],
    today: dt.date,
    licence_id: int | None = None,
    licence_ids: list[int] | None = None,
    rates: dict[int, rules.Rates] | None = None,
    policies: dict[tuple[int, int], rules.Policy] | None = None,
) -> list[FeeRow]:
    """One row per licence held in each of ``years`` (sales and serving licences whose
    validity overlaps the year; single-occasion and catering licences granted in it), in
    licence-number order then year. 8 queries; 6 when the caller has already read the
    ``rates`` of ``years`` (``rates_for``) and the ``policies`` by (municipality, year)
    (``policy_for_year``), as the dashboard has (docs/adr/0232)."""
    licences = Licence.objects.filter(Q(municipality_id__in=municipality_ids) & _held_filter(years))
    if licence_id is not None:
        licences = licences.filter(pk=licence_id)
    if licence_ids is not None:
        licences = licences.filter(pk__in=licence_ids)
    columns = (
        "municipality_id", "pk", "number", "kind", "holder__name", "premises__name", "group_1", "group_2",
        "group_3", "valid_from", "valid_to", "granted_on", "status",
    )  # fmt: skip
    licence_list = list(licences.order_by("number", "pk").values_list(*columns))
    scope = {"licence__municipality_id__in": municipality_ids}
    if licence_id is not None:
        scope = {"licence_id": licence_id}
    elif licence_ids is not None:
        # Only these licences' years, reports and payments (docs/adr/0214).
        scope = {"licence__municipality_id__in": municipality_ids, "licence_id__in": licence_ids}
    ended = dict(
        LicenceStatusChange.objects.filter(**scope, to_status__in=ENDED)
        .values("licence_id")
        .annotate(last=Max("changed_on"))
        .values_list("licence_id", "last")
    )
    year_scope = {f"fee_year__{k}": v for k, v in scope.items()}
    fee_years = {
        (lid, year): (pk, ref, case_id, officer_id)
        for pk, lid, year, ref, case_id, officer_id in FeeYear.objects.filter(
            **scope, year__in=years
        ).values_list("pk", "licence_id", "year", "reference", "case_id", "case__assigned_to_id")
    }
    reports: dict[tuple[int, int, str], tuple] = {}
    for lid, year, kind, l1, l2, l3, received in SalesReport.objects.filter(
        **year_scope, fee_year__year__in=years
    ).values_list(
        "fee_year__licence_id", "fee_year__year", "kind", "litres_1", "litres_2", "litres_3",
        "received_on",
    ):  # fmt: skip
        reports[(lid, year, kind)] = ({1: l1, 2: l2, 3: l3}, received)
    estimates = {
        (lid, year): {1: l1, 2: l2, 3: l3}
        for lid, year, l1, l2, l3 in FeeEstimate.objects.filter(
            **year_scope, fee_year__year__in=years
        ).values_list("fee_year__licence_id", "fee_year__year", "litres_1", "litres_2", "litres_3")
    }
    paid = {
        (lid, year): total
        for lid, year, total in FeePayment.objects.filter(**year_scope, fee_year__year__in=years)
        .values("fee_year__licence_id", "fee_year__year")
        .annotate(total=Sum("amount"))
        .values_list("fee_year__licence_id", "fee_year__year", "total")
    }
    if rates is None:
        rates = rates_for(years)
    if policies is None:
        policies = policies_by_year(municipality_ids, years)
    policy_by_year = policies

    rows = []
    for (
        mid,
        pk,
        number,
        kind,
        holder,
        premises,
        g1,
        g2,
        g3,
        v_from,
        v_to,
        granted,
        status,
    ) in licence_list:
        groups = tuple(g for g, on in ((1, g1), (2, g2), (3, g3)) if on)
        end = min(ended.get(pk, v_to), v_to) if status in ENDED else v_to
        for year in sorted(years):
            if kind in rules.PER_OCCASION_KINDS:
                if granted.year != year:
                    continue
            elif rules.held_days(year, v_from, end) == 0:
                continue
            expected = reports.get((pk, year, "expected"))
            actual = reports.get((pk, year, "actual"))
            facts = rules.FeeFacts(
                licence_kind=kind,
                year=year,
                valid_from=v_from,
                ended_on=end,
                expected=expected[0] if expected else None,
                actual=actual[0] if actual else None,
                actual_received_on=actual[1] if actual else None,
                estimate=estimates.get((pk, year)),
                paid=paid.get((pk, year)) or Decimal(0),
            )
            fy = fee_years.get((pk, year))
            rows.append(
                FeeRow(
                    municipality_id=mid,
                    licence_id=pk,
                    licence_number=number,
                    licence_kind=kind,
                    holder_name=holder,
                    premises_name=premises or "",
                    groups=groups,
                    year=year,
                    fee_year_id=fy[0] if fy else None,
                    reference=fy[1] if fy else f"{year}-{number}",
                    expected=facts.expected,
                    expected_received_on=expected[1] if expected else None,
                    actual=facts.actual,
                    actual_received_on=facts.actual_received_on,
                    estimate=facts.estimate,
                    rates_known=year in rates,
                    outcome=rules.fee_outcome(
                        facts, rates.get(year), policy_by_year[(mid, year)], today
                    ),
                    case_id=fy[2] if fy else None,
                    case_officer_id=fy[3] if fy else None,
                )
            )
    return rows


def licence_fee_rows(licence: Licence, today: dt.date) -> list[FeeRow]:
    """The fee years of one licence: every year it was held, up to this year."""
    last = min(today.year, licence.valid_to.year)
    first = licence.valid_from.year if licence.kind in YEARLY_KINDS else licence.granted_on.year
    years = list(range(max(first, last - 5), last + 1)) or [last]
    rows = fee_rows(municipality_ids=[licence.municipality_id], years=years, today=today,
                    licence_id=licence.pk)  # fmt: skip
    # The fee cycle starts with the first year whose rates are loaded.
    return [row for row in rows if row.rates_known or row.fee_year_id]


def fee_row(licence: Licence, year: int, today: dt.date) -> FeeRow | None:
    rows = fee_rows(
        municipality_ids=[licence.municipality_id], years=[year], today=today, licence_id=licence.pk
    )
    return rows[0] if rows else None


def reminders_due(
    *, municipality_ids: list[int], year: int, on: dt.date
) -> tuple[list[FeeRow], list[FeeRow]]:
    """The fee years on file of ``year`` whose sales report is missing, not set by
    estimate, and whose reminder day has come by the municipality's policy (the deadline
    plus ``reminder_days``): (not yet e-mailed, already e-mailed). 9 queries."""
    rows = [
        r
        for r in fee_rows(municipality_ids=municipality_ids, years=[year], today=on)
        if r.fee_year_id and r.licence_kind in rules.YEARLY_KIND and r.outcome.reminder_due
    ]
    reminded = set(
        FeeNotice.objects.filter(
            fee_year__licence__municipality_id__in=municipality_ids, fee_year__year=year,
            kind=NoticeKind.REMINDER, channel=NoticeChannel.EMAIL,
        ).values_list("fee_year_id", flat=True)
    )  # fmt: skip
    return (
        [r for r in rows if r.fee_year_id not in reminded],
        [r for r in rows if r.fee_year_id in reminded],
    )


def municipality_by_org(org_number: str) -> Municipality | None:
    return Municipality.objects.filter(org_number=org_number).first()


# Filters of the overview page -------------------------------------------------------------

FILTERS = {
    "missing": lambda r: r.outcome.actual_report == rules.MISSING,
    "late": lambda r: r.outcome.actual_report == rules.LATE,
    "unpaid": lambda r: r.outcome.unpaid,
    "settlement": lambda r: bool(r.outcome.settlement) and r.outcome.balance != 0,
    "credit": lambda r: r.outcome.credit_due,
    "estimated": lambda r: r.outcome.estimated,
    "reminder": lambda r: r.outcome.reminder_due,
}


@dataclass
class Totals:
    label: str = ""
    licences: int = 0
    charged: Decimal = Decimal(0)
    final: Decimal = Decimal(0)
    settlement: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)


def totals(rows: list[FeeRow]) -> tuple[dict[str, Totals], dict[tuple[str, int], int], Totals]:
    """Totals per kind of fee, litres per kind and group (actual, else expected), and all."""
    per_kind: dict[str, Totals] = defaultdict(Totals)
    litres: dict[tuple[str, int], int] = defaultdict(int)
    overall = Totals()
    for row in rows:
        o = row.outcome
        per_kind[o.kind].label = o.kind_label
        for t in (per_kind[o.kind], overall):
            t.licences += 1
            t.charged += o.charged or 0
            t.final += o.final_fee or 0
            t.settlement += o.settlement or 0
            t.paid += o.paid
        volume = row.actual or row.estimate or row.expected or {}
        for group, value in volume.items():
            if value:
                litres[(o.kind, group)] += value
    return dict(per_kind), dict(litres), overall
