"""The records letters are about, and which letters each can have.

| URL segment | record | letters |
|---|---|---|
| ``vedtak`` | ``licensing.Decision`` | licence granted, or application refused |
| ``prikker`` | ``inspections.PointDecision`` | advance notice of points (once notified), decision on points (once decided) |
| ``inndragning`` | ``inspections.Suspension`` | advance notice of suspension (once notified), suspension decision (once decided) |
| ``pamelding`` | ``seminars.Registration`` | confirmation (while confirmed) |
| ``kursbevis`` | ``seminars.Attendance`` | certificate of attendance |
| ``gebyr`` | ``fees.FeeYear`` | request for the sales report, reminder, fee statement |
| ``skjonn`` | ``fees.FeeEstimate`` | decision setting the volume by estimate |

Point decisions are one row per breach, but one advance notice or one decision covers
every breach of an inspection notified or decided together. The letter hangs on the
group's first row (lowest id): ``canonical_source``. Groups (``builders.points``):

- advance notice: same licence, inspection and notice date;
- decision: same licence, inspection, decision date and reference (decided only);
- a breach outside an inspection (a late fee, a missing sales report) is its own group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from fees.models import FeeEstimate, FeeYear
from inspections.models import PointDecision, PointDecisionStatus, Suspension, SuspensionStatus
from licensing.models import CaseKind, Decision, DecisionOutcome, Municipality
from licensing.services.case_numbers import case_open
from seminars.models import Attendance, Registration, RegistrationStatus

from . import fees_builders
from .builders import licences as licence_letters
from .builders import points as point_letters
from .builders import seminars as seminar_letters
from .builders.points import point_decision_group, point_letter_kinds
from .context import LetterContext
from .models import LetterKind

K = LetterKind


@dataclass(frozen=True)
class SourceType:
    slug: str
    model: type[Model]
    label: Any  # lazy translation
    #: Lookup path from the record to its municipality (for ``scope_to_officer``).
    municipality_field: str
    select_related: tuple[str, ...]
    #: The letters the record can have now.
    kinds: Callable[[Any], list[str]]
    #: The letter ``issue_letters`` issues for the record now, if any.
    due_kind: Callable[[Any], str | None]
    build: Callable[..., LetterContext]
    #: Called with (record, kind, letter, actor) when the first version of a letter is
    #: issued, in the same transaction.
    after_issue: Callable[..., None] | None = None

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.select_related)

    def municipality(self, record) -> Municipality:
        value = record
        for part in self.municipality_field.split("__"):
            value = getattr(value, part)
        return value

    def municipality_id(self, record) -> int:
        return self.municipality(record).pk


def _decision_kinds(decision: Decision) -> list[str]:
    return [
        K.LICENCE_GRANTED if decision.outcome == DecisionOutcome.GRANTED else K.APPLICATION_REFUSED
    ]


def _point_due(pd: PointDecision) -> str | None:
    return {
        PointDecisionStatus.NOTIFIED: K.POINTS_ADVANCE_NOTICE,
        PointDecisionStatus.DECIDED: K.POINTS_DECISION,
    }.get(pd.status)


def _suspension_kinds(suspension: Suspension) -> list[str]:
    kinds = []
    if suspension.advance_notice_on is not None:
        kinds.append(K.SUSPENSION_ADVANCE_NOTICE)
    if suspension.status == SuspensionStatus.DECIDED:
        kinds.append(K.SUSPENSION_DECISION)
    return kinds


def _suspension_due(suspension: Suspension) -> str | None:
    return {
        SuspensionStatus.NOTIFIED: K.SUSPENSION_ADVANCE_NOTICE,
        SuspensionStatus.DECIDED: K.SUSPENSION_DECISION,
    }.get(suspension.status)


def _build_decision(decision, kind, **kwargs):
    return licence_letters.context_for_decision(decision, **kwargs)


def _build_point_decision(pd, kind, **kwargs):
    return point_letters.context_for_point_decision(pd, kind=kind, **kwargs)


def _build_suspension(suspension, kind, **kwargs):
    return point_letters.context_for_suspension(suspension, kind=kind, **kwargs)


def _build_registration(registration, kind, **kwargs):
    return seminar_letters.context_for_registration(registration, **kwargs)


def _build_attendance(attendance, kind, **kwargs):
    return seminar_letters.context_for_attendance(attendance, **kwargs)


def _build_fee_year(fee_year, kind, **kwargs):
    return fees_builders.context_for_fee_year(fee_year, kind=kind, **kwargs)


def _build_fee_estimate(estimate, kind, **kwargs):
    return fees_builders.context_for_fee_estimate(estimate, **kwargs)


_LICENCE = ("licence__holder", "licence__premises", "licence__municipality")

SOURCE_TYPES: tuple[SourceType, ...] = (
    SourceType(
        slug="vedtak",
        model=Decision,
        label=_("Decision on an application"),
        municipality_field="municipality",
        select_related=("municipality", "application__holder", "licence__holder"),
        kinds=_decision_kinds,
        due_kind=lambda decision: _decision_kinds(decision)[0],
        build=_build_decision,
    ),
    SourceType(
        slug="prikker",
        model=PointDecision,
        label=_("Penalty points"),
        municipality_field="licence__municipality",
        select_related=("violation", "inspection", *_LICENCE),
        kinds=point_letter_kinds,
        due_kind=_point_due,
        build=_build_point_decision,
    ),
    SourceType(
        slug="inndragning",
        model=Suspension,
        label=_("Suspension"),
        municipality_field="licence__municipality",
        select_related=_LICENCE,
        kinds=_suspension_kinds,
        due_kind=_suspension_due,
        build=_build_suspension,
    ),
    SourceType(
        slug="pamelding",
        model=Registration,
        label=_("Seminar registration"),
        municipality_field="session__municipality",
        select_related=("session__municipality", "licence"),
        kinds=lambda r: (
            [K.SEMINAR_CONFIRMATION] if r.status == RegistrationStatus.CONFIRMED else []
        ),
        due_kind=lambda registration: None,
        build=_build_registration,
    ),
    SourceType(
        slug="kursbevis",
        model=Attendance,
        label=_("Seminar attendance"),
        municipality_field="person__municipality",
        select_related=("person__municipality",),
        kinds=lambda attendance: [K.ATTENDANCE_CERTIFICATE],
        due_kind=lambda attendance: None,
        build=_build_attendance,
    ),
    SourceType(
        slug="gebyr",
        model=FeeYear,
        label=_("Licence fee"),
        municipality_field="licence__municipality",
        select_related=(*_LICENCE, "case"),
        kinds=fees_builders.fee_year_kinds,
        due_kind=lambda fee_year: None,  # issue_letters asks fees_builders.due_fee_letters
        build=_build_fee_year,
        after_issue=fees_builders.after_issue,
    ),
    SourceType(
        slug="skjonn",
        model=FeeEstimate,
        label=_("Volume set by estimate"),
        municipality_field="fee_year__licence__municipality",
        select_related=(*(f"fee_year__{name}" for name in _LICENCE), "fee_year__case"),
        kinds=lambda estimate: [K.FEE_ESTIMATE_DECISION],
        due_kind=lambda estimate: K.FEE_ESTIMATE_DECISION,
        build=_build_fee_estimate,
    ),
)
BY_SLUG = {source.slug: source for source in SOURCE_TYPES}
BY_MODEL = {source.model: source for source in SOURCE_TYPES}
SLUG_PATTERN = "|".join(BY_SLUG)
#: The kinds ``issue_letters`` issues (decisions and advance notices on decisions).
BULK_KINDS = (
    K.LICENCE_GRANTED,
    K.APPLICATION_REFUSED,
    K.POINTS_ADVANCE_NOTICE,
    K.POINTS_DECISION,
    K.SUSPENSION_ADVANCE_NOTICE,
    K.SUSPENSION_DECISION,
    K.SALES_REPORT_REQUEST,
    K.SALES_REPORT_REMINDER,
    K.FEE_STATEMENT,
    K.FEE_ESTIMATE_DECISION,
)


def source_type(record) -> SourceType:
    try:
        return BY_MODEL[type(record)]
    except KeyError:
        raise TypeError(f"no letters for {type(record).__name__}") from None


def canonical_source(record, kind: str):
    """The record a letter of ``kind`` about ``record`` is stored on (one query for points)."""
    if isinstance(record, PointDecision):
        lead = point_decision_group(record, kind).select_related(*_LICENCE).first()
        return lead or record
    return record


def _case_holder(record):
    """The record that carries the case of a letter about ``record``, if any."""
    if isinstance(record, Decision):
        return record.application if record.application_id else None
    if isinstance(record, PointDecision | Suspension | FeeYear):
        return record
    if isinstance(record, FeeEstimate):
        return record.fee_year
    return None


def _own_reference(holder) -> str:
    """The archive reference a record imported with its own reference keeps (a fee year
    has none: its ``reference`` is the payment reference)."""
    return "" if isinstance(holder, FeeYear) else holder.reference.strip()


def letter_case(record, kind: str, *, open_missing: bool = False, assigned_to=None):
    """The case a letter of ``kind`` about ``record`` belongs to, or None (seminar letters,
    records imported with their own reference). With ``open_missing``, a case record that
    has neither a case nor a reference of its own (made before case numbers existed) gets
    a new case, shared by every point decision of the letter, assigned to ``assigned_to``
    (the officer issuing the letter, docs/adr/0185). A fee year's case is opened so with
    its first letter (the estimate decision's letter is in its fee year's case)."""
    holder = _case_holder(record)
    if holder is None:
        return None
    if holder.case_id is not None or not open_missing or _own_reference(holder):
        return holder.case
    kinds = {
        PointDecision: CaseKind.POINTS,
        Suspension: CaseKind.SUSPENSION,
        FeeYear: CaseKind.FEE_YEAR,
    }
    municipality = (
        holder.municipality if isinstance(record, Decision) else holder.licence.municipality
    )
    case = case_open(
        municipality=municipality,
        kind=kinds.get(type(holder), CaseKind.APPLICATION),
        assigned_to=assigned_to,
    )
    rows = point_decision_group(record, kind) if isinstance(record, PointDecision) else [holder]
    for row in rows:
        row.case = case
        row.save(update_fields=["case"])
    holder.case = case
    return case


def build_context(
    record,
    kind: str,
    *,
    language: str,
    officer,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> LetterContext:
    return source_type(record).build(
        record,
        kind,
        language=language,
        officer=officer,
        letter_date=letter_date,
        your_reference=your_reference,
    )
