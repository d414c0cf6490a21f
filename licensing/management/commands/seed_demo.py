"""Build demo data: two small municipalities sharing the installation.

Each app contributes ``<app>.demo.seed(stdout, style)``; every seeder is idempotent (it
looks its records up by natural keys), so running the command twice changes nothing.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

SEEDERS = ("licensing.demo", "seminars.demo", "inspections.demo", "api.demo")


class Command(BaseCommand):
    help = "Create (or leave unchanged) the demo municipalities, records and accounts."

    def handle(self, *args, **options):
        for module_name in SEEDERS:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    continue
                raise
            self.stdout.write(f"Seeding {module_name} …")
            with transaction.atomic():
                module.seed(self.stdout, self.style)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
