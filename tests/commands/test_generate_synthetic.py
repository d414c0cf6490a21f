"""generate_synthetic: reproducible for a seed, and data the rules accept."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum

from evaluation.engine import evaluate_all, points_in_window_by_licence
from inspections.models import Finding, Inspection, PointDecision, Suspension
from licensing.models import Holder, Licence, ManagerAssignment, Municipality, Person, Premises
from seminars.models import Attendance, SeminarPolicy

ON = dt.date(2026, 11, 22)
MODELS = (
    Municipality,
    Holder,
    Premises,
    Person,
    Licence,
    ManagerAssignment,
    Attendance,
    SeminarPolicy,
    Inspection,
    Finding,
    PointDecision,
    Suspension,
)


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_synthetic", "--date", ON.isoformat(), "--no-progress", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> dict:
    """What the data is, without primary keys."""
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "licences": sorted(
            Licence.objects.values_list(
                "municipality__name", "number", "kind", "status", "granted_on", "transferred_on"
            )
        ),
        "points": list(
            PointDecision.objects.values("status")
            .annotate(n=Count("id"), points=Sum("points"))
            .order_by("status")
        ),
        "persons": sorted(Person.objects.values_list("name", "date_of_birth")),
        "inspections": sorted(
            Inspection.objects.values_list("licence__number", "started_at", "no_findings")
        ),
        "suspensions": sorted(
            Suspension.objects.values_list("licence__number", "decided_on", "days")
        ),
        "org_numbers": sorted(Municipality.objects.values_list("org_number", flat=True)),
    }


def generate_and_roll_back(*args) -> tuple[str, dict]:
    with transaction.atomic():
        output = generate(*args)
        result = fingerprint()
        transaction.set_rollback(True)
    return output, result


def test_same_seed_gives_the_same_data(db):
    output, first = generate_and_roll_back("--licences", "50", "--seed", "3")
    _, second = generate_and_roll_back("--licences", "50", "--seed", "3")
    _, other = generate_and_roll_back("--licences", "50", "--seed", "4")

    assert first == second
    assert first != other
    counts = first["counts"]
    assert counts["Licence"] == 50
    assert counts["Inspection"] == 50 * 5 * 3  # five years, three a year
    assert counts["Municipality"] == 1
    assert "Generated 50 licences in 1 municipality (seed 3" in output
    assert "Inspections and findings were inserted without audit history" in output


def test_every_kind_and_the_rules_accept_the_data(db):
    generate("--licences", "200", "--seed", "1", "--municipalities", "2")

    assert set(Licence.objects.values_list("kind", flat=True)) == {
        "sales",
        "serving",
        "serving_part_year",
        "serving_single_occasion",
        "serving_catering",
    }
    assert Municipality.objects.count() == 2
    assert set(Licence.objects.values_list("municipality__name", flat=True)) == {
        "Syntetisk kommune 1 (seed 1)",
        "Syntetisk kommune 2 (seed 1)",
    }
    assert PointDecision.objects.filter(status="decided").exists()
    assert Finding.objects.exists()
    # Register records have history, inspections none.
    assert Licence.history.count() >= 200
    assert Inspection.history.count() == 0
    # The database constraints held; the point sums agree with the engine.
    evaluations = evaluate_all(Licence.objects.all(), ON)
    assert len(evaluations) == 200
    assert points_in_window_by_licence(ON) == {
        e.licence_id: e.points.in_window for e in evaluations if e.points.in_window
    }


def test_the_same_seed_twice_in_one_database_is_refused(db):
    generate("--licences", "5", "--seed", "9")

    with pytest.raises(CommandError, match=r"Syntetisk kommune \(seed 9\) already exists"):
        generate("--licences", "5", "--seed", "9")


def test_its_bulk_writes_are_announced(db):
    """Bulk inserts send no model signals: the command announces them, so the API's cached
    pages are not served stale (docs/adr/0206)."""
    from licensing.bulk_writes import bulk_written

    sent = []

    def receiver(sender, **kwargs):
        sent.append(Licence.objects.count())

    bulk_written.connect(receiver, dispatch_uid="test-generate-synthetic")
    try:
        generate_and_roll_back("--licences", "5", "--seed", "5")
    finally:
        bulk_written.disconnect(dispatch_uid="test-generate-synthetic")
    assert sent == [5]  # once, after the licences were written
