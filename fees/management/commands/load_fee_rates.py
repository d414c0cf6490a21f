"""``load_fee_rates FILE [--replace]``: the national fee rates of one year (fee-rates/1)."""

from django.core.management.base import BaseCommand, CommandError

from licensing.errors import DomainError

from ... import formats
from ...services import rates


class Command(BaseCommand):
    help = "Load the national fee rates of one year (format fee-rates/1)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="Replace a year already loaded.")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig") as handle:
                parsed = formats.parse_rates(handle.read())
            result = rates.rates_load(parsed=parsed, replace=options["replace"])
        except OSError as error:
            raise CommandError(str(error)) from None
        except formats.FormatError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        except DomainError as error:
            raise CommandError(error.message) from None
        if result.created:
            self.stdout.write(f"Loaded the rates for {result.year}.")
        elif result.changes:
            self.stdout.write(f"Replaced the rates for {result.year}: " + "; ".join(result.changes))
        else:
            self.stdout.write(f"The rates for {result.year} are already loaded; nothing changed.")
