"""Dashboard sections: what each lists, why (the explanation), and a fixed number of queries."""

import datetime as dt

import pytest

from inspections import dashboard, selectors
from licensing.rules import points as rules
from tests.factories.inspections import (
    FindingFactory,
    InspectionFactory,
    PointDecisionFactory,
    SuspensionFactory,
    violation,
)
from tests.factories.licensing import LicenceFactory

from .conftest import at

D = dt.date
TODAY = D(2026, 11, 22)


def labels(section):
    return [item.label for item in section.items]


@pytest.fixture
def standings(muni1, muni2):
    candidate = LicenceFactory(municipality=muni1, number="C-1", premises__name="Kandidaten")
    PointDecisionFactory(
        licence=candidate, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 5)
    )
    PointDecisionFactory(licence=candidate, violation_on=D(2026, 4, 5))
    PointDecisionFactory(
        licence=candidate,
        violation=violation("intoxicated_on_premises"),
        violation_on=D(2026, 6, 5),
    )
    approaching = LicenceFactory(municipality=muni1, number="A-1", premises__name="Nesten")
    PointDecisionFactory(
        licence=approaching, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 5)
    )
    # Not counted: proposed only; suspended already (points used up); other municipality;
    # single-occasion licence.
    proposed = LicenceFactory(municipality=muni1, number="P-1", premises__name="Foreslått")
    PointDecisionFactory(licence=proposed, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 5),
                         status="proposed", decided_on=None)  # fmt: skip
    PointDecisionFactory(
        licence=proposed, violation=violation("duty_to_assist"), violation_on=D(2026, 2, 5)
    )
    used = LicenceFactory(municipality=muni1, number="U-1", premises__name="Brukt opp")
    PointDecisionFactory(
        licence=used, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 5)
    )
    PointDecisionFactory(
        licence=used, violation=violation("duty_to_assist"), violation_on=D(2026, 2, 5)
    )
    SuspensionFactory(licence=used, decided_on=D(2026, 9, 1))
    other = LicenceFactory(municipality=muni2, number="O-1")
    PointDecisionFactory(
        licence=other, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 5)
    )
    PointDecisionFactory(
        licence=other, violation=violation("duty_to_assist"), violation_on=D(2026, 2, 5)
    )
    return candidate, approaching


