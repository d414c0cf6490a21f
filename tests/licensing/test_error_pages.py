"""The site's own 403, 404 and 500 pages: in the visitor's language, with the navigation
and the municipalities' contact for the public."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path

from licensing.views import errors
from tests.factories.licensing import MunicipalityFactory


@pytest.fixture
def contact(db):
    return MunicipalityFactory(
        name="Bodø kommune", email="post@bodo.kommune.no", phone="75 55 50 00"
    )


def boom(request):
    raise RuntimeError("boom")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), path("", include("config.urls"))]
handler403 = "licensing.views.errors.permission_denied"
handler500 = "licensing.views.errors.server_error"


def test_404_in_norwegian_with_the_contact_for_the_public(client, contact):
    response = client.get("/finnes-ikke/", HTTP_ACCEPT_LANGUAGE="nb")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Fant ikke siden" in content
    assert "post@bodo.kommune.no" in content and 'href="tel:75555000"' in content
    assert 'href="/seminarer/"' in content


def test_404_in_english(client, contact):
    response = client.get("/finnes-ikke/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_404_of_a_mistyped_private_link(client, contact):
    response = client.get("/seminarer/pamelding/not-a-token/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "check that you copied all of it" in response.content.decode()
    assert "post@bodo.kommune.no" in response.content.decode()


def test_municipalities_without_contact_are_not_listed(client, contact):
    MunicipalityFactory(name="Utenkontakt kommune", email="", phone="")
    content = client.get("/finnes-ikke/").content.decode()
    assert "Utenkontakt" not in content


def test_officer_gets_the_officer_menu_and_no_contact_list(client, officer, contact):
    client.force_login(officer)
    response = client.get("/finnes-ikke/", HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 404
    assert 'aria-label="Main"' in content
    assert "Your dashboard" in content
    assert "post@bodo.kommune.no" not in content


@pytest.mark.urls(__name__)
def test_403_page(client, contact):
    response = client.get("/forbidden/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.urls(__name__)
def test_500_page(contact):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "something went wrong on our side" in response.content.decode()


def test_500_page_without_a_database_falls_back_to_plain(rf, monkeypatch):
    def broken(request):
        raise RuntimeError("database down")

    monkeypatch.setattr(errors, "_contacts", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"<h1>" in response.content


def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get("/login/").content.decode()
