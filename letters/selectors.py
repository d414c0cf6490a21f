"""Reads for the letters pages and panels: never the PDF bytes, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from inspections.models import PointDecision, PointDecisionStatus, Suspension
from licensing.access import get_for_officer, scope_to_officer
from licensing.clock import today
from licensing.models import Decision, Licence

from . import fees_builders
from .builders.points import point_decision_group_key
from .forms import IssueLetterForm
from .models import IssuedLetter, LetterKind, LetterLanguage
from .sources import (
    BULK_KINDS,
    BY_MODEL,
    BY_SLUG,
    SourceType,
    canonical_source,
    source_type,
)

PREVIEW_LABELS = {
    LetterLanguage.NB: pgettext_lazy("letters", "Preview in Bokmål"),
    LetterLanguage.NN: pgettext_lazy("letters", "Preview in Nynorsk"),
    LetterLanguage.EN: pgettext_lazy("letters", "Preview in English"),
}


def letters_for_officer(user) -> QuerySet[IssuedLetter]:
    return scope_to_officer(IssuedLetter.objects.without_pdf(), user).select_related(
        "municipality", "issued_by", "content_type"
    )


def issued_letter_for_officer(user, pk: int) -> IssuedLetter:
    """One issued letter with its PDF; 404 unless of the officer's municipalities."""
    return get_for_officer(IssuedLetter.objects.all(), user, pk=pk)


def record_for_officer(user, slug: str, pk: int) -> tuple[SourceType, object]:
    """The source type named by ``slug`` and its record ``pk``; 404 unless the record is of
    the officer's municipalities."""
    source = BY_SLUG[slug]
    record = get_for_officer(source.queryset(), user, source.municipality_field, pk=pk)
    return source, record


def source_url(record) -> str:
    return reverse("letters:source", args=[source_type(record).slug, record.pk])


@dataclass
class LetterItem:
    """One letter a record can have: its issued versions and the issue form."""

    kind: str
    source: SourceType
    record: Any  # the record the letter is stored on (``canonical_source``)
    versions: list[IssuedLetter]
    form: IssueLetterForm
    #: Why the letter cannot be issued today as it is (services.issue_refusal), and the
    #: form field that sets the new date.
    problem: str = ""
    date_field_name: str = ""

    @property
    def date_field(self):
        name = self.date_field_name
        if not name:
            for candidate in ("new_deadline", "new_start"):
                if self.form.is_bound and self.form.errors.get(candidate):
                    name = candidate
        return self.form[name] if name else None

    @property
    def label(self) -> str:
        return LetterKind(self.kind).label

    @property
    def preview_urls(self) -> list[tuple[str, str]]:
        """(button label, URL) for each language."""
        base = reverse("letters:preview", args=[self.source.slug, self.record.pk, self.kind])
        return [(label, f"{base}?language={code}") for code, label in PREVIEW_LABELS.items()]

    @property
    def issue_url(self) -> str:
        return reverse("letters:issue", args=[self.source.slug, self.record.pk])


def default_language(record) -> str:
    """The language a letter about ``record`` is issued in unless the officer chooses
    another: a seminar registration's own language (the registrant chose it), else the
    municipality's written standard (nn for Nynorsk, nb for Bokmål and neutral)."""
    language = getattr(record, "language", "")
    if language in LetterLanguage.values:
        return language
    return source_type(record).municipality(record).language


