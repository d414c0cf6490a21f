"""Lists run a fixed number of queries whatever the number of rows (pinned over 50+ rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.inspections import FindingFactory, InspectionFactory, PointDecisionFactory
from tests.factories.licensing import LicenceFactory

from .conftest import at


def _reports(muni, company, count):
    for n in range(count):
        licence = LicenceFactory(municipality=muni)
        inspection = InspectionFactory(
            licence=licence, company=company, started_at=at(2026, 1 + n % 10, 1 + n % 27)
        )
        if n % 2:
            FindingFactory(inspection=inspection)
            PointDecisionFactory(
                licence=licence, inspection=inspection, status="proposed", decided_on=None
            )


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"with_findings": "on", "not_sent": "on", "ordering": "-findings"}]
)
def test_report_list(officer_client, muni1, company_a, params, django_assert_max_num_queries):
    url = reverse("inspections:report_list")
    _reports(muni1, company_a, 3)
    few = _count(officer_client, url, params)
    _reports(muni1, company_a, 57)
    many = _count(officer_client, url, params)
    assert many == few
    with django_assert_max_num_queries(7):
        officer_client.get(url, params)
