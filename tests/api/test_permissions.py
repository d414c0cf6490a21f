"""The permission matrix: every endpoint × action × persona, with the expected status.

Objects used: "detail" always targets the muni1 / company A record, so officer2 and
company B must get 404 (not theirs), while officer1, company A (where the resource is
theirs to see) and the administrator get 200. Officer-only resources answer control
companies 404 as if they did not exist; a user with no role gets 403; anonymous 401.
"""

from __future__ import annotations

import pytest

from .conftest import report_body

ROLES = ("anonymous", "company_a", "company_b", "officer1", "officer2", "admin")

# endpoint -> how to find the muni1/company-A object's URL part
DETAIL = {
    "licences": lambda w: w.l1.pk,
    "violation-types": lambda w: "hours_violation",
    "inspectors": lambda w: w.insp_a1.pk,
    "inspections": lambda w: w.ia.pk,
    "holders": lambda w: w.h1.pk,
    "point-decisions": lambda w: w.pd1.pk,
    "suspensions": lambda w: w.s1.pk,
    "seminars": lambda w: w.ss1.pk,
}

OFFICER_ONLY = {  # companies 404, officers read, writes 405
    "list": dict(zip(ROLES, (401, 404, 404, 200, 200, 200), strict=True)),
    "detail": dict(zip(ROLES, (401, 404, 404, 200, 404, 200), strict=True)),
    "create": dict(zip(ROLES, (401, 404, 404, 405, 405, 405), strict=True)),
    "update": dict(zip(ROLES, (401, 404, 404, 405, 405, 405), strict=True)),
}

MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "licences": {
        "list": dict(zip(ROLES, (401, 200, 200, 200, 200, 200), strict=True)),
        "detail": dict(zip(ROLES, (401, 200, 404, 200, 404, 200), strict=True)),
        "create": dict(zip(ROLES, (401, 405, 405, 405, 405, 405), strict=True)),
        "update": dict(zip(ROLES, (401, 405, 405, 405, 405, 405), strict=True)),
    },
    "violation-types": {
        "list": dict(zip(ROLES, (401, 200, 200, 200, 200, 200), strict=True)),
        "detail": dict(zip(ROLES, (401, 200, 200, 200, 200, 200), strict=True)),
        "create": dict(zip(ROLES, (401, 405, 405, 405, 405, 405), strict=True)),
        "update": dict(zip(ROLES, (401, 405, 405, 405, 405, 405), strict=True)),
    },
    "inspectors": {
        "list": dict(zip(ROLES, (401, 200, 200, 200, 200, 200), strict=True)),
        "detail": dict(zip(ROLES, (401, 200, 404, 200, 404, 200), strict=True)),
        "create": dict(zip(ROLES, (401, 405, 405, 405, 405, 405), strict=True)),
        "update": dict(zip(ROLES, (401, 405, 405, 405, 405, 405), strict=True)),
    },
    "inspections": {
        "list": dict(zip(ROLES, (401, 200, 200, 200, 200, 200), strict=True)),
        "detail": dict(zip(ROLES, (401, 200, 404, 200, 404, 200), strict=True)),
        # company B may post, but not on a muni1 licence with company A's inspectors
        "create": dict(zip(ROLES, (401, 201, 400, 403, 403, 403), strict=True)),
        "update": dict(zip(ROLES, (401, 200, 404, 403, 403, 403), strict=True)),
    },
    "holders": OFFICER_ONLY,
    "point-decisions": OFFICER_ONLY,
    "suspensions": OFFICER_ONLY,
    "seminars": OFFICER_ONLY,
    "evaluations": {
        "list": dict(zip(ROLES, (401, 404, 404, 200, 200, 200), strict=True)),
        "create": dict(zip(ROLES, (401, 404, 404, 405, 405, 405), strict=True)),
    },
}

CASES = [
    pytest.param(endpoint, action, role, expected, id=f"{endpoint}-{action}-{role}")
    for endpoint, actions in MATRIX.items()
    for action, by_role in actions.items()
    for role, expected in by_role.items()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "action", "role", "expected"), CASES)
def test_permission_matrix(world, clients, endpoint, action, role, expected):
    client = clients[role]
    base = f"/api/v1/{endpoint}/"
    if action == "list":
        response = client.get(base)
    elif action == "detail":
        response = client.get(f"{base}{DETAIL[endpoint](world)}/")
    elif action == "create":
        body = report_body(world) if endpoint == "inspections" else {"x": 1}
        response = client.post(base, body, format="json")
    else:
        detail = DETAIL.get(endpoint, lambda w: 1)(world)
        response = client.patch(f"{base}{detail}/", {"observations": "Corrected."}, format="json")
    assert response.status_code == expected, response.content
    assert response["Content-Type"].startswith("application/json")
    if expected >= 400:
        body = response.json()
        assert body, "error responses carry a JSON body"
        if expected != 400:
            assert "detail" in body


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", [*DETAIL, "evaluations"])
def test_user_without_a_role_is_refused(world, clients, endpoint):
    response = clients["norole"].get(f"/api/v1/{endpoint}/")
    assert response.status_code == 403
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_schema_and_docs_are_public(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_put_counts_as_update_too(world, clients):
    body = report_body(world, observations="Replaced.")
    url = f"/api/v1/inspections/{world.ia.pk}/"
    assert clients["company_a"].put(url, body, format="json").status_code == 200
    assert clients["company_b"].put(url, body, format="json").status_code == 404
    assert clients["officer1"].put(url, body, format="json").status_code == 403
    assert clients["admin"].put(url, body, format="json").status_code == 403
    assert clients["anonymous"].put(url, body, format="json").status_code == 401


@pytest.mark.django_db
def test_lists_are_scoped(world, clients):
    def numbers(role, endpoint, key="id"):
        data = clients[role].get(f"/api/v1/{endpoint}/").json()["results"]
        return {row[key] for row in data}

    assert numbers("company_a", "licences", "number") == {"2024-0001", "2024-0003"}
    assert numbers("company_b", "licences", "number") == {"2024-0002"}
    assert numbers("officer1", "licences", "number") == {"2024-0001", "2024-0003"}
    assert numbers("admin", "licences", "number") == {"2024-0001", "2024-0002", "2024-0003"}
    assert numbers("company_a", "inspections") == {world.ia.pk}
    assert numbers("company_b", "inspections") == {world.ib.pk}
    assert numbers("officer2", "inspections") == {world.ib.pk}
    assert numbers("company_a", "inspectors") == {
        world.insp_a1.pk,
        world.insp_a2.pk,
        world.insp_a_untested.pk,
    }
    assert numbers("officer2", "point-decisions") == {world.pd2.pk}
    assert numbers("officer1", "holders") == {world.h1.pk, world.shop1.holder.pk}
    assert numbers("officer2", "seminars") == {world.ss2.pk}


@pytest.mark.django_db
def test_docs_page_loads_swagger_ui_from_our_own_static_files(api_client):
    from django.contrib.staticfiles import finders

    html = api_client.get("/api/v1/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
