"""The list of point cases and suspensions: one row per case with its state, points, comment
deadline and case officer; filters by kind, state and "my cases"; a fixed number of queries;
only the officer's municipalities."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from inspections.services.points import ProposedPoints, point_decisions_propose
from licensing.models import CaseKind
from licensing.services.case_numbers import case_open
from tests.factories.inspections import PointDecisionFactory, SuspensionFactory
from tests.factories.licensing import LicenceFactory, UserFactory

D = dt.date
URL = reverse("inspections:case_list")


@pytest.fixture
def cases(reviewed_report, officer, licence1, muni1, muni2):
    colleague = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    muni1.officers.add(colleague)
    proposed = point_decisions_propose(
        inspection=reviewed_report,
        actor=officer,
        proposals=[ProposedPoints("hours_violation", 4)],
    )
    suspension = SuspensionFactory(
        licence=licence1,
        status="notified",
        decided_on=None,
        comment_deadline_on=D(2026, 12, 10),
        case=case_open(municipality=muni1, kind=CaseKind.SUSPENSION, assigned_to=colleague),
    )
    decided = PointDecisionFactory(
        licence=licence1,
        case=case_open(municipality=muni1, kind=CaseKind.POINTS),
        violation_on=D(2025, 5, 1),
    )
    other = PointDecisionFactory(
        licence=LicenceFactory(municipality=muni2, number="2024-902"),
        case=case_open(municipality=muni2, kind=CaseKind.POINTS),
    )
    return {
        "proposed": proposed[0],
        "suspension": suspension,
        "decided": decided,
        "other": other,
        "colleague": colleague,
    }


def rows(response):
    return [case.pk for case in response.context["rows"]]


def test_every_case_of_the_municipality_once_with_its_state_and_officer(officer_client, cases):
    response = officer_client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert sorted(rows(response)) == sorted(
        [cases["proposed"].case_id, cases["suspension"].case_id, cases["decided"].case_id]
    )
    assert reverse("inspections:point_case_detail", args=[cases["proposed"].pk]) in content
    assert reverse("inspections:suspension_detail", args=[cases["suspension"].pk]) in content
    assert "Kari Kollega" in content and "Unassigned" in content
    by_pk = {case.pk: case for case in response.context["rows"]}
    assert by_pk[cases["suspension"].case_id].state == "notified"
    assert by_pk[cases["suspension"].case_id].deadline == D(2026, 12, 10)
    assert by_pk[cases["proposed"].case_id].state == "proposed"
    assert by_pk[cases["decided"].case_id].is_open is False


def test_filters_my_open_cases_and_kind(officer_client, cases, officer):
    assert rows(officer_client.get(URL, {"officer": "mine"})) == [cases["proposed"].case_id]
    assert rows(officer_client.get(URL, {"officer": "none"})) == [cases["decided"].case_id]
    assert sorted(rows(officer_client.get(URL, {"state": "open"}))) == sorted(
        [cases["proposed"].case_id, cases["suspension"].case_id]
    )
    assert rows(officer_client.get(URL, {"kind": "suspension"})) == [cases["suspension"].case_id]
    assert rows(officer_client.get(URL, {"q": "2024-902"})) == []


def test_fixed_number_of_queries(officer_client, cases, django_assert_num_queries):
    officer_client.get(URL)
    # session, user, the officer's municipality ids and municipalities, count, page, the
    # licences of the page: the same with one case or a thousand.
    with django_assert_num_queries(7):
        officer_client.get(URL)


def test_only_case_officers(cases, officer2, company_a_user):
    client = Client()
    assert client.get(URL).status_code == 302
    client.force_login(company_a_user)
    assert client.get(URL).status_code == 403
    client.force_login(officer2)
    assert rows(client.get(URL)) == [cases["other"].case_id]
