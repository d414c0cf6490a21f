"""The fee arithmetic (alkoholforskriften §§ 6-1 to 6-3) as a table of cases, with the
rates of format fee-rates/1's example (2026) and the earlier year of domain.md."""

import datetime as dt
from decimal import Decimal as D

import pytest

from fees import rules

R2026 = rules.Rates(
    year=2026,
    sales={1: D("0.25"), 2: D("0.73")},
    serving={1: D("0.61"), 2: D("1.57"), 3: D("5.19")},
    sales_minimum=D("2070"),
    serving_minimum=D("6400"),
    per_occasion={"serving_single_occasion": D("460"), "serving_catering": D("460")},
)
POLICY = rules.Policy()  # sales report by 1 March; instalments 1 April and 1 October
PRORATE = rules.Policy(prorate_minimum=True)
JAN1 = dt.date(2026, 1, 1)


def facts(kind="serving", expected=None, actual=None, *, start=JAN1, end=None, received=None,
          estimate=None, paid="0"):  # fmt: skip
    return rules.FeeFacts(
        licence_kind=kind, year=2026, valid_from=start, ended_on=end, expected=expected,
        actual=actual, actual_received_on=received or (dt.date(2027, 2, 20) if actual else None),
        estimate=estimate, paid=D(paid),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "litres", "fee"),
    [
        # The statement example: 10000 x 0.61 + 3000 x 1.57 + 100 x 5.19 = 11329 exactly.
        ("serving", {1: 10000, 2: 3000, 3: 100}, "11329"),
        # 7320 + 5338 + 778.50 = 13436.50 -> 13437 (half up).
        ("serving", {1: 12000, 2: 3400, 3: 150}, "13437"),
        # 7000.49 would round down: 11475 x 0.61 = 6999.75 -> 7000; 11474 x 0.61 = 6999.14 -> 6999
        ("serving", {1: 11475}, "7000"),
        ("serving", {1: 11474}, "6999"),
        # Below the minimum: the serving minimum 6400.
        ("serving_part_year", {1: 1000, 2: 100}, "6400"),
        ("serving", {1: 0}, "6400"),
        # Sales: 40000 x 0.25 = 10000; 2 litres of group 2 at 0.73 = 1.46 adds 1 after rounding.
        ("sales", {1: 40000}, "10000"),
        ("sales", {1: 40000, 2: 2}, "10001"),
        ("sales", {1: 8000}, "2070"),  # 2000 < minimum 2070
        ("sales", {1: 8282}, "2071"),  # 2070.50 -> 2071 (half up)
    ],
)
def test_yearly_fee_whole_year(kind, litres, fee):
    outcome = rules.fee_outcome(facts(kind, expected=litres), R2026, POLICY, dt.date(2026, 6, 1))
    assert outcome.charged == D(fee)
    assert outcome.kind == rules.YEARLY_KIND[kind]


@pytest.mark.parametrize("kind", ["serving_single_occasion", "serving_catering"])
def test_per_occasion_kinds_pay_the_fixed_amount(kind):
    outcome = rules.fee_outcome(facts(kind, expected={1: 99999}), R2026, POLICY, JAN1)
    assert (outcome.charged, outcome.final_fee, outcome.settlement) == (D(460), D(460), D(0))
    assert outcome.kind == kind


@pytest.mark.parametrize(
    ("start", "end", "policy", "days", "fee"),
    [
        # Held 1 July - 31 December 2026 (184 days); the minimum applies per year ...
        (dt.date(2026, 7, 1), None, POLICY, 184, "6400"),
        # ... unless the municipality prorates it: 6400 x 184 / 365 = 3226.30 -> 3226.
        (dt.date(2026, 7, 1), None, PRORATE, 184, "3226"),
        # Ended 31 March (90 days): 6400 x 90 / 365 = 1578.08 -> 1578.
        (dt.date(2020, 1, 1), dt.date(2026, 3, 31), PRORATE, 90, "1578"),
        # A volume above the prorated minimum is the fee whatever the days.
        (dt.date(2026, 7, 1), None, PRORATE, 184, "3660"),
    ],
)
def test_part_year(start, end, policy, days, fee):
    litres = {1: 6000} if fee == "3660" else {1: 1000}  # 6000 x 0.61 = 3660
    outcome = rules.fee_outcome(
        facts(expected=litres, start=start, end=end), R2026, policy, dt.date(2026, 6, 1)
    )
    assert outcome.days == days
    assert outcome.charged == D(fee)


