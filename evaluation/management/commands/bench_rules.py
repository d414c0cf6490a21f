"""Benchmark the point-sum query and the full rule evaluation on the current database.

    python manage.py bench_rules [--date YYYY-MM-DD] [--repeat 5]

Prints, in one run:
1. the time of the project's point-sum query (``points_in_window_by_licence``, ORM) next to
   a hand-written SQL query computing the same sums, whether the two agree (and agree with
   the rules engine), and the ratio of their times;
2. the time of the full evaluation of every rule for every licence, explanations included
   (``evaluate_all``);
3. the number of queries each makes.

Each is run ``--repeat`` times; best and median are shown. Exits with status 1 when the
sums disagree. Targets (SQLite, 2 cores, 20,000 licences): the ORM query within 1.5x of the
raw SQL, the full evaluation within 0.5 seconds (best run), fixed query counts. Generate data with
``generate_synthetic``; see docs/commands-and-benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.engine import evaluate_all, points_in_window_by_licence, points_window_base
from evaluation.management.commands.evaluate_rules import parse_date
from inspections.models import PointDecision, PointDecisionStatus, Suspension, SuspensionStatus
from licensing import clock
from licensing.models import Licence
from licensing.rules.points import POINT_SYSTEM_KINDS

TARGET_RATIO = 1.5
TARGET_EVALUATION_SECONDS = 0.5  # issue 13: best of the runs, SQLite, 20,000 licences

# The same sums written by hand: portable SQL (SQLite and PostgreSQL). The window start is
# the later of the two-year start, the transfer date (when on or before the date) and the
# day after the last suspension decided on or before the date.
RAW_POINT_SUMS = """
SELECT pd.licence_id, SUM(pd.points)
FROM {point_decision} pd
JOIN {licence} l ON l.id = pd.licence_id
LEFT JOIN (
    SELECT licence_id, MAX(decided_on) AS last_decided_on
    FROM {suspension}
    WHERE status = %s AND decided_on <= %s
    GROUP BY licence_id
) s ON s.licence_id = pd.licence_id
WHERE pd.status = %s
  AND pd.decided_on <= %s
  AND pd.violation_on >= %s
  AND pd.violation_on <= %s
  AND l.kind IN ({kinds})
  AND (l.transferred_on IS NULL OR l.transferred_on > %s OR pd.violation_on >= l.transferred_on)
  AND (s.last_decided_on IS NULL OR pd.violation_on > s.last_decided_on)
GROUP BY pd.licence_id
"""


def raw_point_sums(on: dt.date) -> dict[int, int]:
    kinds = sorted(POINT_SYSTEM_KINDS)
    sql = RAW_POINT_SUMS.format(
        point_decision=connection.ops.quote_name(PointDecision._meta.db_table),
        licence=connection.ops.quote_name(Licence._meta.db_table),
        suspension=connection.ops.quote_name(Suspension._meta.db_table),
        kinds=", ".join(["%s"] * len(kinds)),
    )
    day = connection.ops.adapt_datefield_value
    params = [
        SuspensionStatus.DECIDED.value,
        day(on),
        PointDecisionStatus.DECIDED.value,
        day(on),
        day(points_window_base(on)),
        day(on),
        *kinds,
        day(on),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {licence_id: int(total) for licence_id, total in cursor.fetchall()}


@dataclass
class Timing:
    """Wall-clock and CPU seconds of each run (SQLite runs in the process, so the CPU time
    is the better measure on a busy machine)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def summary(self, unit: Callable[[float], str]) -> str:
        return (
            f"best {unit(min(self.wall))}   median {unit(statistics.median(self.wall))}   "
            f"(CPU best {unit(min(self.cpu)).strip()})"
        )


def timed(fn: Callable[[], object], repeat: int) -> tuple[Timing, object]:
    """Run ``fn`` ``repeat`` times; the timings and the last result.

    The previous run's result is released before the clock starts: freeing it (for
    ``evaluate_all``, 20,000 evaluations and their facts, about 300,000 objects, 30-40 ms)
    is the cost of whoever drops it, not of the next run (docs/adr/0228)."""
    timing = Timing()
    result = None
    for _ in range(repeat):
        result = None
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        timing.cpu.append(time.process_time() - cpu)
        timing.wall.append(time.perf_counter() - wall)
    return timing, result


