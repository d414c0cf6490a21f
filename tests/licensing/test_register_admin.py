"""The Django admin lists, searches and shows the history of every licensing model."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories.licensing import HearingFactory, ManagerAssignmentFactory

LICENSING_MODELS = [
    model
    for model in apps.get_app_config("licensing").get_models()
    if not model.__name__.startswith("Historical")
]


# E-mails waiting for the mail worker (docs/adr/0220): rows deleted once rendered, like the
# outbox's own messages; listed and searchable in the admin, without history.
WITHOUT_HISTORY = {"PendingMail"}


def test_every_licensing_model_is_registered_with_history():
    from simple_history.admin import SimpleHistoryAdmin

    for model in LICENSING_MODELS:
        if model.__name__ in WITHOUT_HISTORY:
            assert admin.site._registry.get(model).search_fields, model
            continue
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        assert isinstance(model_admin, SimpleHistoryAdmin), model
        assert model_admin.search_fields, model


@pytest.mark.parametrize("model", LICENSING_MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_history_pages(admin_client_, model):
    assignment = ManagerAssignmentFactory()
    HearingFactory(application__municipality=assignment.licence.municipality)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_.get(changelist).status_code == 200
    assert admin_client_.get(changelist, {"q": "a"}).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        assert admin_client_.get(history).status_code == 200


def test_case_officers_cannot_use_the_admin(officer_client):
    response = officer_client.get(reverse("admin:licensing_licence_changelist"))
    assert response.status_code == 302
