"""The suspension's own page: breaches, timeline, letters, history and the actions allowed
in its state; only for case officers of the licence's municipality."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.inspections import PointDecisionFactory, SuspensionFactory, violation

D = dt.date


@pytest.fixture
def suspension(licence1, report):
    suspension = SuspensionFactory(
        licence=licence1,
        points=12,
        days=7,
        advance_notice_on=D(2026, 8, 1),
        comment_deadline_on=D(2026, 8, 22),
        decided_on=D(2026, 9, 1),
        starts_on=D(2026, 9, 14),
        reference="26/77-9",
    )
    suspension.point_decisions.set(
        [
            PointDecisionFactory(
                licence=licence1,
                violation=violation("sale_to_minor"),
                violation_on=D(2026, 3, 1),
                decided_on=D(2026, 4, 1),
                reference="26/10-2",
            ),
            PointDecisionFactory(
                licence=licence1,
                inspection=report,
                violation_on=D(2026, 6, 14),
                decided_on=D(2026, 7, 23),
            ),
        ]
    )
    return suspension


def url(suspension):
    return reverse("inspections:suspension_detail", args=[suspension.pk])


def test_page_shows_breaches_timeline_letters_and_history(officer_client, suspension, report):
    response = officer_client.get(url(suspension))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sale or serving to a person under 18" in content
    assert "sale_to_minor" not in content
    assert reverse("inspections:report_detail", args=[report.pk]) in content
    timeline = content[content.index('class="case-timeline"') :]
    # In date order: notice, comment deadline, decision, start, last day, appeal deadline.
    order = [
        "01.08.2026</span> Advance notice of suspension sent",
        "22.08.2026</span> Deadline for the holder&#x27;s comments",
        "01.09.2026</span> Suspension decided",
        "14.09.2026</span> Suspension starts",
        "20.09.2026</span> Last day of the suspension",
        "22.09.2026</span> Appeal deadline",
    ]
    positions = [timeline.index(step) for step in order]
    assert positions == sorted(positions)
    assert "Preview before issuing" in content  # the letters panel
    assert 'id="history-heading"' in content
    # Decided: no actions left.
    assert reverse("inspections:suspension_decide", args=[suspension.pk]) not in content


def test_notified_suspension_offers_decide_and_cancel(officer_client, licence1):
    suspension = SuspensionFactory(
        licence=licence1, status="notified", decided_on=None, reference=""
    )
    content = officer_client.get(url(suspension)).content.decode()
    assert reverse("inspections:suspension_decide", args=[suspension.pk]) in content
    assert reverse("inspections:suspension_cancel", args=[suspension.pk]) in content
    assert "Intended start of the suspension" in content


def test_points_page_links_to_the_suspension(officer_client, suspension, licence1):
    content = officer_client.get(
        reverse("inspections:licence_points", args=[licence1.pk])
    ).content.decode()
    assert url(suspension) in content


def test_other_municipality_gets_404_others_are_refused(suspension, officer2, company_a_user):
    client = Client()
    assert client.get(url(suspension)).status_code == 302  # to the login page
    client.force_login(officer2)
    assert client.get(url(suspension)).status_code == 404
    client.force_login(company_a_user)
    assert client.get(url(suspension)).status_code == 403


def test_page_shows_the_reminders_that_concerned_the_case(officer_client, suspension, officer):
    from licensing.models import CaseKind, Reminder, ReminderKind
    from licensing.services.case_numbers import case_open

    suspension.case = case_open(
        municipality=suspension.licence.municipality, kind=CaseKind.SUSPENSION, assigned_to=officer
    )
    suspension.save(update_fields=["case"])
    content = officer_client.get(url(suspension)).content.decode()
    assert "No reminder has concerned this case yet." in content
    reminder = Reminder.objects.create(
        municipality=suspension.licence.municipality,
        kind=ReminderKind.DIGEST,
        subject_key=f"officer:{officer.pk}:1",
        period_start=D(2026, 11, 30),
        sent_on=D(2026, 11, 30),
        recipient=officer.email,
        recipient_name="Siri Saksbehandler",
        summary="1 overdue item",
    )
    reminder.cases.set([suspension.case])
    content = officer_client.get(url(suspension)).content.decode()
    reminders = content[content.index('id="suspension-reminders"') :]
    assert "30.11.2026" in reminders and "1 overdue item" in reminders
