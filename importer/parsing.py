"""Reading a register file (``licensing-register/1``): JSON shape, field types and values.

Every section item is checked field by field against a declared spec; unknown keys are
errors (typos must not pass silently). The result is a ``Register`` of frozen rows, or the
list of every ``Problem`` found. Rules that relate fields or items to each other live in
``validation``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from licensing.models import LicenceKind, LicenceStatus
from licensing.validators import (
    json_problem,
    normalise_licence_number,
    normalise_org_number,
    validate_org_number,
)

from .problems import Problem, item_path

FORMAT = "licensing-register/1"
DEFAULT_SEMINAR_TITLE = "Ansvarlig vertskap"
MAX_SMALL_INTEGER = 32767  # PositiveSmallIntegerField on PostgreSQL
MAX_DEPTH = 8  # the format nests 3 levels (file, section list, item, alcohol_groups)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# "Kaiveien 1, 8006 Bodø": the postal code and place after the last comma.
_POSTAL = re.compile(r"(?P<code>\d{4})\s+(?P<place>\S.*)")


class FieldError(ValueError):
    """A field's value is wrong; the message completes ``<path>: ``."""


# --- field parsers: each takes the JSON value and returns the Python value --------------


def text(max_length: int, *, blank: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError("must be a string")
        if not blank and not value.strip():
            raise FieldError("must not be empty")
        if len(value) > max_length:
            raise FieldError(f"must be at most {max_length} characters")
        return value

    return parse


def licence_number(value: Any) -> str:
    """A licence number, its digits of any script as ASCII (``２０２４-013`` is 2024-013)."""
    return normalise_licence_number(text(40)(value))


def iso_date(value: Any) -> dt.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise FieldError(f"must be a date in the form YYYY-MM-DD, got {json.dumps(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"{value} is not a valid date") from None


def org_number(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError("must be a string of 9 digits")
    value = normalise_org_number(value)  # digits of any script as ASCII, grouping removed
    try:
        validate_org_number(value)
    except ValidationError as exc:
        raise FieldError(" ".join(exc.messages)) from None
    return value


def email(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError("must be a string")
    if value == "":
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise FieldError(f"{value} is not a valid e-mail address") from None
    if len(value) > 254:
        raise FieldError("must be at most 254 characters")
    return value


def choice(values: list[str]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in values:
            raise FieldError(f"must be one of {', '.join(values)}, got {json.dumps(value)}")
        return value

    return parse


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("must be true or false")
    return value


def alcohol_groups(value: Any) -> tuple[int, ...]:
    if (
        not isinstance(value, list)
        or not value
        or any(isinstance(g, bool) or g not in (1, 2, 3) for g in value)
    ):
        raise FieldError("must be a non-empty list of the groups 1, 2 and 3")
    if len(set(value)) != len(value):
        raise FieldError("lists a group twice")
    return tuple(sorted(value))


def positive_integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SMALL_INTEGER:
        raise FieldError(f"must be a whole number from 1 to {MAX_SMALL_INTEGER}")
    return value


def address(value: Any) -> tuple[str, str, str]:
    """``"Kaiveien 1, 8006 Bodø"`` -> ``("Kaiveien 1", "8006", "Bodø")``; an address
    without ``, NNNN Place`` at the end is kept whole as the address line."""
    if not isinstance(value, str):
        raise FieldError("must be a string")
    line, place_code, place = value.strip(), "", ""
    head, sep, tail = line.rpartition(",")
    match = _POSTAL.fullmatch(tail.strip()) if sep else None
    if match:
        line, place_code, place = head.strip(), match["code"], match["place"].strip()
    if len(line) > 200:
        raise FieldError("the street address must be at most 200 characters")
    if len(place) > 100:
        raise FieldError("the postal place must be at most 100 characters")
    return line, place_code, place


# --- section specs: field -> (parser, required, default when absent or null) -------------


@dataclass(frozen=True, slots=True)
class Field:
    parse: Callable[[Any], Any]
    required: bool = True
    default: Any = None  # for optional fields, when absent or null


def optional(parse: Callable[[Any], Any], default: Any = None) -> Field:
    return Field(parse, required=False, default=default)


MUNICIPALITY_FIELDS = {"org_number": Field(org_number), "name": Field(text(200))}
HOLDER_FIELDS = {
    "org_number": Field(org_number),
    "name": Field(text(200)),
    "address": optional(address, ("", "", "")),
    "email": optional(email, ""),
}
PERSON_FIELDS = {
    "ref": Field(text(100)),
    "name": Field(text(200)),
    "date_of_birth": optional(iso_date),
    "email": optional(email, ""),
    "knowledge_test_passed_on": optional(iso_date),
}
LICENCE_FIELDS = {
    "number": Field(licence_number),
    "holder_org_number": Field(org_number),
    "premises_name": optional(text(200)),
    "premises_address": optional(address, ("", "", "")),
    "kind": Field(choice(LicenceKind.values)),
    "alcohol_groups": Field(alcohol_groups),
    "granted_on": Field(iso_date),
    "valid_from": Field(iso_date),
    "valid_to": Field(iso_date),
    "transferred_on": optional(iso_date),
    "status": Field(choice(LicenceStatus.values)),
    "seminar_required": optional(boolean, False),
    "manager_ref": optional(text(100)),
    "deputy_ref": optional(text(100)),
    "manager_since": optional(iso_date),
    "deputy_since": optional(iso_date),
}
ATTENDANCE_FIELDS = {
    "person_ref": Field(text(100)),
    "attended_on": Field(iso_date),
    "seminar_title": optional(text(200), DEFAULT_SEMINAR_TITLE),
}
POINT_DECISION_FIELDS = {
    "licence_number": Field(licence_number),
    "violation": Field(text(64)),
    "violation_date": Field(iso_date),
    "points": Field(positive_integer),
    "decided_on": Field(iso_date),
    "reference": optional(text(40, blank=True), ""),
}
SUSPENSION_FIELDS = {
    "licence_number": Field(licence_number),
    "starts_on": Field(iso_date),
    "ends_on": Field(iso_date),
    "decided_on": Field(iso_date),
    "reference": optional(text(40, blank=True), ""),
}

# Top-level sections that hold lists, and whether they may be absent.
SECTIONS: dict[str, tuple[dict[str, Field], bool]] = {
    "holders": (HOLDER_FIELDS, True),
    "persons": (PERSON_FIELDS, True),
    "licences": (LICENCE_FIELDS, True),
    "seminar_attendances": (ATTENDANCE_FIELDS, False),
    "point_decisions": (POINT_DECISION_FIELDS, False),
    "suspensions": (SUSPENSION_FIELDS, False),
}
TOP_LEVEL_KEYS = ("format", "municipality", *SECTIONS)
# The field other items refer to, per section.
KEY_FIELDS = {"holders": "org_number", "persons": "ref", "licences": "number"}


@dataclass(frozen=True, slots=True)
class Register:
    """A parsed register file: one dict of field values per item, in file order.

    In a valid file each item dict holds every field of its section (absent optional
    fields filled with their defaults) and ``_index``, its position in the file.
    """

    municipality: dict[str, Any]
    holders: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    licences: list[dict[str, Any]]
    seminar_attendances: list[dict[str, Any]]
    point_decisions: list[dict[str, Any]]
    suspensions: list[dict[str, Any]]
    # Sections with an item whose key (see KEY_FIELDS) did not parse: references to them
    # cannot be checked without reporting the same error again.
    broken_keys: frozenset[str] = frozenset()

    def count(self) -> int:
        return sum(len(getattr(self, section)) for section in SECTIONS)


def _parse_object(
    value: Any, fields: dict[str, Field], path: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """The fields of one object that parsed; a field with an error is reported and left
    out of the dict (so later checks skip it instead of repeating the error)."""
    if not isinstance(value, dict):
        problems.append(Problem(path, "must be an object"))
        return None
    values: dict[str, Any] = {}
    for key in value:
        if key not in fields:
            problems.append(Problem(f"{path}.{key}", "unknown field"))
    for name, spec in fields.items():
        raw = value.get(name)
        if raw is None:
            if spec.required:
                problems.append(Problem(f"{path}.{name}", "is required"))
            else:
                values[name] = spec.default
            continue
        try:
            values[name] = spec.parse(raw)
        except FieldError as exc:
            problems.append(Problem(f"{path}.{name}", str(exc)))
    return values


def parse_register(data: Any) -> tuple[Register | None, list[Problem]]:
    """Check the shape and every field of ``data`` (the decoded JSON).

    Returns the register and the problems found. Items keep the fields that parsed (a
    broken field is missing from its item's dict), so ``validation`` can still check
    references and relations and report every error of the file in one run. The register
    is None only when the file is not an object at all.
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return None, [Problem("$", "must be a JSON object")]
    hostile = json_problem(data, max_depth=MAX_DEPTH)
    if hostile is not None:
        # Refused before anything walks the value: deep nesting would exhaust the stack,
        # a NUL character would pass the dry run and then fail in PostgreSQL.
        return None, [Problem(*hostile)]
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(Problem(key, "unknown top-level key"))
    if data.get("format") != FORMAT:
        problems.append(
            Problem("format", f"must be {json.dumps(FORMAT)}, got {json.dumps(data.get('format'))}")
        )
    if "municipality" not in data:
        problems.append(Problem("municipality", "is required"))
        municipality = None
    else:
        municipality = _parse_object(
            data["municipality"], MUNICIPALITY_FIELDS, "municipality", problems
        )
    sections: dict[str, list[dict[str, Any]]] = {}
    broken_keys: set[str] = set()
    for section, (fields, required) in SECTIONS.items():
        items = data.get(section)
        if section in KEY_FIELDS and not isinstance(items, list | None):
            broken_keys.add(section)
        if items is None:
            if required and section not in data:
                problems.append(Problem(section, "is required (it may be an empty list)"))
            elif section in data and required:
                problems.append(Problem(section, "must be a list"))
            sections[section] = []
            continue
        if not isinstance(items, list):
            problems.append(Problem(section, "must be a list"))
            sections[section] = []
            continue
        parsed = []
        for index, item in enumerate(items):
            values = _parse_object(item, fields, item_path(section, index), problems)
            if values is None or KEY_FIELDS.get(section, "_index") not in values:
                broken_keys.add(section)
            if values is not None:
                values["_index"] = index
                parsed.append(values)
        sections[section] = parsed
    register = Register(
        municipality=municipality or {}, broken_keys=frozenset(broken_keys), **sections
    )
    return register, problems


def load_json(path: str | Path) -> tuple[Any, list[Problem]]:
    """Decode the file; a file that cannot be read or decoded is one problem at ``$``."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle), []
    except OSError as exc:
        return None, [Problem("$", f"cannot read the file: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return None, [Problem("$", "the file is not UTF-8 text")]
    except json.JSONDecodeError as exc:
        return None, [
            Problem("$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        ]
    except RecursionError:
        return None, [Problem("$", f"is nested too deeply (at most {MAX_DEPTH} levels)")]
