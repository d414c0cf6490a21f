"""The point-sum query (points_in_window_by_licence), the hand-written SQL of bench_rules and
the rules engine agree on seeded random registers, at dates chosen to hit every boundary:
window starts, transfer dates, suspension decision dates and 29 February."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.engine import evaluate_all, points_in_window_by_licence
from evaluation.management.commands.bench_rules import raw_point_sums
from inspections.models import PointDecision, Suspension, ViolationType
from licensing.models import Licence, LicenceKind
from licensing.rules.dates import add_years
from tests.factories.licensing import HolderFactory

D = dt.date
FIRST, LAST = D(2023, 1, 1), D(2028, 6, 30)
ONE_DAY = dt.timedelta(days=1)


def random_day(rng, start=FIRST, end=LAST):
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def build_random_register(rng: random.Random, municipality, licences: int = 40):
    """Licences of every kind, some transferred, with decided and undecided point decisions
    and decided and cancelled suspensions, all in 2023-2028."""
    holder = HolderFactory(municipality=municipality)
    catalogue = list(ViolationType.objects.values_list("pk", "standard_points"))
    kinds = LicenceKind.values
    created = Licence.objects.bulk_create(
        Licence(
            municipality=municipality,
            number=f"R-{i:03d}",
            holder=holder,
            kind=(kind := rng.choice(kinds)),
            group_2=kind != "sales",
            granted_on=D(2022, 6, 1),
            valid_from=D(2024, 10, 1),
            valid_to=D(2028, 9, 30),
            transferred_on=random_day(rng) if rng.random() < 0.3 else None,
        )
        for i in range(licences)
    )
    decisions, suspensions = [], []
    for licence in created:
        for _ in range(rng.randrange(0, 9)):
            violation_id, standard = rng.choice(catalogue)
            violation_on = random_day(rng)
            status = rng.choices(["decided", "proposed", "withdrawn"], [8, 1, 1])[0]
            points = standard if rng.random() < 0.8 else rng.randrange(1, 13)
            decisions.append(
                PointDecision(
                    licence=licence,
                    violation_id=violation_id,
                    violation_on=violation_on,
                    standard_points=standard,
                    points=points,
                    justification="" if points == standard else "Særlige forhold.",
                    status=status,
                    decided_on=(
                        violation_on + dt.timedelta(days=rng.randrange(0, 120))
                        if status == "decided"
                        else None
                    ),
                    withdrawal_reason="Feil." if status == "withdrawn" else "",
                    reference=f"{rng.randrange(1000)}",
                )
            )
        for _ in range(rng.choice([0, 0, 1, 2])):
            decided_on = random_day(rng)
            starts_on = decided_on + dt.timedelta(days=rng.randrange(0, 30))
            status = "decided" if rng.random() < 0.8 else "cancelled"
            suspensions.append(
                Suspension(
                    licence=licence,
                    status=status,
                    cancellation_reason="Klage tatt til følge." if status == "cancelled" else "",
                    days=7,
                    decided_on=decided_on,
                    starts_on=starts_on,
                    ends_on=starts_on + dt.timedelta(days=6),
                )
            )
    # Violations exactly on the dates where the window moves: a suspension's decision date
    # (used up) and a transfer date (counts), and the day before a transfer (does not).
    violation_id, standard = catalogue[0]
    edges = [s.decided_on for s in suspensions if s.status == "decided"]
    for licence in created:
        if licence.transferred_on:
            edges += [licence.transferred_on, licence.transferred_on - ONE_DAY]
    licence_of = {s.decided_on: s.licence for s in suspensions}
    for day in edges:
        licence = licence_of.get(day) or next(
            lic for lic in created if lic.transferred_on in (day, day + ONE_DAY)
        )
        decisions.append(
            PointDecision(
                licence=licence,
                violation_id=violation_id,
                violation_on=day,
                standard_points=standard,
                points=standard,
                status="decided",
                decided_on=day + dt.timedelta(days=rng.choice([0, 0, 1, 15])),
                reference="edge",
            )
        )
    PointDecision.objects.bulk_create(decisions)
    Suspension.objects.bulk_create(suspensions)
    return created, decisions, suspensions


def boundary_dates(rng, licences, decisions, suspensions) -> list[dt.date]:
    """Dates where an off-by-one would show: each side of suspension decisions, transfers
    and the day a violation leaves the two-year window; 29 February; some random days."""
    candidates = {D(2028, 2, 29), D(2028, 3, 1), D(2026, 2, 28), D(2025, 3, 1)}
    for suspension in rng.sample(suspensions, min(6, len(suspensions))):
        candidates |= {suspension.decided_on - ONE_DAY, suspension.decided_on}
        candidates |= {suspension.decided_on + ONE_DAY, suspension.decided_on + 30 * ONE_DAY}
    for licence in licences:
        if licence.transferred_on and rng.random() < 0.3:
            candidates |= {licence.transferred_on - ONE_DAY, licence.transferred_on}
            candidates.add(licence.transferred_on + 30 * ONE_DAY)
    for decision in rng.sample(decisions, min(6, len(decisions))):
        leaves = add_years(decision.violation_on, 2)  # first day it is out of the window
        candidates |= {leaves - ONE_DAY, leaves}
        if decision.decided_on:
            candidates |= {decision.decided_on - ONE_DAY, decision.decided_on}
    # Decided the day of the violation: counts from that very day.
    candidates |= {d.decided_on for d in decisions if d.decided_on == d.violation_on}
    candidates |= {random_day(rng) for _ in range(4)}
    return sorted(candidates)


def engine_sums(on: dt.date) -> dict[int, int]:
    return {
        e.licence_id: e.points.in_window
        for e in evaluate_all(Licence.objects.all(), on)
        if e.points.in_window
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_point_sum_query_agrees_with_the_rules_engine(muni1, seed):
    rng = random.Random(seed)
    licences, decisions, suspensions = build_random_register(rng, muni1)

    dates = boundary_dates(rng, licences, decisions, suspensions)
    assert len(dates) > 20
    counted = 0
    for on in dates:
        expected = engine_sums(on)
        assert points_in_window_by_licence(on) == expected, on
        assert raw_point_sums(on) == expected, on
        counted += len(expected)
    assert counted > 0  # the dataset does exercise the sums


def test_point_sum_is_one_query(muni1):
    build_random_register(random.Random(4), muni1, licences=30)

    with CaptureQueriesContext(connection) as captured:
        points_in_window_by_licence(D(2026, 11, 22))

    assert len(captured.captured_queries) == 1


def test_only_licences_with_points_are_listed(muni1, muni2):
    from tests.rules_integration.dataset import ON, build

    licences = build(muni1, muni2)

    sums = points_in_window_by_licence(ON)

    # A 14, B 4, C 8; D's points are used up, E is outside the point system, F and G
    # have none.
    assert sums == {licences["A"].pk: 14, licences["B"].pk: 4, licences["C"].pk: 8}
