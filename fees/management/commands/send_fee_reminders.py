"""``send_fee_reminders [--municipality ORG] [--year YEAR] [--on DATE] [--language nb|nn|en]
[--user USERNAME] [--dry-run]``

E-mails the reminder of a missing sales report (omsetningsoppgave) to every holder whose
reminder is due by the municipality's fee policy: the report for ``YEAR`` (default: last
year) is missing, no volume is set by estimate, and the policy's ``reminder_days`` after
the deadline have passed. Each fee year is reminded by e-mail once; running it again sends
nothing new. Holders without an e-mail address are listed: send them the reminder letter
(``issue_letters --kind sales_report_reminder``). Each message is its own transaction and
goes through the mail outbox. Without ``--language`` each message is written in its
municipality's written standard.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation

from licensing.models import Municipality

from ... import rules, selectors
from ...emails import LANGUAGES
from ...models import FeeYear
from ...services import notices
from .. import common


class Command(BaseCommand):
    help = "E-mail the reminders of missing sales reports that are due by the fee policy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--municipality", metavar="ORG", help="Only this municipality.")
        parser.add_argument("--year", type=int, help="The fee year (default: last year).")
        parser.add_argument("--on", help="As on this day (YYYY-MM-DD), default today.")
        parser.add_argument("--language", choices=LANGUAGES,
                            help="Write every message in this language.")  # fmt: skip
        parser.add_argument("--user", metavar="USERNAME", help="Recorded as the sender.")
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, **options) -> None:
        with translation.override("en"):
            self._run(options)

    def _run(self, options) -> None:
        on = common.day(options["on"])
        year = options["year"] or on.year - 1
        municipalities = (
            [common.municipality(options["municipality"])]
            if options["municipality"]
            else list(Municipality.objects.order_by("name"))
        )
        actor = common.officer(options["user"], municipalities)
        total_sent = 0
        for municipality in municipalities:
            policy = selectors.municipality_policy(municipality.pk, year)
            due_from = rules.reminder_due_on(year, policy)
            due, reminded = selectors.reminders_due(
                municipality_ids=[municipality.pk], year=year, on=on
            )
            self.stdout.write(
                f"{municipality.name} {year}: sales report due {rules.actual_deadline(year, policy):%d.%m.%Y}, "
                f"reminders from {due_from:%d.%m.%Y} ({policy.reminder_days} days after)."
            )
            if on < due_from:
                self.stdout.write("  No reminder is due yet.")
                continue
            fee_years = FeeYear.objects.select_related(
                "licence__holder", "licence__premises", "licence__municipality"
            ).in_bulk([r.fee_year_id for r in due])
            language = options["language"] or municipality.language
            sent, without = [], []
            bar = common.progress(self, "Checking" if options["dry_run"] else "Reminding")
            for row in bar(due):
                fee_year = fee_years[row.fee_year_id]
                if not (fee_year.licence.holder.email or "").strip():
                    without.append(row)
                elif (
                    options["dry_run"]
                    or notices.reminder_send(
                        fee_year=fee_year, language=language, actor=actor, on=on
                    )
                    is not None
                ):
                    sent.append(row)
            verb = "Would send" if options["dry_run"] else "Sent"
            self.stdout.write(
                f"  {verb} {len(sent)} reminder(s) by e-mail ({language}); "
                f"{len(reminded)} reminded before; {len(without)} without an e-mail address."
            )
            if without:
                self.stdout.write("  No e-mail address (send the reminder letter):")
                for row in without:
                    self.stdout.write(common.row_line(row))
            total_sent += len(sent)
