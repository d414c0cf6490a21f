"""Rules across fields and items of a register file, and the checks that need the database.

Runs after ``parsing`` on the fields that parsed, so one run reports every error of the
file: a field that already failed to parse is missing from its item and is skipped here
rather than reported twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from licensing.models import KINDS_WITH_MANAGER, Person
from licensing.rules import licences as licence_rules

from .parsing import SECTIONS, Register
from .problems import Problem, item_path

_SECTION_RANK = {"$": -2, "format": -1, "municipality": 0} | {
    section: rank for rank, section in enumerate(SECTIONS, start=1)
}
_PATH = re.compile(r"(?P<section>[^.\[]+)(?:\[(?P<index>\d+)\])?")


def _has(item: dict[str, Any], *fields: str) -> bool:
    return all(field in item for field in fields)


def _path(section: str, item: dict[str, Any], field: str | None = None) -> str:
    return item_path(section, item["_index"], field)


def _duplicates(
    section: str,
    items: Iterable[dict[str, Any]],
    key_fields: tuple[str, ...],
    problems: list[Problem],
    what: str,
) -> None:
    """Report every item whose key repeats an earlier item's key."""
    first: dict[tuple, int] = {}
    for item in items:
        if not _has(item, *key_fields):
            continue
        key = tuple(item[f] for f in key_fields)
        if key in first:
            field = key_fields[0] if len(key_fields) == 1 else None
            problems.append(
                Problem(
                    _path(section, item, field),
                    f"duplicate {what}: the same as {item_path(section, first[key])}",
                )
            )
        else:
            first[key] = item["_index"]


def validate_register(register: Register, violation_codes: Iterable[str]) -> list[Problem]:
    """Cross-field and cross-item rules of register-import format 1 (no database access;
    ``violation_codes`` is the catalogue)."""
    problems: list[Problem] = []
    violation_codes = set(violation_codes)

    # Holders and persons: keys unique within the file.
    _duplicates("holders", register.holders, ("org_number",), problems, "org_number")
    _duplicates("persons", register.persons, ("ref",), problems, "ref")
    _duplicates(
        "persons",
        register.persons,
        ("name", "date_of_birth"),
        problems,
        "person (name and date_of_birth match an earlier person)",
    )
    # A reference into a section whose keys did not all parse is not checked: the broken
    # key is already reported, and may be the one referred to.
    holder_numbers = _keys(register, "holders", "org_number")
    refs = _keys(register, "persons", "ref")
    licence_numbers = _keys(register, "licences", "number")

    # Licences.
    _duplicates("licences", register.licences, ("number",), problems, "licence number")
    licence_kinds: dict[str, str | None] = {}
    for licence in register.licences:
        if "number" in licence:
            licence_kinds.setdefault(licence["number"], licence.get("kind"))
        problems.extend(_licence_problems(licence, holder_numbers, refs))

    # Seminar attendances.
    _duplicates(
        "seminar_attendances",
        register.seminar_attendances,
        ("person_ref", "attended_on", "seminar_title"),
        problems,
        "attendance (person_ref, attended_on and seminar_title)",
    )
    for attendance in register.seminar_attendances:
        ref = attendance.get("person_ref")
        if ref is not None and ref not in refs:
            problems.append(
                Problem(
                    _path("seminar_attendances", attendance, "person_ref"),
                    f'no person with ref "{ref}" in persons',
                )
            )

    # Point decisions.
    _duplicates(
        "point_decisions",
        register.point_decisions,
        ("licence_number", "violation", "violation_date", "reference"),
        problems,
        "point decision (licence_number, violation, violation_date and reference)",
    )
    for decision in register.point_decisions:
        path = lambda field, d=decision: _path("point_decisions", d, field)  # noqa: E731
        number = decision.get("licence_number")
        if number is not None:
            kind = licence_kinds.get(number)
            if number not in licence_numbers:
                problems.append(
                    Problem(
                        path("licence_number"), f'no licence with number "{number}" in licences'
                    )
                )
            elif kind is not None and kind not in KINDS_WITH_MANAGER:
                problems.append(
                    Problem(
                        path("licence_number"),
                        f'licence "{number}" is a {kind} licence, outside the point system '
                        "(alkoholforskriften § 10-1)",
                    )
                )
        code = decision.get("violation")
        if code is not None and code not in violation_codes:
            problems.append(
                Problem(
                    path("violation"),
                    f'unknown violation code "{code}" (not in the violation catalogue)',
                )
            )
        if _has(decision, "violation_date", "decided_on") and (
            decision["decided_on"] < decision["violation_date"]
        ):
            problems.append(Problem(path("decided_on"), "must be on or after violation_date"))

    # Suspensions.
    _duplicates(
        "suspensions",
        register.suspensions,
        ("licence_number", "starts_on", "reference"),
        problems,
        "suspension (licence_number, starts_on and reference)",
    )
    for suspension in register.suspensions:
        path = lambda field, s=suspension: _path("suspensions", s, field)  # noqa: E731
        number = suspension.get("licence_number")
        if number is not None and number not in licence_numbers:
            problems.append(
                Problem(path("licence_number"), f'no licence with number "{number}" in licences')
            )
        if (
            _has(suspension, "starts_on", "ends_on")
            and suspension["ends_on"] < suspension["starts_on"]
        ):
            problems.append(Problem(path("ends_on"), "must be on or after starts_on"))
        if _has(suspension, "starts_on", "decided_on") and (
            suspension["starts_on"] < suspension["decided_on"]
        ):
            problems.append(
                Problem(
                    path("starts_on"),
                    "must be on or after decided_on (a suspension is carried out after it is "
                    "decided, alkoholforskriften § 10-6)",
                )
            )
    return problems


