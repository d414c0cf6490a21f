"""``fee_statement --municipality ORG --year YEAR [--format json|csv|table]`` (fee-statement/1).

Prints the statement to stdout (or ``--output FILE``); ``--benchmark`` prints the time and
the number of queries to stderr instead of the statement.
"""

import datetime as dt
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licensing.clock import today

from ... import formats, selectors


class Command(BaseCommand):
    help = "The fee statement of a municipality and year (format fee-statement/1)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Organisation number.")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "csv", "table"], default="json")
        parser.add_argument("--on", help="Evaluate on this date (YYYY-MM-DD), default today.")
        parser.add_argument("--output", help="Write to this file instead of stdout.")
        parser.add_argument("--benchmark", action="store_true")

    def handle(self, *args, **options):
        municipality = selectors.municipality_by_org(options["municipality"])
        if municipality is None:
            raise CommandError(
                f"No municipality with organisation number {options['municipality']}."
            )
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else today()
        except ValueError:
            raise CommandError("--on must be a date YYYY-MM-DD.") from None
        year = options["year"]
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.fee_rows(municipality_ids=[municipality.pk], years=[year], today=on)
            if options["format"] == "json":
                text = json.dumps(
                    formats.statement_json(municipality.org_number, year, rows),
                    ensure_ascii=False, indent=2,
                ) + "\n"  # fmt: skip
            elif options["format"] == "csv":
                text = formats.statement_csv(rows)
            else:
                text = formats.statement_table(rows) + "\n"
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        if options["benchmark"]:
            sys.stderr.write(
                f"fee_statement {options['format']}: {len(rows)} licences in {elapsed:.3f} s "
                f"(CPU {cpu:.3f} s), "
                f"{len(queries.captured_queries)} queries\n"
            )
            return
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
