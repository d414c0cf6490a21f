"""At least one inspection per licence per calendar year (alkoholforskriften § 9-7)."""

import datetime as dt

import pytest

from licensing.rules.inspection import INSPECTION_REFERENCE, not_inspected_this_year

D = dt.date
ON = D(2026, 11, 22)


@pytest.mark.parametrize(
    ("kind", "status", "inspection_dates", "on", "flagged"),
    [
        pytest.param("serving", "active", [D(2026, 3, 1)], ON, False, id="inspected-this-year"),
        pytest.param("serving", "active", [], ON, True, id="never-inspected"),
        pytest.param("sales", "active", [D(2025, 12, 31)], ON, True, id="only-last-year"),
        # An inspection later in the year has not happened yet on 2026-11-22.
        pytest.param(
            "serving_part_year", "active", [D(2026, 12, 1)], ON, True, id="later-this-year"
        ),
        pytest.param("serving", "active", [ON], ON, False, id="inspected-on-the-date"),
        # 1 January: the new year has started, no inspection yet.
        pytest.param("serving", "active", [D(2025, 6, 1)], D(2027, 1, 1), True, id="1-january"),
        pytest.param("serving", "active", [D(2027, 1, 1)], D(2027, 1, 1), False, id="1-jan-done"),
        pytest.param("serving", "suspended", [], ON, False, id="not-active"),
        pytest.param("serving", "expired", [], ON, False, id="expired"),
        pytest.param("serving_single_occasion", "active", [], ON, False, id="single-occasion"),
        pytest.param("serving_catering", "active", [], ON, False, id="catering"),
    ],
)
def test_not_inspected_this_year(kind, status, inspection_dates, on, flagged):
    result = not_inspected_this_year(
        kind=kind, status=status, inspection_dates=inspection_dates, on=on
    )
    assert result.outcome is flagged
    assert result.code == "not_inspected_this_year"
    assert result.legal_reference == INSPECTION_REFERENCE == "alkoholforskriften § 9-7"
    assert result.parameters["year"] == on.year


def test_reasons():
    result = not_inspected_this_year(
        kind="serving", status="active", inspection_dates=[D(2025, 5, 2)], on=ON
    )
    assert result.reasons == (
        "No inspection in 2026 up to 22.11.2026 (last on 02.05.2025); every licensed venue "
        "is to be inspected at least once a year.",
    )
    assert result.parameters["last_inspected_on"] == D(2025, 5, 2)
    done = not_inspected_this_year(
        kind="serving",
        status="active",
        inspection_dates=iter([D(2026, 5, 2), D(2025, 1, 1)]),
        on=ON,
    )
    assert done.reasons == ("Last inspected on 02.05.2026.",)


def test_not_applicable_says_why():
    result = not_inspected_this_year(
        kind="serving_catering", status="active", inspection_dates=(), on=ON
    )
    assert result.reasons == (
        "The yearly inspection applies to active sales and serving licences only.",
    )