def letter_items(
    record, *, bound: IssueLetterForm | None = None, bound_kind: str = ""
) -> list[LetterItem]:
    """The letters ``record`` can have now, each with its versions (newest first).

    At most three queries: the group leads of point decisions, then the versions."""
    source = source_type(record)
    records = {kind: canonical_source(record, kind) for kind in source.kinds(record)}
    if not records:
        return []
    content_type = ContentType.objects.get_for_model(source.model)
    wanted = Q()
    for kind, target in records.items():
        wanted |= Q(object_id=target.pk, kind=kind)
    versions: dict[str, list[IssuedLetter]] = {kind: [] for kind in records}
    for letter in (
        IssuedLetter.objects.without_pdf()
        .filter(wanted, content_type=content_type)
        .select_related("issued_by")
        .order_by("-version", "language")
    ):
        versions[letter.kind].append(letter)
    for letters in versions.values():
        # The newest version in each language is the one in force; older ones are kept.
        current: set[str] = set()
        for letter in letters:
            letter.is_current = letter.language not in current
            current.add(letter.language)
    items = []
    for kind, target in records.items():
        form = (
            bound
            if bound is not None and bound_kind == kind
            else IssueLetterForm(prefix=kind, initial={"language": default_language(record)})
        )
        items.append(LetterItem(kind, source, target, versions[kind], form))
    return items


# --- The letters of a licence's points and suspensions ------------------------------------


@dataclass
class LicenceLetterRow:
    kind: str
    record: Any
    on: dt.date | None
    what: str
    reference: str
    versions: list[IssuedLetter] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LetterKind(self.kind).label

    @property
    def url(self) -> str:
        return source_url(self.record)

    @property
    def latest(self) -> list[IssuedLetter]:
        """The newest version in each language."""
        seen: dict[str, IssuedLetter] = {}
        for letter in self.versions:
            if letter.language not in seen or letter.version > seen[letter.language].version:
                seen[letter.language] = letter
        return sorted(seen.values(), key=lambda letter: letter.language)


def licence_letter_rows(
    licence: Licence,
    *,
    point_decisions: Iterable[PointDecision] | None = None,
    suspensions: Iterable[Suspension] | None = None,
) -> list[LicenceLetterRow]:
    """Every advance notice and decision on points and suspension of ``licence``, with
    the versions issued, newest first. Pass the licence's point decisions (with their
    violation) and suspensions when the page has them already: then one query, else three.
    """
    point_source = BY_MODEL[PointDecision]
    suspension_source = BY_MODEL[Suspension]
    if point_decisions is None:
        point_decisions = PointDecision.objects.filter(licence=licence).select_related("violation")
    if suspensions is None:
        suspensions = Suspension.objects.filter(licence=licence)
    groups: dict[tuple, tuple[str, list[PointDecision]]] = {}
    for pd in point_decisions:
        for kind in point_source.kinds(pd):
            key = point_decision_group_key(pd, kind)
            groups.setdefault(key, (kind, []))[1].append(pd)
    rows = []
    for kind, members in groups.values():
        members.sort(key=lambda pd: pd.pk)
        lead = members[0]
        notice = kind == LetterKind.POINTS_ADVANCE_NOTICE
        rows.append(
            LicenceLetterRow(
                kind=kind,
                record=lead,
                on=lead.advance_notice_on if notice else lead.decided_on,
                what=", ".join(f"{pd.violation.name} ({pd.points})" for pd in members),
                reference="" if notice else lead.reference,
            )
        )
    for suspension in suspensions:
        for kind in suspension_source.kinds(suspension):
            notice = kind == LetterKind.SUSPENSION_ADVANCE_NOTICE
            rows.append(
                LicenceLetterRow(
                    kind=kind,
                    record=suspension,
                    on=suspension.advance_notice_on if notice else suspension.decided_on,
                    what=_("%(points)s points, %(days)s days")
                    % {"points": suspension.points, "days": suspension.days},
                    reference=suspension.reference,
                )
            )
    if rows:
        by_key = {(type(row.record), row.record.pk, row.kind): row for row in rows}
        content_types = ContentType.objects.get_for_models(PointDecision, Suspension)
        wanted = Q()
        for model, ids in (
            (PointDecision, [r.record.pk for r in rows if isinstance(r.record, PointDecision)]),
            (Suspension, [r.record.pk for r in rows if isinstance(r.record, Suspension)]),
        ):
            if ids:
                wanted |= Q(content_type=content_types[model], object_id__in=ids)
        model_of = {ct.pk: model for model, ct in content_types.items()}
        for letter in IssuedLetter.objects.without_pdf().filter(wanted).order_by("-version"):
            row = by_key.get((model_of[letter.content_type_id], letter.object_id, letter.kind))
            if row is not None:
                row.versions.append(letter)
    rows.sort(key=lambda row: (row.on or dt.date.min, row.kind), reverse=True)
    return rows


