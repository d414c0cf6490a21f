"""Every rule for one licence on one date, the flags, and the JSON format rule-evaluation/2.

Flags (stable codes; more may be added, these keep their meaning):

- ``revocation_candidate``: there is a suspension basis, a span of violation dates within
  two years of each other with 12 points or more (alkoholforskriften § 10-2);
- ``approaching_threshold``: 8 to 11 points alive on the date and no basis (§ 10-2);
- ``seminar_overdue`` / ``seminar_due``: the seminar condition's earliest deadline is
  before the date / on it or within the warning days after it (licence condition);
- ``not_inspected_this_year``: an active sales or serving licence with no inspection in the
  calendar year of the date (alkoholforskriften § 9-7);
- ``suspended``: a suspension decided on or before the date covers the date (§ 10-6).

Single-occasion and catering licences are outside the point system (§ 10-1): their points
are 0, never a candidate, and they get no point flags.

The JSON licence object (``to_json_dict``)::

    {"licence_number": "2024-017", "municipality": "972418013", "status": "active",
     "points": {"in_window": 4, "window_start": "2024-11-23", "window_end": "2026-11-22",
                "decisions": [{"violation": "hours_violation",
                               "violation_date": "2026-06-14", "points": 4}],
                "revocation_candidate": true, "suspension_points": 12,
                "suspension_days": 7,
                "basis": {"window_start": "2024-06-15", "window_end": "2026-06-14",
                          "decisions": [...]}},
     "seminar": {"status": "overdue", "deadline": "2025-03-15",
                 "missing": [{"role": "deputy", "name": "Ola Nordmann"}]},
     "flags": [{"code": "revocation_candidate", "message": "...",
                "legal_reference": "alkoholforskriften § 10-2"}]}

Dates are ISO strings; ``seminar.deadline`` is null when not required or compliant. The
document (``evaluation_document``) is ``{"format": "rule-evaluation/2", "date": ...,
"licences": [...]}`` with the licences in licence-number order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .base import Flag, RuleResult
from .i18n import Messages, messages
from .inspection import InspectionRule, _not_inspected_this_year
from .makers import maker
from .points import (
    APPROACHING_FROM,
    NOT_SUSPENDED,
    OUTSIDE_POINT_SYSTEM_KINDS,
    POINT_SYSTEM_KINDS,
    POINTS_REFERENCE,
    THRESHOLD,
    PointDecisionFact,
    PointsResult,
    PointsRule,
    SuspensionFact,
    _points_in_window,
    _suspended_on,
    basis_explanation,
)
from .seminar import (
    DEFAULT_POLICY,
    DUE,
    OVERDUE,
    ROLES,
    AttendanceFact,
    MissingPerson,
    RequiredPersonFact,
    SeminarPolicy,
    SeminarResult,
    SeminarRule,
    _seminar_compliance,
    role_label,
)

FORMAT = "rule-evaluation/2"

REVOCATION_CANDIDATE = "revocation_candidate"
APPROACHING_THRESHOLD = "approaching_threshold"
SEMINAR_OVERDUE = "seminar_overdue"
SEMINAR_DUE = "seminar_due"
NOT_INSPECTED_THIS_YEAR = "not_inspected_this_year"
SUSPENDED = "suspended"
# In the order flags are listed.
FLAG_CODES = (
    REVOCATION_CANDIDATE,
    APPROACHING_THRESHOLD,
    SEMINAR_OVERDUE,
    SEMINAR_DUE,
    NOT_INSPECTED_THIS_YEAR,
    SUSPENDED,
)


@dataclass(frozen=True, slots=True)
class LicenceFacts:
    """Everything the rules need to know about one licence, gathered by a selector.

    ``point_decisions`` are decided point decisions only; ``attendances`` are attendances
    marked by a case officer; ``persons`` are the current manager and deputy.
    """

    licence_id: int | str
    number: str
    municipality_org_number: str
    kind: str
    status: str
    granted_on: dt.date
    transferred_on: dt.date | None = None
    seminar_required: bool = False
    point_decisions: tuple[PointDecisionFact, ...] = ()
    suspensions: tuple[SuspensionFact, ...] = ()
    persons: tuple[RequiredPersonFact, ...] = ()
    attendances: tuple[AttendanceFact, ...] = ()
    inspection_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class LicenceEvaluation:
    """The result of every rule for ``facts`` on ``on``, and the flags they raise."""

    facts: LicenceFacts
    on: dt.date
    points: PointsResult
    seminar: SeminarResult
    inspection: RuleResult
    suspension: RuleResult
    flags: tuple[Flag, ...]

    @property
    def licence_id(self) -> int | str:
        return self.facts.licence_id

    @property
    def number(self) -> str:
        return self.facts.number

    @property
    def status(self) -> str:
        return self.facts.status

    @property
    def municipality_org_number(self) -> str:
        return self.facts.municipality_org_number

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)


def evaluate_licence(
    facts: LicenceFacts, on: dt.date, policy: SeminarPolicy = DEFAULT_POLICY
) -> LicenceEvaluation:
    """Run every rule for one licence on ``on`` and collect its flags (see module doc).

    Raises ``ValueError`` for an unknown licence kind.
    """
    return _evaluate(facts, on, policy, messages())


def evaluate_licences(
    facts: Iterable[LicenceFacts], on: dt.date, policy: SeminarPolicy = DEFAULT_POLICY
) -> list[LicenceEvaluation]:
    """``evaluate_licence`` for each licence, in the order given: the same results, through
    the batch path (``LicenceEvaluator``, docs/adr/0211)."""
    return LicenceEvaluator(on, policy, messages()).many(facts)


def _evaluate(
    facts: LicenceFacts, on: dt.date, policy: SeminarPolicy, tr: Messages
) -> LicenceEvaluation:
    kind = facts.kind
    points = _points_in_window(
        facts.point_decisions, on, facts.transferred_on, facts.suspensions, kind, tr
    )
    seminar = _seminar_compliance(
        kind,
        facts.seminar_required,
        facts.granted_on,
        facts.persons,
        facts.attendances,
        on,
        policy,
        tr,
    )
    inspection = _not_inspected_this_year(kind, facts.status, facts.inspection_dates, on, tr)
    suspension = _suspended_on(facts.suspensions, on, tr)
    return LicenceEvaluation(
        facts=facts,
        on=on,
        points=points,
        seminar=seminar,
        inspection=inspection,
        suspension=suspension,
        flags=_flags(points, seminar, inspection, suspension, on, tr),
    )


_licence_evaluation = maker(LicenceEvaluation)


class LicenceEvaluator:
    """``evaluate_licence`` for many licences on one date with one seminar policy in the
    active language: the same results, through the batch versions of the rules
    (``PointsRule``, ``SeminarRule``, ``InspectionRule``), which work out what the batch
    shares once, and with the results built by ``maker`` (docs/adr/0211).
    ``tests/rules/test_batch_reference.py`` compares it with ``evaluate_licence``."""

    __slots__ = (
        "on",
        "tr",
        "texts",
        "points",
        "seminar",
        "inspection",
        "no_points",
        "outside",
        "without_condition",
        "inspections",
    )

    def __init__(self, on: dt.date, policy: SeminarPolicy, tr: Messages) -> None:
        self.on = on
        self.tr = tr
        self.texts = _flag_texts(tr)
        points = PointsRule(on, tr)
        seminar = SeminarRule(on, policy, tr)
        # Bound methods: called 20,000 times, cheaper than calling the objects.
        self.points = points.__call__
        self.seminar = seminar.__call__
        self.inspection = InspectionRule(on, tr).__call__
        # The results of most licences, which the rules return first thing (below).
        self.no_points = points.no_points
        self.outside = points.outside
        self.without_condition = seminar.without_condition
        self.inspections: dict[tuple[str, str, tuple[dt.date, ...]], RuleResult] = {}

    def __call__(self, facts: LicenceFacts) -> LicenceEvaluation:
        return self.many((facts,))[0]

    def many(self, licences: Iterable[LicenceFacts]) -> list[LicenceEvaluation]:
        """``[self(facts) for facts in licences]``: one loop with what every licence uses
        held in local names, rather than a call and those lookups per licence."""
        on = self.on
        tr = self.tr
        texts = self.texts
        points_rule = self.points
        seminar_rule = self.seminar
        inspection_rule = self.inspection
        no_points = self.no_points
        outside = self.outside
        without_condition = self.without_condition
        inspections = self.inspections
        known_inspection = inspections.get
        evaluations: list[LicenceEvaluation] = []
        append = evaluations.append
        for facts in licences:
            kind = facts.kind
            suspensions = facts.suspensions
            decisions = facts.point_decisions
            transferred_on = facts.transferred_on
            if (
                transferred_on is None
                and not suspensions
                and not decisions
                and kind in POINT_SYSTEM_KINDS
            ):
                points = no_points  # as PointsRule returns it: the plain window, no points
            elif transferred_on is None and not suspensions and kind in OUTSIDE_POINT_SYSTEM_KINDS:
                points = outside  # as PointsRule returns it: the plain window, outside
            else:
                points = points_rule(decisions, transferred_on, suspensions, kind)
            if facts.seminar_required:
                seminar = seminar_rule(
                    kind, True, facts.granted_on, facts.persons, facts.attendances
                )
            else:
                seminar = without_condition  # as SeminarRule returns it
            # The result depends on these three only (at most one inspection date from the
            # engine): one call of the rule per distinct triple.
            # (Facts built by hand may hold a list: not a key, so the rule is called.)
            inspection_dates = facts.inspection_dates
            if type(inspection_dates) is tuple:
                inspection_key = (kind, facts.status, inspection_dates)
                inspection = known_inspection(inspection_key)
                if inspection is None:
                    inspection = inspections[inspection_key] = inspection_rule(*inspection_key)
            else:
                inspection = inspection_rule(kind, facts.status, inspection_dates)
            suspension = _suspended_on(suspensions, on, tr) if suspensions else NOT_SUSPENDED
            flags: tuple[Flag, ...] = ()
            if (
                inspection.outcome
                or seminar.status in _FLAGGED_SEMINAR_STATUSES
                or suspension.outcome
                or (
                    points.in_point_system
                    and (points.basis is not None or points.in_window >= APPROACHING_FROM)
                )
            ):
                # Only then can ``_flags`` raise one (most licences raise none).
                flags = _flags(points, seminar, inspection, suspension, on, tr, texts)
            append(_licence_evaluation(facts, on, points, seminar, inspection, suspension, flags))
        return evaluations


_FLAGGED_SEMINAR_STATUSES = frozenset({OVERDUE, DUE})


class _FlagTexts:
    """The translated templates and role names the flags are worded with, looked up once
    per language (``_flag_texts``) rather than for each flagged licence."""

    __slots__ = (
        "tr",
        "revocation",
        "approaching",
        "overdue",
        "due_today",
        "summary",
        "role_labels",
        "explanation",
    )

    def __init__(self, tr: Messages) -> None:
        self.tr = tr
        self.revocation = tr.gettext(
            "%(points)s points for violations within two years (%(first)s to %(last)s) "
            "reach the threshold of %(threshold)s: suspension for %(days)s days."
        )
        self.approaching = tr.gettext(
            "%(points)s points in the window %(start)s–%(end)s: %(remaining)s more "
            "reach the threshold of %(threshold)s."
        )
        self.overdue = tr.gettext(
            "The seminar deadline %(deadline)s has passed; missing: %(missing)s."
        )
        self.due_today = tr.gettext(
            "The seminar deadline is today, %(deadline)s; missing: %(missing)s."
        )
        # As ``missing_summary`` words it.
        self.summary = tr.gettext("%(name)s (%(role)s, by %(deadline)s)")
        self.role_labels = {role: role_label(role, tr) for role in ROLES}
        self.explanation = basis_explanation(tr)

    def missing(self, missing: Sequence[MissingPerson]) -> str:
        """``missing_summary(missing, tr)``."""
        template = self.summary
        labels = self.role_labels
        date = self.tr.date
        if len(missing) == 1:  # most often (the join of one item, without the generator)
            (p,) = missing
            return template % {
                "name": p.name,
                "role": labels.get(p.role, p.role),
                "deadline": date(p.deadline),
            }
        return ", ".join(
            template
            % {
                "name": p.name,
                "role": labels.get(p.role, p.role),  # as role_label
                "deadline": date(p.deadline),
            }
            for p in missing
        )


@lru_cache(maxsize=16)
def _flag_texts(tr: Messages) -> _FlagTexts:
    return _FlagTexts(tr)


def _flags(
    points: PointsResult,
    seminar: SeminarResult,
    inspection: RuleResult,
    suspension: RuleResult,
    on: dt.date,
    tr: Messages,
    texts: _FlagTexts | None = None,
) -> tuple[Flag, ...]:
    """The flags the results raise, in the order of ``FLAG_CODES``. ``texts``: the
    templates of ``tr``'s language (looked up when not given)."""
    if texts is None:
        texts = _flag_texts(tr)
    flags: list[Flag] = []
    total = points.in_window
    basis = points.basis
    if points.in_point_system and basis is not None:
        message = texts.revocation % {
            "points": basis.points,
            "first": tr.date(basis.first_violation_on),
            "last": tr.date(basis.window_end),
            "threshold": THRESHOLD,
            "days": basis.days,
        }
        if points.basis_outside_window:
            message = f"{message} {texts.explanation}"
        flags.append(_new_flag(REVOCATION_CANDIDATE, message, POINTS_REFERENCE))
    elif points.in_point_system and total >= APPROACHING_FROM:
        values = {
            "points": total,
            "start": tr.date(points.window_start),
            "end": tr.date(points.window_end),
            "threshold": THRESHOLD,
        }
        values["remaining"] = THRESHOLD - total
        flags.append(_new_flag(APPROACHING_THRESHOLD, texts.approaching % values, POINTS_REFERENCE))
    status = seminar.status
    deadline = seminar.deadline
    if status == OVERDUE and deadline is not None:
        flags.append(
            _new_flag(
                SEMINAR_OVERDUE,
                texts.overdue
                % {"deadline": tr.date(deadline), "missing": texts.missing(seminar.missing)},
                seminar.legal_reference,
            )
        )
    elif status == DUE and deadline is not None:
        days = (deadline - on).days
        if days == 0:
            template = texts.due_today
        else:
            template = tr.ngettext(
                "The seminar deadline is %(deadline)s, in %(days)s day; missing: %(missing)s.",
                "The seminar deadline is %(deadline)s, in %(days)s days; missing: %(missing)s.",
                days,
            )
        flags.append(
            _new_flag(
                SEMINAR_DUE,
                template
                % {
                    "deadline": tr.date(deadline),
                    "days": days,
                    "missing": texts.missing(seminar.missing),
                },
                seminar.legal_reference,
            )
        )
    if inspection.outcome:
        flags.append(
            _flag(NOT_INSPECTED_THIS_YEAR, inspection.reasons[0], inspection.legal_reference)
        )
    if suspension.outcome:
        flags.append(_flag(SUSPENDED, suspension.reasons[0], suspension.legal_reference))
    return tuple(flags) if flags else ()


