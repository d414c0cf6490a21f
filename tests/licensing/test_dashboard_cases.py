"""The dashboard's licensing sections: overdue hearings, applications waiting for a decision,
licences expiring within 90 days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from licensing import dashboard_sections as sections
from tests.factories.licensing import ApplicationFactory, HearingFactory, LicenceFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english_and_today(settings):
    settings.LANGUAGE_CODE = "en"
    with (
        translation.override("en"),
        time_machine.travel(
            dt.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
        ),
    ):
        yield


def section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


# Overdue hearings ------------------------------------------------------------------------------


def test_overdue_hearing_explains_itself(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="hearing", reference="26/40")
    HearingFactory(
        application=application, sent_on=dt.date(2026, 10, 20), deadline_on=dt.date(2026, 11, 10)
    )
    response = officer_client.get(reverse("licensing:dashboard"))
    overdue = section(response, "hearings-overdue")
    assert overdue.total == 1
    [item] = overdue.items
    assert item.label.startswith("Police: 26/40")
    assert item.badge == "10 days late"
    assert item.badge_kind == "bad"
    assert "Sent 20.10.2026, reply due 10.11.2026." in item.detail
    assert "alkoholloven § 1-7" in item.detail
    assert item.url == reverse("licensing:application_detail", args=[application.pk])
    assert overdue.more_url == reverse("licensing:application_list") + "?hearing_overdue=1"


def test_not_overdue_on_the_deadline_day_or_when_answered_or_closed(officer_client, muni1):
    on_deadline = ApplicationFactory(municipality=muni1, status="hearing")
    HearingFactory(application=on_deadline, deadline_on=TODAY)
    answered = ApplicationFactory(municipality=muni1, status="hearing")
    HearingFactory(application=answered, deadline_on=dt.date(2026, 11, 1), replied_on=TODAY)
    withdrawn = ApplicationFactory(municipality=muni1, status="withdrawn")
    HearingFactory(application=withdrawn, deadline_on=dt.date(2026, 11, 1))
    response = officer_client.get(reverse("licensing:dashboard"))
    assert section(response, "hearings-overdue").total == 0
    assert "No hearing reply is overdue." in response.content.decode()


# Waiting for a decision -------------------------------------------------------------------------


def test_waiting_for_decision(officer_client, muni1):
    assessed = ApplicationFactory(
        municipality=muni1, status="assessment", received_on=dt.date(2026, 9, 1), reference="A"
    )
    answered = ApplicationFactory(municipality=muni1, status="hearing", reference="B")
    HearingFactory(application=answered, replied_on=dt.date(2026, 10, 20), gist="OK")
    HearingFactory(application=answered, body="social_services", deadline_on=dt.date(2026, 11, 2))
    open_hearing = ApplicationFactory(municipality=muni1, status="hearing", reference="C")
    HearingFactory(application=open_hearing, deadline_on=dt.date(2026, 11, 30))
    ApplicationFactory(municipality=muni1, status="hearing", reference="D")  # no hearing yet
    ApplicationFactory(municipality=muni1, status="received", reference="E")

    response = officer_client.get(reverse("licensing:dashboard"))
    waiting = section(response, "waiting-for-decision")
    assert [i.label.split()[0] for i in waiting.items] == ["A", "B"]  # oldest first
    first, second = waiting.items
    assert first.badge == "80 days since received"
    assert first.detail == "Received 01.09.2026. Under assessment."
    assert "all 2 hearings are answered or past their deadline" in second.detail
    assert waiting.more_url == reverse("licensing:application_list") + "?waiting=1"
    assert first.url == reverse("licensing:application_detail", args=[assessed.pk])


# Expiring licences -----------------------------------------------------------------------------


def test_expiring_licences(officer_client, muni1):
    soon = LicenceFactory(municipality=muni1, number="2024-001", valid_to=dt.date(2026, 12, 10))
    LicenceFactory(municipality=muni1, number="2024-002", valid_to=dt.date(2027, 2, 18))  # 90 days
    LicenceFactory(municipality=muni1, number="2024-003", valid_to=dt.date(2027, 2, 19))  # 91 days
    LicenceFactory(municipality=muni1, number="2024-004", valid_to=TODAY, status="revoked")
    LicenceFactory(
        municipality=muni1,
        number="2024-005",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 11, 19),
    )
    LicenceFactory(  # ends with its occasion: never renewed, so not listed
        municipality=muni1,
        number="2024-006",
        kind="serving_single_occasion",
        valid_from=dt.date(2026, 12, 5),
        valid_to=dt.date(2026, 12, 6),
    )
    ApplicationFactory(municipality=muni1, kind="renewal", licence=soon, status="hearing")

    response = officer_client.get(reverse("licensing:dashboard"))
    expiring = section(response, "licences-expiring")
    assert [i.label.split()[0] for i in expiring.items] == ["2024-001", "2024-002"]
    listed = officer_client.get(reverse("licensing:licence_list") + "?expiring=90")
    assert [row.number for row in listed.context["page_obj"]] == ["2024-001", "2024-002"]
    first, second = expiring.items
    assert (first.badge, first.badge_kind) == ("20 days left", "warn")
    assert (second.badge, second.badge_kind) == ("90 days left", "neutral")
    assert "Valid to 10.12.2026;" in first.detail
    assert "alkoholloven § 1-6" in first.detail
    assert "A renewal application is in progress." in first.detail
    assert "No renewal application received." in second.detail


# Scope, limits, links and query counts --------------------------------------------------------------


def test_other_municipalities_are_not_shown(officer2_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    HearingFactory(application=application, deadline_on=dt.date(2026, 11, 1))
    LicenceFactory(municipality=muni1, valid_to=dt.date(2026, 12, 1))
    response = officer2_client.get(reverse("licensing:dashboard"))
    for key in ("hearings-overdue", "waiting-for-decision", "licences-expiring"):
        assert section(response, key).total == 0


def _add_rows(municipality, count, start=0):
    for n in range(start, start + count):
        application = ApplicationFactory(
            municipality=municipality, status="hearing", reference=f"H{n}"
        )
        HearingFactory(application=application, deadline_on=dt.date(2026, 11, 1))
        LicenceFactory(
            municipality=municipality, valid_to=dt.date(2027, 1, 1) + dt.timedelta(days=n % 40)
        )


@pytest.fixture
def only_cases_sections(monkeypatch):
    """The dashboard with only this area's sections (other apps register their own)."""
    from licensing import dashboard

    mine = {
        sections.overdue_hearings_section,
        sections.waiting_for_decision_section,
        sections.expiring_licences_section,
    }
    monkeypatch.setattr(
        dashboard, "_providers", [(o, p) for o, p in dashboard._providers if p in mine]
    )
    monkeypatch.setattr(
        dashboard,
        "_mine_providers",
        [(o, p) for o, p in dashboard._mine_providers if p is sections.my_applications],
    )


