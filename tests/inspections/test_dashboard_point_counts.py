"""The dashboard's point sections count in the database and evaluate only the standings
shown (docs/adr/0226): the counts, the standings shown and their order are those of
``flagged_point_standings`` (the rules over every licence the light pass keeps), on a
register built around the rule's boundaries; and the advance notices write out only the
items shown, the same as before."""

import datetime as dt
import random

import pytest

from inspections import dashboard, selectors
from inspections.models import PointDecision, PointDecisionStatus, Suspension
from licensing.rules import points as rules
from tests.factories.inspections import PointDecisionFactory, SuspensionFactory, violation
from tests.factories.licensing import LicenceFactory

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 22)
DATES = (
    TODAY,
    D(2027, 3, 1),
    D(2028, 2, 29),  # two years back of 29 February
    D(2026, 2, 28),
)
KINDS = ("serving", "sales", "serving_part_year", "serving_catering", "serving_single_occasion")


def _random_day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


@pytest.fixture
def register(muni1, muni2):
    """About 90 licences: points of any age around two-year spans (the window's first
    day, 29 February), decided after the reference date, proposed or withdrawn,
    transfers before, inside and after the window, suspensions decided before and after
    the violations and after the reference date, open suspensions, licences outside the
    point system or not in force, and a second municipality."""
    rng = random.Random(226)
    code = {points: violation(name) for points, name in (
        (1, "spirits_measure"), (2, "intoxicated_on_premises"), (4, "hours_violation"),
        (8, "sale_to_minor"),
    )}  # fmt: skip
    edges = [
        TODAY - dt.timedelta(days=730),
        TODAY - dt.timedelta(days=731),
        D(2024, 11, 23),
        D(2024, 11, 22),
        D(2024, 2, 29),
        D(2026, 2, 28),
        D(2025, 3, 1),
    ]
    for i in range(90):
        kind = KINDS[i % 5] if i % 7 else "serving"
        transferred_on = rng.choice(
            [None, None, None, D(2025, 1, 10), D(2026, 3, 1), D(2027, 1, 5), D(2024, 11, 23)]
        )
        licence = LicenceFactory(
            municipality=muni2 if i % 11 == 0 else muni1,
            number=f"P-{rng.randrange(40):03d}-{i:03d}",
            kind=kind,
            group_2=kind != "sales",
            group_3=False,
            status=rng.choice(["active", "active", "active", "suspended", "ceased"]),
            transferred_on=transferred_on,
        )
        for _ in range(rng.randrange(8)):
            points = rng.choice([1, 2, 4, 4, 8, 8])
            on = rng.choice(edges) if rng.random() < 0.3 else _random_day(
                rng, D(2023, 6, 1), D(2028, 1, 31)
            )  # fmt: skip
            status = rng.choice(["decided"] * 8 + ["proposed", "withdrawn"])
            decided_on = None
            if status != "proposed":
                decided_on = on + dt.timedelta(days=rng.choice([0, 20, 60, 200, 500]))
            PointDecisionFactory(
                licence=licence,
                violation=code[points],
                violation_on=on,
                decided_on=decided_on,
                status=status,
                withdrawal_reason="Withdrawn." if status == "withdrawn" else "",
            )
        if rng.random() < 0.25:
            decided_on = _random_day(rng, D(2024, 6, 1), D(2027, 6, 1))
            SuspensionFactory(
                licence=licence,
                decided_on=decided_on,
                advance_notice_on=decided_on - dt.timedelta(days=30),
                comment_deadline_on=decided_on - dt.timedelta(days=9),
                starts_on=decided_on + dt.timedelta(days=10),
            )
        if rng.random() < 0.1:
            SuspensionFactory(licence=licence, status="notified", decided_on=None, reference="")
    return [muni1.pk, muni2.pk]


def _key(standing):
    return (standing.licence.pk, standing.result, standing.open_suspension)


@pytest.mark.parametrize("on", DATES)
@pytest.mark.parametrize("sample", [1, 3, 10])
def test_counts_and_shown_standings_are_those_of_flagged_point_standings(register, on, sample):
    for ids in (register, register[:1]):
        flagged = selectors.flagged_point_standings(ids, on)
        candidates = [s for s in flagged if s.result.revocation_candidate]
        approaching = [s for s in flagged if s.result.approaching_threshold]
        got = selectors.flagged_point_counts(ids, on, sample)
        assert (got.candidates, got.approaching) == (len(candidates), len(approaching))
        assert [_key(s) for s in got.candidate_standings] == [_key(s) for s in candidates[:sample]]
        assert [_key(s) for s in got.approaching_standings] == [
            _key(s) for s in approaching[:sample]
        ]


def test_the_register_has_both_kinds_and_more_than_shown(register):
    flagged = selectors.flagged_point_standings(register, TODAY)
    assert sum(s.result.revocation_candidate for s in flagged) > 3
    assert sum(s.result.approaching_threshold for s in flagged) > 3
    # Some candidates rest on points older than the window, some were used up or cut by a
    # transfer (the database's floor), some reach 12 points only with those.
    assert any(s.result.basis_outside_window for s in flagged)


