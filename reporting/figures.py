"""The figures of the yearly report (alkoholpolitisk årsrapport) and of national reporting.

Every figure is defined in docs/annual-report.md so a case officer can check it by hand.
The reference date of a year is 31 December, or today for the current year. Points,
breaches and suspensions count *decided* records only (status ``decided`` and a decision
date in the year), so the figures do not depend on how the rules engine adds points up.

``year_figures(municipality_ids, year, today)`` runs a fixed number of queries (about a
dozen) whatever the number of records; a region is the sum over its municipalities.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from fees import rules as fee_rules
from fees import selectors as fee_selectors
from inspections.models import PointDecision, PointDecisionStatus, Suspension, SuspensionStatus
from inspections.selectors import coverage
from licensing.models import (
    SERVING_KINDS,
    Decision,
    DecisionOutcome,
    Hearing,
    Licence,
    LicenceKind,
    ManagerAssignment,
    Municipality,
)
from licensing.rules import seminar as seminar_rule
from licensing.selectors import in_force_on, licence_end, licence_end_dates
from seminars.selectors import assignments_on, seminar_compliance_for

KINDS = tuple(LicenceKind.values)


def reference_date(year: int, today: dt.date) -> dt.date:
    """31 December of ``year``, or ``today`` while the year is running."""
    return min(dt.date(year, 12, 31), today)


@dataclass
class KindRow:
    kind: str
    in_force: int = 0  # on the reference date
    new: int = 0  # granted in the year
    ended: int = 0  # ended in the year
    transferred: int = 0  # transferred in the year


@dataclass
class Figures:
    year: int
    reference_date: dt.date
    municipality_ids: list[int]
    kinds: dict[str, KindRow] = field(default_factory=dict)
    groups_in_force: dict[str, int] = field(default_factory=dict)  # "1+2" -> count
    groups_new: dict[str, int] = field(default_factory=dict)
    serving_group_3_in_force: int = 0  # serving licences (all serving kinds) with group 3
    # Applications and hearings
    applications_received: int = 0
    decisions_granted: int = 0
    decisions_refused: int = 0
    processing_days_median: float | None = None
    processing_days_mean: float | None = None
    hearings_sent: int = 0
    hearings_answered: int = 0
    hearings_answered_late: int = 0
    hearings_overdue: int = 0  # unanswered on the reference date, deadline passed
    hearing_reply_days_mean: float | None = None
    # Inspections (§ 9-7)
    licences_to_inspect: int = 0
    inspections_required: int = 0
    inspections: int = 0
    event_inspections: int = 0
    venues_inspected: int = 0
    venues_not_inspected: list[dict] = field(default_factory=list)
    # Sanctions (decided records only)
    breaches: dict[str, dict] = field(default_factory=dict)  # code -> count, points, names
    point_decisions: int = 0
    points: int = 0
    suspensions: int = 0
    suspension_days: int = 0
    # Seminar condition on the reference date
    seminar_licences_required: int = 0
    seminar_licences_compliant: int = 0
    seminar_licences_overdue: int = 0
    seminar_persons_required: int = 0
    seminar_persons_compliant: int = 0
    seminar_persons_overdue: int = 0
    # Fees of the year (alkoholforskriften ch. 6), from ``fees.selectors``: as known today.
    # None when no rates are loaded for the year (the fee cycle had not started).
    fee_licences: int | None = None
    fees_charged: Decimal | None = None
    fees_settled_licences: int | None = None
    fees_final: Decimal | None = None
    fees_settlement: Decimal | None = None
    fees_paid: Decimal | None = None
    fee_reports_missing: int | None = None
    fees_unpaid: int | None = None
    fees_by_kind: dict[str, dict] = field(default_factory=dict)
    fees_by_municipality: list[dict] = field(default_factory=list)

    @property
    def licences_in_force(self) -> int:
        return sum(row.in_force for row in self.kinds.values())

    @property
    def licences_new(self) -> int:
        return sum(row.new for row in self.kinds.values())

    @property
    def licences_ended(self) -> int:
        return sum(row.ended for row in self.kinds.values())

    @property
    def licences_transferred(self) -> int:
        return sum(row.transferred for row in self.kinds.values())

    @property
    def venues_not_inspected_count(self) -> int:
        return len(self.venues_not_inspected)

    @property
    def quota_met(self) -> bool:
        return self.inspections >= self.inspections_required

    def as_dict(self) -> dict:
        data = json_ready(asdict(self))
        data["reference_date"] = self.reference_date.isoformat()
        data["kinds"] = {k: asdict(v) for k, v in self.kinds.items()}
        for name in (
            "licences_in_force",
            "licences_new",
            "licences_ended",
            "licences_transferred",
            "venues_not_inspected_count",
            "quota_met",
        ):
            data[name] = getattr(self, name)
        return data


def money_text(value: Decimal) -> str:
    """Kroner as a decimal string with two decimals ("12345.00"), as in the fee formats."""
    return f"{value:.2f}"


def json_ready(value):
    """``value`` with every Decimal (an amount of money) as a decimal string."""
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value


def groups_label(licence: Licence) -> str:
    return "+".join(str(g) for g in licence.alcohol_groups)


# The end of a licence and "in force on a day" come from the status history (shared with
# the § 9-7 coverage): never today's status for a past day.
_end_dates = licence_end_dates


def _licences(figures: Figures, ids: list[int], year: int, day: dt.date) -> list[Licence]:
    licences = list(
        Licence.objects.filter(municipality__in=ids).only(
            "pk", "municipality_id", "kind", "group_1", "group_2", "group_3", "status",
            "granted_on", "valid_from", "valid_to", "transferred_on", "seminar_required",
        )
    )  # fmt: skip
    ends = _end_dates([lic.pk for lic in licences])
    figures.kinds = {kind: KindRow(kind) for kind in KINDS}
    groups_in_force: Counter[str] = Counter()
    groups_new: Counter[str] = Counter()
    in_force = []
    for lic in licences:
        row = figures.kinds[lic.kind]
        end = licence_end(lic, ends)
        if in_force_on(lic, end, day):
            row.in_force += 1
            groups_in_force[groups_label(lic)] += 1
            in_force.append(lic)
            if lic.group_3 and lic.kind in SERVING_KINDS:
                figures.serving_group_3_in_force += 1
        if lic.granted_on.year == year and lic.granted_on <= day:
            row.new += 1
            groups_new[groups_label(lic)] += 1
        if end is not None and end.year == year and end <= day:
            row.ended += 1
        if lic.transferred_on and lic.transferred_on.year == year and lic.transferred_on <= day:
            row.transferred += 1
    figures.groups_in_force = dict(sorted(groups_in_force.items()))
    figures.groups_new = dict(sorted(groups_new.items()))
    return in_force


def _applications(figures: Figures, ids: list[int], year: int, day: dt.date) -> None:
    from licensing.models import Application

    start = dt.date(year, 1, 1)
    figures.applications_received = Application.objects.filter(
        municipality__in=ids, received_on__gte=start, received_on__lte=day
    ).count()
    decisions = Decision.objects.filter(
        municipality__in=ids,
        application__isnull=False,
        decided_on__gte=start,
        decided_on__lte=day,
    ).values_list("outcome", "decided_on", "application__received_on")
    days = []
    for outcome, decided_on, received_on in decisions:
        if outcome == DecisionOutcome.GRANTED:
            figures.decisions_granted += 1
        else:
            figures.decisions_refused += 1
        days.append((decided_on - received_on).days)
    if days:
        figures.processing_days_median = float(statistics.median(days))
        figures.processing_days_mean = round(statistics.fmean(days), 1)

    hearings = Hearing.objects.filter(
        application__municipality__in=ids, sent_on__gte=start, sent_on__lte=day
    ).values_list("sent_on", "deadline_on", "replied_on")
    reply_days = []
    for sent_on, deadline_on, replied_on in hearings:
        figures.hearings_sent += 1
        if replied_on is not None and replied_on <= day:
            figures.hearings_answered += 1
            reply_days.append((replied_on - sent_on).days)
            if replied_on > deadline_on:
                figures.hearings_answered_late += 1
        elif deadline_on < day:
            figures.hearings_overdue += 1
    if reply_days:
        figures.hearing_reply_days_mean = round(statistics.fmean(reply_days), 1)


def _inspections(figures: Figures, ids: list[int], year: int) -> None:
    for row in coverage(ids, year):
        figures.licences_to_inspect += row.licence_count
        figures.inspections_required += row.required_inspections
        figures.inspections += row.inspections
        figures.event_inspections += row.event_inspections
        figures.venues_inspected += row.inspected_count
        figures.venues_not_inspected += [
            {
                "municipality": row.municipality.name,
                "licence_number": lic.number,
                "venue": lic.premises.name if lic.premises else lic.holder.name,
            }
            for lic in row.not_inspected
        ]


def _sanctions(figures: Figures, ids: list[int], year: int, day: dt.date) -> None:
    start = dt.date(year, 1, 1)
    decided = PointDecision.objects.filter(
        licence__municipality__in=ids,
        status=PointDecisionStatus.DECIDED,
        decided_on__gte=start,
        decided_on__lte=day,
    )
    rows = (
        decided.values(
            "violation__code", "violation__name_nb", "violation__name_en", "violation__name_nn"
        )
        .annotate(count=Count("pk"), points=Sum("points"))
        .order_by("-points", "violation__code")
    )
    for row in rows:
        figures.breaches[row["violation__code"]] = {
            "count": row["count"],
            "points": row["points"],
            "name_nb": row["violation__name_nb"],
            "name_en": row["violation__name_en"],
            "name_nn": row["violation__name_nn"] or row["violation__name_nb"],
        }
        figures.point_decisions += row["count"]
        figures.points += row["points"]
    totals = Suspension.objects.filter(
        licence__municipality__in=ids,
        status=SuspensionStatus.DECIDED,
        decided_on__gte=start,
        decided_on__lte=day,
    ).aggregate(count=Count("pk"), days=Sum("days"))
    figures.suspensions = totals["count"] or 0
    figures.suspension_days = totals["days"] or 0


def _seminars(figures: Figures, in_force: list[Licence], day: dt.date) -> None:
    results = seminar_compliance_for([lic.pk for lic in in_force], day)
    required = {pk: r for pk, r in results.items() if r.status != seminar_rule.NOT_REQUIRED}
    held: dict[int, list[str]] = defaultdict(list)
    for licence_id, role in ManagerAssignment.objects.filter(
        assignments_on(day), licence_id__in=list(required)
    ).values_list("licence_id", "role"):
        held[licence_id].append(role)
    for pk, result in required.items():
        figures.seminar_licences_required += 1
        if result.status == seminar_rule.COMPLIANT:
            figures.seminar_licences_compliant += 1
        if result.status == seminar_rule.OVERDUE:
            figures.seminar_licences_overdue += 1
        persons = sum(1 for role in held[pk] if role in result.policy.required_roles)
        figures.seminar_persons_required += persons
        figures.seminar_persons_compliant += persons - len(result.missing)
        figures.seminar_persons_overdue += sum(1 for m in result.missing if m.deadline < day)


def _fee_totals(rows) -> dict:
    _per_kind, _litres, overall = fee_selectors.totals(rows)
    return {
        "licences": overall.licences,
        "charged": overall.charged,
        "settled_licences": sum(1 for r in rows if r.outcome.final_fee is not None),
        "final": overall.final,
        "settlement": overall.settlement,
        "paid": overall.paid,
    }


def _fees(figures: Figures, ids: list[int], year: int, today: dt.date) -> None:
    """The fees of ``year`` as the fees pages show them today (``fees.selectors.fee_rows``
    and ``totals``: the same amounts as the fee overview, the statement and the letters)."""
    rows = fee_selectors.fee_rows(municipality_ids=ids, years=[year], today=today)
    # The fee cycle starts with the first year whose rates are loaded (as on the dashboard).
    rows = [row for row in rows if row.rates_known]
    if not rows and not fee_selectors.rates_for([year]):
        return
    totals = _fee_totals(rows)
    figures.fee_licences = totals["licences"]
    figures.fees_charged = totals["charged"]
    figures.fees_settled_licences = totals["settled_licences"]
    figures.fees_final = totals["final"]
    figures.fees_settlement = totals["settlement"]
    figures.fees_paid = totals["paid"]
    figures.fee_reports_missing = sum(
        1 for r in rows if r.outcome.actual_report == fee_rules.MISSING
    )
    figures.fees_unpaid = sum(1 for r in rows if r.outcome.unpaid)
    by_kind: dict[str, list] = defaultdict(list)
    by_municipality: dict[int, list] = defaultdict(list)
    for row in rows:
        by_kind[row.outcome.kind].append(row)
        by_municipality[row.municipality_id].append(row)
    figures.fees_by_kind = {
        kind: _fee_totals(by_kind[kind]) for kind in fee_rules.FEE_KIND_LABELS if kind in by_kind
    }
    if len(ids) > 1:
        names = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "name"))
        figures.fees_by_municipality = [
            {"municipality": names[mid], **_fee_totals(by_municipality.get(mid, []))}
            for mid in sorted(ids, key=lambda pk: names[pk])
        ]


def year_figures(municipality_ids: list[int], year: int, today: dt.date) -> Figures:
    """The figures of ``year`` for the municipalities together (a region is their sum)."""
    ids = sorted(set(municipality_ids))
    day = reference_date(year, today)
    figures = Figures(year=year, reference_date=day, municipality_ids=ids)
    in_force = _licences(figures, ids, year, day)
    _applications(figures, ids, year, day)
    _inspections(figures, ids, year)
    _sanctions(figures, ids, year, day)
    _seminars(figures, in_force, day)
    _fees(figures, ids, year, today)
    return figures


# The figures compared year on year, in the order the report shows them.
COMPARED = (
    "licences_in_force",
    "licences_new",
    "licences_ended",
    "licences_transferred",
    "applications_received",
    "decisions_granted",
    "decisions_refused",
    "processing_days_median",
    "hearings_sent",
    "hearings_answered_late",
    "hearings_overdue",
    "hearing_reply_days_mean",
    "licences_to_inspect",
    "inspections_required",
    "inspections",
    "venues_not_inspected_count",
    "event_inspections",
    "point_decisions",
    "points",
    "suspensions",
    "suspension_days",
    "seminar_persons_required",
    "seminar_persons_compliant",
    "seminar_persons_overdue",
    "fee_licences",
    "fees_charged",
    "fees_settled_licences",
    "fees_final",
    "fees_settlement",
    "fees_paid",
    "fee_reports_missing",
    "fees_unpaid",
)


@dataclass
class Report:
    current: Figures
    previous: Figures
    municipality_names: list[str]

    def comparison(self) -> list[dict]:
        rows = []
        for name in COMPARED:
            now, before = getattr(self.current, name), getattr(self.previous, name)
            if now is None or before is None:
                change = None
            elif isinstance(now, Decimal):
                change = now - before  # money: exact
            else:
                change = round(now - before, 1)
            rows.append({"name": name, "current": now, "previous": before, "change": change})
        return rows

    def as_dict(self) -> dict:
        return {
            "municipalities": self.municipality_names,
            "year": self.current.year,
            "current": self.current.as_dict(),
            "previous": self.previous.as_dict(),
            "comparison": json_ready(self.comparison()),
        }


def annual_report(municipalities, year: int, today: dt.date) -> Report:
    """The report of ``year`` for ``municipalities`` (one, or the municipalities of a
    region), with the year before for comparison."""
    ids = [m.pk for m in municipalities]
    return Report(
        current=year_figures(ids, year, today),
        previous=year_figures(ids, year - 1, today),
        municipality_names=[m.name for m in municipalities],
    )


def breach_name(row: dict) -> str:
    """The name of a breach (a row of ``Figures.breaches``) in the active language."""
    from django.utils.translation import get_language

    language = get_language() or "nb"
    if language.startswith("en"):
        return row["name_en"]
    if language.startswith("nn"):
        return row.get("name_nn") or row["name_nb"]
    return row["name_nb"]
