"""Frozen context objects for letters.

A context holds everything one letter shows, as plain values (strings, dates, ints,
tuples and the small frozen records below). The caller gathers them (from the ORM, a
rule result, a form); the renderers never look anything up. Free-text fields
(assessments, observations, conditions) are written by the case officer in the letter's
language and printed as given: blank lines separate paragraphs.

All classes are keyword-only, so adding a field later never shifts a positional call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from licensing.rules.deadlines import APPEAL_WEEKS
from licensing.rules.points import FurtherPointsStep

LANGUAGES = ("nb", "nn", "en")

#: Licence kinds, as the project's stable codes (domain section 1).
LICENCE_KINDS = ("sales", "serving", "serving_part_year", "single_occasion", "catering")


# --- Building blocks ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    """The sending municipality. One installation may serve several municipalities."""

    name: str
    address_lines: tuple[str, ...]
    org_number: str
    email: str
    phone: str
    website: str
    logo_path: str | None = None


@dataclass(frozen=True, kw_only=True)
class Party:
    """The recipient: a company (with organisation number) or a person (without)."""

    name: str
    address_lines: tuple[str, ...]
    org_number: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseOfficer:
    name: str
    title: str
    email: str
    phone: str


@dataclass(frozen=True, kw_only=True)
class SeminarPerson:
    """A person the seminar condition applies to: ``role`` is ``manager`` or ``deputy``;
    ``deadline`` None means a valid attendance already covers the person."""

    role: str
    name: str
    deadline: date | None


@dataclass(frozen=True, kw_only=True)
class AppealInfo:
    """Where an appeal ends up (alkoholloven § 1-16) and the deadline (fvl. § 29)."""

    body_name: str = "Statsforvalteren"
    deadline_weeks: int = APPEAL_WEEKS


@dataclass(frozen=True, kw_only=True)
class GroupHours:
    """Sales or serving hours for one alcohol group (alkoholloven §§ 3-7, 4-4).

    ``closes`` at 00:00 is printed as 24:00 (closing at midnight). ``days`` is an
    optional note in the letter's language, e.g. "Monday to Friday".
    """

    group: int
    opens: time
    closes: time
    days: str = ""


@dataclass(frozen=True, kw_only=True)
class ViolationPoints:
    """One breach found at an inspection and the points for it (alkoholforskriften § 10-3).

    ``code`` is the catalogue code (e.g. ``sale_to_minor``); ``name`` and
    ``legal_reference`` are the catalogue's label and reference in the letter's language.
    ``points`` is the number proposed (advance notice) or decided (decision).
    """

    code: str
    name: str
    legal_reference: str
    standard_points: int
    points: int
    observation: str = ""


@dataclass(frozen=True, kw_only=True)
class PointDecisionLine:
    """One earlier point decision that a suspension rests on."""

    violation: str
    violation_on: date
    points: int
    reference: str
    decided_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class DecisionMaker:
    """Who made an individual decision and when (domain section 2; alkoholloven § 1-16:
    the appeal body checks it was made by the right body).

    ``body_kind`` is ``council``, ``committee``, ``chief_executive`` or ``officer`` (empty:
    not recorded, e.g. an imported decision). ``body_name`` is the body as the municipality
    writes it (empty: the standard name of the kind). A council or committee decision
    cites its case number, a delegated one the delegation it was made under.
    ``decided_by`` is the person who made (or, for a political body, recorded) it.
    """

    decided_on: date
    body_kind: str = ""
    body_name: str = ""
    delegation_reference: str = ""
    body_case_number: str = ""
    decided_by: str = ""

    @property
    def political(self) -> bool:
        return self.body_kind in ("council", "committee")


@dataclass(frozen=True, kw_only=True)
class HearingStatement:
    """What one hearing body said (alkoholloven § 1-7) and, when it was sent to the
    applicant for comment (forvaltningsloven § 17 second paragraph), that step: when, the
    deadline, and the applicant's comment (its date and gist) if one came."""

    #: The body in the letter's language, e.g. "the police".
    body: str
    replied_on: date | None
    gist: str
    sent_for_comment_on: date | None = None
    comment_deadline: date | None = None
    comment_received_on: date | None = None
    comment: str = ""


