import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

from fees import formats
from fees.services import rates
from tests.factories.licensing import LicenceFactory

RATES_2026 = {
    "format": "fee-rates/1",
    "year": 2026,
    "source": "alkoholforskriften § 6-2, rates for 2026",
    "sales": {"per_litre": {"1": "0.25", "2": "0.73"}, "minimum": "2070"},
    "serving": {"per_litre": {"1": "0.61", "2": "1.57", "3": "5.19"}, "minimum": "6400"},
    "per_occasion": {"serving_single_occasion": "460", "serving_catering": "460"},
}


@pytest.fixture
def rates_2026(db):
    return rates.rates_load(parsed=formats.parse_rates(json.dumps(RATES_2026)), replace=False)


@pytest.fixture
def licence(muni1):
    return LicenceFactory(
        municipality=muni1, number="2024-017", group_3=True, valid_from=dt.date(2024, 10, 1)
    )


@pytest.fixture
def write_json(tmp_path):
    def write(data, name="file.json") -> str:
        path = Path(tmp_path) / name
        path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english(client):
    """Pages and messages in English (the msgids); test_translations checks Bokmål."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield client
