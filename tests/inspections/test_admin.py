"""The admin pages of the inspections app: administrators only, every page renders."""

import pytest
from django.urls import reverse

from inspections.models import ViolationType
from tests.factories.inspections import InspectorFactory, PointDecisionFactory, SuspensionFactory

MODELS = [
    "controlcompany",
    "inspector",
    "violationtype",
    "inspection",
    "pointdecision",
    "suspension",
]


@pytest.fixture
def records(report, licence1, company_a):
    InspectorFactory(company=company_a)
    return {
        "controlcompany": company_a,
        "inspector": company_a.inspectors.first(),
        "violationtype": ViolationType.objects.get(code="hours_violation"),
        "inspection": report,
        "pointdecision": PointDecisionFactory(licence=licence1, inspection=report),
        "suspension": SuspensionFactory(licence=licence1),
    }


@pytest.mark.parametrize("model", MODELS)
def test_administrator_sees_list_and_change_pages(admin_client_, records, model):
    assert admin_client_.get(reverse(f"admin:inspections_{model}_changelist")).status_code == 200
    url = reverse(f"admin:inspections_{model}_change", args=[records[model].pk])
    assert admin_client_.get(url).status_code == 200
    history = reverse(f"admin:inspections_{model}_history", args=[records[model].pk])
    assert admin_client_.get(history).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_case_officer_and_company_user_are_kept_out(client, officer, company_a_user, model):
    for user in (officer, company_a_user):
        client.force_login(user)
        response = client.get(reverse(f"admin:inspections_{model}_changelist"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_catalogue_edit_is_recorded_in_history(admin_client_, admin_user):
    violation = ViolationType.objects.get(code="advertising_ban")
    url = reverse("admin:inspections_violationtype_change", args=[violation.pk])
    response = admin_client_.post(url, {
        "standard_points": 1, "name_nb": violation.name_nb, "name_en": violation.name_en,
        "legal_reference": "alkoholloven § 9-2 første ledd", "active": "on", "sort_order": 22,
    })  # fmt: skip
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.legal_reference == "alkoholloven § 9-2 første ledd"
    assert violation.history.first().history_user == admin_user


def test_catalogue_points_outside_1_to_12_are_refused(admin_client_):
    violation = ViolationType.objects.get(code="advertising_ban")
    url = reverse("admin:inspections_violationtype_change", args=[violation.pk])
    response = admin_client_.post(url, {
        "standard_points": 13, "name_nb": violation.name_nb, "name_en": violation.name_en,
        "legal_reference": violation.legal_reference, "active": "on", "sort_order": 22,
    })  # fmt: skip
    assert response.status_code == 200
    violation.refresh_from_db()
    assert violation.standard_points == 1


def test_catalogue_codes_cannot_be_deleted(admin_client_):
    violation = ViolationType.objects.get(code="advertising_ban")
    url = reverse("admin:inspections_violationtype_delete", args=[violation.pk])
    assert admin_client_.get(url).status_code == 403
