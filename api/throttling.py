"""Rate limits: per token for authenticated callers, per address for anonymous ones.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (scopes ``api_token`` and
``anon``) and are read on every request, so tests and operators can change them.
"""

from __future__ import annotations

from array import array

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from licensing.client_ip import client_ip


class _DynamicRate:
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        """The client address as every limit sees it: X-Forwarded-For only as far as
        TRUSTED_PROXY_COUNT proxies vouch for it (licensing/client_ip.py)."""
        return client_ip(request)


class TokenRateThrottle(_DynamicRate, UserRateThrottle):
    """One budget per token (a user with two tokens has two budgets).

    DRF's sliding window, unchanged: the times of the requests in the window, newest first;
    over the limit, refused and not recorded. Two things differ from DRF's own throttle,
    neither in what it decides (docs/adr/0206):

    - the history is stored as packed doubles (``array("d")``) instead of a pickled list:
      a busy token keeps thousands of times, and pickling them cost more than the rest of
      a cached request; a list stored by DRF's format is still read;
    - token authentication reads the history in the same cache round trip as the token's
      entry when it knows the key from an earlier request of the token
      (``request._api_prefetched``); otherwise it is read here."""

    scope = "api_token"

    @classmethod
    def key_for(cls, user_pk, token_key: str | None) -> str:
        ident = f"{user_pk}:{token_key}" if token_key else str(user_pk)
        return cls.cache_format % {"scope": cls.scope, "ident": ident}

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.key_for(request.user.pk, getattr(request.auth, "token_key", None))

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        prefetched = getattr(request, "_api_prefetched", None) or {}
        stored = prefetched[self.key] if self.key in prefetched else self.cache.get(self.key)
        self.history = _history(stored)
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def throttle_success(self):
        self.history.insert(0, self.now)
        self.cache.set(self.key, array("d", self.history).tobytes(), self.duration)
        return True


def _history(stored) -> list[float]:
    """The request times as stored: packed doubles, or DRF's list (before docs/adr/0206)."""
    if not stored:
        return []
    if isinstance(stored, bytes | bytearray):
        return array("d", stored).tolist()
    return list(stored)


class AnonymousRateThrottle(_DynamicRate, AnonRateThrottle):
    scope = "anon"
