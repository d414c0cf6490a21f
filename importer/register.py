"""The register import (format ``licensing-register/1``, docs/commands-and-benchmarks.md).

``import_register_file(path, dry_run=...)`` reads, validates and applies a register file
all or nothing: ``parsing`` checks the JSON shape and every field, ``validation`` the
rules across fields and items (and the catalogue), ``writer`` matches the records with
the database on their natural keys and writes in bulk with audit history. Any error
raises ``RegisterInvalid`` with every problem and its JSON path, before anything is
written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from importer.parsing import FORMAT, Register, load_json, parse_register
from importer.problems import Problem, RegisterInvalid
from importer.validation import sort_problems, validate_against_database, validate_register
from importer.writer import IMPORT_JUSTIFICATION, ImportReport, RegisterWriter
from inspections.models import ViolationType

__all__ = [
    "FORMAT",
    "IMPORT_JUSTIFICATION",
    "ImportReport",
    "Problem",
    "Register",
    "RegisterInvalid",
    "check_register",
    "import_register",
    "import_register_file",
]


def check_register(data: Any) -> Register:
    """Parse and validate decoded JSON; raise ``RegisterInvalid`` with every problem."""
    register, problems = parse_register(data)
    if register is not None:
        codes = ViolationType.objects.values_list("code", flat=True)
        problems += validate_register(register, codes)
        problems += validate_against_database(register)
    if problems:
        raise RegisterInvalid(sort_problems(problems))
    return register


def import_register(
    data: Any,
    *,
    dry_run: bool = False,
    change_reason: str = "import_register",
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Validate ``data`` and apply it in one transaction (or only count, with ``dry_run``)."""
    register = check_register(data)
    writer = RegisterWriter(
        register, dry_run=dry_run, change_reason=change_reason, progress=progress
    )
    return writer.run()


def import_register_file(
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    data, problems = load_json(path)
    if problems:
        raise RegisterInvalid(problems)
    return import_register(
        data,
        dry_run=dry_run,
        change_reason=f"import_register {Path(path).name}",
        progress=progress,
    )
