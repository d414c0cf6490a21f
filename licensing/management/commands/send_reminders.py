"""Queue the day's reminder e-mails (run daily from cron or a systemd timer).

- hearing bodies whose reply is overdue: the day after the deadline, then weekly;
- licence holders whose manager's or deputy's seminar deadline is within the warning period
  of the seminar policy, or has passed (then monthly);
- the weekly digest of overdue items to each case officer, on ``REMINDER_DIGEST_WEEKDAY``
  (0 = Monday, the default) or the first run after it in the same week.

Each kind follows the municipality's switch (Django admin → Municipalities → Reminders).
Every reminder is recorded once per period, so a second run on the same day queues
nothing new. The e-mails go to the outbox; the mail worker sends them and retries failures.
A reminder that cannot be queued (say, an invalid address) is logged and counted, the run
goes on, and the command then exits with status 1 so that the scheduler reports it.

    manage.py send_reminders [--dry-run] [--municipality 972418013] [--date 2026-12-07]
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from licensing import extensions
from licensing.clock import today
from licensing.models import Municipality
from licensing.reminders.base import (
    ALREADY_SENT,
    FAILED,
    NO_ADDRESS,
    QUEUED,
    WOULD_SEND,
    ReminderRun,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = "Queue the reminder e-mails due today (hearings, seminar deadlines, officer digest)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; record and queue nothing.",
        )
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="ID_OR_ORG_NUMBER",
            help="Only this municipality (its id or organisation number); may be repeated.",
        )
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Run as on this date (YYYY-MM-DD) instead of today, e.g. to catch up a day.",
        )

    def handle(self, *args, dry_run: bool, municipality: list[str], date, **options):
        on = date or today()
        municipalities = self._municipalities(municipality)
        run = ReminderRun(
            today=on,
            municipalities=municipalities,
            dry_run=dry_run,
            digest_weekday=settings.REMINDER_DIGEST_WEEKDAY,
            progress=lambda line: self.stdout.write(line),
        )
        self.stdout.write(
            f"Reminders for {on.isoformat()}"
            f"{' (dry run: nothing is recorded or queued)' if dry_run else ''}: "
            f"{len(municipalities)} municipalities"
        )
        for _order, _name, job in extensions.reminder_jobs:
            job(run)
        counts = run.counts
        first = f"would send {counts[WOULD_SEND]}" if dry_run else f"queued {counts[QUEUED]}"
        self.stdout.write(
            f"Summary: {first}, already sent {counts[ALREADY_SENT]}, "
            f"no address {counts[NO_ADDRESS]}, failed {counts[FAILED]}"
        )
        for name, job_counts in run.counts_by_job.items():
            parts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(job_counts.items()))
            self.stdout.write(f"  {name}: {parts}")
        if counts[FAILED]:
            raise CommandError(
                f"{counts[FAILED]} reminders could not be queued (see the log); "
                "the others were queued."
            )

    def _municipalities(self, wanted: list[str]) -> list[Municipality]:
        queryset = Municipality.objects.order_by("name", "pk")
        if not wanted:
            return list(queryset)
        query = Q()
        for value in wanted:
            query |= Q(org_number=value) | (Q(pk=int(value)) if value.isdigit() else Q())
        found = list(queryset.filter(query))
        if not found:
            raise CommandError(f"No municipality matches {', '.join(wanted)}.")
        return found
