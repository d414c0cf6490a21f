"""Every inspections page: anonymous -> login, control-company users and users without a
role -> 403, officers of another municipality -> 404, the officer -> 200."""

import pytest
from django.urls import reverse

from tests.factories.inspections import PointDecisionFactory, SuspensionFactory


@pytest.fixture
def objects(report, licence1):
    decision = PointDecisionFactory(
        licence=licence1, inspection=report, status="proposed", decided_on=None
    )
    suspension = SuspensionFactory(
        licence=licence1, status="notified", decided_on=None, reference=""
    )
    return {"report": report, "licence": licence1, "decision": decision, "suspension": suspension}


OBJECT_PAGES = [
    ("inspections:report_detail", "report", "get"),
    ("inspections:report_start_review", "report", "post"),
    ("inspections:report_sent", "report", "get"),
    ("inspections:report_comment", "report", "get"),
    ("inspections:report_propose_points", "report", "get"),
    ("inspections:licence_points", "licence", "get"),
    ("inspections:points_propose_single", "licence", "get"),
    ("inspections:points_notify", "licence", "get"),
    ("inspections:points_decide", "licence", "get"),
    ("inspections:point_withdraw", "decision", "get"),
    ("inspections:suspension_notify", "licence", "get"),
    ("inspections:suspension_decide", "suspension", "get"),
    ("inspections:suspension_cancel", "suspension", "get"),
]
LIST_PAGES = ["inspections:report_list", "inspections:coverage"]


def _url(objects, name, key):
    return reverse(name, args=[objects[key].pk])


@pytest.mark.parametrize(("name", "key", "method"), OBJECT_PAGES)
def test_anonymous_goes_to_login(client, objects, name, key, method):
    response = getattr(client, method)(_url(objects, name, key))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "method"), OBJECT_PAGES)
def test_control_company_user_gets_403(client, company_a_user, objects, name, key, method):
    client.force_login(company_a_user)
    assert getattr(client, method)(_url(objects, name, key)).status_code == 403


@pytest.mark.parametrize(("name", "key", "method"), OBJECT_PAGES)
def test_user_without_role_gets_403(client, django_user_model, objects, name, key, method):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-123456789"))
    assert getattr(client, method)(_url(objects, name, key)).status_code == 403


@pytest.mark.parametrize(("name", "key", "method"), OBJECT_PAGES)
def test_officer_of_another_municipality_gets_404(officer2_client, objects, name, key, method):
    assert getattr(officer2_client, method)(_url(objects, name, key)).status_code == 404


@pytest.mark.parametrize(("name", "key", "method"), OBJECT_PAGES)
def test_officer_gets_the_page(officer_client, objects, name, key, method):
    response = getattr(officer_client, method)(_url(objects, name, key))
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "key", "method"), OBJECT_PAGES)
def test_administrator_gets_the_page(admin_client_, objects, name, key, method):
    response = getattr(admin_client_, method)(_url(objects, name, key))
    assert response.status_code == (302 if method == "post" else 200)


def test_start_review_is_post_only(officer_client, report):
    response = officer_client.get(reverse("inspections:report_start_review", args=[report.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_refuse_the_wrong_personas(client, company_a_user, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(company_a_user)
    assert client.get(reverse(name)).status_code == 403


def test_report_list_shows_only_own_municipalities(client, officer, officer2, report):
    url = reverse("inspections:report_list")
    client.force_login(officer2)
    assert report.licence.premises.name not in client.get(url).content.decode()
    client.force_login(officer)
    assert report.licence.premises.name in client.get(url).content.decode()


def test_navigation_has_inspections(officer_client):
    content = officer_client.get(reverse("licensing:dashboard")).content.decode()
    assert f'href="{reverse("inspections:report_list")}"' in content
