"""Build demo data: two small municipalities sharing the installation.

Each app registers its ``demo.seed(stdout, style)`` in ``AppConfig.ready()``
(``licensing.extensions.register_demo_seeder``), so this command in the base app runs the
seeders of the apps above it without importing them. Every seeder is idempotent (it looks
its records up by natural keys), so running the command twice changes nothing.

With DEBUG off the command refuses unless ``--demo-site`` says this installation is a
public demo; the demo accounts then get random passwords, printed once
(docs/adr/0100-no-default-credentials-in-production.md).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from licensing import bulk_writes, demo_accounts, extensions


class Command(BaseCommand):
    help = "Create (or leave unchanged) the demo municipalities, records and accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-site",
            action="store_true",
            help=(
                "With DEBUG off: this installation is a public demo site. The demo accounts "
                "get random passwords, printed once; demo API tokens are not installed."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["demo_site"]:
            raise CommandError(
                "DEBUG is off: seed_demo would create accounts on a production system. "
                "Run it with DEBUG=1 on a development machine, or add --demo-site if this "
                "installation is a public demo (the accounts then get random passwords)."
            )
        demo_accounts.issued.clear()
        for _order, name, seed in extensions.demo_seeders:
            self.stdout.write(f"Seeding {name} …")
            with transaction.atomic():
                seed(self.stdout, self.style)
                # Seeders backdate rows with QuerySet.update() (no model signals).
                bulk_writes.announce()
        replaced = demo_accounts.replace_published_passwords()
        if demo_accounts.issued:
            self.stdout.write(
                self.style.WARNING(
                    "Random passwords of the demo accounts (shown only now; "
                    f"{len(replaced)} replaced the published demo password):"
                )
            )
            for username, password in sorted(demo_accounts.issued.items()):
                self.stdout.write(f"    {username:<14} {password}")
            demo_accounts.issued.clear()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