# --- Letters due (``issue_letters``) ------------------------------------------------------


@dataclass(frozen=True)
class DueLetter:
    record: Any
    kind: str

    @property
    def label(self) -> str:
        record = self.record
        case_number = getattr(record, "case_number", "")
        reference = (
            f"case {case_number}"
            if case_number
            else getattr(record, "reference", "") or f"id {record.pk}"
        )
        licence = getattr(record, "licence", None)
        application = getattr(record, "application", None)
        if licence is not None:
            where = f" ({licence.number}, {licence.holder.name})"
        elif application is not None:
            where = f" ({application.holder.name})"
        else:
            where = ""
        return f"{LetterKind(self.kind).label} {reference}{where}"


def letters_due(
    *, municipality_ids: list[int] | None = None, kinds: tuple[str, ...] = BULK_KINDS
) -> list[DueLetter]:
    """Every letter a decided or notified record calls for: decisions on applications,
    decided and notified point decisions (one letter per notice or decision group) and
    decided and notified suspensions. Three queries."""

    def scoped(queryset, field: str):
        if municipality_ids is None:
            return queryset
        return queryset.filter(**{f"{field}__in": municipality_ids})

    due: list[DueLetter] = []
    if {LetterKind.LICENCE_GRANTED, LetterKind.APPLICATION_REFUSED} & set(kinds):
        decisions = scoped(
            Decision.objects.select_related(
                "municipality", "licence__holder", "application__holder", "decided_by"
            ),
            "municipality",
        ).order_by("decided_on", "pk")
        for decision in decisions:
            kind = BY_MODEL[Decision].due_kind(decision)
            if kind in kinds:
                due.append(DueLetter(decision, kind))
    point_kinds = {LetterKind.POINTS_ADVANCE_NOTICE, LetterKind.POINTS_DECISION} & set(kinds)
    if point_kinds:
        rows = scoped(
            PointDecision.objects.filter(
                Q(status=PointDecisionStatus.DECIDED) | Q(advance_notice_on__isnull=False)
            ).select_related(
                "licence__holder",
                "licence__premises",
                "licence__municipality",
                "decided_by",
                "case",
            ),
            "licence__municipality",
        ).order_by("pk")
        groups: dict[tuple, list[PointDecision]] = {}
        for pd in rows:
            for kind in point_kinds:
                key = point_decision_group_key(pd, kind)
                if key is not None:
                    groups.setdefault(key, []).append(pd)
        for (kind, *_rest), members in groups.items():
            # A notice is due while its points wait for the decision; a decision once made.
            if any(BY_MODEL[PointDecision].due_kind(pd) == kind for pd in members):
                due.append(DueLetter(members[0], kind))
    suspension_kinds = {
        LetterKind.SUSPENSION_ADVANCE_NOTICE,
        LetterKind.SUSPENSION_DECISION,
    } & set(kinds)
    if suspension_kinds:
        suspensions = scoped(
            Suspension.objects.select_related(
                "licence__holder",
                "licence__premises",
                "licence__municipality",
                "decided_by",
                "case",
            ),
            "licence__municipality",
        ).order_by("pk")
        for suspension in suspensions:
            kind = BY_MODEL[Suspension].due_kind(suspension)
            if kind in suspension_kinds:
                due.append(DueLetter(suspension, kind))
    due += [
        DueLetter(record, kind)
        for record, kind in fees_builders.due_fee_letters(municipality_ids, kinds, today())
    ]
    return due
