"""A past year's figures use the licences in force in that year, from their validity and
status history, never today's status (ADR 0180). Counted by hand on a focused fixture:

A serving, 2024-10-01 – 2028-09-30, active ............ in force 2025 and 2026
B serving, ceased 2025-06-01 (recorded change) ......... in force 2025 until 31 May; ended 2025
C sales, valid from 2026-02-01 ......................... in force 2026 only
D serving, revoked 2026-03-15 .......................... in force all of 2025, and 2026 to 14 March
E serving, suspended 2025-05-01, active again 2025-07-01 in force both years (suspended counts)
Inspections 2025: A and D once each. 2026: A, C.
"""

import datetime as dt

import pytest
from django.utils import timezone

from inspections import selectors
from licensing.services.licences import licence_set_status
from reporting.figures import year_figures
from tests.factories.inspections import InspectionFactory
from tests.factories.licensing import LicenceFactory

from .conftest import TODAY


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def status(licence, to, on):
    licence_set_status(licence=licence, status=to, on=on, reason="Test", actor=None)


@pytest.fixture
def licences(muni1):
    a = LicenceFactory(municipality=muni1, number="A")
    b = LicenceFactory(municipality=muni1, number="B")
    status(b, "ceased", dt.date(2025, 6, 1))
    c = LicenceFactory(
        municipality=muni1, number="C", kind="sales", group_2=False,
        granted_on=dt.date(2026, 1, 20), valid_from=dt.date(2026, 2, 1),
    )  # fmt: skip
    d = LicenceFactory(municipality=muni1, number="D")
    status(d, "revoked", dt.date(2026, 3, 15))
    e = LicenceFactory(municipality=muni1, number="E")
    status(e, "suspended", dt.date(2025, 5, 1))
    status(e, "active", dt.date(2025, 7, 1))
    company = InspectionFactory(licence=a, started_at=at(2025, 3, 1)).company
    InspectionFactory(licence=d, company=company, started_at=at(2025, 9, 1))
    InspectionFactory(licence=a, company=company, started_at=at(2026, 3, 1))
    InspectionFactory(licence=c, company=company, started_at=at(2026, 4, 1))
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


def numbers(licences):
    return sorted(lic.number for lic in licences)


def test_a_licence_that_ended_last_year_counts_for_last_year(licences, muni1):
    (last_year,) = selectors.coverage([muni1.pk], 2025)
    assert numbers(last_year.licences) == ["A", "B", "D", "E"]  # not C: it started in 2026
    assert numbers(last_year.not_inspected) == ["B", "E"]
    f = year_figures([muni1.pk], 2025, TODAY)
    assert (f.licences_to_inspect, f.inspections_required, f.inspections) == (4, 12, 2)
    assert f.venues_inspected == 2
    assert sorted(v["licence_number"] for v in f.venues_not_inspected) == ["B", "E"]
    # In force on 31 December 2025: A, D (revoked only in 2026) and E; B ended in 2025.
    assert f.licences_in_force == 3
    assert f.licences_ended == 1


def test_this_year_counts_what_was_in_force_this_year(licences, muni1):
    (this_year,) = selectors.coverage([muni1.pk], 2026)
    assert numbers(this_year.licences) == ["A", "C", "D", "E"]  # not B: ceased in 2025
    assert numbers(this_year.not_inspected) == ["D", "E"]
    f = year_figures([muni1.pk], 2026, TODAY)
    assert (f.licences_to_inspect, f.inspections_required, f.inspections) == (4, 12, 2)
    assert f.licences_in_force == 3  # A, C, E on 3 December 2026
    assert (f.licences_new, f.licences_ended) == (1, 1)  # C; D


def test_the_figures_of_a_past_year_do_not_change_when_a_licence_ends_later(licences, muni1):
    before = year_figures([muni1.pk], 2025, TODAY)
    status(licences["A"], "ceased", dt.date(2026, 11, 1))
    after = year_figures([muni1.pk], 2025, TODAY)
    assert after.as_dict() == before.as_dict()


def test_an_ended_licence_without_a_recorded_change_ran_through_its_validity(muni1):
    LicenceFactory(municipality=muni1, number="F", status="expired",
                   valid_from=dt.date(2024, 10, 1), valid_to=dt.date(2025, 9, 30))  # fmt: skip
    assert numbers(selectors.coverage([muni1.pk], 2025)[0].licences) == ["F"]
    assert selectors.coverage([muni1.pk], 2026)[0].licences == []
    f = year_figures([muni1.pk], 2025, TODAY)
    assert (f.licences_in_force, f.licences_ended) == (0, 1)
