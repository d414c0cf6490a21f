"""Print a manifest of the database for a restore drill (docs/operations.md, Backups).

    python manage.py backup_manifest > before.json      # on the source database
    python manage.py backup_manifest --verify before.json  # on the restored database

The manifest holds the row count of every table Django knows (the audit history tables
included), the number of history rows per model, the latest history entry of each history
table, and the SHA-256 of every stored letter. ``--verify`` recomputes each letter's
SHA-256 from its stored PDF (it must equal the stored value), compares everything with the
given manifest and exits with an error naming each difference.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from letters.models import IssuedLetter


def manifest() -> dict:
    counts = {}
    latest_history = {}
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not model._meta.managed or model._meta.proxy:
            continue
        counts[model._meta.db_table] = model._base_manager.count()
        if model._meta.label.split(".")[1].startswith("Historical"):
            last = (
                model._base_manager.order_by("-history_id")
                .values_list("history_id", "history_date", "history_type")
                .first()
            )
            latest_history[model._meta.label] = (
                [last[0], last[1].isoformat(), last[2]] if last else None
            )
    letters = {}
    bad = []
    for pk, pdf, stored in IssuedLetter.objects.order_by("pk").values_list("pk", "pdf", "sha256"):
        actual = hashlib.sha256(bytes(pdf)).hexdigest()
        letters[str(pk)] = stored
        if actual != stored:
            bad.append(pk)
    return {
        "counts": counts,
        "latest_history": latest_history,
        "letters_sha256": letters,
        "letters_not_matching_their_sha256": bad,
    }


class Command(BaseCommand):
    help = "Print (or verify against) a manifest of row counts, history and letter checksums."

    def add_arguments(self, parser):
        parser.add_argument("--verify", metavar="MANIFEST", help="Compare with this manifest.")

    def handle(self, *args, verify: str | None, **options):
        current = manifest()
        if not verify:
            self.stdout.write(json.dumps(current, indent=1, sort_keys=True))
            return
        expected = json.loads(Path(verify).read_text(encoding="utf-8"))
        problems = [f"letter {pk}: its PDF does not match its stored SHA-256"
                    for pk in current["letters_not_matching_their_sha256"]]  # fmt: skip
        for section in ("counts", "latest_history", "letters_sha256"):
            want, have = expected[section], current[section]
            for key in sorted(set(want) | set(have)):
                if want.get(key) != have.get(key):
                    problems.append(
                        f"{section} {key}: expected {want.get(key)}, found {have.get(key)}"
                    )
        if problems:
            raise CommandError("The restored database differs:\n" + "\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restore verified: {len(current['counts'])} tables, "
                f"{sum(current['counts'].values())} rows, "
                f"{len(current['latest_history'])} history tables, "
                f"{len(current['letters_sha256'])} letters with matching SHA-256."
            )
        )