@pytest.mark.parametrize(
    ("items", "best"),
    [
        ([(D(2025, 3, 15), 8), (D(2027, 2, 1), 4)], 12),
        ([(D(2025, 3, 15), 8), (D(2027, 3, 15), 4)], 8),  # never 12 in one span
        ([(D(2025, 3, 16), 8), (D(2027, 3, 15), 4)], 12),
        ([(D(2024, 2, 29), 8), (D(2026, 2, 28), 4), (D(2026, 3, 1), 2)], 12),
        ([(D(2024, 1, 1), 12), (D(2024, 1, 1), 4)], 16),
        ([(D(2020, 1, 1), 6), (D(2024, 1, 1), 6)], 6),
        ([(D(2024, 1, 1), 4), (D(2024, 6, 1), 4)], 0),  # fewer than 12 in all
    ],
)
def test_best_span_is_the_basis_points(items, best):
    assert selectors._best_span(items) == best
    facts = [
        rules.PointDecisionFact("x", day, points, day, reference=str(n))
        for n, (day, points) in enumerate(items)
    ]
    basis = rules.suspension_basis(facts, D(2030, 1, 1))
    if basis is None:
        assert best < rules.THRESHOLD
    else:
        assert basis.points == best


def test_sections_show_the_counts(register):
    flagged = selectors.flagged_point_standings(register[:1], TODAY)
    section = dashboard.revocation_candidates(register[:1], TODAY)
    assert section.count == sum(s.result.revocation_candidate for s in flagged)
    section = dashboard.approaching_threshold(register[:1], TODAY)
    assert section.count == sum(s.result.approaching_threshold for s in flagged)
    assert len(section.items) == min(section.count, dashboard.SAMPLE)


# Advance notices ready for a decision ---------------------------------------------------


def _all_notice_items(municipality_ids, today):
    """The section's items as before docs/adr/0226: every item written out, then cut."""
    decisions = (
        PointDecision.objects.filter(
            licence__municipality__in=municipality_ids,
            status=PointDecisionStatus.NOTIFIED,
            comment_deadline_on__lt=today,
        )
        .select_related("licence__holder", "licence__premises", "violation")
        .order_by("comment_deadline_on", "licence_id", "pk")
    )
    suspensions = (
        Suspension.objects.filter(
            licence__municipality__in=municipality_ids,
            status="notified",
            comment_deadline_on__lt=today,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("comment_deadline_on", "pk")
    )
    items = [dashboard._suspension_notice_item(s) for s in suspensions]
    grouped = {}
    for decision in decisions:
        grouped.setdefault(decision.licence_id, []).append(decision)
    items += [dashboard._point_notice_item(group) for group in grouped.values()]
    return items


@pytest.mark.parametrize("suspensions", [0, 4, 12])
def test_notices_ready_are_the_first_of_all_items(muni1, muni2, suspensions):
    rng = random.Random(suspensions)
    for i in range(14):
        licence = LicenceFactory(municipality=muni2 if i % 5 == 0 else muni1)
        for _ in range(rng.randrange(1, 4)):
            notice = D(2026, 10, rng.randrange(1, 25))
            PointDecisionFactory(
                licence=licence, status="notified", decided_on=None,
                violation=violation(rng.choice(["fee_unpaid", "hours_violation"])),
                advance_notice_on=notice, comment_deadline_on=notice + dt.timedelta(days=21),
            )  # fmt: skip
    for i in range(suspensions):
        notice = D(2026, 10, 1 + i)
        SuspensionFactory(
            licence=LicenceFactory(municipality=muni1), status="notified", decided_on=None,
            reference="", advance_notice_on=notice,
            comment_deadline_on=notice + dt.timedelta(days=21 if i % 3 else 60),
        )  # fmt: skip
    for ids in ([muni1.pk], [muni1.pk, muni2.pk]):
        expected = _all_notice_items(ids, TODAY)
        section = dashboard.notices_ready_for_decision(ids, TODAY)
        assert section.count == len(expected) > dashboard.SAMPLE
        assert section.items == expected[: dashboard.SAMPLE]


# Venues not inspected this year -------------------------------------------------------


def test_uninspected_venues_are_the_first_of_the_queryset(muni1, muni2):
    from django.utils import timezone

    from tests.factories.inspections import InspectionFactory

    for i in range(24):
        licence = LicenceFactory(
            municipality=muni2 if i % 4 == 0 else muni1,
            number=f"U-{(i * 5) % 24:03d}",
            premises__name=f"Stad {i % 3}",
        )
        if i % 3 == 0:
            InspectionFactory(
                licence=licence,
                started_at=timezone.make_aware(dt.datetime(2025, 1 + i % 12, 3, 21, 0)),
            )
        if i % 5 == 1:
            InspectionFactory(
                licence=licence, started_at=timezone.make_aware(dt.datetime(2026, 3, 3, 21, 0))
            )
    for ids in ([muni1.pk], [muni1.pk, muni2.pk]):
        queryset = selectors.uninspected_licences(ids, TODAY)
        expected = list(queryset)
        section = dashboard.uninspected_venues(ids, TODAY)
        assert section.count == len(expected) > dashboard.SAMPLE
        assert [item.label for item in section.items] == [
            dashboard._licence_label(licence) for licence in expected[: dashboard.SAMPLE]
        ]
        # The last inspection (before this year) as the subquery gives it.
        assert any("2025" in item.detail for item in section.items)