def test_revocation_candidates(standings, muni1, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        section = dashboard.revocation_candidates([muni1.pk], TODAY)
    assert labels(section) == ["Kandidaten (C-1)"]
    item = section.items[0]
    assert item.badge == "14 points"
    assert item.detail == (
        "14 points in the window 23.11.2024–22.11.2026. 14 points for violations within two "
        "years of each other (05.01.2026 to 05.06.2026) reach the threshold of 12 points: "
        "suspension for 9 days (alkoholforskriften § 10-2)."  # 14 = 12 + 2: 7 + 2 days
    )
    assert item.url.endswith(f"/bevillinger/{standings[0].pk}/prikker/")


def test_approaching_threshold(standings, muni1):
    section = dashboard.approaching_threshold([muni1.pk], TODAY)
    # "Foreslått" has 8 decided and 8 proposed points: only the decided ones count.
    assert labels(section) == ["Nesten (A-1)", "Foreslått (P-1)"]
    assert section.items[0].detail == (
        "8 points in the window 23.11.2024–22.11.2026. 4 more points reach the threshold of 12."
    )


def test_reports_not_sent_within_a_week(muni1, licence1, company_a):
    late = InspectionFactory(
        licence=licence1, company=company_a, started_at=at(2026, 11, 14, 23, 30)
    )
    InspectionFactory(
        licence=licence1, company=company_a, started_at=at(2026, 11, 15, 0, 30)
    )  # deadline today
    InspectionFactory(licence=licence1, company=company_a, started_at=at(2026, 11, 1),
                      review_started_at=at(2026, 11, 2), report_sent_on=D(2026, 11, 6))  # fmt: skip
    section = dashboard.reports_not_sent([muni1.pk], TODAY)
    assert section.total == 1
    assert section.items[0].url.endswith(f"/rapporter/{late.pk}/")
    assert section.items[0].detail == (
        "Inspected on 14.11.2026; the report should have reached the holder by 21.11.2026 "
        "(alkoholforskriften § 9-6)."
    )
    assert section.items[0].badge == "1 day late"


def test_holder_comment_deadlines(muni1, licence1, company_a):
    waiting = InspectionFactory(licence=licence1, company=company_a, started_at=at(2026, 11, 1),
                                review_started_at=at(2026, 11, 2), report_sent_on=D(2026, 11, 5))  # fmt: skip
    FindingFactory(inspection=waiting)
    FindingFactory(inspection=waiting, violation=violation("spirits_measure"))
    InspectionFactory(
        licence=licence1,
        company=company_a,
        started_at=at(2026, 11, 2),
        review_started_at=at(2026, 11, 3),
        report_sent_on=D(2026, 11, 5),
    )  # no findings
    section = dashboard.holder_comment_deadlines([muni1.pk], TODAY)
    assert section.total == 1
    assert section.items[0].badge == "deadline passed"
    assert "the holder may comment until 19.11.2026" in section.items[0].detail


def test_notices_ready_for_decision(muni1, licence1):
    PointDecisionFactory(licence=licence1, status="notified", decided_on=None,
                         advance_notice_on=D(2026, 10, 1), comment_deadline_on=D(2026, 10, 22))  # fmt: skip
    PointDecisionFactory(licence=licence1, status="notified", decided_on=None, violation_on=D(2026, 10, 1),
                         advance_notice_on=D(2026, 11, 10), comment_deadline_on=D(2026, 12, 1))  # fmt: skip
    section = dashboard.notices_ready_for_decision([muni1.pk], TODAY)
    assert section.total == 1
    assert (
        "Advance notice of 4 points (Breach of sales or serving hours); comment deadline 22.10.2026 passed"
        in (section.items[0].detail)
    )


def test_uninspected_venues_this_year(muni1, company_a):
    inspected = LicenceFactory(municipality=muni1, premises__name="Kontrollert")
    InspectionFactory(licence=inspected, company=company_a, started_at=at(2026, 3, 1))
    last_year = LicenceFactory(municipality=muni1, premises__name="I fjor")
    InspectionFactory(licence=last_year, company=company_a, started_at=at(2025, 12, 31, 23, 30))
    LicenceFactory(municipality=muni1, premises__name="Aldri")
    LicenceFactory(
        municipality=muni1, premises__name="Enkeltanledning", kind="serving_single_occasion"
    )
    LicenceFactory(municipality=muni1, premises__name="Opphørt", status="ceased")
    section = dashboard.uninspected_venues([muni1.pk], TODAY)
    assert sorted(i.label.split(" (")[0] for i in section.items) == ["Aldri", "I fjor"]
    by_name = {i.label.split(" (")[0]: i.detail for i in section.items}
    assert by_name["I fjor"].startswith(
        "No inspection in 2026 up to 22.11.2026 (last on 31.12.2025)"
    )
    assert by_name["Aldri"].endswith("Legal basis: alkoholforskriften § 9-7.")


def test_sections_run_a_fixed_number_of_queries(muni1, company_a, django_assert_max_num_queries):
    for n in range(55):
        licence = LicenceFactory(municipality=muni1)
        PointDecisionFactory(
            licence=licence, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 5)
        )
        PointDecisionFactory(licence=licence, violation_on=D(2026, 2, 5 + n % 20))
        PointDecisionFactory(licence=licence, status="notified", decided_on=None, violation=violation("fee_unpaid"),
                             advance_notice_on=D(2026, 10, 1), comment_deadline_on=D(2026, 10, 22))  # fmt: skip
        if n % 5:
            SuspensionFactory(licence=licence, status="notified", decided_on=None, reference="",
                              advance_notice_on=D(2026, 10, 1), comment_deadline_on=D(2026, 10, 22))  # fmt: skip
        inspection = InspectionFactory(licence=licence, company=company_a, started_at=at(2026, 10, 1),
                                       review_started_at=at(2026, 10, 2),
                                       report_sent_on=D(2026, 10, 5) if n % 2 else None)  # fmt: skip
        FindingFactory(inspection=inspection)
    expected = {
        # The light pass, the kept decisions as values, their suspensions and licences
        # (docs/adr/0215).
        dashboard.revocation_candidates: 4,
        dashboard.approaching_threshold: 4,
        dashboard.reports_not_sent: 2,
        dashboard.holder_comment_deadlines: 2,
        # The suspensions, the licences with notified decisions, the decisions of those
        # shown (docs/adr/0232).
        dashboard.notices_ready_for_decision: 3,
        dashboard.uninspected_venues: 2,
    }
    for provider, limit in expected.items():
        with django_assert_max_num_queries(limit):
            section = provider([muni1.pk], TODAY)
        assert section.total is not None


