"""The officer pages bench_pages measures run a fixed number of queries: the same count with
twice the records, and no more than pinned here (issue 13; the counts of the synthetic
register of 20,000 licences are the same)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licensing.models import Licence
from tests.factories.inspections import FindingFactory, InspectionFactory, PointDecisionFactory
from tests.seminars.test_compliance_hooks import make_licences

pytestmark = pytest.mark.django_db

# page -> the most queries it may run (session and user included)
PINNED = {
    # fees: the rates and policies (2), the two sections' fee years found in the
    # database in one query (1, docs/adr/0233) and one fees.selectors.fee_rows (6) for the
    # fee years shown; "my fee years": the officer's cases (1), and only with cases their
    # licences and fee_rows (1 + 6) (docs/adr/0214, 0232). Seminars: policies, the missing persons' dates, the
    # rule on the licences shown (4) and a label query per section (docs/adr/0214). "My
    # cases": the count of my applications and of my point cases and suspensions, and
    # their first rows only when there are any (docs/adr/0186, 0232). The point sections:
    # the light pass, the kept decisions as values, their suspensions and licences
    # (docs/adr/0215). Advance notices: the suspensions, the licences with notified
    # decisions and the decisions of those shown (docs/adr/0232). 41 on the synthetic
    # register of 20,000 licences for an officer without cases (50 at most with cases of
    # every kind); fixed however many licences and years.
    "dashboard": 41,
    # The keys in order (their number the count), then the page's rows with their joins
    # and current persons (docs/adr/0227).
    "licence list": 8,
    # The seminar status in SQL: the policies, then the list's own queries (docs/adr/0214).
    "licence list, seminar overdue": 8,
    "licence list, points": 10,
    # The seminar panel lists the reminders sent to the holder (1).
    "licence page": 31,
}


def _records(municipality, prefix: str) -> None:
    made = make_licences(municipality, 12, prefix=prefix)
    for number, pk in enumerate(made):
        licence = Licence.objects.get(pk=pk)
        inspection = InspectionFactory(licence=licence)
        if number % 3 == 0:
            FindingFactory(inspection=inspection)
            for month in (1, 3, 5):
                PointDecisionFactory(licence=licence, violation_on=dt.date(2026, month, 5))


def _counts(client, licence_pk: int) -> dict[str, int]:
    urls = {
        "dashboard": reverse("licensing:dashboard"),
        "licence list": reverse("licensing:licence_list"),
        "licence list, seminar overdue": reverse("licensing:licence_list") + "?seminar=overdue",
        "licence list, points": reverse("licensing:licence_list") + "?points=approaching",
        "licence page": reverse("licensing:licence_detail", args=[licence_pk]),
    }
    counts = {}
    for label, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, label
        counts[label] = len(queries)
    return counts


def test_officer_pages_run_a_fixed_number_of_queries(officer_client, muni1):
    _records(muni1, "A")
    licence = Licence.objects.filter(municipality=muni1).order_by("number").first()
    _counts(officer_client, licence.pk)  # session and process-wide caches (content types)
    few = _counts(officer_client, licence.pk)
    _records(muni1, "B")
    many = _counts(officer_client, licence.pk)

    assert many == few
    assert all(many[label] <= limit for label, limit in PINNED.items()), many
