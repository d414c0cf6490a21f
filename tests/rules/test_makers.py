"""``maker``: fast constructors of frozen dataclasses build ordinary instances."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from licensing.rules.evaluate import LicenceEvaluation, LicenceFacts
from licensing.rules.makers import maker
from licensing.rules.points import PointDecisionFact, PointsResult, SuspensionFact
from licensing.rules.seminar import AttendanceFact, RequiredPersonFact, SeminarResult

D = dt.date


def test_an_instance_from_the_maker_is_an_ordinary_one():
    make = maker(PointDecisionFact)
    built = make("sale_to_minor", D(2026, 1, 14), 8, D(2026, 2, 1), "21/1-1", None)
    reference = PointDecisionFact("sale_to_minor", D(2026, 1, 14), 8, D(2026, 2, 1), "21/1-1")

    assert type(built) is PointDecisionFact
    assert built == reference
    assert hash(built) == hash(reference)
    assert repr(built) == repr(reference)
    assert copy.deepcopy(built) == reference
    assert dataclasses.replace(built, points=4) == dataclasses.replace(reference, points=4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.points = 12  # type: ignore[misc]


@pytest.mark.parametrize(
    "cls",
    [
        LicenceFacts,
        LicenceEvaluation,
        PointDecisionFact,
        SuspensionFact,
        PointsResult,
        RequiredPersonFact,
        AttendanceFact,
        SeminarResult,
    ],
)
def test_every_field_is_set_in_field_order(cls):
    names = [field.name for field in dataclasses.fields(cls)]
    built = maker(cls)(*names)
    assert [getattr(built, name) for name in names] == names


def test_classes_it_cannot_build_fast_are_refused():
    @dataclasses.dataclass(frozen=True)
    class WithoutSlots:
        a: int

    @dataclasses.dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Clashing:
        _cls: int

    for cls in (WithoutSlots, NotFrozen, Clashing):
        with pytest.raises(TypeError):
            maker(cls)
