"""Penalty points and suspension (prikktildeling og inndragning, alkoholforskriften ch. 10).

The law as the system applies it:

- Scope (§ 10-1): sales and serving licences (``sales``, ``serving``,
  ``serving_part_year``). Single-occasion and catering licences are outside the point
  system: 0 points, never a candidate for suspension, no point flags.
- Window (§ 10-2): two years, counted by violation dates. On reference date D the window
  runs from the day after D minus two years through D; D minus two years of 29 February
  is 28 February. Only decided points count (decision date on or before D).
- Renewal does not reset the window. A transfer (alkoholloven § 1-10) starts a new window
  on the transfer date: violations before it do not count.
- Threshold (§ 10-2): 12 points in the window lead to suspension (inndragning) for one
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
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from types import MappingProxyType

from . import references
from .base import RuleResult
from .dates import ONE_DAY, minus_years
from .i18n import Messages, messages

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
class PointsResult:
    """The points of one licence on ``window_end`` (the reference date).

    ``decisions`` are the counted point decisions, oldest violation first (ties: decision
    date, reference, violation code). ``window_start`` may be ``window_end`` + 1 day (an
    empty window) when a suspension was decided on the reference date itself.
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
        return self.in_point_system and approaching_threshold(self.in_window)


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
    if not counted and not transfer_starts_window and not suspension_starts_window:
        # The usual case (no points, the plain two-year window): one shared result.
        return _no_points(tr, start, end)
    candidate = total >= THRESHOLD
    days = suspension_days(total)

    start_iso = start.isoformat()
    end_iso = end.isoformat()
    reasons = [
        tr.ngettext(
            "%(points)s point in the window %(start)s–%(end)s.",
            "%(points)s points in the window %(start)s–%(end)s.",
            total,
        )
        % {"points": total, "start": start_iso, "end": end_iso}
    ]
    if transfer_starts_window:
        reasons.append(
            tr.gettext(
                "The window starts on the transfer date %(date)s; earlier violations do not "
                "count (%(reference)s)."
            )
            % {"date": start_iso, "reference": references.cite(TRANSFER_REFERENCE)}
        )
    if suspension_starts_window and latest is not None:
        reasons.append(
            tr.gettext(
                "Points for violations on or before %(date)s were used up by the suspension "
                "decided that day."
            )
            % {"date": latest.decided_on.isoformat()}
        )
    if candidate:
        reasons.append(
            tr.gettext(
                "That reaches the threshold of %(threshold)s points: suspension for "
                "%(days)s days (%(reference)s)."
            )
            % {"threshold": THRESHOLD, "days": days, "reference": references.cite(POINTS_REFERENCE)}
        )
    elif total >= APPROACHING_FROM:
        reasons.append(
            tr.gettext("%(remaining)s more points reach the threshold of %(threshold)s.")
            % {"remaining": THRESHOLD - total, "threshold": THRESHOLD}
        )
    return PointsResult(
        in_window=total,
        window_start=start,
        window_end=end,
        decisions=tuple(counted),
        revocation_candidate=candidate,
        suspension_days=days,
        in_point_system=True,
        reasons=tuple(reasons),
    )


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
            % {"points": 0, "start": start.isoformat(), "end": end.isoformat()},
        ),
    )


def suspended_on(suspensions: Iterable[SuspensionFact], on: dt.date) -> RuleResult:
    """Whether a suspension (inndragning, § 10-6) is in force on ``on``.

    A suspension counts when it was decided on or before ``on`` and
    ``starts_on <= on <= ends_on``. Where several overlap, the latest decided is reported.
    """
    return _suspended_on(suspensions, on, messages())


_NOT_SUSPENDED = RuleResult(
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
        return _NOT_SUSPENDED
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
        "start": suspension.starts_on.isoformat(),
        "end": suspension.ends_on.isoformat(),
        "decided": suspension.decided_on.isoformat(),
    }
