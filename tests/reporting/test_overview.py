"""The regional overview and its calendar feed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fees.models import FeePolicy
from reporting.models import CalendarFeed
from tests.factories.licensing import ApplicationFactory, HearingFactory, LicenceFactory
from tests.factories.seminars import SeminarSessionFactory

from .conftest import TODAY

OVERVIEW = reverse("reporting:regional_overview")


@pytest.fixture
def region(muni1, muni2):
    # Bodø: ends 2026-12-20 (within 90 days), ends at the period end, starts later.
    LicenceFactory(municipality=muni1, number="B1", valid_to=dt.date(2026, 12, 20))
    LicenceFactory(municipality=muni1, number="B2")
    LicenceFactory(
        municipality=muni1, number="B3", status="revoked", valid_to=dt.date(2026, 12, 20)
    )
    LicenceFactory(municipality=muni2, number="S1", valid_to=dt.date(2027, 2, 1))
    LicenceFactory(municipality=muni2, number="S2", valid_to=dt.date(2027, 6, 1))  # > 90 days
    # Hearings: Bodø one overdue, one due 2026-12-10; a replied one and a decided
    # application's do not count.
    app = ApplicationFactory(municipality=muni1, status="hearing")
    HearingFactory(
        application=app,
        body="police",
        sent_on=dt.date(2026, 10, 5),
        deadline_on=dt.date(2026, 11, 2),
    )
    HearingFactory(
        application=app,
        body="social_services",
        sent_on=dt.date(2026, 11, 12),
        deadline_on=dt.date(2026, 12, 10),
    )
    HearingFactory(
        application=app,
        body="tax",
        sent_on=dt.date(2026, 10, 5),
        deadline_on=dt.date(2026, 11, 2),
        replied_on=dt.date(2026, 11, 20),
    )
    done = ApplicationFactory(municipality=muni2, status="decided")
    HearingFactory(application=done, sent_on=dt.date(2026, 10, 5), deadline_on=dt.date(2026, 11, 2))
    start = timezone.now() + dt.timedelta(days=10)
    SeminarSessionFactory(municipality=muni2, title="Ansvarlig vertskap Rognan",
                          starts_at=start, ends_at=start + dt.timedelta(hours=3))  # fmt: skip


def test_coordinator_sees_every_municipality(client, coordinator, region):
    client.force_login(coordinator)
    response = client.get(OVERVIEW)
    body = response.content.decode()

    assert response.status_code == 200
    rows = {row.municipality.name: row for row in response.context["overview"].rows}
    bodo, saltdal = rows["Bodø kommune"], rows["Saltdal kommune"]
    assert (bodo.licences_in_force, bodo.licences_ending_soon) == (2, 1)
    assert bodo.licences_ending_at_period_end == 1
    assert (bodo.hearings_overdue, bodo.hearings_due_soon) == (1, 1)
    assert (saltdal.licences_ending_soon, saltdal.hearings_overdue) == (1, 0)
    assert "Ansvarlig vertskap Rognan" in body
    assert "30.09.2028" in body
    # No case details: no licence numbers, no links into case pages.
    assert "B1" not in body and "/bevillinger/" not in body


def test_officer_sees_only_own_municipality(officer_client, region):
    overview = officer_client.get(OVERVIEW).context["overview"]
    assert [row.municipality.name for row in overview.rows] == ["Bodø kommune"]
    assert overview.sessions == []


def test_anonymous_goes_to_login(client, db):
    assert client.get(OVERVIEW).status_code == 302


def test_control_company_is_refused(company_a_client):
    assert company_a_client.get(OVERVIEW).status_code == 403


def test_login_lands_coordinator_on_the_overview(client, coordinator, officer):
    client.force_login(coordinator)
    assert client.get(reverse("start"))["Location"] == OVERVIEW
    client.force_login(officer)
    assert client.get(reverse("start"))["Location"] == reverse("licensing:dashboard")


def test_calendar_feed(client, coordinator, region):
    client.force_login(coordinator)
    client.post(OVERVIEW)
    token = CalendarFeed.objects.get(user=coordinator).token
    client.logout()

    response = client.get(reverse("reporting:calendar", args=[token]))
    text = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20280930" in text
    assert "DTSTART;VALUE=DATE:20261220\r\nDTEND;VALUE=DATE:20261221" in text
    assert "Bevillinger som utløper: 1 (Bodø kommune)" in text
    assert "Høringssvar med frist: 1 (Bodø kommune)" in text
    assert "DTSTART;VALUE=DATE:20270601" in text  # a year ahead in the calendar
    assert "Ansvarlig vertskap Rognan (Saltdal kommune)" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_calendar_token_renewal_and_unknown(client, coordinator, region):
    client.force_login(coordinator)
    client.post(OVERVIEW)
    old = CalendarFeed.objects.get(user=coordinator).token
    client.post(OVERVIEW)
    new = CalendarFeed.objects.get(user=coordinator).token
    assert old != new
    assert client.get(reverse("reporting:calendar", args=[old])).status_code == 404
    assert client.get(reverse("reporting:calendar", args=[new])).status_code == 200


def test_calendar_of_a_user_without_municipalities_is_404(client, coordinator, region):
    feed = CalendarFeed.objects.create(user=coordinator)
    coordinator.coordinator.municipalities.clear()
    assert client.get(reverse("reporting:calendar", args=[feed.token])).status_code == 404


def test_fixed_query_count(officer, muni1, django_assert_max_num_queries):
    from reporting.overview import overview

    for n in range(30):
        LicenceFactory(municipality=muni1, number=f"Q{n}", valid_to=dt.date(2027, 1, 1))
    FeePolicy.objects.create(municipality=muni1, valid_from=dt.date(2026, 1, 1))
    with django_assert_max_num_queries(5):
        overview([muni1], TODAY)


@pytest.fixture
def fee_policies(muni2):
    """Bodø has no fee policy (the defaults: expected volume 31 January, instalments 1 April
    and 1 October, sales report 1 March, settlement 30 days later). Saltdal from 2026:
    expected volume 15 February, three instalments, sales report 1 April."""
    FeePolicy.objects.create(
        municipality=muni2, valid_from=dt.date(2026, 1, 1), expected_due_month=2,
        expected_due_day=15, payment_due="03-01 06-01 09-01", actual_due_month=4, actual_due_day=1,
    )  # fmt: skip


def test_fee_deadlines_in_the_overview(client, coordinator, region, fee_policies):
    client.force_login(coordinator)
    response = client.get(OVERVIEW)
    rows = {row.municipality.name: row for row in response.context["overview"].rows}
    # Within 90 days of 3 December 2026 (through 3 March 2027).
    assert [(d.day, d.kind, d.fee_year) for d in rows["Bodø kommune"].fee_deadlines] == [
        (dt.date(2027, 1, 31), "fee_expected", 2027),
        (dt.date(2027, 3, 1), "fee_actual", 2026),
    ]
    assert [(d.day, d.kind, d.instalment) for d in rows["Saltdal kommune"].fee_deadlines] == [
        (dt.date(2027, 2, 15), "fee_expected", None),
        (dt.date(2027, 3, 1), "fee_payment", (1, 3)),
    ]
    body = response.content.decode()
    assert "Forventet omsetning for 2027 skal være levert (bevillingsgebyr)" in body
    assert "Omsetningsoppgave (faktisk omsetning) for 2026 skal være levert" in body
    assert "Bevillingsgebyr for 2027 forfaller, avdrag 1 av 3" in body


def test_fee_deadlines_in_the_calendar(client, coordinator, region, fee_policies):
    feed = CalendarFeed.objects.create(user=coordinator)
    text = client.get(reverse("reporting:calendar", args=[feed.token])).content.decode()
    unfolded = text.replace("\r\n ", "")
    for uid in (
        "fee_expected-20270131", "fee_actual-20270301", "fee_settlement-20270331",
        "fee_payment-20270401", "fee_payment-20271001",
    ):  # fmt: skip
        assert f"UID:{uid}-" in unfolded, uid
    assert unfolded.count("UID:fee_payment-") == 5  # Bodø 2 + Saltdal 3 within a year
    assert "Etteroppgjør av bevillingsgebyret for 2026 forfaller (Bodø kommune)" in unfolded
    assert "Bevillingsgebyr for 2027 forfaller\\, avdrag 3 av 3 (Saltdal kommune)" in unfolded
