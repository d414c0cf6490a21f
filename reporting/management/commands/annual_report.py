"""The yearly report (alkoholpolitisk årsrapport) for automation.

    python manage.py annual_report --municipality ORG [--municipality ORG ...] --year Y
                                   [--format pdf|json] [--output FILE] [--language nb|nn|en]

Several ``--municipality`` give the report of the region they form. JSON goes to standard
output unless ``--output`` is given; a PDF needs ``--output``. The figures are defined in
docs/annual-report.md.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from licensing.clock import today
from licensing.models import Municipality

from ...figures import annual_report
from ...summary import summary
from ...views import REGION, report_title


class Command(BaseCommand):
    help = "Write the yearly report of a municipality (or a region) as JSON or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", action="append", required=True,
                            help="Organisation number; repeat for a region.")  # fmt: skip
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("json", "pdf"), default="json")
        parser.add_argument("--output", help="File to write (required for pdf).")
        parser.add_argument("--language", choices=("nb", "nn", "en"), default="nb")

    def handle(self, *args, **options):
        numbers = list(dict.fromkeys(options["municipality"]))
        found = {m.org_number: m for m in Municipality.objects.filter(org_number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise CommandError(f"No municipality with organisation number {', '.join(missing)}.")
        year = options["year"]
        current = today()
        if not 2000 <= year <= current.year:
            raise CommandError(f"--year must be between 2000 and {current.year}, not {year}.")
        if options["format"] == "pdf" and not options["output"]:
            raise CommandError("--format pdf needs --output FILE.")
        municipalities = [found[n] for n in numbers]
        with translation.override(options["language"]):
            report = annual_report(municipalities, year, current)
            if options["format"] == "json":
                data = report.as_dict()
                data["summary"] = summary(report)
                text = json.dumps(data, ensure_ascii=False, indent=2)
                if options["output"]:
                    with open(options["output"], "w", encoding="utf-8") as handle:
                        handle.write(text + "\n")
                else:
                    self.stdout.write(text)
                    return
            else:
                from ...pdf import render

                choice = REGION if len(municipalities) > 1 else numbers[0]
                title = report_title(municipalities, year, choice)
                with open(options["output"], "wb") as handle:
                    handle.write(render(report, summary(report), title))
        self.stderr.write(f"Wrote {options['output']}.")
