"""Penalty points and suspension (prikktildeling og inndragning, alkoholforskriften ch. 10).

The law as the system applies it:

- Scope (§ 10-1): sales and serving licences (``sales``, ``serving``,
  ``serving_part_year``). Single-occasion and catering licences are outside the point
  system: 0 points, never a candidate for suspension, no point flags.
- Suspension basis (§ 10-2 third paragraph: "ved beregning av toårsperioden skal
  overtredelsestidspunktene legges til grunn"): what counts is the time between the
  violations, not when they were decided or when the system looks. On reference date D,
  among the decided point decisions (decision date on or before D) not used up by a
  suspension and not before a transfer, for each violation date v the span runs from the
  day after v minus two years through v (v minus two years of 29 February is 28
  February). The span with the most points (the latest on a tie) is the suspension basis
  when its points reach 12; the suspension length follows from its points. Late case
  handling therefore never lets points expire (docs/adr/0090-two-year-span-by-violation-dates.md).
- Points alive on D (the warnings, "what further points lead to"): decided points whose
  violation date lies from the day after D minus two years through D.
- Renewal does not reset the window. A transfer (alkoholloven § 1-10) starts a new window
  on the transfer date: violations before it do not count.
- Threshold (§ 10-2): 12 points in a span lead to suspension (inndragning) for one
  week. With P >= 12 points the standard length is
  ``7 * (P // 12) + (0 if P % 12 == 0 else (P % 12) // 2 + 1)`` days
  (12 -> 7, 13 -> 8, 16 -> 10, 24 -> 14, 25 -> 15). The suspension decision: § 10-6.
- Points used up by a suspension: a suspension decision consumes every point decision of
  the licence whose violation date is on or before the suspension's decision date; on
  date D only suspensions decided on or before D count. (The regulation is silent; this
  is the system's documented interpretation, so that one further point does not cause a
  second suspension for the same breaches.)
- Counting similar breaches at one inspection once (§ 10-2) and deviating from the
  standard points (§ 10-4) happen when the points are decided: each
  ``PointDecisionFact`` carries the points as decided, and the rules add them up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from types import MappingProxyType

from . import references
from .base import RuleResult
from .dates import ONE_DAY, add_years, minus_years
from .i18n import Messages, messages
from .makers import maker

THRESHOLD = 12
APPROACHING_FROM = 8
WINDOW_YEARS = 2
# Days of suspension per full THRESHOLD points (one week), § 10-2.
DAYS_PER_THRESHOLD = 7

POINTS_REFERENCE = references.POINTS
SCOPE_REFERENCE = references.POINT_SCOPE
SUSPENSION_REFERENCE = references.SUSPENSION
TRANSFER_REFERENCE = references.TRANSFER

# § 10-1: the kinds in the point system, and the kinds outside it.
POINT_SYSTEM_KINDS = frozenset({"sales", "serving", "serving_part_year"})
OUTSIDE_POINT_SYSTEM_KINDS = frozenset({"serving_single_occasion", "serving_catering"})

POINTS_CODE = "points"
# The parameters of the point rules, as reported in results.
POINTS_PARAMETERS: Mapping[str, object] = MappingProxyType(
    {
        "threshold": THRESHOLD,
        "approaching_from": APPROACHING_FROM,
        "window_years": WINDOW_YEARS,
        "days_per_threshold": DAYS_PER_THRESHOLD,
    }
)
SUSPENDED_CODE = "suspended"


@dataclass(frozen=True, slots=True)
class PointDecisionFact:
    """A decided point decision (vedtak om tildeling av prikker) for one violation.

    ``points`` is the number decided (the standard of § 10-3, or a justified deviation
    under § 10-4); ``decided_on`` is the decision date; ``reference`` identifies the
    decision for people (case number) and breaks ties when sorting.
    """

    violation_code: str
    violation_on: dt.date
    points: int
    decided_on: dt.date
    reference: str = ""
    #: The caller's own key for the record behind the fact (e.g. its id), so a basis can
    #: be mapped back to rows; not part of the law and not compared.
    key: object = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.points < 0:
            raise ValueError(f"points must not be negative, got {self.points}")


@dataclass(frozen=True, slots=True)
class SuspensionFact:
    """A suspension decision (vedtak om inndragning, § 10-6): decided on ``decided_on``,
    in force from ``starts_on`` through ``ends_on`` (both inclusive)."""

    decided_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    reference: str = ""


@dataclass(frozen=True, slots=True)
class SuspensionBasis:
    """The span of violation dates a suspension rests on (§ 10-2): from ``window_start``
    (the day after ``window_end`` minus two years) through ``window_end`` (the latest
    violation date in it), with the decisions in it, oldest violation first, their
    ``points`` (12 or more) and the standard suspension length ``days``."""

    window_start: dt.date
    window_end: dt.date
    decisions: tuple[PointDecisionFact, ...]
    points: int
    days: int

    @property
    def first_violation_on(self) -> dt.date:
        return self.decisions[0].violation_on


@dataclass(frozen=True, slots=True)
class PointsResult:
    """The points of one licence on ``window_end`` (the reference date).

    ``decisions`` are the counted point decisions, oldest violation first (ties: decision
    date, reference, violation code). ``window_start`` may be ``window_end`` + 1 day (an
    empty window) when a suspension was decided on the reference date itself.
    ``in_window`` and ``decisions`` are the points alive on the reference date.
    ``basis`` is the suspension basis (``SuspensionBasis``) or None;
    ``revocation_candidate`` and ``suspension_days`` follow it.
    ``outcome`` is ``revocation_candidate``.
    """

    in_window: int
    window_start: dt.date
    window_end: dt.date
    decisions: tuple[PointDecisionFact, ...]
    revocation_candidate: bool
    suspension_days: int
    in_point_system: bool
    reasons: tuple[str, ...]
    basis: SuspensionBasis | None = None

    @property
    def suspension_points(self) -> int:
        """The basis's points (0 without a basis)."""
        return 0 if self.basis is None else self.basis.points

    @property
    def basis_outside_window(self) -> tuple[PointDecisionFact, ...]:
        """Decisions of the basis whose violation lies before the window on the reference
        date: older than two years now, but still counted towards the suspension."""
        if self.basis is None:
            return ()
        return tuple(d for d in self.basis.decisions if d.violation_on < self.window_start)

    # The common result interface (``base.Result``); derived, so not stored per licence.
    @property
    def code(self) -> str:
        return POINTS_CODE

    @property
    def outcome(self) -> bool:
        return self.revocation_candidate

    @property
    def legal_reference(self) -> str:
        return POINTS_REFERENCE if self.in_point_system else SCOPE_REFERENCE

    @property
    def parameters(self) -> Mapping[str, object]:
        return POINTS_PARAMETERS

    @property
    def approaching_threshold(self) -> bool:
        return self.in_point_system and self.basis is None and approaching_threshold(self.in_window)


