"""Evaluate every rule for every licence on a date (format rule-evaluation/2).

    python manage.py evaluate_rules [--date YYYY-MM-DD] [--format json|table]
                                    [--only-flagged] [--municipality ORG_NUMBER]
                                    [--language nb|en]

With ``--format json`` the command prints one JSON document to stdout and nothing else
(UTF-8, flag messages in English unless ``--language`` is given); the table is for
people, in the active language. See docs/commands-and-benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.engine import evaluate_all
from licensing import clock
from licensing.models import Licence, LicenceStatus, Municipality
from licensing.rules.evaluate import LicenceEvaluation, evaluation_document

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

SEMINAR_STATUS_LABELS = {
    "not_required": gettext_lazy("not required"),
    "compliant": gettext_lazy("compliant"),
    "pending": gettext_lazy("pending"),
    "due": gettext_lazy("due"),
    "overdue": gettext_lazy("overdue"),
}


def parse_date(value: str) -> dt.date:
    if not _ISO_DATE.fullmatch(value):
        raise CommandError(f"--date must be a date in the form YYYY-MM-DD, got {value!r}.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value} is not a valid date.") from None


class Command(BaseCommand):
    help = "Evaluate the rules for every licence on a date (rule-evaluation/2)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Reference date YYYY-MM-DD (default: today in Europe/Oslo)."
        )
        parser.add_argument("--format", choices=("json", "table"), default="table")
        parser.add_argument(
            "--only-flagged", action="store_true", help="Only licences with at least one flag."
        )
        parser.add_argument(
            "--municipality",
            metavar="ORG_NUMBER",
            help="Only the licences of this licensing authority (organisation number).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of messages and headings (default: English for JSON, the active "
            "language for the table).",
        )

    def handle(self, *args, **options):
        on = parse_date(options["date"]) if options["date"] else clock.today()
        licences = Licence.objects.all()
        org_number = options["municipality"]
        if org_number is not None:
            if not Municipality.objects.filter(org_number=org_number).exists():
                raise CommandError(
                    f"No municipality with organisation number {org_number!r} is registered."
                )
            licences = licences.filter(municipality__org_number=org_number)

        as_json = options["format"] == "json"
        language = options["language"] or ("en" if as_json else translation.get_language())
        with translation.override(language):
            evaluations = evaluate_all(licences, on)
            if options["only_flagged"]:
                evaluations = [e for e in evaluations if e.flags]
            if as_json:
                self._write_json(evaluation_document(on, evaluations))
            else:
                self._write_table(on, evaluations)

    def _write_json(self, document: dict) -> None:
        out = self.stdout._out
        if out is sys.stdout and (out.encoding or "").lower().replace("-", "") != "utf8":
            out.reconfigure(encoding="utf-8")
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))

    def _write_table(self, on: dt.date, evaluations: list[LicenceEvaluation]) -> None:
        statuses = dict(LicenceStatus.choices)
        headings = (
            _("Licence"),
            _("Status"),
            _("Points"),
            _("Window"),
            _("Seminar"),
            _("Deadline"),
            _("Flags"),
        )
        rows = []
        for evaluation in evaluations:
            points = evaluation.points
            seminar = evaluation.seminar
            rows.append(
                (
                    evaluation.number,
                    str(statuses.get(evaluation.status, evaluation.status)),
                    str(points.in_window),
                    f"{points.window_start.isoformat()}–{points.window_end.isoformat()}",
                    str(SEMINAR_STATUS_LABELS.get(seminar.status, seminar.status)),
                    seminar.deadline.isoformat() if seminar.deadline else "",
                    ", ".join(evaluation.flag_codes),
                )
            )
        widths = [max(len(row[i]) for row in (headings, *rows)) for i in range(len(headings))]

        def line(cells) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

        self.stdout.write(_("Rule evaluation on %(date)s") % {"date": on.isoformat()})
        self.stdout.write(line(headings).rstrip())
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row).rstrip())
        flagged = sum(1 for evaluation in evaluations if evaluation.flags)
        self.stdout.write(
            _("%(count)s licences, %(flagged)s with flags.")
            % {"count": len(evaluations), "flagged": flagged}
        )
        for evaluation in evaluations:
            for flag in evaluation.flags:
                self.stdout.write(f"{evaluation.number}: {flag.message} ({flag.legal_reference})")