# --- Letter contexts ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LetterContext:
    """Fields every letter has."""

    letterhead: Letterhead
    recipient: Party
    our_reference: str
    letter_date: date
    case_officer: CaseOfficer
    your_reference: str = ""
    language: str = "nb"
    copy_to: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {self.language!r}")


@dataclass(frozen=True, kw_only=True)
class DecisionContext(LetterContext):
    """An individual decision (enkeltvedtak): it carries the appeal information and who
    made the decision (``made``; None only for letters built without a record)."""

    appeal: AppealInfo = field(default_factory=AppealInfo)
    made: DecisionMaker | None = None


def _check_kind(kind: str) -> None:
    if kind not in LICENCE_KINDS:
        raise ValueError(f"kind must be one of {LICENCE_KINDS}, got {kind!r}")


def _check_violations(violations: tuple[ViolationPoints, ...], deviation_reason: str) -> None:
    codes = [violation.code for violation in violations]
    if not violations:
        raise ValueError("at least one violation is required")
    if len(set(codes)) != len(codes):
        # alkoholforskriften § 10-2: similar breaches at one inspection count once.
        raise ValueError(f"each catalogue code may appear once per inspection, got {codes}")
    deviates = any(v.points != v.standard_points for v in violations)
    if deviates and not deviation_reason.strip():
        raise ValueError(
            "points deviate from the standard; a written justification (deviation_reason) "
            "is required (alkoholforskriften § 10-4)"
        )


@dataclass(frozen=True, kw_only=True)
class LicenceGrantedContext(DecisionContext):
    """Decision granting a licence. The recipient is the licence holder."""

    licence_number: str
    kind: str
    groups: tuple[int, ...]
    hours: tuple[GroupHours, ...]
    premises_name: str
    premises_address: str
    area: str
    valid_from: date
    valid_to: date
    application_received_on: date
    manager_name: str | None = None
    deputy_name: str | None = None
    conditions: str = ""
    #: None: the decision carries no seminar condition.
    seminar_deadline: date | None = None
    #: The seminar condition per person (manager, deputy), from the same rule the
    #: compliance engine uses (``licensing.rules.seminar.seminar_compliance``).
    seminar_persons: tuple[SeminarPerson, ...] = ()
    #: Single-occasion and catering licences: the fee per occasion (kroner, as text), if
    #: the fee rates of the year are known.
    fee_per_occasion: str | None = None
    hearing_bodies: tuple[str, ...] = ()
    #: The main considerations (fvl. § 25). Empty: a standard text is used.
    assessment: str = ""
    #: True when the decision approves a new manager or deputy of an existing licence
    #: (alkoholloven § 1-7c): the letter approves the persons instead of granting a licence.
    manager_change: bool = False
    #: The decision's own legal references where the case officer changed the standard ones.
    legal_references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_kind(self.kind)
        if self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        if self.manager_change and not (self.manager_name or self.deputy_name):
            raise ValueError("a manager change names the manager or the deputy")


@dataclass(frozen=True, kw_only=True)
class ApplicationRefusedContext(DecisionContext):
    """Decision refusing an application. The recipient is the applicant."""

    kind: str
    premises_name: str
    premises_address: str
    application_received_on: date
    #: What the municipality found (fvl. § 25 second paragraph).
    facts: str
    #: The main considerations (fvl. § 25 third paragraph).
    assessment: str
    hearing_bodies: tuple[str, ...] = ()
    #: References beyond alkoholloven §§ 1-7 and 1-7a, e.g. ("alkoholloven § 1-7b",).
    legal_references: tuple[str, ...] = ()
    #: True when the application was to approve a new manager or deputy of an existing
    #: licence (alkoholloven § 1-7c): the letter refuses the persons, not a licence.
    manager_change: bool = False
    #: The existing licence (manager change) and the persons applied for.
    licence_number: str = ""
    manager_name: str | None = None
    deputy_name: str | None = None
    #: What each hearing body said, and the applicant's chance to comment on it.
    statements: tuple[HearingStatement, ...] = ()
    #: Why the statements were not sent to the applicant for comment (fvl. § 17).
    comment_skipped_reason: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_kind(self.kind)
        if not self.facts.strip() or not self.assessment.strip():
            raise ValueError("a refusal needs both facts and assessment (fvl. § 25)")
        for statement in self.statements:
            if statement.comment_received_on and not statement.comment.strip():
                raise ValueError("a comment received needs its gist")