def in_point_system(kind: str) -> bool:
    """Whether licences of ``kind`` are covered by the point system (§ 10-1).

    Raises ``ValueError`` for an unknown kind, so a typo can never silently drop points.
    """
    if kind in POINT_SYSTEM_KINDS:
        return True
    if kind in OUTSIDE_POINT_SYSTEM_KINDS:
        return False
    raise ValueError(f"unknown licence kind: {kind!r}")


def suspension_days(points: int) -> int:
    """Standard suspension length in days for ``points`` in the window (§ 10-2).

    0 below the threshold of 12. For P >= 12:
    ``7 * (P // 12) + (0 if P % 12 == 0 else (P % 12) // 2 + 1)``: one week for 12 points;
    with e = P - 12 extra points add 1 day for e = 1, 2 for 2-3, 3 for 4-5, 4 for 6-7,
    5 for 8-9, 6 for 10-11, 7 for 12; every further 12 points add another week.
    Examples: 12 -> 7, 13 -> 8, 16 -> 10, 24 -> 14, 25 -> 15.
    """
    if points < THRESHOLD:
        return 0
    weeks, extra = divmod(points, THRESHOLD)
    return DAYS_PER_THRESHOLD * weeks + (0 if extra == 0 else extra // 2 + 1)


def approaching_threshold(points: int) -> bool:
    """Whether ``points`` are close to the threshold: 8 to 11 inclusive."""
    return APPROACHING_FROM <= points < THRESHOLD


def latest_suspension_decided(
    suspensions: Iterable[SuspensionFact], on: dt.date
) -> SuspensionFact | None:
    """The suspension with the latest decision date on or before ``on``, if any."""
    latest: SuspensionFact | None = None
    for suspension in suspensions:
        if suspension.decided_on <= on and (
            latest is None or suspension.decided_on > latest.decided_on
        ):
            latest = suspension
    return latest


def points_window(
    on: dt.date,
    *,
    transferred_on: dt.date | None = None,
    suspensions: Iterable[SuspensionFact] = (),
) -> tuple[dt.date, dt.date]:
    """The two-year points window ending on ``on`` (alkoholforskriften § 10-2).

    ``(start, end)``, both inclusive; ``end`` is ``on``; ``start`` is the latest of:

    1. the day after ``on`` minus two years (29 February minus two years is 28 February):
       on 2026-11-22: 2026-11-22 - 2 years = 2024-11-22, day after = 2024-11-23, so the
       window is 2024-11-23..2026-11-22; on 2028-02-29: 2026-02-29 does not exist ->
       2026-02-28, day after = 2026-03-01;
    2. ``transferred_on``, the transfer date itself (alkoholloven § 1-10: violations before
       it do not count; a violation on the transfer date does). A transfer after ``on``
       had not happened on ``on`` and is ignored;
    3. the day after the decision date of the latest suspension decided on or before
       ``on`` (violations on or before that date are used up). A suspension decided on
       ``on`` itself gives the empty window ``(on + 1 day, on)``.
    """
    return (
        _window_start(on, transferred_on, latest_suspension_decided(suspensions, on)),
        on,
    )


@lru_cache(maxsize=1024)
def _two_years_back(on: dt.date) -> dt.date:
    """The day after ``on`` minus two years (memoised: a batch shares one date)."""
    return minus_years(on, WINDOW_YEARS) + ONE_DAY


def _window_start(
    on: dt.date, transferred_on: dt.date | None, latest: SuspensionFact | None
) -> dt.date:
    start = _two_years_back(on)
    if transferred_on is not None and start < transferred_on <= on:
        start = transferred_on
    if latest is not None and latest.decided_on >= start:
        start = latest.decided_on + ONE_DAY
    return start


_DECISION_ORDER = attrgetter("violation_on", "decided_on", "reference", "violation_code")


def suspension_basis(
    decisions: Iterable[PointDecisionFact],
    on: dt.date,
    *,
    transferred_on: dt.date | None = None,
    suspensions: Iterable[SuspensionFact] = (),
) -> SuspensionBasis | None:
    """The suspension basis on ``on`` (alkoholforskriften § 10-2), or None.

    Counts the decisions decided on or before ``on``, with a violation date on or before
    ``on``, not before a transfer that happened on or before ``on``, and not used up by
    a suspension decided on or before ``on`` (violation date after its decision date).
    For each violation date v, the span is the day after v minus two years through v;
    the span with the most points (the latest on a tie) is the basis when its points
    reach 12. Example: 8 points for a violation on 2025-03-15 and 4 for one on
    2027-02-01 make a basis 2025-02-02..2027-02-01 of 12 points, on any later date.
    """
    latest = latest_suspension_decided(suspensions, on)
    return _suspension_basis(decisions, on, transferred_on, latest)


def _suspension_basis(
    decisions: Iterable[PointDecisionFact],
    on: dt.date,
    transferred_on: dt.date | None,
    latest: SuspensionFact | None,
) -> SuspensionBasis | None:
    floor = _basis_floor(on, transferred_on, latest)
    eligible = [
        d
        for d in decisions
        if d.decided_on <= on
        and d.violation_on <= on
        and (floor is None or d.violation_on >= floor)
    ]
    total = 0
    for d in eligible:
        total += d.points
    return _basis_of(eligible, total)


def _basis_floor(
    on: dt.date, transferred_on: dt.date | None, latest: SuspensionFact | None
) -> dt.date | None:
    """The first violation date the basis may count: the transfer date (a transfer on or
    before ``on``), or the day after the latest suspension's decision if that is later."""
    floor: dt.date | None = None
    if transferred_on is not None and transferred_on <= on:
        floor = transferred_on
    if latest is not None and (floor is None or latest.decided_on >= floor):
        floor = latest.decided_on + ONE_DAY
    return floor


def _basis_of(eligible: list[PointDecisionFact], total: int) -> SuspensionBasis | None:
    """The basis among the ``eligible`` decisions (sorted here), whose points add up to
    ``total``: the span with the most points, the latest on a tie, from 12 points."""
    if total < THRESHOLD:
        return None
    eligible.sort(key=_DECISION_ORDER)
    best: tuple[int, int, int, dt.date, dt.date] | None = None
    left = running = index = 0
    count = len(eligible)
    while index < count:
        # The span ending on this violation date takes every decision of that date.
        end_on = eligible[index].violation_on
        while index < count and eligible[index].violation_on == end_on:
            running += eligible[index].points
            index += 1
        start_on = _two_years_back(end_on)
        while eligible[left].violation_on < start_on:
            running -= eligible[left].points
            left += 1
        if best is None or running >= best[0]:  # on a tie the latest span
            best = (running, left, index, start_on, end_on)
    points, first, last, start_on, end_on = best  # type: ignore[misc]
    if points < THRESHOLD:
        return None
    return SuspensionBasis(
        window_start=start_on,
        window_end=end_on,
        decisions=tuple(eligible[first:last]),
        points=points,
        days=suspension_days(points),
    )


def points_in_window(
    decisions: Iterable[PointDecisionFact],
    on: dt.date,
    *,
    transferred_on: dt.date | None = None,
    suspensions: Iterable[SuspensionFact] = (),
    kind: str | None = None,
) -> PointsResult:
    """The points of a licence on ``on`` (alkoholforskriften §§ 10-1, 10-2).

    Counts the decisions decided on or before ``on`` whose violation date lies in
    ``points_window(on, transferred_on=..., suspensions=...)``. With ``kind`` given, a
    single-occasion or catering licence is outside the point system (§ 10-1): 0 points,
    never a candidate. ``kind=None`` means the caller has already checked the scope.
    """
    return _points_in_window(decisions, on, transferred_on, suspensions, kind, messages())


def _points_in_window(
    decisions: Iterable[PointDecisionFact],
    on: dt.date,
    transferred_on: dt.date | None,
    suspensions: Iterable[SuspensionFact],
    kind: str | None,
    tr: Messages,
) -> PointsResult:
    latest = latest_suspension_decided(suspensions, on) if suspensions else None
    start = _window_start(on, transferred_on, latest)
    end = on
    if kind is not None and not in_point_system(kind):
        return _outside_point_system(tr, start, end)
    if (
        not decisions
        and (transferred_on is None or start != transferred_on)
        and (latest is None or start != latest.decided_on + ONE_DAY)
    ):
        # No decisions and the plain two-year window: the shared result (as below).
        return _no_points(tr, start, end)

    counted = [
        decision
        for decision in decisions
        if decision.decided_on <= on and start <= decision.violation_on <= end
    ]
    if len(counted) > 1:
        counted.sort(key=_DECISION_ORDER)
    total = 0
    for decision in counted:
        total += decision.points
    transfer_starts_window = transferred_on is not None and start == transferred_on
    suspension_starts_window = latest is not None and start == latest.decided_on + ONE_DAY
    basis = _suspension_basis(decisions, on, transferred_on, latest)
    if (
        not counted
        and basis is None
        and not transfer_starts_window
        and not (suspension_starts_window)
    ):
        # The usual case (no points, the plain two-year window): one shared result.
        return _no_points(tr, start, end)
    candidate = basis is not None
    days = 0 if basis is None else basis.days
    return PointsResult(
        in_window=total,
        window_start=start,
        window_end=end,
        decisions=tuple(counted),
        revocation_candidate=candidate,
        suspension_days=days,
        in_point_system=True,
        reasons=_points_reasons(
            tr, total, start, end, transfer_starts_window, suspension_starts_window, latest, basis
        ),
        basis=basis,
    )


def _points_reasons(
    tr: Messages,
    total: int,
    start: dt.date,
    end: dt.date,
    transfer_starts_window: bool,
    suspension_starts_window: bool,
    latest: SuspensionFact | None,
    basis: SuspensionBasis | None,
) -> tuple[str, ...]:
    """The reasons of a ``PointsResult`` with points or a moved window."""
    days = 0 if basis is None else basis.days
    start_text = tr.date(start)
    end_text = tr.date(end)
    reasons = [
        tr.ngettext(
            "%(points)s point in the window %(start)s–%(end)s.",
            "%(points)s points in the window %(start)s–%(end)s.",
            total,
        )
        % {"points": total, "start": start_text, "end": end_text}
    ]
    if transfer_starts_window:
        reasons.append(
            tr.gettext(
                "The window starts on the transfer date %(date)s; earlier violations do not "
                "count (%(reference)s)."
            )
            % {"date": start_text, "reference": references.cite(TRANSFER_REFERENCE)}
        )
    if suspension_starts_window and latest is not None:
        reasons.append(
            tr.gettext(
                "Points for violations on or before %(date)s were used up by the suspension "
                "decided that day."
            )
            % {"date": tr.date(latest.decided_on)}
        )
    if basis is not None:
        reasons.append(
            tr.gettext(
                "%(points)s points for violations within two years of each other "
                "(%(first)s to %(last)s) reach the threshold of %(threshold)s points: "
                "suspension for %(days)s days (%(reference)s)."
            )
            % {
                "points": basis.points,
                "first": tr.date(basis.first_violation_on),
                "last": tr.date(basis.window_end),
                "threshold": THRESHOLD,
                "days": days,
                "reference": references.cite(POINTS_REFERENCE),
            }
        )
        if any(d.violation_on < start for d in basis.decisions):
            reasons.append(basis_explanation(tr))
    elif total >= APPROACHING_FROM:
        reasons.append(
            tr.gettext("%(remaining)s more points reach the threshold of %(threshold)s.")
            % {"remaining": THRESHOLD - total, "threshold": THRESHOLD}
        )
    return tuple(reasons)


_points_result = maker(PointsResult)


class PointsRule:
    """``points_in_window`` for many licences on one date in one language (the batch path
    of ``evaluate_licences``, docs/adr/0211): the same results, with the plain window, its
    shared results and the reasons that depend only on the points worked out once, and
    the points counted and the basis's decisions found in one pass over the decisions.
    ``tests/rules/test_batch_reference.py`` compares it with ``points_in_window``."""

    __slots__ = ("on", "tr", "plain_start", "no_points", "outside", "reasons_by_total")

    def __init__(self, on: dt.date, tr: Messages) -> None:
        self.on = on
        self.tr = tr
        self.plain_start = _two_years_back(on)
        self.no_points = _no_points(tr, self.plain_start, on)
        self.outside = _outside_point_system(tr, self.plain_start, on)
        # With the plain window and no basis, the reasons depend only on the points.
        self.reasons_by_total: dict[int, tuple[str, ...]] = {}

    def __call__(
        self,
        decisions: tuple[PointDecisionFact, ...],
        transferred_on: dt.date | None,
        suspensions: tuple[SuspensionFact, ...],
        kind: str | None,
    ) -> PointsResult:
        on = self.on
        start = self.plain_start
        latest = latest_suspension_decided(suspensions, on) if suspensions else None
        if transferred_on is not None or latest is not None:
            start = _window_start(on, transferred_on, latest)
        if kind is not None and kind not in POINT_SYSTEM_KINDS:
            in_point_system(kind)  # raises for an unknown kind
            if start == self.plain_start:
                return self.outside
            return _outside_point_system(self.tr, start, on)
        transfer_starts_window = transferred_on is not None and start == transferred_on
        suspension_starts_window = latest is not None and start == latest.decided_on + ONE_DAY
        plain = not transfer_starts_window and not suspension_starts_window
        if not decisions and plain:
            return self.no_points

        # The counted points (violation in the window) are among those the basis may
        # count (violation on or after its floor): the window never starts before the floor.
        floor = _basis_floor(on, transferred_on, latest)
        counted: list[PointDecisionFact] = []
        total = eligible_points = 0
        for decision in decisions:
            violation_on = decision.violation_on
            if (
                decision.decided_on <= on
                and violation_on <= on
                and (floor is None or violation_on >= floor)
            ):
                eligible_points += decision.points
                if violation_on >= start:
                    counted.append(decision)
                    total += decision.points
        basis = None
        if eligible_points >= THRESHOLD:  # else no span can reach the threshold
            basis = _basis_of(
                [
                    d
                    for d in decisions
                    if d.decided_on <= on
                    and d.violation_on <= on
                    and (floor is None or d.violation_on >= floor)
                ],
                eligible_points,
            )
        if not counted and basis is None and plain:
            return self.no_points
        if len(counted) > 1:
            counted.sort(key=_DECISION_ORDER)
        if plain and basis is None:
            reasons = self.reasons_by_total.get(total)
            if reasons is None:
                reasons = self.reasons_by_total[total] = _points_reasons(
                    self.tr, total, start, on, False, False, latest, None
                )
            return _points_result(total, start, on, tuple(counted), False, 0, True, reasons, None)
        return _points_result(
            total,
            start,
            on,
            tuple(counted),
            basis is not None,
            0 if basis is None else basis.days,
            True,
            _points_reasons(
                self.tr,
                total,
                start,
                on,
                transfer_starts_window,
                suspension_starts_window,
                latest,
                basis,
            ),
            basis,
        )


@dataclass(frozen=True, slots=True)
class FurtherPointsStep:
    """What further points lead to, for a new violation on or before ``until``.

    ``points`` are the points alive on the reference date (for violations on or after
    ``first_violation_on``) that such a violation lies within two years of (§ 10-2 third paragraph); ``needed`` more points reach the threshold and
    give a suspension of ``days_at_threshold`` days; an 8-point breach (the heaviest
    standard points, § 10-3) would give ``days_with_eight`` days (0: under the threshold)."""

    first_violation_on: dt.date
    until: dt.date
    points: int
    needed: int
    days_at_threshold: int
    days_with_eight: int


def last_day_combining(violation_on: dt.date) -> dt.date:
    """The last date a new violation still lies within two years of ``violation_on``: the
    latest v whose span (the day after v minus two years through v) contains it."""
    until = add_years(violation_on, WINDOW_YEARS)
    while minus_years(until, WINDOW_YEARS) >= violation_on:
        until -= ONE_DAY
    return until


def further_points(alive: Iterable[PointDecisionFact]) -> tuple[FurtherPointsStep, ...]:
    """What further points lead to (§ 10-2; the decision on points tells the holder):
    one step per date on which an alive point decision stops combining with new
    violations, in order of date (the first combines with every alive point). ``alive`` are the points alive on the reference date
    (``PointsResult.decisions``). Empty when nothing is alive: then 12 points within two
    years of each other are needed, as for any licence."""
    ordered = sorted(alive, key=_DECISION_ORDER)
    steps: list[FurtherPointsStep] = []
    dates = sorted({d.violation_on for d in ordered})
    for first in dates:
        points = sum(d.points for d in ordered if d.violation_on >= first)
        needed = max(THRESHOLD - points, 0)
        steps.append(
            FurtherPointsStep(
                first_violation_on=first,
                until=last_day_combining(first),
                points=points,
                needed=needed,
                days_at_threshold=suspension_days(max(points, THRESHOLD)),
                days_with_eight=suspension_days(points + 8) if points + 8 >= THRESHOLD else 0,
            )
        )
    return tuple(steps)


def basis_explanation(tr: Messages | None = None) -> str:
    """Why points older than two years still count towards a suspension."""
    if tr is None:
        tr = messages()
    return tr.gettext(
        "Points for violations more than two years ago still count: what decides is the "
        "time between the violations, not when the case is handled (%(reference)s third "
        "paragraph)."
    ) % {"reference": references.cite(POINTS_REFERENCE)}


# Results that many licences share (immutable, so shared safely), per language and window.
@lru_cache(maxsize=256)
def _outside_point_system(tr: Messages, start: dt.date, end: dt.date) -> PointsResult:
    return PointsResult(
        in_window=0,
        window_start=start,
        window_end=end,
        decisions=(),
        revocation_candidate=False,
        suspension_days=0,
        in_point_system=False,
        reasons=(
            tr.gettext(
                "Single-occasion and catering licences are outside the point system "
                "(%(reference)s)."
            )
            % {"reference": references.cite(SCOPE_REFERENCE)},
        ),
    )


@lru_cache(maxsize=256)
def _no_points(tr: Messages, start: dt.date, end: dt.date) -> PointsResult:
    return PointsResult(
        in_window=0,
        window_start=start,
        window_end=end,
        decisions=(),
        revocation_candidate=False,
        suspension_days=0,
        in_point_system=True,
        reasons=(
            tr.ngettext(
                "%(points)s point in the window %(start)s–%(end)s.",
                "%(points)s points in the window %(start)s–%(end)s.",
                0,
            )
            % {"points": 0, "start": tr.date(start), "end": tr.date(end)},
        ),
    )


def suspended_on(suspensions: Iterable[SuspensionFact], on: dt.date) -> RuleResult:
    """Whether a suspension (inndragning, § 10-6) is in force on ``on``.

    A suspension counts when it was decided on or before ``on`` and
    ``starts_on <= on <= ends_on``. Where several overlap, the latest decided is reported.
    """
    return _suspended_on(suspensions, on, messages())


NOT_SUSPENDED = RuleResult(
    code=SUSPENDED_CODE,
    outcome=False,
    reasons=(),
    legal_reference=SUSPENSION_REFERENCE,
    parameters=MappingProxyType({}),
)


def _suspended_on(suspensions: Iterable[SuspensionFact], on: dt.date, tr: Messages) -> RuleResult:
    current: SuspensionFact | None = None
    for suspension in suspensions:
        if (
            suspension.decided_on <= on
            and suspension.starts_on <= on <= suspension.ends_on
            and (current is None or suspension.decided_on > current.decided_on)
        ):
            current = suspension
    if current is None:
        return NOT_SUSPENDED
    return RuleResult(
        code=SUSPENDED_CODE,
        outcome=True,
        reasons=(suspension_message(current, tr),),
        legal_reference=SUSPENSION_REFERENCE,
        parameters={
            "decided_on": current.decided_on,
            "starts_on": current.starts_on,
            "ends_on": current.ends_on,
            "reference": current.reference,
        },
    )


def suspension_message(suspension: SuspensionFact, tr: Messages | None = None) -> str:
    """'Suspended from <start> through <end> (decided <date>).'"""
    if tr is None:
        tr = messages()
    return tr.gettext("Suspended from %(start)s through %(end)s (decided %(decided)s).") % {
        "start": tr.date(suspension.starts_on),
        "end": tr.date(suspension.ends_on),
        "decided": tr.date(suspension.decided_on),
    }
