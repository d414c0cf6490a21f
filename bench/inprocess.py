"""A WSGI application driven in-process: the worker of ``bench/api.py --inprocess``.

    DJANGO_SETTINGS_MODULE=... python bench/inprocess.py

Reads one JSON command a line on stdin and answers one JSON line on stdout:

- ``{"url": ..., "token": ..., "count": n, "warm": w}``: after ``w`` unmeasured calls (the
  processor's caches went to the other worker meanwhile), calls the WSGI application ``n``
  times with a
  GET of ``url`` (what gunicorn's sync worker hands it: a WSGI environ, the body consumed
  and closed) and answers the process CPU time and wall clock of the ``n`` calls, the
  status and the length of the last body;
- ``{"profile": ..., "token": ..., "count": n, "top": k}``: the same under cProfile,
  answering the ``k`` most expensive functions by cumulative time as text.

No socket, no HTTP parsing: what remains is the application's own work (Django, DRF, the
project) plus its database and cache round trips. Run one worker per settings module (the
project, the bare baseline) and alternate the commands, so load drift falls on both.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import resource
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def environ(url: str, token: str | None) -> dict:
    parts = urllib.parse.urlsplit(url)
    env = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "*/*",
        "HTTP_USER_AGENT": "wrk",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if token:
        env["HTTP_AUTHORIZATION"] = f"Token {token}"
    return env


def call(application, url: str, token: str | None) -> tuple[str, bytes]:
    status_holder = []

    def start_response(status, headers, exc_info=None):
        status_holder.append(status)

    result = application(environ(url, token), start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    return status_holder[0], body


def main() -> None:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    for line in sys.stdin:
        command = json.loads(line)
        token = command.get("token")
        count = int(command.get("count", 1))
        if "profile" in command:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(count):
                status, body = call(application, command["profile"], token)
            profiler.disable()
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text)
            stats.sort_stats(command.get("sort", "cumulative")).print_stats(
                int(command.get("top", 60))
            )
            answer = {"status": status, "text": text.getvalue()}
        else:
            for _ in range(int(command.get("warm", 0))):  # after the other process's turn
                call(application, command["url"], token)
            usage = resource.getrusage(resource.RUSAGE_SELF)
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(count):
                status, body = call(application, command["url"], token)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            after = resource.getrusage(resource.RUSAGE_SELF)
            answer = {
                "status": status,
                "cpu": cpu,  # user + system, nanosecond clock
                "user": after.ru_utime - usage.ru_utime,
                "system": after.ru_stime - usage.ru_stime,
                "wall": wall,
                "bytes": len(body),
            }
            if command.get("body"):
                answer["body"] = body.decode()
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
