"""Inspection frequency (alkoholforskriften § 9-7).

Every licensed venue is to be inspected at least once a year. The rule flags an active
licence of kind ``sales``, ``serving`` or ``serving_part_year`` that has had no inspection
in the calendar year of the reference date, counting only inspections on or before that
date. Single-occasion and catering events are inspected on top of the yearly quota and
are not flagged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from types import MappingProxyType

from . import references
from .base import RuleResult
from .i18n import Messages, messages

NOT_INSPECTED_CODE = "not_inspected_this_year"
INSPECTION_REFERENCE = references.INSPECTION_FREQUENCY
INSPECTED_KINDS = frozenset({"sales", "serving", "serving_part_year"})
ACTIVE = "active"


def not_inspected_this_year(
    *, kind: str, status: str, inspection_dates: Iterable[dt.date], on: dt.date
) -> RuleResult:
    """Flag (``outcome`` True) an active sales or serving licence with no inspection from
    1 January of ``on``'s year through ``on`` (alkoholforskriften § 9-7).

    ``parameters`` carries ``year`` and ``last_inspected_on`` (the latest inspection on
    or before ``on``, any year; None when there is none).
    """
    return _not_inspected_this_year(kind, status, inspection_dates, on, messages())


def _not_inspected_this_year(
    kind: str, status: str, inspection_dates: Iterable[dt.date], on: dt.date, tr: Messages
) -> RuleResult:
    last: dt.date | None = None
    for inspected_on in inspection_dates:
        if inspected_on <= on and (last is None or inspected_on > last):
            last = inspected_on
    return _result(tr, status == ACTIVE and kind in INSPECTED_KINDS, on, last)


class InspectionRule:
    """``not_inspected_this_year`` for many licences on one date in one language (the batch
    path of ``evaluate_licences``, docs/adr/0211): the same results, one per distinct
    (applies, last inspection) pair of the batch.
    ``tests/rules/test_batch_reference.py`` compares it with ``not_inspected_this_year``."""

    __slots__ = ("on", "tr", "results")

    def __init__(self, on: dt.date, tr: Messages) -> None:
        self.on = on
        self.tr = tr
        self.results: dict[tuple[bool, dt.date | None], RuleResult] = {}

    def __call__(self, kind: str, status: str, inspection_dates: Iterable[dt.date]) -> RuleResult:
        on = self.on
        last: dt.date | None = None
        for inspected_on in inspection_dates:
            if inspected_on <= on and (last is None or inspected_on > last):
                last = inspected_on
        key = (status == ACTIVE and kind in INSPECTED_KINDS, last)
        result = self.results.get(key)
        if result is None:
            result = self.results[key] = _result(self.tr, key[0], on, last)
        return result


# The result depends only on these four values, so licences share it (it is immutable).
@lru_cache(maxsize=1024)
def _result(tr: Messages, applies: bool, on: dt.date, last: dt.date | None) -> RuleResult:
    parameters = MappingProxyType({"year": on.year, "last_inspected_on": last})
    if not applies:
        return RuleResult(
            code=NOT_INSPECTED_CODE,
            outcome=False,
            reasons=(
                tr.gettext(
                    "The yearly inspection applies to active sales and serving licences only."
                ),
            ),
            legal_reference=INSPECTION_REFERENCE,
            parameters=parameters,
        )
    if last is not None and last.year == on.year:
        return RuleResult(
            code=NOT_INSPECTED_CODE,
            outcome=False,
            reasons=(tr.gettext("Last inspected on %(date)s.") % {"date": tr.date(last)},),
            legal_reference=INSPECTION_REFERENCE,
            parameters=parameters,
        )
    return RuleResult(
        code=NOT_INSPECTED_CODE,
        outcome=True,
        reasons=(not_inspected_message(on, last, tr),),
        legal_reference=INSPECTION_REFERENCE,
        parameters=parameters,
    )


def not_inspected_message(on: dt.date, last: dt.date | None, tr: Messages | None = None) -> str:
    """'No inspection in <year> up to <date> (last on <date>); ...'"""
    if tr is None:
        tr = messages()
    values = {"year": on.year, "date": tr.date(on)}
    if last is None:
        return (
            tr.gettext(
                "No inspection in %(year)s up to %(date)s, and none before; every licensed "
                "venue is to be inspected at least once a year."
            )
            % values
        )
    values["last"] = tr.date(last)
    return (
        tr.gettext(
            "No inspection in %(year)s up to %(date)s (last on %(last)s); every licensed "
            "venue is to be inspected at least once a year."
        )
        % values
    )
