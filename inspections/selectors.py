"""Reads for the case-officer pages: querysets with their joins, and the yearly coverage.

Every function runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as Case_
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from inspections import points as facts
from inspections.models import (
    ControlCompany,
    Finding,
    Inspection,
    Inspector,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from licensing.access import get_for_officer, scope_to_officer
from licensing.batch import as_date, driver_rows
from licensing.models import Case, CaseKind, Licence, LicenceStatus, Municipality
from licensing.rules import points as rules
from licensing.selectors import in_force_between, licence_end, licence_end_dates

# Licences that must be inspected at least once a year and count for the total of three
# inspections per licence (alkoholforskriften § 9-7); the kinds of the point system.
INSPECTED_KINDS = ("sales", "serving", "serving_part_year")
EVENT_KINDS = ("serving_single_occasion", "serving_catering")
IN_FORCE = (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)
INSPECTIONS_PER_LICENCE = 3


# One record of the officer's municipalities, or 404 ----------------------------------------


def inspection_for_officer(user, pk: int) -> Inspection:
    """The inspection with what its pages show; 404 unless of the officer's municipalities."""
    return get_for_officer(report_detail_queryset(), user, "licence__municipality", pk=pk)


def point_decision_for_officer(user, pk: int) -> PointDecision:
    return get_for_officer(
        PointDecision.objects.select_related(
            "licence__holder", "licence__premises", "violation", "inspection"
        ),
        user,
        "licence__municipality",
        pk=pk,
    )


def point_case_decisions(user, pk: int) -> list[PointDecision]:
    """Every point decision of the point case of decision ``pk``, in date order: those
    sharing its case, else (made before case numbers) those of its inspection, else the
    decision alone. 404 unless of the officer's municipalities. 2 queries."""
    decision = get_for_officer(PointDecision.objects.all(), user, "licence__municipality", pk=pk)
    if decision.case_id:
        rows = PointDecision.objects.filter(case_id=decision.case_id)
    elif decision.inspection_id:
        rows = PointDecision.objects.filter(inspection_id=decision.inspection_id, case__isnull=True)
    else:
        rows = PointDecision.objects.filter(pk=decision.pk)
    return list(
        rows.select_related(
            "licence__holder",
            "licence__premises",
            "licence__municipality",
            "violation",
            "inspection",
            "case__assigned_to",
            "decided_by",
        ).order_by("violation_on", "pk")
    )


# Point cases and suspensions as cases (docs/adr/0185) ---------------------------------------

OPEN_POINTS = (PointDecisionStatus.PROPOSED, PointDecisionStatus.NOTIFIED)
OPEN_SUSPENSION = (SuspensionStatus.PROPOSED, SuspensionStatus.NOTIFIED)


