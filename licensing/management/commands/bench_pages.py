"""Time the officer pages in-process: the dashboard, the licence list (plain and filtered
by seminar status) and a licence page, for a case officer of the largest municipality.

    python manage.py bench_pages [--repeat 5] [--municipality ORG_NUMBER]

Meant for the synthetic register (``generate_synthetic --licences 20000``). Inside a
transaction that is rolled back (nothing is written), it creates a case officer of the
municipality with the most licences, logs in with Django's test client and requests each
page ``--repeat`` times after one untimed warm-up, by turns (dashboard, list, filtered
list, licence page, dashboard, …) so that drift in the machine's load falls on all alike.
It prints the best and median wall-clock time, the best CPU time (SQLite runs inside the
process, so CPU time measures the work however loaded the machine is) and the number of
queries of one extra, untimed request. Targets (issue 13, 20,000 licences): dashboard
300 ms, licence list and licence page 100 ms, a page of the API's rule evaluations 300 ms,
best of 5.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from knox.models import AuthToken

from licensing.models import Licence, Municipality

TARGETS_MS = {
    "dashboard": 300,
    "licence list": 100,
    "licence page": 100,
    "API evaluations": 300,
}


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the dashboard, the licence list and a licence page for one case officer."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=5, help="Timed requests per page.")
        parser.add_argument("--municipality", help="Organisation number (default: the largest).")

    def handle(self, *args, **options) -> None:
        repeat = options["repeat"]
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        municipality = self._municipality(options["municipality"])
        licence = (
            Licence.objects.filter(municipality=municipality, status="active")
            .order_by("number")
            .first()
            or Licence.objects.filter(municipality=municipality).order_by("number").first()
        )
        licences = Licence.objects.filter(municipality=municipality).count()
        pages = [
            ("dashboard", reverse("licensing:dashboard")),
            ("licence list", reverse("licensing:licence_list")),
            (
                "licence list, seminar overdue",
                reverse("licensing:licence_list") + "?seminar=overdue",
            ),
            ("licence page", reverse("licensing:licence_detail", args=[licence.pk])),
            # The rule evaluations of one page of the API (docs/adr/0121), token-authenticated.
            ("API evaluations, page of 50", "/api/v1/evaluations/?page_size=50"),
        ]
        rows = []
        try:
            # The test client's host name, for this in-process run only.
            with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
                self._measure(municipality, pages, repeat, rows)
        except _Rollback:
            pass

        self.stdout.write(
            f"{municipality.name}: {licences} licences; {repeat} timed requests per page "
            f"(in-process, {connection.vendor}); load average {_load_average()}.\n"
            "Milliseconds: best and median wall clock, best CPU time; queries of one request.\n"
        )
        header = f"{'page':<32} {'best':>7} {'median':>7} {'CPU':>7} {'queries':>7} {'target':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for label, best, median, cpu, queries in rows:
            target = next(t for key, t in TARGETS_MS.items() if label.startswith(key))
            verdict = "ok" if best * 1000 <= target else "OVER"
            self.stdout.write(
                f"{label:<32} {best * 1000:>7.1f} {median * 1000:>7.1f} {cpu * 1000:>7.1f}"
                f" {queries:>7} {target:>5} {verdict}"
            )

    def _measure(self, municipality, pages, repeat: int, rows: list) -> None:
        """Time the pages inside a transaction that is rolled back."""
        with transaction.atomic():
            client = self._client(municipality)
            times = {label: ([], []) for label, _url in pages}
            for _label, url in pages:  # warm-up: templates, translations, caches
                self._get(client, url)
            for _ in range(repeat):
                for label, url in pages:
                    started, cpu = time.perf_counter(), time.process_time()
                    self._get(client, url)
                    times[label][0].append(time.perf_counter() - started)
                    times[label][1].append(time.process_time() - cpu)
            for label, url in pages:
                with CaptureQueriesContext(connection) as queries:
                    self._get(client, url)
                wall, cpu = times[label]
                rows.append((label, min(wall), statistics.median(wall), min(cpu), len(queries)))
            raise _Rollback

    def _municipality(self, org_number: str | None) -> Municipality:
        if org_number:
            found = Municipality.objects.filter(org_number=org_number).first()
            if found is None:
                raise CommandError(f"No municipality with organisation number {org_number}.")
            return found
        found = (
            Municipality.objects.annotate(n=Count("licences"))
            .filter(n__gt=0)
            .order_by("-n")
            .first()
        )
        if found is None:
            raise CommandError("No licences: run generate_synthetic first.")
        return found

    def _client(self, municipality: Municipality) -> Client:
        user = get_user_model().objects.create(username=f"bench-pages-{municipality.pk}")
        municipality.officers.add(user)
        _row, token = AuthToken.objects.create(user=user)
        client = Client(HTTP_ACCEPT_LANGUAGE="nb", HTTP_AUTHORIZATION=f"Token {token}")
        client.force_login(user)
        return client

    def _get(self, client: Client, url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}.")


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"
