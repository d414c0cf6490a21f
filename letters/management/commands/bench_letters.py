"""Time typical two-page decision letters: milliseconds per letter.

    python manage.py bench_letters [--count N]

Builds, inside a transaction that is rolled back (nothing is written), a licence with a
points decision on four breaches found at one inspection, and a licence with a suspension
resting on nine point decisions. Renders each letter N times from its frozen context
(best, median and 95th percentile), then N times including the ORM build of the context,
and reports the pages and the queries of one build. Target: under 50 ms per letter.

The baseline is a bare reportlab platypus letter of the same length in the same embedded
TTF font (``bench/letter.py``), rendered by turns with the project's letters (bare, real,
bare, real, …) so that the machine's load falls on both; the command prints each letter's
best and median wall-clock time, and its median CPU time, as a ratio to the baseline's
(CPU time is the work itself: it does not grow when others load the machine). Target: at
most 1.6x (issue 13), judged on the best wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.letter import render_bare_letter
from inspections.models import (
    ControlCompany,
    Finding,
    Inspection,
    PointDecision,
    Suspension,
    ViolationType,
)
from letters.kinds import render_letter
from letters.models import LetterKind
from letters.sources import build_context
from licensing.models import Holder, Licence, Municipality, Premises

TARGET_MS = 50
TARGET_RATIO = 1.6


class _Rollback(Exception):
    pass


def _free_org_number(model, start: int) -> str:
    number = start
    while model.objects.filter(org_number=str(number)).exists():
        number += 1
    return str(number)


def _sample_records():
    """A points decision on four breaches and a suspension resting on nine decisions."""
    municipality = Municipality.objects.create(
        name="Benchmark kommune",
        org_number=_free_org_number(Municipality, 999_000_001),
        address_line="Rådhusgata 1",
        postal_code="8001",
        postal_place="Bodø",
        email="postmottak@benchmark.example",
        phone="75 00 00 00",
        website="https://benchmark.example",
        appeal_body="Statsforvalteren i Nordland",
    )
    officer = get_user_model().objects.create(
        username=f"bench-letters-{municipality.pk}",
        first_name="Siri",
        last_name="Sæther",
        email="siri.saether@benchmark.example",
    )
    licences = []
    for n, name in enumerate(("Fjøsnæs Bryggeri og Spiseri AS", "Kjærlighetsstien Kafé AS")):
        holder = Holder.objects.create(
            municipality=municipality,
            org_number=f"9230000{n:02d}",
            name=name,
            address_line="Storgata 12",
            postal_code="8006",
            postal_place="Bodø",
        )
        premises = Premises.objects.create(
            municipality=municipality, name=name.removesuffix(" AS"), address_line="Storgata 12"
        )
        licences.append(
            Licence.objects.create(
                municipality=municipality,
                number=f"BENCH-{n}",
                holder=holder,
                premises=premises,
                kind="serving",
                group_1=True,
                group_2=True,
                granted_on=dt.date(2024, 9, 15),
                valid_from=dt.date(2024, 10, 1),
                valid_to=dt.date(2028, 9, 30),
            )
        )
    catalogue = {v.code: v for v in ViolationType.objects.all()}
    company = ControlCompany.objects.create(
        name="Benchmark kontroll AS", org_number=_free_org_number(ControlCompany, 999_100_001)
    )
    started_at = timezone.make_aware(dt.datetime(2026, 6, 13, 23, 30))
    inspection = Inspection.objects.create(
        licence=licences[0],
        company=company,
        started_at=started_at,
        ended_at=started_at + dt.timedelta(hours=1),
        holder_comment="Vi beklager hendelsen. Bartenderen var ny og har fått opplæring.",
    )
    codes = (
        "sale_to_intoxicated",
        "hours_violation",
        "internal_control_deficient",
        "spirits_measure",
    )
    points = []
    for code in codes:
        violation = catalogue[code]
        Finding.objects.create(
            inspection=inspection,
            violation=violation,
            observed_at=started_at + dt.timedelta(minutes=20),
            description="Kontrollørene observerte forholdet fra baren i om lag ti minutter, "
            "og daglig leder ble orientert før kontrollørene forlot stedet.",
        )
        points.append(
            PointDecision.objects.create(
                licence=licences[0],
                inspection=inspection,
                violation=violation,
                violation_on=dt.date(2026, 6, 13),
                standard_points=violation.standard_points,
                points=violation.standard_points,
                status="decided",
                advance_notice_on=dt.date(2026, 6, 20),
                comment_deadline_on=dt.date(2026, 7, 11),
                decided_on=dt.date(2026, 7, 20),
                reference="26/3001-6",
            )
        )
    rests_on = [
        PointDecision.objects.create(
            licence=licences[1],
            violation=catalogue[("hours_violation", "internal_control_deficient")[i % 2]],
            violation_on=dt.date(2025, 9, 1) + dt.timedelta(days=30 * i),
            standard_points=(4, 2)[i % 2],
            points=(4, 2)[i % 2],
            status="decided",
            decided_on=dt.date(2025, 10, 1) + dt.timedelta(days=30 * i),
            reference=f"25/{700 + i}-3",
        )
        for i in range(9)
    ]
    total = sum(pd.points for pd in rests_on)
    days = 7 * (total // 12) + (0 if total % 12 == 0 else (total % 12) // 2 + 1)
    suspension = Suspension.objects.create(
        licence=licences[1],
        status="decided",
        points=total,
        days=days,
        advance_notice_on=dt.date(2026, 7, 1),
        comment_deadline_on=dt.date(2026, 7, 22),
        decided_on=dt.date(2026, 8, 1),
        starts_on=dt.date(2026, 8, 14),
        ends_on=dt.date(2026, 8, 14) + dt.timedelta(days=days - 1),
        reference="26/4001-2",
        reasons="Kommunen finner ingen grunn til å fravike standardreaksjonen.",
    )
    suspension.point_decisions.set(rests_on)
    return officer, [
        ("Points decision, 4 breaches", points[0], LetterKind.POINTS_DECISION),
        ("Suspension decision, 9 point decisions", suspension, LetterKind.SUSPENSION_DECISION),
    ]


def _ms(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return ordered[0] * 1000, statistics.median(ordered) * 1000, p95 * 1000


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


class Command(BaseCommand):
    help = "Time the rendering of typical two-page decision letters (ms per letter)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=50, help="Renders per letter.")
        parser.add_argument("--language", choices=("nb", "nn", "en"), default="nb")

    def handle(self, *args, **options) -> None:
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be at least 1.")
        language = options["language"]
        rows = []
        bare, bare_cpu = [], []
        render_bare_letter()  # warm-up
        try:
            with transaction.atomic():
                officer, letters = _sample_records()
                for label, record, kind in letters:
                    context = build_context(record, kind, language=language, officer=officer)
                    pdf = render_letter(context)  # warm-up: fonts, translations
                    render, render_cpu = [], []
                    for _ in range(count):
                        started, cpu = time.perf_counter(), time.process_time()
                        render_bare_letter()
                        bare.append(time.perf_counter() - started)
                        bare_cpu.append(time.process_time() - cpu)
                        started, cpu = time.perf_counter(), time.process_time()
                        render_letter(context)
                        render.append(time.perf_counter() - started)
                        render_cpu.append(time.process_time() - cpu)
                    full, full_cpu = [], []
                    for _ in range(count):
                        started, cpu = time.perf_counter(), time.process_time()
                        render_letter(
                            build_context(record, kind, language=language, officer=officer)
                        )
                        full.append(time.perf_counter() - started)
                        full_cpu.append(time.process_time() - cpu)
                    with CaptureQueriesContext(connection) as queries:
                        build_context(record, kind, language=language, officer=officer)
                    rows.append(
                        (
                            label,
                            _pages(pdf),
                            _ms(render),
                            statistics.median(render_cpu) * 1000,
                            _ms(full)[1],
                            statistics.median(full_cpu) * 1000,
                            len(queries),
                        )
                    )
                raise _Rollback
        except _Rollback:
            pass

        self.stdout.write(
            f"{count} renders per letter ({language}); milliseconds per letter, "
            f"target under {TARGET_MS} ms.\n"
            "render: from the frozen context (wall clock: best, median, p95; CPU time: "
            "median). +ORM: building the context from the database, then rendering (wall "
            "clock and CPU time, medians).\n"
        )
        header = (
            f"{'letter':<40} {'pages':>5} {'best':>6} {'median':>6} {'p95':>6} {'CPU':>6}"
            f" {'+ORM':>6} {'CPU':>6} {'queries':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for label, pages, (best, median, p95), cpu, full, full_cpu, queries in rows:
            self.stdout.write(
                f"{label:<40} {pages:>5} {best:>6.1f} {median:>6.1f} {p95:>6.1f} {cpu:>6.1f}"
                f" {full:>6.1f} {full_cpu:>6.1f} {queries:>7}"
            )
        bare_best, bare_median, bare_p95 = _ms(bare)
        self.stdout.write(
            f"{'bare reportlab letter (bench/letter.py)':<40} {_pages(render_bare_letter()):>5}"
            f" {bare_best:>6.1f} {bare_median:>6.1f} {bare_p95:>6.1f}"
            f" {statistics.median(bare_cpu) * 1000:>6.1f}"
        )
        bare_cpu_median = statistics.median(bare_cpu) * 1000
        self.stdout.write(f"\nRatio to the bare reportlab letter (target <= {TARGET_RATIO}x):")
        for label, _, (best, median, _p95), cpu, *_rest in rows:
            verdict = "ok" if best / bare_best <= TARGET_RATIO else "OVER"
            self.stdout.write(
                f"  {label:<40} best {best / bare_best:.2f}x  median {median / bare_median:.2f}x"
                f"  CPU {cpu / bare_cpu_median:.2f}x  {verdict}"
            )
        worst = max(row[2][1] for row in rows)
        verdict = "within" if worst < TARGET_MS else "OVER"
        self.stdout.write(
            f"\nSlowest median {worst:.1f} ms: {verdict} the {TARGET_MS} ms target. Wall-clock "
            "times grow on a busy machine; the CPU column does not."
        )
