"""Defect 7 of issue 12: Redis works when REDIS_URL is set, the limits' settings come from
the environment, one trusted-proxy setting governs every per-address limit, and
check --deploy warns without Redis."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from rest_framework.request import Request

from api.throttling import AnonymousRateThrottle
from licensing.client_ip import client_ip

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from django.core.cache import caches; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], s.SEMINAR_REGISTRATION_RATE, "
    "s.TRUSTED_PROXY_COUNT, type(caches['default']._cache).__name__ "
    "if hasattr(caches['default'], '_cache') else '']))"
)


def production_settings(**env) -> list:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS", "SEMINAR"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="bevilling.example.no",
        SITE_URL="https://bevilling.example.no",
        **env,
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT_SETTINGS],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_settings_from_the_environment_and_redis_installed():
    backend, rate, proxies, cache_class = production_settings(
        REDIS_URL="redis://127.0.0.1:6399/0",
        SEMINAR_REGISTRATION_RATE="3/m",
        TRUSTED_PROXY_COUNT="1",
    )
    # Django's Redis backend, one client per connection pool (config/cache.py)
    assert backend == "config.cache.RedisCache"
    assert cache_class == "RedisCacheClient"  # needs the redis package
    assert rate == "3/m"
    assert proxies == 1


def test_defaults_without_the_environment():
    backend, rate, proxies, _cache = production_settings()
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert (rate, proxies) == ("10/h", 0)


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # the client's own entry on the left is ignored
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.1", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.2"),  # fewer entries than proxies: not from the proxies
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from("10.0.0.2", forwarded)) == expected


def test_the_api_throttle_uses_the_same_address(settings):
    throttle = AnonymousRateThrottle()
    spoofed = Request(request_from("10.0.0.2", "1.1.1.1"))
    assert throttle.get_ident(spoofed) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert throttle.get_ident(spoofed) == "1.1.1.1"


def test_check_deploy_warns_without_redis(settings, db):
    out = StringIO()
    call_command("check", "--deploy", stdout=out, stderr=out)
    assert "licensing.W101" in out.getvalue()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",
        }
    }
    out = StringIO()
    call_command("check", "--deploy", stdout=out, stderr=out)
    assert "licensing.W101" not in out.getvalue()


def test_the_redis_cache_reuses_its_client():
    """Django builds a ``redis.Redis`` per cache call; ours one per pool (config/cache.py),
    otherwise Django's backend (no connection is made here)."""
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from config.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6399/0", {})
    assert isinstance(cache, DjangoRedisCache)
    client = cache._cache.get_client("key")
    assert cache._cache.get_client("other", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(False)
