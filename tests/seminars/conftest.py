"""Seminar tests run at a fixed moment: Sunday 22 November 2026, 12:00 in Oslo.

The default session (``session``) is organised by ``muni1`` on 10 December 2026 with its
registration deadline on 3 December, 30 seats.
"""

import datetime as dt
import zoneinfo

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories.seminars import SeminarSessionFactory

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english(client):
    """Pages and messages in English unless a test asks for Norwegian (the default
    language of the site, tested in test_translations.py)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture
def session(muni1):
    return SeminarSessionFactory(municipality=muni1, capacity=30)


@pytest.fixture
def other_client(django_user_model):
    """A fresh client, for tests that need two at once."""
    from django.test import Client

    return Client()