# Flags whose message many licences share (the same date and wording): one object each.
_flag = lru_cache(maxsize=1024)(Flag)
# The others, one per flagged licence (the seminar flags name the missing persons), built
# as ``Flag(...)`` builds them, without the frozen dataclass's ``__init__`` (docs/adr/0228).
_new_flag = maker(Flag)


def _decisions_json(decisions) -> list[dict[str, Any]]:
    return [
        {
            "violation": decision.violation_code,
            "violation_date": decision.violation_on.isoformat(),
            "points": decision.points,
        }
        for decision in decisions
    ]


def basis_json(points: PointsResult) -> dict[str, Any] | None:
    """The ``points.basis`` object of rule-evaluation/2, or None without a basis."""
    basis = points.basis
    if basis is None:
        return None
    return {
        "window_start": basis.window_start.isoformat(),
        "window_end": basis.window_end.isoformat(),
        "decisions": _decisions_json(basis.decisions),
    }


def to_json_dict(evaluation: LicenceEvaluation) -> dict[str, Any]:
    """The licence object of rule-evaluation/2 (see module docstring): JSON-ready values."""
    points = evaluation.points
    seminar = evaluation.seminar
    deadline = seminar.deadline
    return {
        "licence_number": evaluation.facts.number,
        "municipality": evaluation.facts.municipality_org_number,
        "status": evaluation.facts.status,
        "points": {
            "in_window": points.in_window,
            "window_start": points.window_start.isoformat(),
            "window_end": points.window_end.isoformat(),
            "decisions": _decisions_json(points.decisions),
            "revocation_candidate": points.revocation_candidate,
            "suspension_points": points.suspension_points,
            "suspension_days": points.suspension_days,
            "basis": basis_json(points),
        },
        "seminar": {
            "status": seminar.status,
            "deadline": None if deadline is None else deadline.isoformat(),
            "missing": [{"role": person.role, "name": person.name} for person in seminar.missing],
        },
        "flags": [
            {"code": flag.code, "message": flag.message, "legal_reference": flag.legal_reference}
            for flag in evaluation.flags
        ],
    }


def _document_order(evaluation: LicenceEvaluation) -> tuple[str, str, str]:
    facts = evaluation.facts
    return (facts.number, facts.municipality_org_number, str(facts.licence_id))


def evaluation_document(on: dt.date, evaluations: Iterable[LicenceEvaluation]) -> dict[str, Any]:
    """The whole rule-evaluation/2 document for ``on``, licences in licence-number order
    (ties, e.g. equal numbers in two municipalities: organisation number, licence id).

    Raises ``ValueError`` if an evaluation was made on another date.
    """
    ordered = sorted(evaluations, key=_document_order)
    for evaluation in ordered:
        if evaluation.on != on:
            raise ValueError(
                f"licence {evaluation.facts.number} was evaluated on {evaluation.on}, not {on}"
            )
    return {
        "format": FORMAT,
        "date": on.isoformat(),
        "licences": [to_json_dict(evaluation) for evaluation in ordered],
    }
