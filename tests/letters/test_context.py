"""Contexts refuse values a lawful letter cannot be built from."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date, timedelta

import pytest

from letters.context import LetterContext
from letters.kinds import render_letter

from . import samples


def test_contexts_are_frozen():
    context = samples.granted()

    with pytest.raises(FrozenInstanceError):
        context.licence_number = "X"  # type: ignore[misc]


def test_language_must_be_supported():
    with pytest.raises(ValueError, match="language must be one of"):
        replace(samples.granted(), language="sv")


def test_kind_must_be_a_licence_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        replace(samples.granted(), kind="wholesale")


def test_licence_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="valid_to is before valid_from"):
        replace(samples.granted(), valid_to=date(2026, 1, 1))


def test_refusal_needs_facts_and_assessment():
    with pytest.raises(ValueError, match="fvl. § 25"):
        replace(samples.refused(), assessment="  ")


def test_deviation_from_standard_points_needs_a_written_justification():
    """alkoholforskriften § 10-4."""
    context = samples.points_decision()
    raised = replace(context.violations[0], points=6)

    with pytest.raises(ValueError, match="§ 10-4"):
        replace(context, violations=(raised, context.violations[1]))

    justified = replace(
        context,
        violations=(raised, context.violations[1]),
        deviation_reason="Gjesten var svært beruset, og personalet ble advart samme kveld.",
        total_points_in_window=10,
    )
    text = render_letter(justified)
    assert text.startswith(b"%PDF")


def test_similar_breaches_at_one_inspection_count_once():
    """alkoholforskriften § 10-2: a catalogue code appears once per inspection."""
    context = samples.points_notice()

    with pytest.raises(ValueError, match="once per inspection"):
        replace(context, findings=(context.findings[0], context.findings[0]))


def test_window_total_includes_the_points_decided_now():
    with pytest.raises(ValueError, match="total_points_in_window"):
        replace(samples.points_decision(), total_points_in_window=5)


@pytest.mark.parametrize(
    ("total", "expected"),
    [(6, 6), (8, 4), (11, 1), (12, 0), (15, 0)],
)
def test_points_to_suspension(total, expected):
    context = replace(samples.points_decision(), total_points_in_window=total)

    assert context.points_decided == 6
    assert context.points_to_suspension == expected


def test_suspension_total_must_be_the_sum_of_its_point_decisions():
    with pytest.raises(ValueError, match="total_points"):
        replace(samples.suspension_decision(), total_points=99)


def test_suspension_dates_must_span_its_days_inclusive():
    context = samples.suspension_decision()

    with pytest.raises(ValueError, match="is not 9 days"):
        replace(context, ends_on=context.starts_on + timedelta(days=9))


def test_unknown_context_has_no_renderer():
    base = samples.granted()
    plain = LetterContext(
        letterhead=base.letterhead,
        recipient=base.recipient,
        our_reference="x",
        letter_date=base.letter_date,
        case_officer=base.case_officer,
    )

    with pytest.raises(TypeError, match="no letter renderer for LetterContext"):
        render_letter(plain)
