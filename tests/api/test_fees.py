"""A licence's fee years: case officers of its municipality only."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fees import formats
from fees.services import rates, reports
from tests.fees.conftest import RATES_2026

pytestmark = pytest.mark.django_db


def test_fee_years_for_officers_only(world, clients):
    rates.rates_load(parsed=formats.parse_rates(json.dumps(RATES_2026)), replace=False)
    reports.report_enter_by_officer(
        licence=world.l1, year=2026, kind="expected",
        data=reports.ReportInput({1: 10000}, dt.date(2026, 1, 10)), reason="Telefon", actor=None,
    )  # fmt: skip
    url = f"/api/v1/licences/{world.l1.pk}/fee-years/"
    expected = {"anonymous": 401, "company_a": 404, "company_b": 404, "officer1": 200,
                "officer2": 404, "admin": 200}  # fmt: skip
    for role, status in expected.items():
        assert clients[role].get(url).status_code == status, role
    rows = clients["officer1"].get(url).json()
    row = next(r for r in rows if r["year"] == 2026)
    # 10000 x 0.61 = 6100, below the serving minimum 6400 (or the sales rate 0.25: 2500 -> 2070)
    assert row["charged"] in ("6400", "2070")
    assert row["reference"] == f"2026-{world.l1.number}"
    assert clients["officer1"].post(url, {}).status_code == 405
