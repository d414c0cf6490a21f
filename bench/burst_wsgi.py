"""The project's WSGI application with the seat lock timed (``bench/registrations.py``).

``seminars.services.registrations.lock_session_and_count`` is wrapped: the time from the
moment the statement that locks the session row has answered to the end of the commit that
releases it is appended, after the commit, to the file named by ``BENCH_LOCK_LOG`` (one
line in milliseconds per registration). On PostgreSQL the seat count travels in the same
message as the lock (docs/adr/0218): its execution on the server (a fraction of a
millisecond) happens under the lock but before this clock starts. Benchmark use only; the project never loads this module.
"""

import os
import time

from django.core.wsgi import get_wsgi_application
from django.db import transaction

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.burst_settings"
application = get_wsgi_application()

from seminars.services import registrations  # noqa: E402

_lock_session_and_count = registrations.lock_session_and_count
_log = os.environ["BENCH_LOCK_LOG"]


def _timed_lock_session_and_count(session, **limits):
    locked = _lock_session_and_count(session, **limits)
    started = time.perf_counter()

    def released():
        with open(_log, "a") as out:
            out.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")

    transaction.on_commit(released)
    return locked


registrations.lock_session_and_count = _timed_lock_session_and_count

_cpu_log = os.environ.get("BENCH_CPU_LOG")


class _TimedResponse:
    def __init__(self, response, method: str, started: float):
        self.response, self.method, self.started = response, method, started

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            with open(_cpu_log, "a") as out:
                out.write(f"{self.method} {(time.process_time() - self.started) * 1000:.3f}\n")


def _timed_application(environ, start_response):
    started = time.process_time()
    response = _django_application(environ, start_response)
    return _TimedResponse(response, environ["REQUEST_METHOD"], started)


if _cpu_log:
    _django_application = application
    application = _timed_application
