"""A burst of simultaneous seminar registrations on PostgreSQL, through the public form.

    .venv/bin/python bench/registrations.py [--clients 200] [--seats 50] [--workers 4]

Creates (in ``DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/lic_bench_burst)
a fresh seminar session with ``--seats`` seats, starts the project under gunicorn on
127.0.0.1 (``--workers`` sync workers, DEBUG off, ``bench/burst_wsgi.py``), lets
``--clients`` threads each load the form (CSRF cookie and token) and then, released at the
same moment, post one registration of one participant for a different organisation.

Prints: confirmed and waitlisted registrations (from the database), errors (any answer but
the redirect of a stored registration, or no answer), the response times of the posts
(p50, p99, max) and the time each registration held the session's lock (from the locked
``SELECT … FOR UPDATE`` to the end of its commit; p50, p99, max), and the load average.
Bounded: at most 1,000 clients, every request times out after 60 s, the whole run after
``--timeout`` seconds; only 127.0.0.1 is contacted; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    cpu_seconds,
    ensure_database,
    free_port,
    load_average,
    manage,
    processes,
    server_environment,
    start_gunicorn,
    start_redis,
    stop,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lic_bench_burst"
TARGET_P99_SECONDS = 3.0
TARGET_LOCK_MS = 10.0

CREATE_SESSION = """
from bench.registrations import create_session
from licensing.models import PendingMail
from post_office.models import Email
# The outbox of earlier runs: the mail worker of this run must not send it during the burst.
PendingMail.objects.all().delete()
Email.objects.all().delete()
session = create_session("Burst", {seats})
print(session.pk, session.public_id)
"""


def create_session(title: str, seats: int):
    """A seminar session of the benchmark's municipality that opens in 30 days, with
    ``seats`` seats and the registration open (Django set up by the caller)."""
    import datetime as dt

    from django.utils import timezone

    from licensing.models import Municipality
    from seminars.models import SeminarSession

    municipality, _ = Municipality.objects.get_or_create(
        org_number="999888777", defaults={"name": "Burst kommune"}
    )
    now = timezone.now()
    return SeminarSession.objects.create(
        municipality=municipality,
        title=title,
        starts_at=now + dt.timedelta(days=30),
        ends_at=now + dt.timedelta(days=30, hours=6),
        capacity=seats,
        registration_deadline=now + dt.timedelta(days=20),
        place="Rådhuset",
    )


COUNT = """
from seminars.models import Registration
from licensing.models import PendingMail
rows = Registration.objects.filter(session_id={pk})
print(rows.filter(status="confirmed").count(), rows.filter(status="waitlisted").count(),
      rows.count(), PendingMail.objects.count())
