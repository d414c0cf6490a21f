"""Time the public register pages of one municipality on the current database.

    python manage.py bench_public_register --municipality ORG [--repeat 20]

Requests go through the whole stack (Django's test client: middleware, rate limit, cache,
template). Prints, for each page, the best and median wall-clock time in milliseconds and
the number of database queries:

- ``page (cold)``: the first page after the cache was invalidated (the snapshot is built);
- ``page``, ``page (search)``, ``page 10``: from the cached snapshot;
- ``licences.csv``, ``licences.json``: the whole register of the municipality.

``--cache locmem`` runs with a local-memory cache instead of the configured one (the
database table unless REDIS_URL is set), to separate the cache backend's cost.

Target (docs/public-register.md): every cached page and download under 100 ms for 2,000
licences. Data: ``generate_synthetic --licences 2000``. The rate limit is lifted and the
host ``testserver`` allowed for the run only; nothing is written to the database.
"""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from licensing.models import Licence, Municipality

from ... import cache

TARGET_MS = 100.0


class Command(BaseCommand):
    help = "Time the public register pages and downloads of one municipality."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Organisation number.")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument(
            "--cache",
            choices=("configured", "locmem"),
            default="configured",
            help="The configured cache (database table without REDIS_URL), or a local-memory "
            "cache standing in for Redis.",
        )

    def handle(self, *args, **options):
        org = options["municipality"]
        municipality = Municipality.objects.filter(org_number=org).first()
        if municipality is None:
            raise CommandError(f"No municipality with organisation number {org}.")
        repeat = max(1, options["repeat"])
        licences = Licence.objects.filter(municipality=municipality).count()
        self.stdout.write(f"{municipality.name}: {licences} licences in the register")
        page = reverse("publicregister:municipality", args=[org])
        cases = [
            ("page", page, {}),
            ("page (search)", page, {"q": "a", "kind": "serving"}),
            ("page 10", page, {"page": 10}),
            ("licences.csv", reverse("publicregister:licences_csv", args=[org]), {}),
            ("licences.json", reverse("publicregister:licences_json", args=[org]), {}),
        ]
        worst = 0.0
        overrides = {"ALLOWED_HOSTS": ["testserver"], "PUBLIC_REGISTER_RATE": "1000000/m"}
        if options["cache"] == "locmem":
            overrides["CACHES"] = {
                "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            }
        backend = (overrides.get("CACHES") or settings.CACHES)["default"]["BACKEND"]
        self.stdout.write(f"cache: {backend}")
        with override_settings(**overrides):
            client = Client()

            def cold():
                cache.invalidate()
                return client.get(page)

            self._report("page (cold)", cold, repeat)
            for label, url, params in cases:
                worst = max(
                    worst, self._report(label, lambda u=url, p=params: client.get(u, p), repeat)
                )
        verdict = "met" if worst <= TARGET_MS else "NOT met"
        self.stdout.write(f"target: cached pages and downloads <= {TARGET_MS:.0f} ms: {verdict}")

    def _report(self, label: str, call, repeat: int) -> float:
        response = call()  # warm-up
        if response.status_code != 200:
            raise CommandError(f"{label}: HTTP {response.status_code}")
        # Counted with an execute wrapper: the test client's request_started signal resets
        # connection.queries, so CaptureQueriesContext would see none.
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
        ):
            call()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        best, median = min(times), statistics.median(times)
        self.stdout.write(
            f"{label:<16} best {best:7.1f} ms  median {median:7.1f} ms  "
            f"queries {len(queries)}  bytes {len(response.content)}"
        )
        return median
