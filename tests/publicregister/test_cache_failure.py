"""A side effect never breaks a write: the register's cache may be down."""

import pytest

from licensing.models import Municipality
from publicregister import cache as register_cache


@pytest.mark.django_db
def test_a_save_succeeds_when_the_cache_cannot_be_written(monkeypatch, muni1, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(register_cache.cache, "set", broken)
    register_cache.invalidate()  # logs instead of raising
    muni1.name = "Bodø kommune (endret)"
    muni1.save()
    assert Municipality.objects.get(pk=muni1.pk).name == "Bodø kommune (endret)"
    assert "Public register cache not invalidated" in caplog.text
