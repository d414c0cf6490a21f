"""The per-token throttle decides exactly as DRF's sliding window (docs/adr/0206): only the
stored format (packed doubles) and where the history is read differ."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from api.throttling import TokenRateThrottle


class DrfReference(SimpleRateThrottle):
    """DRF's own throttle with the same key and rate."""

    scope = "api_token"

    def get_rate(self):
        return "5/minute"

    def get_cache_key(self, request, view):
        return "reference:" + TokenRateThrottle.key_for(request.user.pk, request.auth.token_key)


class Ours(TokenRateThrottle):
    def get_rate(self):
        return "5/minute"


def _request(prefetched=None):
    user = SimpleNamespace(pk=7, is_authenticated=True)
    request = SimpleNamespace(user=user, auth=SimpleNamespace(token_key="abcdefgh"))
    if prefetched is not None:
        request._api_prefetched = prefetched
    return request


@pytest.mark.parametrize("prefetch", [False, True])
def test_same_decisions_and_waits_as_drf(prefetch):
    cache.clear()
    times = [0, 1, 2, 2, 3, 4, 5, 30, 59, 60.5, 61, 62, 62, 62, 120, 121.5, 200]
    ours_key = TokenRateThrottle.key_for(7, "abcdefgh")
    for now in times:
        reference, throttle = DrfReference(), Ours()
        reference.timer = throttle.timer = lambda now=now: float(now)
        prefetched = {ours_key: cache.get(ours_key)} if prefetch else None
        expected = reference.allow_request(_request(), None)
        assert throttle.allow_request(_request(prefetched), None) == expected, now
        assert throttle.history == reference.history, now
        assert throttle.wait() == reference.wait(), now


def test_a_history_in_drfs_format_is_read():
    cache.clear()
    key = TokenRateThrottle.key_for(7, "abcdefgh")
    cache.set(key, [10.0, 9.0, 8.0, 7.0, 6.0], 60)  # a full budget, as DRF stored it
    throttle = Ours()
    throttle.timer = lambda: 11.0
    assert throttle.allow_request(_request(), None) is False
    throttle.timer = lambda: 66.5  # 6.0 has left the one-minute window
    assert throttle.allow_request(_request(), None) is True
    assert throttle.history == [66.5, 10.0, 9.0, 8.0, 7.0]
