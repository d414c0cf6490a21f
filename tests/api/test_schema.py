"""The OpenAPI schema is valid and complete, and a property-based run over it (schemathesis)
finds no disagreement between schema and code (every schemathesis check, ``--checks all``).

Schemathesis settings (docs/adr/0065-schema-fuzzing.md): every operation, positive and
negative generation, ``MAX_EXAMPLES`` examples each, every example sent twice — with a
control-company token and with a case officer's token — against the WSGI app in the test
transaction (the ``world`` fixture's data is visible). Checked with every schemathesis
check: no 5xx, responses conform to the schema, schema-valid requests are accepted and
schema-violating ones refused (except generated write bodies, which break domain rules the
schema cannot state; the create-and-correct scenario covers writes), docs/adr/0105.
"""

from __future__ import annotations

import io

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import CHECKS as CHECKS_REGISTRY
from schemathesis.checks import load_all_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.tokens import token_issue
from config.wsgi import application

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 8
load_all_checks()
# Every check schemathesis has (``--checks all``), issue 12 defect 10.
CHECKS = list(CHECKS_REGISTRY.get_all())


def test_schema_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/inspections/{id}/" in out.getvalue()


def test_every_endpoint_documents_its_errors(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (method, path)
            if "{" in path or method == "get":
                assert "404" in codes, (method, path)
            query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            if method in {"post", "put", "patch"} or query:
                assert "400" in codes, (method, path)
            assert operation["security"] == [{"tokenAuth": []}]


def test_no_server_errors_over_the_whole_schema(world, settings_fast_throttle, keep_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    # The tokens below are always sent; anonymous access is the permission matrix's job.
    schema.config.generation.update(with_security_parameters=False)
    headers = {
        role: {"Authorization": f"Token {token_issue(user=user, days=1)[1]}"}
        for role, user in (("company", world.company_a_user), ("officer", world.officer))
    }
    existing = {  # positive examples of detail operations target real records
        "licences": world.l1.pk,
        "inspections": world.ia.pk,
        "inspectors": world.insp_a1.pk,
        "holders": world.h1.pk,
        "point-decisions": world.pd1.pk,
        "suspensions": world.s1.pk,
        "seminars": world.ss1.pk,
        "violation-types": "hours_violation",
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures: list[str] = []
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            path_parameters = None
            if mode is schemathesis.GenerationMode.POSITIVE and "{" in operation.path:
                name = operation.path.split("{")[1].rstrip("}/")
                path_parameters = {name: existing[operation.path.split("/")[3]]}

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(
                case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            )
            def run(case):
                for role, auth in headers.items():
                    response = case.call(headers=auth)
                    label = f"{role} {case.method} {case.formatted_path} -> {response.status_code}"
                    if response.status_code >= 500:
                        failures.append(f"{label}: {response.text[:300]}")
                        continue
                    # Generated bodies of writes are schema-valid but break domain rules the
                    # schema cannot state (a serving venue needs two inspectors, the licence
                    # must be one the company inspects): the check that such data is accepted
                    # is replaced by the explicit create-and-correct scenario below.
                    excluded = (
                        [positive_data_acceptance]
                        if case.method in {"POST", "PUT", "PATCH"}
                        and mode is schemathesis.GenerationMode.POSITIVE  # noqa: B023 - run() runs now
                        else []
                    )
                    try:
                        case.validate_response(
                            response, checks=CHECKS, excluded_checks=excluded, headers=auth
                        )
                    except (AssertionError, FailureGroup) as exc:
                        failures.append(f"{label}: {str(exc)[:300]}")

            run()
    assert not failures, "\n".join(failures[:20])


def test_a_report_created_then_corrected_passes_every_check(
    world, settings_fast_throttle, keep_connection
):
    """Issue 12, defect 10: a valid report is created (201) by the control company, read by
    the case officer, and corrected with PUT and PATCH (200), every response checked with
    every schemathesis check."""
    from .conftest import report_body

    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    company = {"Authorization": f"Token {token_issue(user=world.company_a_user, days=1)[1]}"}
    officer = {"Authorization": f"Token {token_issue(user=world.officer, days=1)[1]}"}
    failures: list[str] = []

    def check(operation, auth, expected, **kwargs):
        if "body" in kwargs:
            kwargs["media_type"] = "application/json"
        case = operation.Case(headers=auth, **kwargs)
        response = case.call(headers=auth)
        assert response.status_code == expected, response.text[:500]
        try:
            case.validate_response(response, checks=CHECKS, headers=auth)
        except (AssertionError, FailureGroup) as exc:
            failures.append(f"{case.method} {case.formatted_path}: {str(exc)[:500]}")
        return response

    collection = schema["/api/v1/inspections/"]
    detail = schema["/api/v1/inspections/{id}/"]
    created = check(collection["POST"], company, 201, body=report_body(world))
    report = {"id": created.json()["id"]}
    check(detail["GET"], officer, 200, path_parameters=report)
    corrected = report_body(world, observations="Corrected: the terrace was closed at 22:00.")
    check(detail["PUT"], company, 200, path_parameters=report, body=corrected)
    check(detail["PATCH"], company, 200, path_parameters=report, body={"guests_count": 75})
    assert check(detail["GET"], company, 200, path_parameters=report).json()["guests_count"] == 75
    assert not failures, "\n".join(failures)


@pytest.fixture
def keep_connection():
    """The raw WSGI app closes the database connection after each request (Django's
    ``close_old_connections``), which would end the test transaction on PostgreSQL; the
    test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def settings_fast_throttle(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_token": "100000/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
