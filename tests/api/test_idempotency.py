"""Idempotency-Key: a retried POST returns the first response and creates nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from api.models import IdempotencyRecord
from inspections.models import Finding, Inspection

from .conftest import client_for, report_body

URL = "/api/v1/inspections/"


def post(client, body, key):
    return client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_retry_replays_the_first_response(world, clients):
    client = clients["company_a"]
    before = Inspection.objects.count()
    first = post(client, report_body(world), "key-1")
    assert first.status_code == 201
    second = post(client, report_body(world), "key-1")
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Inspection.objects.count() == before + 1
    assert Finding.objects.filter(inspection_id=first.json()["id"]).count() == 1
    record = IdempotencyRecord.objects.get(key="key-1")
    assert record.user == world.company_a_user
    assert record.status_code == 201


@pytest.mark.django_db
def test_same_key_with_another_body_is_refused(world, clients):
    client = clients["company_a"]
    assert post(client, report_body(world), "key-2").status_code == 201
    response = post(client, report_body(world, observations="Different."), "key-2")
    assert response.status_code == 422
    assert "already used for a different request" in response.json()["detail"]
    assert Inspection.objects.filter(observations="Different.").count() == 0


@pytest.mark.django_db
def test_keys_belong_to_one_user(world, clients):
    other = world.company_a.users.create(username="company_a_colleague")
    assert post(clients["company_a"], report_body(world), "shared").status_code == 201
    response = post(client_for(other), report_body(world), "shared")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert IdempotencyRecord.objects.filter(key="shared").count() == 2


@pytest.mark.django_db
def test_refused_request_is_not_stored(world, clients):
    client = clients["company_a"]
    bad = post(client, report_body(world, inspectors=[world.insp_a1.pk]), "key-3")
    assert bad.status_code == 400
    assert not IdempotencyRecord.objects.filter(key="key-3").exists()
    fixed = post(client, report_body(world), "key-3")
    assert fixed.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "nøkkel", "with space"])
def test_malformed_key_is_refused(world, clients, key):
    response = post(clients["company_a"], report_body(world), key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Inspection.objects.filter(observations="Busy Friday evening.").exists()


@pytest.mark.django_db
def test_without_a_key_each_post_creates(world, clients):
    client = clients["company_a"]
    before = Inspection.objects.count()
    client.post(URL, report_body(world), format="json")
    client.post(URL, report_body(world), format="json")
    assert Inspection.objects.count() == before + 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_create_one_report(world):
    """Two requests with one key at the same time: the unique constraint makes the second
    wait for the first transaction and replay its response (PostgreSQL only: SQLite
    serialises writers anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    body = report_body(world)
    clients = [client_for(world.company_a_user) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    ids: list[int] = []

    def worker(client):
        try:
            barrier.wait()
            response = post(client, body, "race")
            statuses.append(response.status_code)
            ids.append(response.json().get("id"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * len(clients)
    assert len(set(ids)) == 1
    assert Inspection.objects.filter(observations="Busy Friday evening.").count() == 1


@pytest.mark.django_db
def test_replay_repeats_the_location_of_the_created_report(world, clients):
    client = clients["company_a"]
    first = post(client, report_body(world), "key-location")
    second = post(client, report_body(world), "key-location")
    assert second["Idempotent-Replayed"] == "true"
    assert second["Location"] == first["Location"]
    assert first["Location"].endswith(f"/api/v1/inspections/{first.json()['id']}/")
