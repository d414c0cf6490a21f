"""Officer forms with errors behave like the public ones: the title starts with "Feil:" /
"Error:", focus moves to the error summary, and a group of options with an error is
described by its message."""

import re

import pytest
from django.urls import reverse

from tests.factories.licensing import ApplicationFactory

pytestmark = pytest.mark.django_db


def summary(content: str) -> str:
    return re.search(r'<div class="error-summary[^>]*>', content).group(0)


def test_officer_form_with_errors(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    url = reverse("licensing:decision_create", args=[application.pk])
    content = officer_client.post(url, {"reasons": ""}, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert re.search(r"<title>Feil: ", content)
    assert "autofocus" in summary(content)
    # The outcome radios: the group is described by its error message.
    assert 'id="id_outcome" aria-describedby="id_outcome_error"' in content
    assert 'id="id_outcome_error"' in content


def test_officer_form_without_errors_has_no_prefix(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    url = reverse("licensing:decision_create", args=[application.pk])
    content = officer_client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert not re.search(r"<title>Feil: ", content)
    assert 'class="error-summary' not in content
