"""Every case-officer page: anonymous -> login, other roles -> 403, officers -> 200."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("licensing:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_control_company_user_gets_403(client, company_a_user):
    client.force_login(company_a_user)
    assert client.get(reverse("licensing:dashboard")).status_code == 403


def test_user_without_role_gets_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-123456789"))
    assert client.get(reverse("licensing:dashboard")).status_code == 403


def test_case_officer_sees_dashboard(officer_client):
    assert officer_client.get(reverse("licensing:dashboard")).status_code == 200


def test_administrator_sees_dashboard(admin_client_):
    assert admin_client_.get(reverse("licensing:dashboard")).status_code == 200