def test_settlement_further_charge_and_credit():
    on = dt.date(2027, 6, 1)
    more = rules.fee_outcome(
        facts(expected={1: 10000, 2: 3000, 3: 100}, actual={1: 12000, 2: 3400, 3: 150}),
        R2026, POLICY, on,
    )  # fmt: skip
    assert (more.charged, more.final_fee, more.settlement) == (D(11329), D(13437), D(2108))
    credit = rules.fee_outcome(
        facts(expected={1: 12000, 2: 3400, 3: 150}, actual={1: 10000, 2: 3000, 3: 100},
              paid="13437"),
        R2026, POLICY, on,
    )  # fmt: skip
    assert credit.settlement == D(-2108)
    assert credit.credit_due and not credit.unpaid
    assert credit.balance == D(-2108)


def test_report_states_around_the_deadline():
    deadline = dt.date(2027, 3, 1)
    assert rules.report_state(dt.date(2027, 3, 1), deadline, dt.date(2027, 5, 1)) == "received"
    assert rules.report_state(dt.date(2027, 3, 2), deadline, dt.date(2027, 5, 1)) == "late"
    assert rules.report_state(None, deadline, dt.date(2027, 3, 1)) == "not_due"
    assert rules.report_state(None, deadline, dt.date(2027, 3, 2)) == "missing"


def test_estimate_gives_the_final_fee_and_is_marked():
    outcome = rules.fee_outcome(
        facts(expected={1: 10000}, estimate={1: 20000}), R2026, POLICY, dt.date(2027, 5, 1)
    )
    assert outcome.estimated and outcome.final_fee == D(12200)
    assert outcome.actual_report == "missing"


def test_instalments_and_unpaid():
    # 11329 in two instalments: 5664 on 1 April and 5665 on 1 October.
    row = facts(expected={1: 10000, 2: 3000, 3: 100}, paid="5664")
    before = rules.fee_outcome(row, R2026, POLICY, dt.date(2026, 4, 1))
    assert [a for _d, a in before.instalments] == [D(5664), D(5665)]
    assert before.due_now == 0 and not before.unpaid
    after_first = rules.fee_outcome(row, R2026, POLICY, dt.date(2026, 4, 2))
    assert after_first.due_now == D(5664) and not after_first.unpaid
    after_second = rules.fee_outcome(row, R2026, POLICY, dt.date(2026, 10, 2))
    assert after_second.due_now == D(11329) and after_second.unpaid


def test_settlement_due_after_its_date():
    row = facts(expected={1: 10000}, actual={1: 20000}, paid="6400")
    # final 12200, settlement 5800, due 30 days after 1 March 2027 = 31 March.
    assert not rules.fee_outcome(row, R2026, POLICY, dt.date(2027, 3, 31)).unpaid
    late = rules.fee_outcome(row, R2026, POLICY, dt.date(2027, 4, 1))
    assert late.unpaid and late.due_now == D(12200)


def test_no_rates_computes_nothing():
    outcome = rules.fee_outcome(facts(expected={1: 1}), None, POLICY, JAN1)
    assert outcome.charged is None and outcome.final_fee is None


def test_round_half_up_not_bankers():
    assert rules.round_kroner(D("2.5")) == 3
    assert rules.round_kroner(D("3.5")) == 4
    assert rules.round_kroner(D("2.49")) == 2