"""

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_numbers(count: int) -> list[str]:
    """Valid organisation numbers (modulus 11), 81x xxx xxx."""
    found = []
    base = 810_000_000
    while len(found) < count:
        digits = [int(d) for d in str(base)[:8]]
        check = 11 - sum(w * d for w, d in zip(WEIGHTS, digits, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            found.append("".join(map(str, digits)) + str(check))
        base += 10
    return found


class Client(threading.Thread):
    def __init__(
        self,
        port: int,
        path: str,
        org_number: str,
        start: threading.Event,
        ready: threading.Semaphore,
    ):
        super().__init__(daemon=True)
        self.port, self.path, self.org_number, self.start_event = port, path, org_number, start
        self.ready, self.has_form = ready, False
        self.seconds: float | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            self._run()
        finally:
            if not self.has_form:  # failed before: the main thread must not wait for it
                self.ready.release()

    def _run(self) -> None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request("GET", self.path)
            response = connection.getresponse()
            page = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            if response.status != 200 or not cookie or not token:
                self.error = f"form: HTTP {response.status}"
                return
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "org_number": self.org_number,
                    "venue_name": f"Burst {self.org_number}",
                    "licence_number": "",
                    "contact_email": f"post@{self.org_number}.example",
                    "consent": "on",
                    "website": "",
                    "participants-TOTAL_FORMS": "1",
                    "participants-INITIAL_FORMS": "0",
                    "participants-MIN_NUM_FORMS": "0",
                    "participants-MAX_NUM_FORMS": "1000",
                    "participants-0-name": f"Deltaker {self.org_number}",
                    "participants-0-role": "manager",
                    "participants-0-email": "",
                }
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie.group(1)}",
            }
            self.has_form = True
            self.ready.release()
            self.start_event.wait(timeout=120)
            started = time.perf_counter()
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            self.seconds = time.perf_counter() - started
            location = response.getheader("Location") or ""
            if response.status != 302 or "/pamelding/" not in location:
                self.error = f"post: HTTP {response.status} {location}"
        except (OSError, http.client.HTTPException) as exc:
            self.error = f"{type(exc).__name__}: {exc}"


def last_line(output: str) -> list[str]:
    """The words of the last line a ``manage.py shell -c`` printed."""
    return output.strip().splitlines()[-1].split()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=300, help="Seconds for the whole run.")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--cache",
        choices=("redis", "database"),
        default="redis",
        help="The cache behind the form's rate limit: Redis as in production, or the "
        "database cache of a development setup.",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 1000 or not args.seats >= 1 or not 1 <= args.workers <= 16:
        sys.exit("--clients must be 1-1000, --seats at least 1, --workers 1-16.")
    if not args.database_url.startswith("postgres"):
        sys.exit("The burst needs PostgreSQL (SQLite has no row locks).")

    lock_log = Path(tempfile.mkdtemp(prefix="bench-burst-")) / "lock-ms.txt"
    lock_log.touch()
    cpu_log = lock_log.parent / "cpu-ms.txt"
    env = server_environment(
        args.database_url, BENCH_LOCK_LOG=str(lock_log), BENCH_CPU_LOG=str(cpu_log)
    )
    redis = None
    if args.cache == "redis":
        redis, env["REDIS_URL"] = start_redis()
    ensure_database(args.database_url)
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    static_env = dict(env, DJANGO_SETTINGS_MODULE="bench.burst_settings")
    manage(static_env, "collectstatic", "--noinput", "-v0")
    pk, public_id = last_line(manage(env, "shell", "-c", CREATE_SESSION.format(seats=args.seats)))
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    port = free_port()
    server_log = lock_log.parent / "gunicorn.log"
    server = start_gunicorn(
        "bench.burst_wsgi:application", port, env, workers=args.workers, log=server_log
    )
    # The mail worker renders and sends the confirmations as in production (docs/adr/0220),
    # competing for the same cores; its transport discards them.
    worker = subprocess.Popen(
        [
            str(PYTHON),
            "manage.py",
            "mail_worker",
            "--interval",
            "2",
            "--lockfile",
            str(lock_log.parent / "mail-worker"),
        ],
        cwd=ROOT,
        env=dict(env, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(lock_log.parent / "mail-worker.log", "w"),  # noqa: SIM115
    )
    path = f"/seminarer/{public_id}/"
    deadline = time.monotonic() + args.timeout
    try:
        while True:  # wait for the server
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", path)
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("The server did not start.")
            time.sleep(0.5)
        start, ready = threading.Event(), threading.Semaphore(0)
        clients = [Client(port, path, org, start, ready) for org in org_numbers(args.clients)]
        forms_began = time.perf_counter()
        for client in clients:
            client.start()
        for _client in clients:  # every client has its form (or has failed)
            ready.acquire(timeout=max(0.1, deadline - time.monotonic()))
        forms = time.perf_counter() - forms_began
        time.sleep(0.5)
        # Who spends the cores during the posts: the gunicorn workers, PostgreSQL, the mail
        # worker and this process (the 200 client threads).
        parts = {
            "gunicorn": processes(group=server.pid),
            "PostgreSQL": processes(name="postgres"),
            "mail worker": [worker.pid],
        }
        cpu_before = {name: cpu_seconds(pids) for name, pids in parts.items()}
        clients_cpu = time.process_time()
        began = time.perf_counter()
        start.set()
        for client in clients:
            client.join(timeout=max(1, deadline - time.monotonic()))
        wall = time.perf_counter() - began
        # New backends (a connection per request with CONN_MAX_AGE=0) count too: those still
        # running, and the ended ones through the server process that reaped them.
        parts["PostgreSQL"] = processes(name="postgres")
        cpu_during = {name: cpu_seconds(pids) - cpu_before[name] for name, pids in parts.items()}
        cpu_during["clients (this process)"] = time.process_time() - clients_cpu
        # Until the mail worker has rendered every confirmation (at most 60 s more).
        rendered_after = None
        limit = min(deadline, time.monotonic() + 60)
        with psycopg.connect(args.database_url, autocommit=True) as database:
            while time.monotonic() < limit:
                if not database.execute("SELECT COUNT(*) FROM licensing_pendingmail").fetchone()[0]:
                    rendered_after = time.perf_counter() - began - wall
                    break
                time.sleep(0.2)
    finally:
        stop(worker)
        stop(server)
        if redis is not None:
            stop(redis)

    confirmed, waitlisted, stored, unrendered = map(
        int, last_line(manage(env, "shell", "-c", COUNT.format(pk=pk)))
    )
    errors = [c.error or "no answer" for c in clients if c.error or c.seconds is None]
    times = [c.seconds for c in clients if c.seconds is not None]
    locks = [float(line) for line in lock_log.read_text().split()]
    cpu: dict[str, list[float]] = {}
    for line in cpu_log.read_text().splitlines() if cpu_log.exists() else []:
        method, ms = line.split()
        cpu.setdefault(method, []).append(float(ms))
    print(
        f"{args.clients} clients, {args.seats} seats, gunicorn {args.workers} sync workers, "
        f"PostgreSQL, {args.cache} cache; load average {load_average()}"
    )
    print(f"stored {stored}: confirmed {confirmed}, waitlisted {waitlisted}; errors {len(errors)}")
    print(
        f"e-mails the mail worker had not yet rendered at the end: {unrendered}"
        + (
            f" (all rendered {rendered_after:.1f} s after the last answer, checked every 0.2 s)"
            if rendered_after is not None
            else ""
        )
    )
    for error in sorted(set(errors))[:5]:
        print(f"  {errors.count(error)} x {error}")
    if errors:
        print(f"  server log: {server_log}")
    print(f"{args.clients} forms loaded in {forms:.2f} s, before the posts")
    if times:
        print(
            f"response time of the post: p50 {statistics.median(times):.2f} s, "
            f"p99 {percentile(times, 0.99):.2f} s, max {max(times):.2f} s "
            f"(all {len(times)} answered in {wall:.2f} s)"
        )
        print(
            "CPU time spent during the posts: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in cpu_during.items())
            + f" (2 cores give {2 * wall:.2f} s in {wall:.2f} s)"
        )
    if locks:
        print(
            f"session lock held per registration: p50 {statistics.median(locks):.1f} ms, "
            f"p99 {percentile(locks, 0.99):.1f} ms, max {max(locks):.1f} ms "
            f"({len(locks)} registrations)"
        )
    for method, values in sorted(cpu.items()):
        print(
            f"CPU time in the worker per {method} (Python side, without PostgreSQL's): "
            f"p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 0.99):.1f} ms "
            f"({len(values)} requests)"
        )
    ok = (
        confirmed == min(args.seats, args.clients)
        and not errors
        and times
        and percentile(times, 0.99) <= TARGET_P99_SECONDS
        and locks
        and statistics.median(locks) < TARGET_LOCK_MS
    )
    print(
        f"targets: exactly {min(args.seats, args.clients)} confirmed, 0 errors, "
        f"p99 <= {TARGET_P99_SECONDS:.0f} s, lock (median) < {TARGET_LOCK_MS:.0f} ms: "
        f"{'met' if ok else 'NOT met'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
