"""Helpers for the register import tests: the sample file, running the command, counting rows."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspections.models import PointDecision, Suspension
from licensing.models import (
    Holder,
    Licence,
    ManagerAssignment,
    Municipality,
    Person,
    Premises,
)
from seminars.models import Attendance

DATA = Path(__file__).resolve().parent.parent / "data"
MODELS = (
    Municipality,
    Holder,
    Person,
    Premises,
    Licence,
    ManagerAssignment,
    Attendance,
    PointDecision,
    Suspension,
)

_VALID = json.loads((DATA / "register_valid.json").read_text(encoding="utf-8"))


@pytest.fixture
def register():
    """The valid sample register (a fresh copy each test may change)."""
    return copy.deepcopy(_VALID)


def row_counts() -> dict[str, int]:
    """Rows of every model the import writes, and of their history tables."""
    counts = {}
    for model in MODELS:
        counts[model.__name__] = model.objects.count()
        counts[f"history {model.__name__}"] = model.history.count()
    return counts


class Result:
    """What the command printed; ``error`` is the CommandError message (None: success)."""

    def __init__(self, out: str, err: str, error: str | None):
        self.out = out
        self.err = err
        self.error = error

    @property
    def problems(self) -> list[str]:
        return [line for line in self.err.splitlines() if line]


@pytest.fixture
def run_import(tmp_path, db):
    """``run_import(data, *args)``: write ``data`` as a file and import it."""
    counter = iter(range(1000))

    def run(data, *args) -> Result:
        path = tmp_path / f"register-{next(counter)}.json"
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out, err = StringIO(), StringIO()
        try:
            call_command("import_register", str(path), *args, stdout=out, stderr=err)
        except CommandError as exc:
            return Result(out.getvalue(), err.getvalue(), str(exc))
        return Result(out.getvalue(), err.getvalue(), None)

    return run
