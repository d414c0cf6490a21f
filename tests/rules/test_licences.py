"""What a licence may cover and for how long (licensing.rules.licences): the licence period
(alkoholloven § 1-6) and a sales licence's alcohol groups (alkoholloven § 3-1)."""

import datetime as dt

import pytest
from django.utils import translation

from licensing.rules import licences

D = dt.date


def test_the_references():
    assert licences.LICENCE_PERIOD_REFERENCE == "alkoholloven § 1-6"
    assert licences.SALES_GROUPS_REFERENCE == "alkoholloven § 3-1"


@pytest.mark.parametrize(
    ("valid_from", "latest"),
    [
        pytest.param(D(2026, 11, 22), D(2028, 9, 30), id="inside-a-period"),
        pytest.param(D(2028, 9, 30), D(2028, 9, 30), id="the-last-day"),
        pytest.param(D(2028, 10, 1), D(2032, 9, 30), id="the-first-day-of-the-next"),
        pytest.param(D(2024, 10, 1), D(2028, 9, 30), id="the-first-day"),
    ],
)
def test_a_licence_runs_at_most_to_the_end_of_its_period(valid_from, latest):
    assert licences.latest_valid_to(valid_from) == latest
    assert not licences.runs_past_licence_period(valid_from, latest)
    assert licences.runs_past_licence_period(valid_from, latest + dt.timedelta(days=1))


def test_the_licence_period_message_names_the_end_and_the_reference():
    assert licences.licence_period_message(D(2026, 11, 22)) == (
        "A licence cannot run past the end of the licence period (30.09.2028, alkoholloven § 1-6)."
    )


@pytest.mark.parametrize(
    ("kind", "groups", "allowed"),
    [
        pytest.param("sales", (1,), True, id="sales-group-1"),
        pytest.param("sales", (1, 2), False, id="sales-groups-1-2"),
        pytest.param("sales", (2,), False, id="sales-group-2-alone"),
        pytest.param("sales", (1, 2, 3), False, id="sales-all-groups"),
        pytest.param("sales", (), True, id="sales-no-group-is-another-rule"),
        pytest.param("serving", (1, 2, 3), True, id="serving-all-groups"),
        pytest.param("serving_part_year", (1, 2), True, id="part-year"),
        pytest.param("single_occasion", (3,), True, id="single-occasion"),
        pytest.param("catering", (1, 2, 3), True, id="catering"),
    ],
)
def test_a_sales_licence_covers_group_1_only(kind, groups, allowed):
    assert licences.groups_allowed(kind, groups) is allowed


def test_the_sales_groups_message_cites_the_act_in_each_written_standard():
    assert licences.sales_groups_message() == (
        "A sales licence may only cover group 1 (alkoholloven § 3-1)."
    )
    with translation.override("nb"):
        assert licences.sales_groups_message() == (
            "En salgsbevilling kan bare gjelde gruppe 1 (alkoholloven § 3-1)."
        )
    with translation.override("nn"):
        assert licences.sales_groups_message() == (
            "Eit salsløyve kan berre gjelde gruppe 1 (alkohollova § 3-1)."
        )
