"""seed_demo announces the writes its seeders make without model signals (docs/adr/0206)."""

import pytest
from django.core.management import call_command

from licensing import extensions
from licensing.bulk_writes import bulk_written
from licensing.models import Municipality

pytestmark = pytest.mark.django_db


def test_each_seeder_is_followed_by_an_announcement(monkeypatch, settings):
    settings.DEBUG = True
    calls = []

    def seeder(stdout, style):
        calls.append("seed")
        Municipality.objects.filter(pk=-1).update(name="x")  # a write without signals

    def receiver(sender, **kwargs):
        calls.append("announced")

    monkeypatch.setattr(extensions, "demo_seeders", [(1, "one", seeder), (2, "two", seeder)])
    bulk_written.connect(receiver, dispatch_uid="test-seed-demo")
    try:
        call_command("seed_demo")
    finally:
        bulk_written.disconnect(dispatch_uid="test-seed-demo")
    assert calls == ["seed", "announced", "seed", "announced"]
