"""The demo data: idempotent, and every inspections dashboard list has something."""

import io

import pytest
from django.core.management.color import no_style

from inspections import dashboard
from inspections.models import Inspection, PointDecision, Suspension
from licensing.models import Municipality


@pytest.mark.django_db
def test_demo_fills_every_list_and_runs_twice_without_changes():
    from inspections import demo as inspections_demo
    from licensing import demo as licensing_demo

    out = io.StringIO()
    licensing_demo.seed(out, no_style())
    inspections_demo.seed(out, no_style())
    counts = (Inspection.objects.count(), PointDecision.objects.count(), Suspension.objects.count())
    inspections_demo.seed(out, no_style())
    assert (
        Inspection.objects.count(),
        PointDecision.objects.count(),
        Suspension.objects.count(),
    ) == counts
    assert "inspections: nothing new." in out.getvalue()

    statuses = set(PointDecision.objects.values_list("status", flat=True))
    assert statuses == {"proposed", "notified", "decided", "withdrawn"}
    assert set(Suspension.objects.values_list("status", flat=True)) == {"decided", "notified"}

    ids = list(Municipality.objects.values_list("pk", flat=True))
    from licensing.clock import today

    for provider, _order in dashboard.PROVIDERS:
        section = provider(ids, today())
        assert section.items, f"{section.key} is empty in the demo"


@pytest.mark.django_db
def test_demo_has_a_suspension_the_old_two_year_reading_would_miss():
    from inspections import demo as inspections_demo
    from inspections import points as point_facts
    from licensing import demo as licensing_demo
    from licensing.clock import today
    from licensing.models import Licence

    out = io.StringIO()
    licensing_demo.seed(out, no_style())
    inspections_demo.seed(out, no_style())
    licence = Licence.objects.get(premises__name="Kjerringøy Handelssted", kind="sales")
    result = point_facts.licence_points(licence, today()).result
    # Alive today: 4 points. Within two years of each other: 8 + 4 = 12 -> 7 days.
    assert (result.in_window, result.suspension_points, result.suspension_days) == (4, 12, 7)
    assert result.revocation_candidate
