"""``import_sales_reports FILE``: expected or actual volumes (format sales-reports/1)."""

from django.core.management.base import BaseCommand, CommandError

from ... import formats
from ...services import reports


class Command(BaseCommand):
    help = "Import sales reports (format sales-reports/1); a bad file is refused whole."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--allow-large", action="store_true",
            help="Accept more than 10 million litres for one licence (confirmed figures).",
        )  # fmt: skip

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig") as handle:
                parsed = formats.parse_reports(handle.read())
            result = reports.reports_import(parsed=parsed, allow_large=options["allow_large"])
        except OSError as error:
            raise CommandError(str(error)) from None
        except formats.FormatError as error:
            raise CommandError(f"{options['file']}: {error}; nothing was imported.") from None
        self.stdout.write(
            f"{result.created} reports imported, {result.unchanged} already on file unchanged."
        )
