"""``import_payments FILE --municipality ORG [--user USERNAME] [--dry-run]``

Records the payments of a CSV file from the accounting system (columns
``reference;amount;paid_date``, docs/fees.md). The whole file is checked first: a
malformed line refuses the file, naming the line, and nothing is recorded. A reference
that is no fee of the municipality is listed and not recorded (never matched by guess).
A payment already on file (same fee year, date and amount) is recognised, so importing the
same file again changes nothing. One transaction.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from ... import formats
from ...services import payments
from .. import common


class Command(BaseCommand):
    help = "Import a payment file (CSV reference;amount;paid_date) from the accounting system."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--municipality", metavar="ORG", required=True)
        parser.add_argument("--user", metavar="USERNAME", help="Recorded as who imported.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, **options) -> None:
        with translation.override("en"):
            self._run(options)

    def _run(self, options) -> None:
        municipality = common.municipality(options["municipality"])
        actor = common.officer(options["user"], [municipality])
        try:
            with open(options["file"], encoding="utf-8-sig") as handle:
                lines = formats.parse_payments(handle.read())
        except OSError as error:
            raise CommandError(str(error)) from None
        except UnicodeDecodeError:
            raise CommandError(
                f"{options['file']}: not UTF-8 text; nothing was recorded."
            ) from None
        except formats.FormatError as error:
            raise CommandError(f"{options['file']}: {error}; nothing was recorded.") from None
        with transaction.atomic():
            result = payments.payments_import(municipality=municipality, lines=lines, actor=actor)
            if options["dry_run"]:
                transaction.set_rollback(True)
        verb = "would be recorded" if options["dry_run"] else "recorded"
        self.stdout.write(
            f"{len(lines)} lines: {result.recorded} payments {verb}, "
            f"{result.already} already recorded, {len(result.unknown)} unknown references."
        )
        if result.unknown:
            self.stdout.write("Not recorded, no fee of the municipality has this reference:")
            for line in result.unknown:
                self.stdout.write(
                    f"  - line {line.line}: {line.reference} {line.amount} kr "
                    f"paid {line.paid_on:%d.%m.%Y}"
                )