class _Anything(frozenset):
    """The keys of a section with a broken key: any reference may be to the broken one."""

    def __contains__(self, item: object) -> bool:
        return True


def _keys(register: Register, section: str, field: str) -> frozenset:
    if section in register.broken_keys:
        return _Anything()
    return frozenset(item[field] for item in getattr(register, section))


def _licence_problems(
    licence: dict[str, Any], holder_numbers: set[str], refs: set[str]
) -> list[Problem]:
    problems: list[Problem] = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(_path("licences", licence, field), message))

    holder = licence.get("holder_org_number")
    if holder is not None and holder not in holder_numbers:
        add("holder_org_number", f"no holder with org_number {holder} in holders")
    kind = licence.get("kind")
    groups = licence.get("alcohol_groups")
    if kind is not None and groups is not None and not licence_rules.groups_allowed(kind, groups):
        add(
            "alcohol_groups",
            f"a sales licence may only hold group 1 ({licence_rules.SALES_GROUPS_REFERENCE})",
        )
    valid_from: dt.date | None = licence.get("valid_from")
    valid_to: dt.date | None = licence.get("valid_to")
    if valid_from is not None and valid_to is not None:
        if valid_to < valid_from:
            add("valid_to", "must be on or after valid_from")
        elif licence_rules.runs_past_licence_period(valid_from, valid_to):
            add(
                "valid_to",
                "must not run past the end of the licence period "
                f"({licence_rules.latest_valid_to(valid_from).isoformat()}, "
                f"{licence_rules.LICENCE_PERIOD_REFERENCE})",
            )
    granted_on: dt.date | None = licence.get("granted_on")
    transferred_on = licence.get("transferred_on")
    if granted_on is not None and transferred_on is not None and transferred_on < granted_on:
        add("transferred_on", "must be on or after granted_on")
    if premises_address_without_name(licence):
        add("premises_address", "is given without premises_name")

    manager_ref = licence.get("manager_ref")
    deputy_ref = licence.get("deputy_ref")
    if "manager_ref" in licence and manager_ref is None and kind in KINDS_WITH_MANAGER:
        add(
            "manager_ref",
            f"is required for a {kind} licence (every kind except serving_single_occasion and "
            "serving_catering)",
        )
    for role in ("manager", "deputy"):
        ref = licence.get(f"{role}_ref")
        if ref is not None and ref not in refs:
            add(f"{role}_ref", f'no person with ref "{ref}" in persons')
        if f"{role}_ref" in licence and ref is None and licence.get(f"{role}_since") is not None:
            add(f"{role}_since", f"is given without {role}_ref")
    if manager_ref is not None and manager_ref == deputy_ref:
        add("deputy_ref", "must be another person than manager_ref")
    return problems


def premises_address_without_name(licence: dict[str, Any]) -> bool:
    return (
        licence.get("premises_name") is None
        and "premises_name" in licence
        and licence.get("premises_address", ("", "", "")) != ("", "", "")
    )


def validate_against_database(register: Register) -> list[Problem]:
    """Problems only the database can show: persons of the file that would match more than
    one existing person (same municipality, name and date of birth). One query."""
    org_number = register.municipality.get("org_number")
    if org_number is None or not register.persons:
        return []
    ambiguous = set(
        Person.objects.filter(municipality__org_number=org_number)
        .values_list("name", "date_of_birth")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("name", "date_of_birth")
    )
    problems = []
    for person in register.persons:
        if _has(person, "name", "date_of_birth") and (
            (person["name"], person["date_of_birth"]) in ambiguous
        ):
            problems.append(
                Problem(
                    _path("persons", person),
                    "more than one person with this name and date_of_birth is already "
                    "registered in the municipality; merge them before importing",
                )
            )
    return problems


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """In file order: top-level keys, then each section's items by index (stable)."""

    def key(problem: Problem) -> tuple[int, int]:
        match = _PATH.match(problem.path)
        if match is None:
            return (99, 0)
        rank = _SECTION_RANK.get(match["section"], -1)
        return (rank, int(match["index"] or -1))

    return sorted(problems, key=key)