def timed_alternating(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[Timing, object, Timing, object]:
    """Time two functions run by turns, after one untimed warm-up run of each, so that a
    burst of load on the machine or a cold cache falls on both alike."""
    first(), second()
    first_timing, second_timing = Timing(), Timing()
    first_result = second_result = None
    for _ in range(repeat):
        for fn, timing in ((first, first_timing), (second, second_timing)):
            wall, cpu = time.perf_counter(), time.process_time()
            result = fn()
            timing.cpu.append(time.process_time() - cpu)
            timing.wall.append(time.perf_counter() - wall)
            if fn is first:
                first_result = result
            else:
                second_result = result
    return first_timing, first_result, second_timing, second_result


def count_queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def sec(seconds: float) -> str:
    return f"{seconds:.3f} s"


class Command(BaseCommand):
    help = "Time the point-sum query (ORM vs raw SQL) and the full rule evaluation."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Reference date YYYY-MM-DD (default: today).")
        parser.add_argument("--repeat", type=int, default=5, help="Runs of each (default 5).")

    def handle(self, *args, **options):
        on = parse_date(options["date"]) if options["date"] else clock.today()
        repeat = max(1, options["repeat"])
        licences = Licence.objects.all()
        write = self.stdout.write

        write(
            f"Rule benchmark on {on.isoformat()} ({connection.vendor}): "
            f"{licences.count():,} licences, "
            f"{PointDecision.objects.filter(status=PointDecisionStatus.DECIDED).count():,} "
            f"decided point decisions; {repeat * 3} runs of each point-sum query (by turns), "
            f"{repeat} of the evaluation."
        )

        # 1. Point sums.
        # The two point-sum queries take milliseconds: three times the runs, taken by turns.
        orm_times, orm_sums, raw_times, raw_sums = timed_alternating(
            lambda: points_in_window_by_licence(on), lambda: raw_point_sums(on), repeat * 3
        )
        evaluation_times, evaluations = timed(lambda: evaluate_all(licences, on), repeat)
        engine_sums = {e.licence_id: e.points.in_window for e in evaluations if e.points.in_window}
        ratio = min(orm_times.wall) / min(raw_times.wall) if min(raw_times.wall) else 0.0
        write("")
        write("1. Point sums in the window (points_in_window_by_licence)")
        write(f"   ORM query   {orm_times.summary(ms)}")
        write(f"   raw SQL     {raw_times.summary(ms)}")
        equal = orm_sums == raw_sums
        write(
            f"   ORM and raw SQL results equal: {'yes' if equal else 'NO'} "
            f"({len(orm_sums):,} licences with points, {sum(orm_sums.values()):,} points)"
        )
        engine_equal = orm_sums == engine_sums
        write(f"   ORM and rules engine results equal: {'yes' if engine_equal else 'NO'}")
        write(
            f"   ratio ORM/raw (best): {ratio:.2f} (target <= {TARGET_RATIO}: "
            f"{'met' if ratio <= TARGET_RATIO else 'missed'})"
        )

        # 2. Full evaluation.
        flagged = sum(1 for e in evaluations if e.flags)
        best = min(evaluation_times.wall)
        write("")
        write("2. Full evaluation of every rule for every licence (evaluate_all)")
        write(f"   {evaluation_times.summary(sec)}")
        write(
            f"   {len(evaluations):,} licences, {flagged:,} flagged; target <= "
            f"{TARGET_EVALUATION_SECONDS} s (best): "
            f"{'met' if best <= TARGET_EVALUATION_SECONDS else 'missed'}; "
            f"load average {load_average()}"
        )

        # 3. Query counts.
        write("")
        write("3. Queries")
        write(
            f"   points_in_window_by_licence: {count_queries(lambda: points_in_window_by_licence(on))}"
        )
        write(f"   raw SQL: {count_queries(lambda: raw_point_sums(on))}")
        write(f"   evaluate_all: {count_queries(lambda: evaluate_all(licences, on))}")

        if not (equal and engine_equal):
            differing = sorted(
                set(orm_sums.items()) ^ set(raw_sums.items())
                | set(orm_sums.items()) ^ set(engine_sums.items())
            )
            raise CommandError(
                "The point sums disagree (licence id, points): " + repr(differing[:20])
            )
