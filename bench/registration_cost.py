"""What one registration costs, in-process: CPU per form page and per post, and the time the
session lock is held, statement by statement.

    .venv/bin/python bench/registration_cost.py [--registrations 60] \\
        [--database-url postgres://postgres@127.0.0.1:5432/lic_bench_burst]

Runs the project in this process (Django's test ``Client``, DEBUG off, the settings of
``bench/burst_settings.py``, CSRF checks on, Redis as the cache unless ``--cache database``)
against a database that ``bench/registrations.py`` has prepared (migrated). Creates a session
with seats for half of the registrations, then by turns loads the form and posts one
registration of one participant (the first half confirmed, the rest waitlisted). Prints,
after 5 warm-up rounds: CPU time and wall clock of the form page and of the post (best and
median), the time the lock was held (from the answer of the lock-and-count message to the
end of the commit) with the CPU time spent in it, the median time of each statement under
the lock and of the commit, the queries of the last post, and the load average. Less
sensitive to the machine's load than the burst, which measures the scheduler as much as the
code. Writes only to the given database (a session and its registrations).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average, start_redis, stop  # noqa: E402
from bench.registrations import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    create_session,
    org_numbers,
)

WARM_UP = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=60)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--cache", choices=("redis", "database"), default="redis")
    args = parser.parse_args()
    if not WARM_UP < args.registrations <= 1000:
        sys.exit(f"--registrations must be {WARM_UP + 1}-1000.")
    redis = None
    os.environ.update(
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY="bench-loopback-only-not-a-secret",
        ALLOWED_HOSTS="testserver",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        PYTHONWARNINGS="ignore::UserWarning",
        DJANGO_SETTINGS_MODULE="bench.burst_settings",
    )
    if args.cache == "redis":
        redis, os.environ["REDIS_URL"] = start_redis()
        time.sleep(0.5)
    try:
        run(args.registrations)
    finally:
        if redis is not None:
            stop(redis)


def run(count: int) -> None:
    import django

    django.setup()

    from django.db import connection, transaction
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from seminars.services import registrations

    locks: list[tuple[float, float]] = []
    statements: dict[str, list[float]] = {}
    under_lock = [False]

    def timed_statement(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if under_lock[0]:
                key = sql.split()[0]
                statements.setdefault(key, []).append((time.perf_counter() - started) * 1000)

    def instrument(sender, connection, **kwargs):
        connection.execute_wrappers.append(timed_statement)
        commit = connection._commit

        def timed_commit():
            started = time.perf_counter()
            try:
                return commit()
            finally:
                if under_lock[0]:
                    elapsed = (time.perf_counter() - started) * 1000
                    statements.setdefault("COMMIT", []).append(elapsed)

        connection._commit = timed_commit

    connection_created.connect(instrument, weak=False)
    # Before docs/adr/0218 the lock was taken by ``lock_session`` and counted afterwards.
    name = (
        "lock_session_and_count"
        if hasattr(registrations, "lock_session_and_count")
        else ("lock_session")
    )
    lock_and_count = getattr(registrations, name)

    def timed_lock_and_count(session, **limits):
        locked = lock_and_count(session, **limits)
        wall, cpu = time.perf_counter(), time.process_time()
        under_lock[0] = True

        def released():
            under_lock[0] = False
            locks.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))

        transaction.on_commit(released)
        return locked

    setattr(registrations, name, timed_lock_and_count)

    session = create_session("Cost", max(1, count // 2))
    connection.close()
    path = f"/seminarer/{session.public_id}/"
    client = Client(enforce_csrf_checks=True)
    orgs = org_numbers(count + 5000)[-count:]
    forms, posts = [], []
    for index, org in enumerate(orgs):
        client.cookies.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        page = client.get(path)
        forms.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "org_number": org,
            "venue_name": f"Cost {org}",
            "licence_number": "",
            "contact_email": f"post@{org}.example",
            "consent": "on",
            "website": "",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-name": f"Deltaker {org}",
            "participants-0-role": "manager",
            "participants-0-email": "",
        }
        last = index == len(orgs) - 1
        with CaptureQueriesContext(connection) if last else _Nothing() as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.post(path, data)
            posts.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
        if response.status_code != 302:
            sys.exit(f"The post answered {response.status_code}.")

    def line(name, values):
        cpu = [v[0] for v in values[WARM_UP:]]
        wall = [v[1] for v in values[WARM_UP:]]
        return (
            f"{name}: CPU best {min(cpu):.1f} ms, median {statistics.median(cpu):.1f} ms; "
            f"wall best {min(wall):.1f} ms, median {statistics.median(wall):.1f} ms"
        )

    print(f"{count} registrations by turns, in-process; load average {load_average()}")
    print(line("form page (GET)", forms))
    print(line("registration (POST)", posts))
    wall = [v[0] for v in locks[WARM_UP:]]
    cpu = [v[1] for v in locks[WARM_UP:]]
    print(
        f"session lock held: median {statistics.median(wall):.2f} ms, "
        f"p90 {sorted(wall)[int(0.9 * (len(wall) - 1))]:.2f} ms; CPU in it median "
        f"{statistics.median(cpu):.2f} ms"
    )
    for name, values in statements.items():
        print(f"  under the lock, {name}: median {statistics.median(values):.2f} ms")
    print(f"queries of the last post: {len(queries.captured_queries)}")


class _Nothing:
    captured_queries: list = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    main()
