"""The case officer of an application: the creator by default, kept on the application's case,
changed from the application's page with history, shown and filtered in the list."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from licensing.models import Application
from licensing.services.applications import application_create
from tests.factories.licensing import ApplicationFactory, HolderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def register(officer, municipality, **kwargs):
    return application_create(
        municipality=municipality,
        kind="new",
        holder=HolderFactory(municipality=municipality),
        received_on=dt.date(2026, 11, 2),
        actor=officer,
        licence_kind="serving",
        **kwargs,
    )


def test_a_new_application_goes_to_whoever_registers_it_unless_one_is_chosen(officer, muni1):
    mine = register(officer, muni1)
    assert mine.case_officer == officer and mine.case.assigned_to == officer
    colleague = UserFactory(username="kollega")
    muni1.officers.add(colleague)
    theirs = register(officer, muni1, case_officer=colleague)
    assert theirs.case_officer == colleague and theirs.case.assigned_to == colleague


def test_changing_the_officer_on_the_page_moves_both_with_history(officer_client, officer, muni1):
    application = register(officer, muni1)
    colleague = UserFactory(username="kollega", first_name="Kari", last_name="Kollega")
    muni1.officers.add(colleague)
    page = reverse("licensing:application_detail", args=[application.pk])
    assert reverse("licensing:case_assign", args=[application.case_id]) in (
        officer_client.get(page).content.decode()
    )
    response = officer_client.post(
        reverse("licensing:case_assign", args=[application.case_id]),
        {"officer": colleague.pk, "next": page},
    )
    assert response.status_code == 302 and response["Location"] == page
    application.refresh_from_db()
    assert application.case_officer == colleague
    assert application.case.assigned_to == colleague
    assert application.history.first().history_user == officer
    content = officer_client.get(page).content.decode()
    assert "Kari Kollega" in content and "Case officer" in content
    # Unassigning.
    officer_client.post(
        reverse("licensing:case_assign", args=[application.case_id]), {"officer": ""}
    )
    application.refresh_from_db()
    assert application.case_officer is None and application.case.assigned_to is None


def test_a_link_elsewhere_is_not_followed(officer_client, officer, muni1):
    application = register(officer, muni1)
    response = officer_client.post(
        reverse("licensing:case_assign", args=[application.case_id]),
        {"officer": officer.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("licensing:dashboard")


def test_list_shows_the_officer_and_filters_my_cases(officer_client, officer, muni1):
    mine = register(officer, muni1)
    nobody = ApplicationFactory(municipality=muni1, status="received")
    url = reverse("licensing:application_list")
    content = officer_client.get(url).content.decode()
    assert "Siri Saksbehandler" in content and "Unassigned" in content
    listed = officer_client.get(url, {"officer": "mine"}).context["page_obj"].object_list
    assert [a.pk for a in listed] == [mine.pk]
    listed = officer_client.get(url, {"officer": "none"}).context["page_obj"].object_list
    assert [a.pk for a in listed] == [nobody.pk]
    ApplicationFactory(municipality=muni1, status="decided", case_officer=officer)
    listed = officer_client.get(url, {"officer": "mine", "open": "1"}).context["page_obj"]
    assert [a.pk for a in listed.object_list] == [mine.pk]
    assert Application.objects.filter(case_officer=officer).count() == 2


def test_dashboard_shows_my_open_applications(officer_client, officer, muni1):
    mine = register(officer, muni1)
    response = officer_client.get(reverse("licensing:dashboard"))
    (section,) = [s for s in response.context["mine"] if s.key == "my-applications"]
    assert section.count == 1
    assert section.items[0].url == reverse("licensing:application_detail", args=[mine.pk])
    assert "officer=mine&amp;open=1" in response.content.decode()


def test_other_municipality_cannot_assign(officer, officer2, muni1, company_a_user):
    application = register(officer, muni1)
    path = reverse("licensing:case_assign", args=[application.case_id])
    client = Client()
    assert client.post(path, {"officer": ""}).status_code == 302  # to the login page
    client.force_login(officer2)
    assert client.post(path, {"officer": officer2.pk}).status_code == 404
    client.force_login(company_a_user)
    assert client.post(path, {"officer": ""}).status_code == 403
    assert client.get(path).status_code in (403, 405)
    application.refresh_from_db()
    assert application.case_officer == officer
