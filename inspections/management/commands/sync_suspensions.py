"""Set the licence status from decided suspensions: run daily (docs/operations.md).

A decided suspension makes its licence ``suspended`` from the first day of the period and
``active`` again the day after the last; this command applies what the date calls for.
Running it twice on the same day changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from inspections.services.suspensions import suspensions_sync_statuses
from licensing.clock import today


class Command(BaseCommand):
    help = "Apply and lift decided suspensions on the licences' status (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Reference date YYYY-MM-DD (default: today in Europe/Oslo).",
        )

    def handle(self, *args, **options):
        on = today()
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date: '{options['date']}' is not a date in the form YYYY-MM-DD."
                ) from exc
        summary = suspensions_sync_statuses(on=on)
        self.stdout.write(
            f"{on.isoformat()}: {summary.licences} licence(s) checked, "
            f"{summary.changes} status change(s)."
        )
        for error in summary.errors or []:
            self.stderr.write(f"Not changed: {error}")
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} licence(s) could not be changed.")