def test_sixty_rows_per_section_fixed_queries_ten_items_and_see_all(
    officer_client, muni1, only_cases_sections, django_assert_max_num_queries
):
    _add_rows(muni1, 60)
    # session, user, the officer's municipalities (ids, rows), two per section and two for
    # "my applications"
    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("licensing:dashboard"))
    content = response.content.decode()
    for key in ("hearings-overdue", "waiting-for-decision", "licences-expiring"):
        current = section(response, key)
        assert current.total == 60
        assert len(current.items) == 10
    # The dashboard shows three of each; "See all" leads to the filtered list.
    assert "(showing 3 of 60)" in content
    assert "See all 60" in content
    # "See all" shows exactly what the section counted.
    for query in ("?hearing_overdue=1", "?waiting=1"):
        listed = officer_client.get(reverse("licensing:application_list") + query)
        assert listed.context["page_obj"].paginator.count == 60


def test_whole_dashboard_does_not_grow_with_rows(officer_client, muni1):
    """With every app's sections registered: the same number of queries for 5 and 65 rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _add_rows(muni1, 5)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(reverse("licensing:dashboard"))
    _add_rows(muni1, 60, start=5)
    with CaptureQueriesContext(connection) as many:
        officer_client.get(reverse("licensing:dashboard"))
    assert len(many) == len(few)


def test_each_provider_runs_two_queries(muni1, django_assert_num_queries):
    for _ in range(15):
        application = ApplicationFactory(municipality=muni1, status="hearing")
        HearingFactory(application=application, deadline_on=dt.date(2026, 11, 1))
        LicenceFactory(municipality=muni1, valid_to=dt.date(2026, 12, 1))
    for provider in (
        sections.overdue_hearings_section,
        sections.waiting_for_decision_section,
        sections.expiring_licences_section,
    ):
        with django_assert_num_queries(2):
            result = provider([muni1.pk], TODAY)
        assert (result.total, len(result.items)) == (15, 10)
