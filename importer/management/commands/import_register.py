"""Import a municipality's existing register (format licensing-register/1).

    python manage.py import_register PATH.json [--dry-run]

All or nothing: the whole file is validated first; on any error every problem is printed
to stderr with its JSON path and nothing is written (exit status 1). Importing the same
file twice changes nothing the second time. See docs/commands-and-benchmarks.md.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from importer.register import RegisterInvalid, import_register_file
from importer.writer import ENTITIES

# Files from this size on (about 2,000 licences) show progress on stderr.
LARGE_FILE_BYTES = 1_000_000


class Command(BaseCommand):
    help = "Import a register file (licensing-register/1): all or nothing, idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The register file (JSON).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would be created or updated; write nothing.",
        )
        parser.add_argument(
            "--progress",
            choices=("auto", "always", "never"),
            default="auto",
            help="Progress on stderr (auto: for files of 1 MB or more).",
        )

    def handle(self, *args, path: str, dry_run: bool, progress: str, **options):
        name = Path(path).name
        try:
            large = os.path.getsize(path) >= LARGE_FILE_BYTES
        except OSError:
            large = False  # the import reports the unreadable file
        bar = tqdm(
            total=len(ENTITIES),
            desc=f"Importing {name}",
            unit="step",
            file=self.stderr._out,
            disable=progress == "never" or (progress == "auto" and not large),
        )

        def on_progress(entity: str, done: int) -> None:
            bar.set_postfix_str(f"{entity}: {done}")
            bar.update(1)

        started = time.perf_counter()
        try:
            # Messages in English, like the format (docs/adr/0051-register-import.md): the
            # reused validators would otherwise answer in the active language.
            with translation.override("en"):
                report = import_register_file(path, dry_run=dry_run, progress=on_progress)
        except RegisterInvalid as exc:
            bar.close()
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} error(s) in {name}; nothing was imported."
            ) from None
        bar.close()
        elapsed = time.perf_counter() - started

        if dry_run:
            self.stdout.write(f"Dry run of {name}: nothing was written. The import would give:")
        else:
            self.stdout.write(f"Imported {name} in {elapsed:.1f} s:")
        width = max(len(entity) for entity in ENTITIES)
        for entity in ENTITIES:
            self.stdout.write(f"  {entity.ljust(width)}  {report.counts[entity]}")
        self.stdout.write(f"Total: {report.total}")
