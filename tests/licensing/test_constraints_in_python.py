"""``full_clean_or_raise`` evaluates simple check constraints in Python (docs/adr/0219):
for every check constraint of every model of the project, on varied values, the result
equals Django's own check (a query), and the errors of ``full_clean`` are unchanged."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import random

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, Q

from licensing.services import validation

pytestmark = pytest.mark.django_db


def _names(node) -> set[str]:
    if isinstance(node, Q):
        return set().union(*(_names(child) for child in node.children)) if node.children else set()
    if isinstance(node, tuple):
        return {node[0].split("__")[0]}
    return set()


def _candidates(field) -> list:
    values = [None]
    values += [value for value, _label in field.flatchoices][:6]
    kind = field.get_internal_type()
    values += {
        "CharField": ["", "zz", "Confirmed"],
        "TextField": ["", "text"],
        "BooleanField": [True, False],
        "DateField": [dt.date(2026, 1, 1)],
        "DateTimeField": [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        "DecimalField": [decimal.Decimal("0"), decimal.Decimal("-1"), decimal.Decimal("2.5")],
    }.get(kind, [0, 1, -1, 7] if "Integer" in kind or kind == "ForeignKey" else [])
    return values


def _check_constraints():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                yield model, constraint


def test_every_check_constraint_gives_djangos_result_on_varied_values():
    rng = random.Random(13)
    compared = unsupported = 0
    for model, constraint in _check_constraints():
        names = sorted(_names(Q(constraint.condition)) - {"pk"})
        fields = [model._meta.get_field(name) for name in names]
        combos = list(itertools.product(*(_candidates(field) for field in fields)))
        rng.shuffle(combos)
        for combo in combos[:40]:
            instance = model()
            for field, value in zip(fields, combo, strict=True):
                setattr(instance, field.attname, value)
            for exclude in (set(), set(names[:1])):
                local = validation._check_in_python(constraint, model, instance, exclude)
                if local is validation._UNSUPPORTED:
                    unsupported += 1
                    continue
                try:
                    constraint.validate(model, instance, exclude=exclude)
                    django = True
                except ValidationError:
                    django = False
                assert local == django, (model, constraint.name, combo, exclude)
                compared += 1
    assert compared > 500
    assert unsupported  # the others still go to Django


def test_full_clean_errors_are_unchanged():
    """A registration breaking field rules and a check constraint at once: the same error
    dict as Django's ``full_clean``."""
    from seminars.models import Participant, Registration

    registration = Registration(
        org_number="1", venue_name="", contact_email="x", status="cancelled", consent_at=None
    )
    participant = Participant(name="", role="boss", attendance="maybe")
    for obj, exclude in ((registration, ["session"]), (participant, ["registration"])):
        with pytest.raises(ValidationError) as django:
            obj.full_clean(exclude=exclude)
        with pytest.raises(validation.InvalidData) as ours:
            validation.full_clean_or_raise(obj, exclude=exclude)
        assert ours.value.errors == {
            field: [str(m) for m in messages]
            for field, messages in django.value.message_dict.items()
        }
