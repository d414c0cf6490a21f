"""The inspection sections read fewer rows (docs/adr/0215) and list exactly what the
queries they replace listed: reports awaiting the holder's comment from the findings
instead of a join with every inspection's findings, the last inspection of an uninspected
venue by a subquery instead of an aggregate over the join."""

import datetime as dt

import pytest
from django.db.models import Max
from django.utils import timezone

from inspections import dashboard, selectors
from inspections.models import Inspection
from tests.factories.inspections import FindingFactory, InspectionFactory, PointDecisionFactory
from tests.factories.licensing import LicenceFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 22)


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 21, 0))


@pytest.fixture
def register(muni1, muni2):
    for i in range(24):
        municipality = muni1 if i % 3 else muni2
        licence = LicenceFactory(
            municipality=municipality,
            number=f"I-{i:03d}",
            kind=["serving", "sales", "serving_single_occasion"][i % 3],
            group_2=i % 3 != 1,
        )
        for n in range(i % 4):
            sent = None if (i + n) % 5 == 0 else dt.date(2024 + n, 2 + i % 10, 10)
            inspection = InspectionFactory(
                licence=licence,
                started_at=_at(dt.date(2024 + n, 1 + i % 12, 1 + n)),
                report_sent_on=sent,
                holder_comment_on=sent + dt.timedelta(days=3)
                if sent and (i + n) % 7 == 0
                else None,
            )
            for _ in range((i + n) % 3):
                FindingFactory(inspection=inspection)
            if (i + n) % 4 == 0:
                PointDecisionFactory(licence=licence, inspection=inspection)
    return [muni1.pk, muni2.pk]


def test_reports_awaiting_comment_are_those_of_the_join(register):
    old = (
        Inspection.objects.filter(
            licence__municipality__in=register,
            report_sent_on__isnull=False,
            holder_comment_on__isnull=True,
            findings__isnull=False,
            point_decisions__isnull=True,
            licence__kind__in=selectors.INSPECTED_KINDS,
        )
        .distinct()
        .order_by("report_sent_on", "pk")
    )
    section = dashboard.holder_comment_deadlines(register, ON)
    expected = list(old.values_list("pk", flat=True))
    assert section.count == len(expected) > 0
    assert [item.url for item in section.items] == [
        dashboard._report_url(Inspection(pk=pk)) for pk in expected[: dashboard.SAMPLE]
    ]


def test_uninspected_venues_have_the_last_inspection_of_the_aggregate(register):
    new = list(selectors.uninspected_licences(register, ON))
    old = {
        licence.pk: licence.old_last
        for licence in selectors.uninspected_licences(register, ON).annotate(
            old_last=Max("inspections__started_at")
        )
    }
    assert new and [licence.pk for licence in new] == list(old)
    assert {licence.pk: licence.last_inspected_at for licence in new} == old
    assert any(licence.last_inspected_at is None for licence in new)
    assert any(licence.last_inspected_at is not None for licence in new)
