"""The API next to a bare DRF view, side by side under gunicorn, measured with wrk.

    .venv/bin/python bench/api.py [--duration 8] [--rounds 2] [--connections 16]
    .venv/bin/python bench/api.py --inprocess [--rounds 15] [--requests 20]

Needs wrk (Debian/Ubuntu: ``apt-get install -y wrk``; elsewhere https://github.com/wg/wrk)
and PostgreSQL (``DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/lic_bench_api).
The first run prepares that database: migrations, the cache table, a synthetic register of
``--licences`` licences (``generate_synthetic``) and two API tokens (a user of the synthetic
municipality's control company and a case officer of it). Later runs reuse it.

Then it starts two gunicorn servers on loopback (2 sync workers each, DEBUG off): the
project (``config.wsgi``) and the bare baseline (``bench.baseline``: a DRF view returning 50
eight-field dicts, no database, the project's middleware). wrk runs against each endpoint
for ``--duration`` seconds, by turns (baseline, project endpoints, baseline, …) for
``--rounds`` rounds, so drift in the machine's load falls on both. It prints requests/s
(best of the rounds) and the ratio to the best baseline figure of the same run, and the load
average. Everything is bounded: each wrk run is killed after duration + 15 s, the servers are
stopped at the end. Only 127.0.0.1 is ever contacted.

``--inprocess`` needs no wrk and no HTTP: three worker processes (``bench/inprocess.py``)
call the WSGI applications directly, as gunicorn's sync worker would: the baseline, the
project, and the project with its page cache off (``API_PAGE_CACHE_SECONDS=0``: every
request renders its page). By turns, ``--requests`` requests per endpoint and turn for
``--rounds`` rounds; it prints the best CPU time (user + system of the worker) and wall
clock per request and the CPU ratio to the baseline. On a shared machine this is the
figure to trust; a CPU ratio of at most about 1.8 is what 50 % under wrk needs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    ensure_database,
    free_port,
    load_average,
    manage,
    server_environment,
    start_gunicorn,
    start_redis,
    stop,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lic_bench_api"
# Fixed tokens for the benchmark database only (knox stores their digests).
COMPANY_TOKEN = "bench-company-a-loopback-benchmark-only-not-a-secret-0000000000000"[:64]
OFFICER_TOKEN = "bench-officer-a-loopback-benchmark-only-not-a-secret-0000000000000"[:64]
TARGET_RATIO = 0.5
# In-process: the CPU ratio project/bare that leaves room for TARGET_RATIO under wrk.
INPROCESS_TARGET = 1.8

PREPARE = """
from django.contrib.auth import get_user_model
from inspections.models import ControlCompany
from licensing.models import Municipality
from api.tokens import token_install_fixed
municipality = Municipality.objects.filter(name__startswith="Syntetisk kommune").order_by("pk")[0]
company = ControlCompany.objects.filter(municipalities=municipality).order_by("pk")[0]
User = get_user_model()
company_user, _ = User.objects.get_or_create(username="bench_company")
company.users.add(company_user)
officer, _ = User.objects.get_or_create(username="bench_officer")
municipality.officers.add(officer)
token_install_fixed(user=company_user, token={company!r}, days=730)
token_install_fixed(user=officer, token={officer!r}, days=730)
print("prepared", municipality.name, company.name)
"""


def prepare(env: dict[str, str], licences: int) -> None:
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    check = "from licensing.models import Licence; print(Licence.objects.count())"
    if int(manage(env, "shell", "-c", check).strip().splitlines()[-1]) == 0:
        print(f"Preparing the benchmark database: {licences} synthetic licences …", flush=True)
        manage(env, "generate_synthetic", "--licences", str(licences), "--no-progress")
    analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    manage(env, "shell", "-c", analyze)
    manage(env, "shell", "-c", PREPARE.format(company=COMPANY_TOKEN, officer=OFFICER_TOKEN))


def wait_ready(url: str, token: str | None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(url)
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{url} did not answer 200 within {timeout:.0f} s")
        time.sleep(0.5)


def wrk(url: str, token: str | None, *, duration: int, connections: int) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Token {token}"]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 15, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url}: {errors.group(1)} responses were not 2xx:\n{output}")
    return float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))


class Worker:
    """A ``bench/inprocess.py`` process serving one settings module."""

    def __init__(self, env: dict[str, str], settings: str, **extra: str) -> None:
        self.process = subprocess.Popen(
            [str(PYTHON), "bench/inprocess.py"],
            cwd=ROOT,
            env=dict(env, DJANGO_SETTINGS_MODULE=settings, **extra),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            sys.exit("an in-process worker stopped")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def inprocess(env: dict[str, str], args) -> None:
    workers = {
        "bare": Worker(env, "bench.baseline.settings"),
        "project": Worker(env, "config.settings"),
        "rendered": Worker(env, "config.settings", API_PAGE_CACHE_SECONDS="0"),
    }
    project = "http://127.0.0.1/api/v1"
    endpoints = [
        ("licences, company", f"{project}/licences/?page_size=50", COMPANY_TOKEN),
        ("licences, officer", f"{project}/licences/?page_size=50", OFFICER_TOKEN),
        ("inspections, officer", f"{project}/inspections/?page_size=50", OFFICER_TOKEN),
        ("violation types, company", f"{project}/violation-types/", COMPANY_TOKEN),
    ]
    targets = [("bare DRF (50 dicts)", "bare", "/bench/rows/", None)]
    for label, url, token in endpoints:
        targets.append((label, "project", url, token))
    for label, url, token in endpoints:
        targets.append((f"{label} (rendered)", "rendered", url, token))
    best: dict[str, tuple[float, float]] = {}
    try:
        for label, worker, url, token in targets:  # warm up: code, tokens, caches
            answer = workers[worker].ask(url=url, token=token, count=5)
            if not answer["status"].startswith("200"):
                sys.exit(f"{label}: {answer['status']}")
        for _round in range(args.rounds):
            for label, worker, url, token in targets:
                answer = workers[worker].ask(url=url, token=token, count=args.requests, warm=2)
                cpu = answer["cpu"] / args.requests * 1000
                wall = answer["wall"] / args.requests * 1000
                old = best.get(label, (float("inf"), float("inf")))
                best[label] = (min(old[0], cpu), min(old[1], wall))
    finally:
        for worker in workers.values():
            worker.close()
    bare_cpu = best[targets[0][0]][0]
    print(
        f"\nin-process, {args.rounds} rounds x {args.requests} requests, best per request, "
        f"{args.cache} cache; load average {load_average()}"
    )
    print(f"{'endpoint':<36} {'CPU ms':>7} {'wall ms':>8} {'CPU ratio':>9}")
    for label, _worker, _url, _token in targets:
        cpu, wall = best[label]
        print(f"{label:<36} {cpu:7.2f} {wall:8.2f} {cpu / bare_cpu:9.2f}")
    print(
        f"(the cached endpoints need a CPU ratio of at most about {INPROCESS_TARGET} for "
        f'{TARGET_RATIO:.0%} under wrk; "rendered": the page cache off)'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="Seconds per wrk run (2-60).")
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="Rounds of runs (wrk: 1-5, default 2; in-process: 1-100, default 15).",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--inprocess",
        action="store_true",
        help="Measure CPU per request in-process (no wrk, no HTTP): see above.",
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="In-process: requests per endpoint and turn."
    )
    parser.add_argument("--licences", type=int, default=2000, help="Synthetic licences.")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument(
        "--cache",
        choices=("redis", "database"),
        default="redis",
        help="The project's cache (the throttles' store): Redis, as in production "
        "(REDIS_URL; a redis-server started here on loopback for the run), or the "
        "database cache of a development setup.",
    )
    args = parser.parse_args()
    if args.rounds is None:
        args.rounds = 15 if args.inprocess else 2
    if args.inprocess:
        if not 1 <= args.rounds <= 100 or not 1 <= args.requests <= 1000:
            sys.exit("--rounds must be 1-100 and --requests 1-1000.")
    elif not 2 <= args.duration <= 60 or not 1 <= args.rounds <= 5:
        sys.exit("--duration must be 2-60 seconds and --rounds 1-5.")
    elif shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk (or build https://github.com/wg/wrk).")

    # The throttle stays on (its cache reads and writes are part of every request) but must
    # not refuse the benchmark's own requests; a one-second window keeps its history (one
    # timestamp per request in the window) as short as in production.
    env = server_environment(
        args.database_url or DEFAULT_DATABASE_URL, API_RATE_PER_TOKEN="100000/second"
    )
    prepare(env, args.licences)
    servers = []
    if args.cache == "redis":
        redis, env["REDIS_URL"] = start_redis()
        servers.append(redis)
    if args.inprocess:
        try:
            inprocess(env, args)
        finally:
            for server in servers:
                stop(server)
        return
    project_port, baseline_port = free_port(), free_port()
    baseline_env = dict(env, DJANGO_SETTINGS_MODULE="bench.baseline.settings")
    servers += [
        start_gunicorn("config.wsgi:application", project_port, env, workers=2),
        start_gunicorn("bench.baseline.wsgi:application", baseline_port, baseline_env, workers=2),
    ]
    project = f"http://127.0.0.1:{project_port}/api/v1"
    targets = [
        ("bare DRF (50 dicts)", f"http://127.0.0.1:{baseline_port}/bench/rows/", None),
        ("licences, company", f"{project}/licences/?page_size=50", COMPANY_TOKEN),
        ("licences, officer", f"{project}/licences/?page_size=50", OFFICER_TOKEN),
        ("inspections, officer", f"{project}/inspections/?page_size=50", OFFICER_TOKEN),
        ("violation types, company", f"{project}/violation-types/", COMPANY_TOKEN),
    ]
    results: dict[str, list[float]] = {label: [] for label, _, _ in targets}
    try:
        for _label, url, token in targets:
            wait_ready(url, token)
        for _round in range(args.rounds):
            for label, url, token in targets:
                rps = wrk(url, token, duration=args.duration, connections=args.connections)
                results[label].append(rps)
                print(f"  round {_round + 1}: {label:<26} {rps:8.1f} requests/s", flush=True)
    finally:
        for server in reversed(servers):  # Redis last: the servers use it until they stop
            stop(server)

    baseline = max(results[targets[0][0]])
    print(
        f"\ngunicorn 2 sync workers each, wrk {args.connections} connections, "
        f"{args.duration} s x {args.rounds} rounds, {args.cache} cache; "
        f"load average {load_average()}"
    )
    print(f"{'endpoint':<28} {'req/s (best)':>12} {'ratio':>7}  target >= {TARGET_RATIO:.0%}")
    failed = False
    for label, _url, _token in targets:
        best = max(results[label])
        ratio = best / baseline
        mark = "" if label == targets[0][0] else ("ok" if ratio >= TARGET_RATIO else "BELOW")
        failed = failed or mark == "BELOW"
        print(f"{label:<28} {best:12.1f} {ratio:7.0%}  {mark}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