def test_dashboard_page_shows_the_sections(officer_client, standings):
    content = officer_client.get("/").content.decode()
    assert "Suspension candidates (12 points or more)" in content
    assert "Kandidaten (C-1)" in content
    assert "Venues not inspected this year" in content


# point_standings(at_least=...) evaluates fewer licences; every licence with that many points
# in the window is still among them, with the same standing (docs/adr/0124).


def _standing_key(standing):
    return (standing.licence.pk, standing.result, standing.open_suspension)


@pytest.mark.parametrize("at_least", [1, 4, rules.APPROACHING_FROM, rules.THRESHOLD, 13])
def test_point_standings_prefilter_keeps_every_licence_that_reaches_the_points(
    standings, muni1, at_least
):
    everything = selectors.point_standings([muni1.pk], TODAY)
    expected = [s for s in everything if s.result.in_window >= at_least]
    got = selectors.point_standings([muni1.pk], TODAY, at_least=at_least)
    assert [_standing_key(s) for s in got if s.result.in_window >= at_least] == [
        _standing_key(s) for s in expected
    ]
    # Those it leaves out are only licences whose decided points sum to less.
    left_out = {s.licence.pk for s in everything} - {s.licence.pk for s in got}
    assert all(
        sum(d.points for d in s.licence.point_decisions.filter(status="decided")) < at_least
        for s in everything
        if s.licence.pk in left_out
    )


def test_flagged_point_standings_are_the_flagged_of_all_standings(standings, muni1):
    """The light first pass leaves out only licences that are neither candidates nor
    approaching: the same standings, in the same order (docs/adr/0196)."""
    everything = selectors.point_standings([muni1.pk], TODAY)
    flagged = [
        s for s in everything if s.result.revocation_candidate or s.result.approaching_threshold
    ]
    assert flagged  # the fixture has both kinds
    got = selectors.flagged_point_standings([muni1.pk], TODAY)
    assert [_standing_key(s) for s in got] == [_standing_key(s) for s in flagged]


@pytest.mark.parametrize(
    ("items", "reaches"),
    [
        # 8 + 4 within two years of each other (the day after v minus two years through v).
        ([(D(2025, 3, 15), 8), (D(2027, 2, 1), 4)], True),
        ([(D(2025, 3, 15), 8), (D(2027, 3, 15), 4)], False),
        ([(D(2025, 3, 16), 8), (D(2027, 3, 15), 4)], True),
        ([(D(2020, 1, 1), 6), (D(2024, 1, 1), 6)], False),
        ([(D(2024, 1, 1), 12)], True),
    ],
)
def test_span_reaches_counts_two_years_of_violation_dates(items, reaches):
    assert selectors._span_reaches(items, rules.THRESHOLD) is reaches


def test_point_standings_prefilter_a_suspension_lowers_the_points_below_the_raw_sum(
    standings, muni1
):
    """The 'used up' licence has 12 points decided but a suspension decided after them: the
    prefilter lets it through (raw sum 12), the rules give it fewer than 12."""
    got = selectors.point_standings([muni1.pk], TODAY, at_least=rules.THRESHOLD)
    assert [s.licence.number for s in got if s.result.revocation_candidate] == ["C-1"]
