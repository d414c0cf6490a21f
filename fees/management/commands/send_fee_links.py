"""``send_fee_links --municipality ORG [--year YEAR] [--on DATE] [--language nb|nn|en]
[--again] [--user USERNAME] [--dry-run]``

E-mails every holder of a sales or serving licence held in ``YEAR`` (default: last year
from 1 January to 30 June, else this year) the private link to report: the expected
volume while the year runs, the volume sold after it. Listed and skipped: holders without
an e-mail address (give them the request letter), licences whose report is already on
file, and, unless ``--again``, holders already sent the link. Each message is its own
transaction through the mail outbox; a fee year is opened where needed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation

from ...emails import LANGUAGES
from ...services import notices
from .. import common


class Command(BaseCommand):
    help = "E-mail the holders their private links to report (per municipality and year)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--municipality", metavar="ORG", required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--on", help="As on this day (YYYY-MM-DD), default today.")
        parser.add_argument("--language", choices=LANGUAGES,
                            help="Default: the municipality's written standard.")  # fmt: skip
        parser.add_argument("--again", action="store_true",
                            help="Also to holders already sent the link.")  # fmt: skip
        parser.add_argument("--user", metavar="USERNAME", help="Recorded as the sender.")
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, **options) -> None:
        with translation.override("en"):
            self._run(options)

    def _run(self, options) -> None:
        on = common.day(options["on"])
        municipality = common.municipality(options["municipality"])
        actor = common.officer(options["user"], [municipality])
        year = options["year"] or (on.year - 1 if on.month < 7 else on.year)
        language = options["language"] or municipality.language
        result = notices.links_send_bulk(
            municipality=municipality, year=year, actor=actor, on=on, language=language,
            again=options["again"], dry_run=options["dry_run"],
            progress=common.progress(self, "Sending"),
        )  # fmt: skip
        what = "expected volume" if notices.link_kind(year, on) == "expected" else "sales report"
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(
            f"{municipality.name} {year} ({what}): {verb} {len(result.sent)} link(s) ({language}); "
            f"{len(result.already)} sent before; {len(result.reported)} already reported; "
            f"{len(result.without_email)} without an e-mail address."
        )
        if result.without_email:
            self.stdout.write("No e-mail address (give them the request letter):")
            for row in result.without_email:
                self.stdout.write(common.row_line(row))
