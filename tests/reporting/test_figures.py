"""The yearly figures against the hand-counted dataset (tests/reporting/conftest.py)."""

import datetime as dt

from django.utils import translation

from reporting.figures import annual_report, year_figures
from reporting.summary import summary

from .conftest import TODAY


def test_licences_by_kind_and_group(dataset, muni1):
    f = year_figures([muni1.pk], 2026, TODAY)

    assert f.reference_date == TODAY
    assert f.kinds["serving"].in_force == 2  # L1, L3
    assert f.kinds["sales"].in_force == 1  # L2
    assert f.licences_in_force == 3
    assert (f.kinds["sales"].new, f.kinds["serving_single_occasion"].new) == (1, 1)
    assert f.licences_new == 2
    assert (f.kinds["serving"].ended, f.kinds["serving_single_occasion"].ended) == (1, 1)
    assert f.licences_transferred == 1
    assert f.groups_in_force == {"1": 1, "1+2": 1, "1+2+3": 1}
    assert f.groups_new == {"1": 1, "1+2": 1}
    assert f.serving_group_3_in_force == 1


def test_previous_year(dataset, muni1):
    f = year_figures([muni1.pk], 2025, TODAY)

    assert f.reference_date == dt.date(2025, 12, 31)
    assert f.licences_in_force == 3  # L1, L3, L4 (revoked only in 2026)
    assert f.licences_new == 1  # L3
    assert f.licences_ended == 0
    assert (f.point_decisions, f.points) == (1, 2)
    assert f.inspections == 1
    # L1, L3 and L4: L4 was in force all of 2025 (revoked only in 2026, ADR 0180).
    assert f.licences_to_inspect == 3
    assert f.inspections_required == 9
    assert sorted(v["licence_number"] for v in f.venues_not_inspected) == ["L3", "L4"]


def test_applications_and_hearings(dataset, muni1):
    f = year_figures([muni1.pk], 2026, TODAY)

    assert f.applications_received == 2
    assert (f.decisions_granted, f.decisions_refused) == (1, 1)
    assert f.processing_days_median == 39.0
    assert f.processing_days_mean == 39.0
    assert f.hearings_sent == 3
    assert f.hearings_answered == 2
    assert f.hearings_answered_late == 1
    assert f.hearings_overdue == 1
    assert f.hearing_reply_days_mean == 27.0


def test_inspections_against_the_quota(dataset, muni1):
    f = year_figures([muni1.pk], 2026, TODAY)

    # L1, L2, L3, and L4 (in force until its revocation on 10 April).
    assert f.licences_to_inspect == 4
    assert f.inspections_required == 12
    assert f.inspections == 3
    assert f.event_inspections == 1
    assert f.venues_inspected == 2
    assert sorted(v["licence_number"] for v in f.venues_not_inspected) == ["L3", "L4"]
    assert not f.quota_met


def test_sanctions_count_decided_records_only(dataset, muni1):
    f = year_figures([muni1.pk], 2026, TODAY)

    assert (f.point_decisions, f.points) == (3, 14)
    assert {code: (b["count"], b["points"]) for code, b in f.breaches.items()} == {
        "sale_to_minor": (1, 8),
        "hours_violation": (1, 4),
        "internal_control_deficient": (1, 2),
    }
    assert (f.suspensions, f.suspension_days) == (1, 7)


def test_seminar_coverage(dataset, muni1):
    f = year_figures([muni1.pk], 2026, TODAY)

    assert (f.seminar_licences_required, f.seminar_licences_compliant,
            f.seminar_licences_overdue) == (1, 0, 1)  # fmt: skip
    assert (f.seminar_persons_required, f.seminar_persons_compliant,
            f.seminar_persons_overdue) == (2, 1, 1)  # fmt: skip


def test_region_adds_the_municipalities_up(dataset, muni1, muni2):
    one = year_figures([muni1.pk], 2026, TODAY)
    region = year_figures([muni1.pk, muni2.pk], 2026, TODAY)

    assert region.licences_in_force == one.licences_in_force + 1  # X1
    assert region.points == one.points + 4
    assert region.suspensions == one.suspensions + 1
    assert region.inspections == one.inspections + 1
    assert region.applications_received == 3


def test_comparison_and_summary(dataset, muni1):
    report = annual_report([muni1], 2026, TODAY)
    rows = {row["name"]: row for row in report.comparison()}

    assert rows["points"] == {"name": "points", "current": 14, "previous": 2, "change": 12}
    assert rows["licences_in_force"]["change"] == 0
    assert rows["hearing_reply_days_mean"]["change"] is None  # no hearings in 2025
    with translation.override("nb"):  # a view test on the same worker may leave nn active
        text = " ".join(summary(report))
    assert "Bevillinger i kraft ved utgangen av 2026: 3, det samme som året før." in text
    assert "Prikker tildelt: 14, 12 flere enn året før (vedtak: 3)." in text
    assert "så kvoten ble ikke oppfylt" in text


def test_fixed_number_of_queries(dataset, muni1, django_assert_max_num_queries):
    # 16 for the figures of licences, hearings, inspections, sanctions and seminars; 8 for
    # the fees (fees.selectors.fee_rows) and 1 looking for the year's rates when none apply.
    with django_assert_max_num_queries(25):
        year_figures([muni1.pk], 2026, TODAY)
