"""Session limits and caching of personal data (docs/adr/0103-headers-and-sessions.md).

- An officer's session ends after ``SESSION_IDLE_MINUTES`` (30) without a request and at
  the latest ``SESSION_MAX_HOURS`` (12) after logging in, whatever the activity. The last
  activity is written at most once a minute, so the session is not saved on every request.
- Responses to logged-in users and API responses are ``Cache-Control: no-store`` (they show
  personal data); views may set their own header first (the private registration pages
  use ``never_cache``).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers

STARTED = "_session_started"
SEEN = "_session_seen"
TOUCH_EVERY = 60  # seconds


@receiver(user_logged_in)
def _start(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._enforce(request)
        response = self.get_response(request)
        if "Cache-Control" not in response and (
            request.path.startswith("/api/")
            or (getattr(request, "user", None) is not None and request.user.is_authenticated)
        ):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _enforce(request) -> None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        idle = settings.SESSION_IDLE_MINUTES * 60
        absolute = settings.SESSION_MAX_HOURS * 3600
        if now - seen > idle or now - started > absolute:
            logout(request)  # flushes the session; the view sees an anonymous user
            return
        if now - seen >= TOUCH_EVERY or SEEN not in session:
            session[SEEN] = now