def point_and_suspension_cases(municipality_ids) -> QuerySet[Case]:
    """The point cases and suspension cases of the municipalities, one row per case, with
    what their lists and the dashboard need, computed in the database (set-based, one
    query per page whatever the number of decisions):

    ``lead_id`` (the point decision the case page is opened by: the first one not
    withdrawn), ``suspension_id``, ``licence_id``, ``state`` (``proposed`` / ``notified``
    / ``decided`` / ``withdrawn`` / ``cancelled``: for a point case its least advanced
    live decision), ``is_open``, ``total_points`` and ``deadline`` (the comment deadline
    of an advance notice sent)."""
    decisions = PointDecision.objects.filter(case=OuterRef("pk"))
    live = decisions.exclude(status=PointDecisionStatus.WITHDRAWN)
    suspension = Suspension.objects.filter(case=OuterRef("pk"))
    has = {
        status: Exists(decisions.filter(status=status))
        for status in (
            PointDecisionStatus.PROPOSED,
            PointDecisionStatus.NOTIFIED,
            PointDecisionStatus.DECIDED,
        )
    }
    points_state = Case_(
        When(has[PointDecisionStatus.PROPOSED], then=Value(PointDecisionStatus.PROPOSED)),
        When(has[PointDecisionStatus.NOTIFIED], then=Value(PointDecisionStatus.NOTIFIED)),
        When(has[PointDecisionStatus.DECIDED], then=Value(PointDecisionStatus.DECIDED)),
        default=Value(PointDecisionStatus.WITHDRAWN),
    )
    sums = live.order_by().values("case").annotate(total=Sum("points")).values("total")
    return (
        Case.objects.filter(
            municipality_id__in=list(municipality_ids),
            kind__in=(CaseKind.POINTS, CaseKind.SUSPENSION),
        )
        .filter(Exists(decisions) | Exists(suspension))
        .annotate(
            lead_id=Coalesce(
                Subquery(live.order_by("pk").values("pk")[:1]),
                Subquery(decisions.order_by("pk").values("pk")[:1]),
            ),
            suspension_id=Subquery(suspension.order_by("pk").values("pk")[:1]),
            licence_id=Coalesce(
                Subquery(decisions.order_by("pk").values("licence_id")[:1]),
                Subquery(suspension.order_by("pk").values("licence_id")[:1]),
            ),
            state=Case_(
                When(kind=CaseKind.POINTS, then=points_state),
                default=Subquery(suspension.order_by("pk").values("status")[:1]),
            ),
            total_points=Coalesce(
                Subquery(sums),
                Subquery(suspension.order_by("pk").values("points")[:1]),
                Value(0),
            ),
            deadline=Coalesce(
                Subquery(
                    live.filter(status=PointDecisionStatus.NOTIFIED)
                    .order_by("-comment_deadline_on")
                    .values("comment_deadline_on")[:1]
                ),
                Subquery(
                    suspension.filter(status=SuspensionStatus.NOTIFIED).values(
                        "comment_deadline_on"
                    )[:1]
                ),
            ),
        )
        .annotate(
            is_open=Case_(
                When(
                    Q(kind=CaseKind.POINTS)
                    & (has[PointDecisionStatus.PROPOSED] | has[PointDecisionStatus.NOTIFIED]),
                    then=Value(True),
                ),
                When(Q(kind=CaseKind.SUSPENSION) & Q(state__in=OPEN_SUSPENSION), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("assigned_to", "municipality")
    )


def case_url(case) -> str:
    """The page of a row of ``point_and_suspension_cases`` (no query)."""
    if case.kind == CaseKind.SUSPENSION and case.suspension_id:
        return reverse("inspections:suspension_detail", args=[case.suspension_id])
    if case.lead_id:
        return reverse("inspections:point_case_detail", args=[case.lead_id])
    return ""


def with_case_records(cases) -> list:
    """Attach ``licence`` (with holder and premises) and ``url`` to each case row of
    ``point_and_suspension_cases``: 1 query for the licences."""
    cases = list(cases)
    licences = Licence.objects.select_related("holder", "premises").in_bulk(
        {c.licence_id for c in cases if c.licence_id}
    )
    for case in cases:
        case.licence = licences.get(case.licence_id)
        case.url = case_url(case)
    return cases


def with_licence_labels(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Add ``licence_number`` and ``place`` (the venue, else the holder) to the rows of
    ``point_and_suspension_cases`` in the same query (for short samples: the dashboard)."""
    decisions = PointDecision.objects.filter(case=OuterRef("pk")).order_by("pk")
    suspension = Suspension.objects.filter(case=OuterRef("pk")).order_by("pk")

    def first(path):
        return Coalesce(Subquery(decisions.values(path)[:1]), Subquery(suspension.values(path)[:1]))

    return cases.annotate(
        licence_number=first("licence__number"),
        place=Coalesce(first("licence__premises__name"), first("licence__holder__name")),
    )


def suspension_for_officer(user, pk: int) -> Suspension:
    return get_for_officer(
        Suspension.objects.select_related(
            "licence__holder", "licence__premises", "licence__municipality", "case__assigned_to"
        ),
        user,
        "licence__municipality",
        pk=pk,
    )


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, 1 January next year) of ``year`` in local time, as aware datetimes."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime(year, 1, 1), tz),
        timezone.make_aware(dt.datetime(year + 1, 1, 1), tz),
    )


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in local time."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time()), timezone.get_current_timezone()
    )


# Reports -------------------------------------------------------------------------------


def reports_for_officer(user) -> QuerySet[Inspection]:
    """Inspections of the officer's municipalities, with what the list shows (1 query)."""
    has_findings = Exists(Finding.objects.filter(inspection=OuterRef("pk")))
    return (
        scope_to_officer(Inspection.objects.all(), user, "licence__municipality")
        .select_related("licence__holder", "licence__premises", "licence__municipality", "company")
        .annotate(
            findings_count=Count("findings", distinct=True),
            has_findings=has_findings,
            open_points_count=Count(
                "point_decisions",
                filter=Q(point_decisions__status__in=("proposed", "notified")),
                distinct=True,
            ),
        )
    )


def report_detail_queryset() -> QuerySet[Inspection]:
    return Inspection.objects.select_related(
        "licence__holder", "licence__premises", "licence__municipality", "company",
        "submitted_by", "reviewed_by",
    ).prefetch_related(
        Prefetch("inspectors", queryset=Inspector.objects.order_by("name", "pk")),
    )  # fmt: skip


def companies_for_officer(user) -> QuerySet[ControlCompany]:
    return scope_to_officer(ControlCompany.objects.all(), user, "municipalities").distinct()


def licences_for_officer(user) -> QuerySet[Licence]:
    return scope_to_officer(
        Licence.objects.select_related("holder", "premises", "municipality"), user
    )


# Points on many licences (dashboard) ---------------------------------------------------


@dataclass
class LicenceStanding:
    licence: Licence
    result: rules.PointsResult
    open_suspension: Suspension | None


def _may_count(municipality_ids: list[int], on: dt.date) -> QuerySet[PointDecision]:
    """The decided point decisions the rules may count on ``on`` for licences in force."""
    return PointDecision.objects.filter(
        licence__municipality__in=municipality_ids,
        licence__kind__in=INSPECTED_KINDS,
        licence__status__in=IN_FORCE,
        status=PointDecisionStatus.DECIDED,
        decided_on__lte=on,
        violation_on__lte=on,
    )


def point_standings(
    municipality_ids: list[int],
    on: dt.date,
    *,
    at_least: int = 0,
    licence_ids: list[int] | None = None,
) -> list[LicenceStanding]:
    """Every licence in the point system of the municipalities with decided points on
    ``on``, evaluated by the rules (2 queries). Points of any age are read: a violation older
    than two years may still be in the suspension basis with a later one (§ 10-2).
    Suspension candidates first (most points in the basis), then by points alive.

    ``at_least``: only licences whose decided points sum to at least that many. The rules
    count a subset of the decisions they are given (the window, or the basis span), so a
    licence left out could never reach ``at_least`` points: the standings returned are the
    same, only fewer are evaluated (docs/adr/0124). ``licence_ids``: only those licences.
    """
    may_count = _may_count(municipality_ids, on)
    if licence_ids is not None:
        may_count = may_count.filter(licence_id__in=licence_ids)
    if at_least > 0:
        reaching = (
            may_count.order_by()
            .values("licence_id")
            .annotate(total=Sum("points"))
            .filter(total__gte=at_least)
            .values("licence_id")
        )
        may_count = may_count.filter(licence_id__in=reaching)
    decisions = list(
        may_count.select_related("violation", "licence__holder", "licence__premises").order_by(
            "licence_id", "violation_on", "pk"
        )
    )
    if not decisions:
        return []
    suspensions = Suspension.objects.filter(
        licence__municipality__in=municipality_ids,
        licence__kind__in=INSPECTED_KINDS,
        licence__status__in=IN_FORCE,
    ).filter(
        Q(status=SuspensionStatus.DECIDED, decided_on__lte=on)
        | Q(status__in=facts.OPEN_SUSPENSION_STATUSES)
    )
    by_licence_suspensions: dict[int, list[Suspension]] = defaultdict(list)
    for suspension in suspensions:
        by_licence_suspensions[suspension.licence_id].append(suspension)
    by_licence: dict[int, list[PointDecision]] = defaultdict(list)
    licences: dict[int, Licence] = {}
    for decision in decisions:
        by_licence[decision.licence_id].append(decision)
        licences[decision.licence_id] = decision.licence
    standings = []
    for licence_id, items in by_licence.items():
        licence = licences[licence_id]
        own_suspensions = by_licence_suspensions.get(licence_id, [])
        result = facts.evaluate(licence, items, own_suspensions, on)
        open_suspension = next(
            (s for s in own_suspensions if s.status in facts.OPEN_SUSPENSION_STATUSES), None
        )
        standings.append(LicenceStanding(licence, result, open_suspension))
    standings.sort(
        key=lambda s: (-s.result.suspension_points, -s.result.in_window, s.licence.number)
    )
    return standings


def flagged_point_standings(municipality_ids: list[int], on: dt.date) -> list[LicenceStanding]:
    """The standings of the licences that are suspension candidates or approach the
    threshold on ``on`` (as ``point_standings`` has them), in its order: 4 queries.

    A light first pass reads only (licence, violation date, points) of the decided points
    and keeps the licences that could be either: 8 points or more with a violation date in
    the two years up to ``on``, or 12 or more within two years of each other anywhere.
    The rules count a subset of those decisions (not before a transfer, not used up by a
    suspension, the window), so a licence left out is neither; only the few kept are read
    whole and evaluated (docs/adr/0196).
    """
    window_start = rules.points_window(on)[0]
    by_licence: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for licence_id, violation_on, points in (
        _may_count(municipality_ids, on)
        .order_by("licence_id", "violation_on")
        .values_list("licence_id", "violation_on", "points")
    ):
        by_licence[licence_id].append((violation_on, points))
    keep = [
        licence_id
        for licence_id, items in by_licence.items()
        if sum(points for day, points in items if day >= window_start) >= rules.APPROACHING_FROM
        or _span_reaches(items, rules.THRESHOLD)
    ]
    if not keep:
        return []
    standings = _kept_standings(municipality_ids, on, keep)
    return [s for s in standings if s.result.revocation_candidate or s.result.approaching_threshold]


def _kept_standings(
    municipality_ids: list[int], on: dt.date, licence_ids: list[int]
) -> list[LicenceStanding]:
    """``point_standings(municipality_ids, on, licence_ids=licence_ids)`` reading the point
    decisions as plain values (the facts the rules take) rather than model instances with
    their licence, holder, premises and violation each (docs/adr/0215): the same standings
    in the same order. 3 queries."""
    decisions = (
        _may_count(municipality_ids, on)
        .filter(licence_id__in=licence_ids)
        .order_by("licence_id", "violation_on", "pk")
        .values_list(
            "licence_id", "violation__code", "violation_on", "points", "decided_on", "reference",
            "pk",
        )
    )  # fmt: skip
    by_licence: dict[int, list[rules.PointDecisionFact]] = defaultdict(list)
    for licence_id, code, violation_on, points, decided_on, reference, pk in decisions:
        # _may_count keeps decided decisions with a decision date: those ``decided`` keeps.
        by_licence[licence_id].append(
            rules.PointDecisionFact(
                violation_code=code,
                violation_on=violation_on,
                points=points,
                decided_on=decided_on,
                reference=reference,
                key=pk,
            )
        )
    if not by_licence:
        return []
    suspensions = Suspension.objects.filter(
        licence__municipality__in=municipality_ids,
        licence__kind__in=INSPECTED_KINDS,
        licence__status__in=IN_FORCE,
        licence_id__in=list(by_licence),
    ).filter(
        Q(status=SuspensionStatus.DECIDED, decided_on__lte=on)
        | Q(status__in=facts.OPEN_SUSPENSION_STATUSES)
    )
    by_licence_suspensions: dict[int, list[Suspension]] = defaultdict(list)
    for suspension in suspensions:
        by_licence_suspensions[suspension.licence_id].append(suspension)
    licences = {
        licence.pk: licence
        for licence in Licence.objects.select_related("holder", "premises").filter(
            pk__in=list(by_licence)
        )
    }
    standings = []
    for licence_id, items in by_licence.items():
        licence = licences[licence_id]
        own_suspensions = by_licence_suspensions.get(licence_id, [])
        result = facts.evaluate_facts(licence, items, own_suspensions, on)
        open_suspension = next(
            (s for s in own_suspensions if s.status in facts.OPEN_SUSPENSION_STATUSES), None
        )
        standings.append(LicenceStanding(licence, result, open_suspension))
    standings.sort(
        key=lambda s: (-s.result.suspension_points, -s.result.in_window, s.licence.number)
    )
    return standings


@dataclass
class FlaggedPoints:
    """The two point sections of the dashboard: how many licences are suspension
    candidates and how many approach the threshold, and the standings of the first
    ``sample`` of each, as ``flagged_point_standings`` has them (docs/adr/0226)."""

    candidates: int
    approaching: int
    candidate_standings: list[LicenceStanding]
    approaching_standings: list[LicenceStanding]


def flagged_point_counts(municipality_ids: list[int], on: dt.date, sample: int) -> FlaggedPoints:
    """The counts of ``flagged_point_standings`` and its first ``sample`` candidates and
    first ``sample`` licences approaching the threshold, evaluating the rules only for
    those shown: 4 queries (docs/adr/0226).

    The database keeps the decisions the suspension basis may count (decided on or before
    ``on``, violation on or before ``on``, not before a transfer made on or before ``on``,
    not used up by a suspension decided on or before ``on``: the floor of
    ``licensing.rules.points``) of the licences whose such points reach 12 in all or 8
    from the day after ``on`` minus two years. Those points are exactly the ones the
    rules count: the points alive are those from that day (the window starts at the later
    of that day and the floor), the basis points the most in a two-year span of violation
    dates. So the counts and the order (most basis points, most points alive, licence
    number) come from these rows; the standings shown are then evaluated as before
    (``_kept_standings``)."""
    plain_start = rules.points_window(on)[0]
    eligible = _basis_may_count(municipality_ids, on)
    reaching = (
        eligible.order_by()
        .values("licence_id")
        .annotate(
            total=Sum("points"),
            alive=Sum("points", filter=Q(violation_on__gte=plain_start)),
        )
        .filter(Q(total__gte=rules.THRESHOLD) | Q(alive__gte=rules.APPROACHING_FROM))
        .values("licence_id")
    )
    rows = driver_rows(
        eligible.filter(licence_id__in=reaching)
        .order_by("licence_id", "violation_on")
        .values_list("licence_id", "licence__number", "violation_on", "points")
    )
    candidates: list[tuple] = []
    approaching: list[tuple] = []
    index = 0
    count = len(rows)
    while index < count:
        licence_id, number = rows[index][0], rows[index][1]
        end = index
        while end < count and rows[end][0] == licence_id:
            end += 1
        items = [(as_date(row[2]), row[3]) for row in rows[index:end]]
        alive = sum(points for day, points in items if day >= plain_start)
        basis_points = _best_span(items)
        if basis_points >= rules.THRESHOLD:
            candidates.append((-basis_points, -alive, number, licence_id))
        elif rules.approaching_threshold(alive):
            approaching.append((0, -alive, number, licence_id))
        index = end
    # The order of ``point_standings``; licence ids in the order the rows came (a stable
    # sort of rows read by licence id).
    candidates.sort(key=lambda key: key[:3])
    approaching.sort(key=lambda key: key[:3])
    shown = [key[3] for key in candidates[:sample]] + [key[3] for key in approaching[:sample]]
    standings = _kept_standings(municipality_ids, on, shown) if shown else []
    return FlaggedPoints(
        candidates=len(candidates),
        approaching=len(approaching),
        candidate_standings=[s for s in standings if s.result.revocation_candidate][:sample],
        approaching_standings=[s for s in standings if s.result.approaching_threshold][:sample],
    )


def _basis_may_count(municipality_ids: list[int], on: dt.date) -> QuerySet[PointDecision]:
    """The decided point decisions the suspension basis may count on ``on``
    (``licensing.rules.points._basis_floor``): of licences in the point system and in
    force, not before a transfer made on or before ``on``, not used up by a suspension
    decided on or before ``on`` (decided on or after the violation date)."""
    used_up = Suspension.objects.filter(
        licence=OuterRef("licence_id"),
        status=SuspensionStatus.DECIDED,
        decided_on__lte=on,
        decided_on__gte=OuterRef("violation_on"),
    )
    return (
        _may_count(municipality_ids, on)
        .filter(licence__kind__in=rules.POINT_SYSTEM_KINDS)
        .filter(
            Q(licence__transferred_on__isnull=True)
            | Q(licence__transferred_on__gt=on)
            | Q(violation_on__gte=F("licence__transferred_on"))
        )
        .exclude(Exists(used_up))
    )


def _best_span(items: list[tuple[dt.date, int]]) -> int:
    """The most points in a two-year span of violation dates (the day after v minus two
    years through v, § 10-2), as ``licensing.rules.points._basis_of`` finds the basis;
    ``items`` sorted by date. 0 when they sum to less than the threshold (no span can
    reach it); below the threshold the number only says that none does."""
    if sum(points for _day, points in items) < rules.THRESHOLD:
        return 0
    best = left = running = index = 0
    count = len(items)
    while index < count:
        end_on = items[index][0]
        while index < count and items[index][0] == end_on:
            running += items[index][1]
            index += 1
        start = _span_start(end_on)
        while items[left][0] < start:
            running -= items[left][1]
            left += 1
        best = max(best, running)
    return best


@lru_cache(maxsize=4096)
def _span_start(day: dt.date) -> dt.date:
    return rules.points_window(day)[0]


def _span_reaches(items: list[tuple[dt.date, int]], threshold: int) -> bool:
    """Whether some two-year span of violation dates (the day after v minus two years
    through v, § 10-2) holds ``threshold`` points; ``items`` sorted by date."""
    if sum(points for _day, points in items) < threshold:
        return False
    left = running = 0
    for day, points in items:
        running += points
        start = rules.points_window(day)[0]
        while items[left][0] < start:
            running -= items[left][1]
            left += 1
        if running >= threshold:
            return True
    return False


def uninspected_licences(municipality_ids: list[int], on: dt.date) -> QuerySet[Licence]:
    """Licences in force that must be inspected yearly (§ 9-7) and have no inspection from
    1 January of ``on``'s year through ``on``, with the date of the last inspection ever."""
    year_start, _ = year_bounds(on.year)
    inspected = Inspection.objects.filter(
        licence=OuterRef("pk"), started_at__gte=year_start, started_at__lt=day_end(on)
    )
    return (
        Licence.objects.filter(
            municipality__in=municipality_ids,
            kind__in=INSPECTED_KINDS,
            status__in=IN_FORCE,
            valid_from__lte=on,
            valid_to__gte=dt.date(on.year, 1, 1),
        )
        .exclude(Exists(inspected))
        .select_related("holder", "premises", "municipality")
        # A subquery, not an aggregate over a join: computed for the rows read only, and
        # the count needs no grouping (docs/adr/0215).
        .annotate(
            last_inspected_at=Subquery(
                Inspection.objects.filter(licence=OuterRef("pk"))
                .order_by("-started_at")
                .values("started_at")[:1]
            )
        )
        .order_by("municipality__name", "premises__name", "number")
    )


# Coverage (§ 9-7) -----------------------------------------------------------------------


@dataclass
class MunicipalityCoverage:
    municipality: Municipality
    year: int
    licences: list[Licence] = field(default_factory=list)  # requiring inspection
    inspections: int = 0  # of licences of the inspected kinds, in the year
    event_inspections: int = 0  # single-occasion and catering: on top of the quota

    @property
    def licence_count(self) -> int:
        return len(self.licences)

    @property
    def inspected(self) -> list[Licence]:
        return [lic for lic in self.licences if lic.inspections_in_year > 0]

    @property
    def not_inspected(self) -> list[Licence]:
        return [lic for lic in self.licences if lic.inspections_in_year == 0]

    @property
    def inspected_count(self) -> int:
        return len(self.inspected)

    @property
    def required_inspections(self) -> int:
        return INSPECTIONS_PER_LICENCE * self.licence_count

    @property
    def inspections_missing(self) -> int:
        return max(self.required_inspections - self.inspections, 0)

    @property
    def every_venue_inspected(self) -> bool:
        return not self.not_inspected

    @property
    def total_met(self) -> bool:
        return self.inspections >= self.required_inspections


def coverage(municipality_ids: list[int], year: int) -> list[MunicipalityCoverage]:
    """Control coverage of ``year`` per municipality (alkoholforskriften § 9-7), 4 queries.

    Licences requiring inspection: sales, serving and part-year serving licences in force
    on at least one day of the year, from their validity and status history (a licence
    revoked since still counts for the years it was in force; today's status is never used
    for a past year, ADR 0180). Inspections: every inspection in the year of a licence of
    those kinds; inspections at single-occasion and catering events are shown apart, they
    come on top of the quota.
    """
    start, end = year_bounds(year)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = Q(inspections__started_at__gte=start, inspections__started_at__lt=end)
    municipalities = Municipality.objects.filter(pk__in=municipality_ids).order_by("name")
    rows = {m.pk: MunicipalityCoverage(municipality=m, year=year) for m in municipalities}
    licences = list(
        Licence.objects.filter(
            municipality__in=municipality_ids,
            kind__in=INSPECTED_KINDS,
            valid_from__lte=last,
            valid_to__gte=first,
        )
        .select_related("holder", "premises")
        .annotate(inspections_in_year=Count("inspections", filter=in_year))
        .order_by("premises__name", "number", "pk")
    )
    ends = licence_end_dates(lic.pk for lic in licences if lic.status not in IN_FORCE)
    for licence in licences:
        if in_force_between(licence, licence_end(licence, ends), first, last):
            rows[licence.municipality_id].licences.append(licence)
    totals = (
        Inspection.objects.filter(
            licence__municipality__in=municipality_ids, started_at__gte=start, started_at__lt=end
        )
        .values("licence__municipality_id")
        .annotate(
            regular=Count("pk", filter=Q(licence__kind__in=INSPECTED_KINDS)),
            events=Count("pk", filter=Q(licence__kind__in=EVENT_KINDS)),
        )
        .order_by()
    )
    for total in totals:
        row = rows[total["licence__municipality_id"]]
        row.inspections = total["regular"]
        row.event_inspections = total["events"]
    return list(rows.values())