@dataclass(frozen=True, kw_only=True)
class PointsAdvanceNoticeContext(LetterContext):
    licence_number: str
    premises_name: str
    #: The inspection date, or the date of a breach found outside an inspection.
    inspection_on: date
    findings: tuple[ViolationPoints, ...]
    comment_deadline: date
    inspection_reference: str = ""
    #: False: a breach the municipality registered itself (a late sales report or fee),
    #: not found at an inspection; the letter then says so.
    from_inspection: bool = True
    deviation_reason: str = ""
    #: Points already decided in the current two-year window, if worth telling.
    points_in_window: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_violations(self.findings, self.deviation_reason)

    @property
    def proposed_points(self) -> int:
        return sum(finding.points for finding in self.findings)


@dataclass(frozen=True, kw_only=True)
class PointsDecisionContext(DecisionContext):
    """Decision on penalty points for one inspection. The recipient is the holder."""

    licence_number: str
    premises_name: str
    #: The inspection date, or the date of a breach found outside an inspection.
    inspection_on: date
    violations: tuple[ViolationPoints, ...]
    #: Points in the window on the decision date, including the points decided now.
    total_points_in_window: int
    window_starts_on: date
    window_ends_on: date
    inspection_reference: str = ""
    from_inspection: bool = True
    deviation_reason: str = ""
    advance_notice_on: date | None = None
    #: The gist of the holder's comments on the advance notice; empty if none came.
    holder_comments: str = ""
    assessment: str = ""
    suspension_threshold: int = 12
    #: What further points lead to (``licensing.rules.points.further_points`` over the
    #: points alive on the decision date).
    further: tuple[FurtherPointsStep, ...] = ()
    #: A suspension basis exists on the decision date (12 points within two years of
    #: each other, possibly older than the window).
    suspension_due: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_violations(self.violations, self.deviation_reason)
        if self.total_points_in_window < self.points_decided:
            raise ValueError("total_points_in_window is less than the points decided now")

    @property
    def points_decided(self) -> int:
        return sum(violation.points for violation in self.violations)

    @property
    def points_to_suspension(self) -> int:
        """How many more points in the window lead to suspension (0: reached)."""
        return max(self.suspension_threshold - self.total_points_in_window, 0)


def _check_point_decisions(lines: tuple[PointDecisionLine, ...], total_points: int) -> None:
    if not lines:
        raise ValueError("a suspension rests on at least one point decision")
    if sum(line.points for line in lines) != total_points:
        raise ValueError("total_points is not the sum of the point decisions listed")


@dataclass(frozen=True, kw_only=True)
class SuspensionAdvanceNoticeContext(LetterContext):
    licence_number: str
    premises_name: str
    point_decisions: tuple[PointDecisionLine, ...]
    total_points: int
    window_starts_on: date
    window_ends_on: date
    proposed_days: int
    comment_deadline: date
    proposed_starts_on: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_point_decisions(self.point_decisions, self.total_points)


@dataclass(frozen=True, kw_only=True)
class SuspensionDecisionContext(DecisionContext):
    """Decision on suspension (inndragning). The recipient is the holder."""

    licence_number: str
    premises_name: str
    point_decisions: tuple[PointDecisionLine, ...]
    total_points: int
    window_starts_on: date
    window_ends_on: date
    days: int
    #: First and last day of the suspension, both inclusive.
    starts_on: date
    ends_on: date
    #: The decision date, to tell whether the start lies within four weeks of it.
    suspension_decided_on: date | None = None
    advance_notice_on: date | None = None
    holder_comments: str = ""
    assessment: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_point_decisions(self.point_decisions, self.total_points)
        if (self.ends_on - self.starts_on).days + 1 != self.days:
            raise ValueError(
                f"starts_on {self.starts_on} to ends_on {self.ends_on} (inclusive) "
                f"is not {self.days} days"
            )


@dataclass(frozen=True, kw_only=True)
class SeminarConfirmationContext(LetterContext):
    participants: tuple[str, ...]
    session_title: str
    #: Local (Europe/Oslo) wall-clock times, printed as given.
    starts_at: datetime
    place: str
    private_link: str
    ends_at: datetime | None = None
    premises_name: str = ""
    licence_number: str = ""


@dataclass(frozen=True, kw_only=True)
class AttendanceCertificateContext(LetterContext):
    person_name: str
    seminar_title: str
    attended_on: date
    valid_until: date
