"""Cached list pages (docs/adr/0206): the same bytes and headers as a rendered page, no
query on a hit, one page per caller, language and query string, every security check still
run, and every write path that can change a page shows up in the next response."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from api import page_cache
from inspections.models import ControlCompany, Finding, Inspection, ViolationType
from licensing import bulk_writes
from licensing.models import Holder, Licence, ManagerAssignment, Municipality, Premises
from tests.factories.licensing import LicenceFactory, ManagerAssignmentFactory

from .conftest import aware

pytestmark = pytest.mark.django_db

LICENCES = "/api/v1/licences/?page_size=50"
INSPECTIONS = "/api/v1/inspections/?page_size=50"
CATALOGUE = "/api/v1/violation-types/"
ENDPOINTS = [(LICENCES, "company_a"), (LICENCES, "officer1"), (INSPECTIONS, "officer1")]
ENDPOINTS += [(INSPECTIONS, "company_a"), (CATALOGUE, "company_a"), (CATALOGUE, "officer1")]
# Headers every response carries; the rest (Date…) are the server's.
HEADERS = ["Content-Type", "Vary", "Allow", "Content-Language", "Cache-Control", "Expires"]


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def _rendered(client, url, settings, **extra):
    """The page rendered by the view, the cache switched off."""
    previous = settings.API_PAGE_CACHE_SECONDS
    settings.API_PAGE_CACHE_SECONDS = 0
    try:
        return client.get(url, **extra)
    finally:
        settings.API_PAGE_CACHE_SECONDS = previous


@pytest.mark.parametrize(("url", "persona"), ENDPOINTS)
def test_a_hit_is_the_rendered_page_byte_for_byte_without_a_query(
    world, clients, settings, url, persona
):
    client = clients[persona]
    reference = _rendered(client, url, settings)
    first, _ = _get(client, url)  # rendered and stored
    hit, queries = _get(client, url)
    assert queries == 0
    assert reference.status_code == first.status_code == hit.status_code == 200
    assert reference.content == first.content == hit.content
    for name in HEADERS:
        assert reference.get(name) == first.get(name) == hit.get(name), name
    assert sorted(reference.headers) == sorted(hit.headers)


def test_each_caller_gets_its_own_page(world, clients):
    a = clients["company_a"].get(LICENCES).json()
    b = clients["company_b"].get(LICENCES).json()
    officer = clients["officer1"].get(LICENCES).json()
    assert {row["number"] for row in a["results"]} == {"2024-0001", "2024-0003"}
    assert {row["number"] for row in b["results"]} == {"2024-0002"}
    assert clients["company_a"].get(LICENCES).json() == a
    assert clients["company_b"].get(LICENCES).json() == b
    assert clients["officer1"].get(LICENCES).json() == officer
    reports_a = clients["company_a"].get(INSPECTIONS).json()["results"]
    reports_b = clients["company_b"].get(INSPECTIONS).json()["results"]
    assert [r["id"] for r in reports_a] == [world.ia.pk]
    assert [r["id"] for r in reports_b] == [world.ib.pk]


def test_query_string_language_and_format_are_part_of_the_key(world, clients):
    client = clients["company_a"]
    one = client.get("/api/v1/licences/?page_size=1").json()
    two = client.get("/api/v1/licences/?page_size=1&page=2").json()
    assert one["results"] != two["results"]
    assert one["next"] and two["previous"]
    assert client.get("/api/v1/licences/?page_size=1&page=2").json() == two
    filtered = client.get("/api/v1/licences/?kind=sales").json()
    assert [r["number"] for r in filtered["results"]] == ["2024-0003"]
    english = client.get(CATALOGUE).json()["results"]
    nynorsk = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="nn").json()["results"]
    assert [r["name"] for r in english] == [r["name_en"] or r["name_nb"] for r in english]
    assert [r["name"] for r in nynorsk] == [r["name_nn"] or r["name_nb"] for r in nynorsk]
    assert client.get(CATALOGUE).json()["results"] == english
    indented = client.get(CATALOGUE, HTTP_ACCEPT="application/json; indent=4")
    assert indented.content.startswith(b"{\n    ")
    assert client.get(CATALOGUE).content.startswith(b'{"count"')
    html = client.get(CATALOGUE, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert client.get(CATALOGUE).json()["results"] == english


def test_invalid_parameters_are_still_refused(world, clients):
    client = clients["company_a"]
    assert client.get(LICENCES).status_code == 200
    assert client.get("/api/v1/licences/?page_size=0").status_code == 400
    assert client.get("/api/v1/licences/?page_size=0").status_code == 400
    assert client.get("/api/v1/licences/?page=99").status_code == 404


def test_authentication_permissions_and_throttle_run_before_the_cache(world, clients, settings):
    client = clients["company_a"]
    assert client.get(LICENCES).status_code == 200
    # A revoked token is refused although its page is cached.
    AuthToken.objects.filter(user=world.company_a_user).delete()
    assert client.get(LICENCES).status_code == 401
    # A user without a role gets 403 whatever another caller cached.
    nobody = get_user_model().objects.create(username="nobody")
    from .conftest import client_for

    assert client_for(nobody).get(LICENCES).status_code == 403
    # The rate limit counts cached pages and refuses over it.
    officer = clients["officer1"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_token": "3/minute",
        },
    }
    statuses = [officer.get(LICENCES).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_removed_role_takes_effect_on_the_next_request(world, clients):
    client = clients["company_a"]
    assert len(client.get(LICENCES).json()["results"]) == 2
    world.company_a.municipalities.remove(world.muni1)
    assert client.get(LICENCES).json()["results"] == []


# Every write path that can change a cached page -----------------------------------------


def _licence(client, number):
    rows = client.get(LICENCES).json()["results"]
    return next(row for row in rows if row["number"] == number)


def _report(client, pk):
    rows = client.get(INSPECTIONS).json()["results"]
    return next(row for row in rows if row["id"] == pk)


def test_licence_save_and_delete(world, clients):
    client = clients["officer1"]
    assert _licence(client, "2024-0001")["conditions"] == world.l1.conditions
    world.l1.conditions = "Ny vilkår."
    world.l1.save()
    assert _licence(client, "2024-0001")["conditions"] == "Ny vilkår."
    created = LicenceFactory(municipality=world.muni1, number="2024-0009")
    assert _licence(client, "2024-0009")["id"] == created.pk
    Licence.objects.filter(pk=created.pk).delete()  # QuerySet.delete sends post_delete
    numbers = [row["number"] for row in client.get(LICENCES).json()["results"]]
    assert "2024-0009" not in numbers


@pytest.mark.parametrize("what", ["holder", "premises", "municipality"])
def test_related_records_of_a_licence(world, clients, what):
    client = clients["company_a"]
    before = _licence(client, "2024-0001")
    record = {"holder": world.l1.holder, "premises": world.l1.premises, "municipality": world.muni1}
    record = record[what]
    record.name = f"Nytt navn {what}"
    record.save()
    assert before[what]["name"] != record.name
    assert _licence(client, "2024-0001")[what]["name"] == f"Nytt navn {what}"


def test_manager_assignment_and_person(world, clients):
    client = clients["officer1"]
    licence = LicenceFactory(municipality=world.muni1, number="2024-0010")
    assert _licence(client, "2024-0010")["manager"] is None
    assignment = ManagerAssignmentFactory(licence=licence, role="manager")
    assert _licence(client, "2024-0010")["manager"]["name"] == assignment.person.name
    person = assignment.person
    person.name = "Ny Styrer"
    person.save()
    assert _licence(client, "2024-0010")["manager"]["name"] == "Ny Styrer"
    ManagerAssignment.objects.filter(pk=assignment.pk).get().delete()
    assert _licence(client, "2024-0010")["manager"] is None


def test_report_review_findings_and_inspectors(world, clients):
    client = clients["officer1"]
    assert _report(client, world.ia.pk)["state"] == "submitted"
    world.ia.review_started_at = aware(2026, 11, 1, 12, 0)
    world.ia.save()
    assert _report(client, world.ia.pk)["state"] == "in_review"
    finding = Finding.objects.create(
        inspection=world.ia,
        violation=ViolationType.objects.get(code="hours_violation"),
        observed_at=world.ia.started_at,
        description="Sett.",
    )
    assert [f["id"] for f in _report(client, world.ia.pk)["findings"]] == [finding.pk]
    finding.delete()
    assert _report(client, world.ia.pk)["findings"] == []
    world.ia.inspectors.add(world.insp_a2)  # m2m_changed
    assert world.insp_a2.pk in [i["id"] for i in _report(client, world.ia.pk)["inspectors"]]
    world.ia.inspectors.remove(world.insp_a2)
    assert world.insp_a2.pk not in [i["id"] for i in _report(client, world.ia.pk)["inspectors"]]
    world.ia.inspectors.clear()
    assert _report(client, world.ia.pk)["inspectors"] == []
    world.ia.inspectors.set([world.insp_a1])
    assert [i["id"] for i in _report(client, world.ia.pk)["inspectors"]] == [world.insp_a1.pk]


def test_inspector_company_and_user_names(world, clients):
    client = clients["company_a"]
    _report(client, world.ia.pk)
    world.insp_a1.name = "Ny Kontrollør"
    world.insp_a1.save()
    world.ia.inspectors.set([world.insp_a1])
    assert _report(client, world.ia.pk)["inspectors"][0]["name"] == "Ny Kontrollør"
    world.insp_a1.name = "Nyere Kontrollør"
    world.insp_a1.save()
    assert _report(client, world.ia.pk)["inspectors"][0]["name"] == "Nyere Kontrollør"
    company = ControlCompany.objects.get(pk=world.company_a.pk)
    company.name = "Nytt Kontrollselskap AS"
    company.save()
    assert _report(client, world.ia.pk)["company"]["name"] == "Nytt Kontrollselskap AS"
    world.ia.submitted_by = world.company_a_user
    world.ia.save()
    assert _report(client, world.ia.pk)["submitted_by"] == world.company_a_user.username
    world.company_a_user.username = "nytt-brukernavn"
    world.company_a_user.save()
    assert _report(client, world.ia.pk)["submitted_by"] == "nytt-brukernavn"


def test_catalogue_entry(world, clients):
    client = clients["company_a"]
    rows = client.get(CATALOGUE).json()["results"]
    entry = ViolationType.objects.get(code=rows[0]["code"])
    entry.standard_points += 1
    entry.save()
    assert client.get(CATALOGUE).json()["results"][0]["standard_points"] == entry.standard_points


def test_bulk_writes_announce_themselves(world, clients):
    """``QuerySet.update()`` sends no signal; the bulk paths (importer, generate_synthetic,
    seed_demo) call ``licensing.bulk_writes.announce``."""
    client = clients["officer1"]
    before = _licence(client, "2024-0001")
    Licence.objects.filter(pk=world.l1.pk).update(conditions="Endret i bulk.")
    Holder.objects.filter(pk=world.h1.pk).update(name="Bulk AS")
    Premises.objects.filter(pk=world.l1.premises_id).update(name="Bulk-stedet")
    Municipality.objects.filter(pk=world.muni1.pk).update(name="Bulk kommune")
    Inspection.objects.filter(pk=world.ia.pk).update(observations="Bulk.")
    bulk_writes.announce(Licence)
    after = _licence(client, "2024-0001")
    assert after != before
    assert after["conditions"] == "Endret i bulk."
    assert after["holder"]["name"] == "Bulk AS"
    assert after["municipality"]["name"] == "Bulk kommune"
    assert _report(client, world.ia.pk)["observations"] == "Bulk."


def test_a_migration_starts_a_new_generation_once(world, clients, monkeypatch):
    """A data migration writes with historical models (no signal reaches the receivers), so
    ``migrate`` starts a new generation: once per run, not once per app."""
    from django.core.management import call_command

    started = []
    real = page_cache.new_generation
    monkeypatch.setattr(page_cache, "new_generation", lambda: started.append(1) or real())
    call_command("migrate", verbosity=0, interactive=False)
    assert len(started) == 1


def test_every_model_of_the_source_apps_is_watched():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in page_cache.source_models():
        if model._meta.auto_created:
            assert m2m_changed.has_listeners(model), model
            continue
        assert post_save.has_listeners(model), model
        assert post_delete.has_listeners(model), model
    assert m2m_changed.has_listeners(Inspection.inspectors.through)
    assert m2m_changed.has_listeners(Municipality.officers.through)
    assert m2m_changed.has_listeners(ControlCompany.users.through)


def test_the_mail_queue_is_not_a_source(world, clients):
    """A seminar registration stores an e-mail to render (``PendingMail``) and the mail
    worker deletes it: neither may throw away the cached pages."""
    from licensing.models import PendingMail

    client = clients["officer1"]
    client.get(LICENCES)
    generation = cache.get(page_cache.GENERATION_KEY)
    row = PendingMail.objects.create(builder="seminars.emails.render_stored", arguments={})
    row.delete()
    assert cache.get(page_cache.GENERATION_KEY) == generation
    _, queries = _get(client, LICENCES)
    assert queries == 0


@pytest.mark.parametrize("local_copy", [True, False])
def test_an_entry_expires(world, clients, local_copy):
    client = clients["officer1"]
    client.get(LICENCES)
    _, queries = _get(client, LICENCES)
    assert queries == 0
    if not local_copy:
        page_cache.clear_process_copies()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=page_cache.ttl() + 1)
    # The locmem cache keeps the entry (it expires by its own clock); the entry's own
    # expiry refuses it.
    with time_machine.travel(later, tick=True), CaptureQueriesContext(connection) as ctx:
        assert client.get(LICENCES).status_code == 200
    assert any("licensing_licence" in query["sql"] for query in ctx.captured_queries)


def test_an_unreachable_cache_serves_the_rendered_page(world, clients, monkeypatch, settings):
    client = clients["officer1"]
    reference = _rendered(client, LICENCES, settings)
    page_cache.clear_process_copies()

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(page_cache.cache, "get_many", broken)
    monkeypatch.setattr(page_cache.cache, "get", broken)
    monkeypatch.setattr(page_cache.cache, "set", broken)
    page = page_cache.PageCache.__new__(page_cache.PageCache)
    page.key, page.generation, page.prefetched = "k", None, {}
    assert page.lookup() is None
    page.key, page.generation = "k", "g"
    page.store(b"{}")  # logs, does not raise
    monkeypatch.undo()
    assert client.get(LICENCES).content == reference.content


def test_one_commit_callback_per_transaction_and_a_new_generation_per_write(world, clients):
    from django.db import connection, transaction

    def pending():
        return [f for _s, f, _r in connection.run_on_commit if f is page_cache._at_commit]

    client = clients["officer1"]
    _licence(client, "2024-0001")
    with transaction.atomic():
        start = len(connection.run_on_commit)
        for n in range(3):
            world.l1.conditions = f"Vilkår {n}"
            world.l1.save()
            # a new generation at once for each write (the same transaction may read)
            assert _licence(client, "2024-0001")["conditions"] == f"Vilkår {n}"
        assert len(pending()) == 1
        assert len(connection.run_on_commit) >= start
