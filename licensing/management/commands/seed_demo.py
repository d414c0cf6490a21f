"""Build demo data: two small municipalities sharing the installation.

Each app registers its ``demo.seed(stdout, style)`` in ``AppConfig.ready()``
(``licensing.extensions.register_demo_seeder``), so this command in the base app runs the
seeders of the apps above it without importing them. Every seeder is idempotent (it looks
its records up by natural keys), so running the command twice changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from licensing import extensions


class Command(BaseCommand):
    help = "Create (or leave unchanged) the demo municipalities, records and accounts."

    def handle(self, *args, **options):
        for _order, name, seed in extensions.demo_seeders:
            self.stdout.write(f"Seeding {name} …")
            with transaction.atomic():
                seed(self.stdout, self.style)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
