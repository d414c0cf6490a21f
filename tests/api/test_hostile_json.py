"""Defect 8 of issue 12: hostile JSON gets a JSON 400, never an HTML 500."""

import json

import pytest

from inspections.models import Inspection

from .conftest import report_body

pytestmark = pytest.mark.django_db
URL = "/api/v1/inspections/"


def post_raw(client, body: str):
    return client.generic("POST", URL, body, content_type="application/json")


def test_deep_nesting_is_a_json_400(world, clients):
    response = post_raw(clients["company_a"], "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nested too deeply" in response.json()["detail"]


def test_moderate_nesting_beyond_the_limit_names_the_path(world, clients):
    before = Inspection.objects.count()
    body = report_body(world)
    deep = "x"
    for _ in range(40):
        deep = [deep]
    body["findings"] = [{"code": "hours_violation", "description": deep}]
    response = post_raw(clients["company_a"], json.dumps(body))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("findings[0].description")
    assert Inspection.objects.count() == before


def test_nul_characters_are_refused_anywhere(world, clients):
    before = Inspection.objects.count()
    body = report_body(world)
    body["inspector_names"] = "Kari\x00"
    response = post_raw(clients["company_a"], json.dumps(body))
    assert response.status_code == 400
    assert response.json()["detail"] == "inspector_names: NUL characters (\\u0000) are not allowed."
    body = report_body(world)
    body["key\x00"] = 1
    assert post_raw(clients["company_a"], json.dumps(body)).status_code == 400
    assert Inspection.objects.count() == before
