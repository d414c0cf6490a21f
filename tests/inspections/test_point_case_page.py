"""The point case's own page (prikksak): breaches, observations, timeline, letters, history,
the case officer and the actions allowed in its state; only for case officers of the
licence's municipality. Assigning the case keeps history; new cases go to their creator."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from inspections.services.points import (
    ProposedPoints,
    point_decisions_notify,
    point_decisions_propose,
)
from tests.factories.licensing import UserFactory

D = dt.date


@pytest.fixture
def proposed(reviewed_report, officer):
    return point_decisions_propose(
        inspection=reviewed_report,
        actor=officer,
        proposals=[
            ProposedPoints("hours_violation", 4),
            ProposedPoints("sale_to_intoxicated", 4),
        ],
    )


def url(decision):
    return reverse("inspections:point_case_detail", args=[decision.pk])


def test_a_new_point_case_is_assigned_to_whoever_proposes_it(proposed, officer):
    case = proposed[0].case
    assert case is not None and case.assigned_to == officer
    assert proposed[1].case_id == case.pk


def test_page_shows_breaches_observations_timeline_letters_and_history(
    officer_client, proposed, reviewed_report
):
    response = officer_client.get(url(proposed[1]))
    content = response.content.decode()
    assert response.status_code == 200
    # Both breaches of the case, by name, and what the inspectors saw.
    assert "obviously intoxicated" in content
    assert "sale_to_intoxicated" not in content
    assert "Gjest som sjanglet og snøvlet fikk servert en halvliter." in content
    assert reverse("inspections:report_detail", args=[reviewed_report.pk]) in content
    timeline = content[content.index('class="case-timeline"') :]
    assert timeline.index("13.06.2026</span> Inspection") < timeline.index(
        "22.11.2026</span> Points proposed"
    )
    assert "No letter yet" in content  # the letters panel, empty before the notice
    assert 'id="history-heading"' in content
    # Proposed: the advance notice is the next step, withdrawing is allowed.
    assert reverse("inspections:points_notify", args=[proposed[0].licence_id]) in content
    assert reverse("inspections:point_withdraw", args=[proposed[0].pk]) in content
    assert reverse("inspections:points_decide", args=[proposed[0].licence_id]) not in content
    # The case officer, changeable.
    assert reverse("licensing:case_assign", args=[proposed[0].case_id]) in content
    assert f'<option value="{proposed[0].case.assigned_to_id}" selected>' in content


def test_notified_case_offers_the_decision_and_shows_the_comment_deadline(
    officer_client, proposed, officer
):
    point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=D(2026, 11, 22)
    )
    content = officer_client.get(url(proposed[0])).content.decode()
    assert reverse("inspections:points_decide", args=[proposed[0].licence_id]) in content
    assert "06.12.2026</span> Deadline for the holder&#x27;s comments on the notice" in content
    assert "Preview before issuing" in content  # the advance notice in the letters panel


def test_page_runs_a_fixed_number_of_queries(officer_client, proposed, django_assert_num_queries):
    officer_client.get(url(proposed[0]))  # warm the session and caches
    # session, user, officer municipalities, the decision, its case, findings, officers,
    # the reminders of the case, the letters panel and the history (one per decision and
    # the case, plus users).
    with django_assert_num_queries(11):
        officer_client.get(url(proposed[0]))


def test_points_page_links_to_the_point_case(officer_client, proposed, licence1):
    content = officer_client.get(
        reverse("inspections:licence_points", args=[licence1.pk])
    ).content.decode()
    assert url(proposed[0]) in content


def test_other_municipality_gets_404_others_are_refused(proposed, officer2, company_a_user):
    client = Client()
    assert client.get(url(proposed[0])).status_code == 302  # to the login page
    client.force_login(officer2)
    assert client.get(url(proposed[0])).status_code == 404
    client.force_login(company_a_user)
    assert client.get(url(proposed[0])).status_code == 403


def test_assigning_the_case_keeps_history(officer_client, proposed, officer, muni1):
    colleague = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    muni1.officers.add(colleague)
    case = proposed[0].case
    response = officer_client.post(
        reverse("licensing:case_assign", args=[case.pk]),
        {"officer": colleague.pk, "next": url(proposed[0])},
    )
    assert response.status_code == 302 and response["Location"] == url(proposed[0])
    case.refresh_from_db()
    assert case.assigned_to == colleague
    latest = case.history.order_by("-history_date", "-pk").first()
    assert latest.history_user == officer and latest.assigned_to_id == colleague.pk
    content = officer_client.get(url(proposed[0])).content.decode()
    assert "Kari Kollega" in content


def test_a_case_cannot_go_to_an_officer_of_another_municipality(
    officer_client, proposed, officer, officer2
):
    case = proposed[0].case
    officer_client.post(
        reverse("licensing:case_assign", args=[case.pk]),
        {"officer": officer2.pk, "next": url(proposed[0])},
    )
    case.refresh_from_db()
    assert case.assigned_to == officer


def test_assigning_a_case_of_another_municipality_is_404(proposed, officer2, company_a_user):
    client = Client()
    client.force_login(officer2)
    path = reverse("licensing:case_assign", args=[proposed[0].case_id])
    assert client.post(path, {"officer": officer2.pk}).status_code == 404
    client.force_login(company_a_user)
    assert client.post(path, {"officer": ""}).status_code == 403


def test_page_in_nynorsk_cites_the_nynorsk_act(officer_client, proposed):
    """The breach's legal reference follows the page's language (alkohollova in nn)."""
    officer_client.cookies["django_language"] = "nn"
    content = officer_client.get(url(proposed[1])).content.decode()
    assert "Prikksak, løyve" in content
    assert "alkohollova §" in content
    assert "alkoholloven" not in content


def _digest_about(case, officer):
    from licensing.models import Reminder, ReminderKind

    reminder = Reminder.objects.create(
        municipality=case.municipality,
        kind=ReminderKind.DIGEST,
        subject_key=f"officer:{officer.pk}:{case.municipality_id}",
        period_start=D(2026, 11, 30),
        sent_on=D(2026, 11, 30),
        recipient=officer.email,
        recipient_name="Siri Saksbehandler",
        summary="2 overdue items",
        user=officer,
    )
    reminder.cases.set([case])
    return reminder


def test_page_shows_the_reminders_that_concerned_the_case(officer_client, proposed, officer):
    content = officer_client.get(url(proposed[0])).content.decode()
    assert "No reminder has concerned this case yet." in content
    _digest_about(proposed[0].case, officer)
    content = officer_client.get(url(proposed[0])).content.decode()
    reminders = content[content.index('id="point-case-reminders"') :]
    assert "30.11.2026" in reminders and "2 overdue items" in reminders
    assert "Siri Saksbehandler" in reminders


def test_breaches_stack_on_a_phone_with_labelled_cells(officer_client, proposed):
    """On a narrow screen the rows become cards (``.stack-table``): each cell after the
    breach carries the label of its column."""
    content = officer_client.get(url(proposed[0])).content.decode()
    assert 'class="stack-table"' in content
    for label in ("Violation date", "Points", "Status", "Decided"):
        assert f'data-label="{label}"' in content
