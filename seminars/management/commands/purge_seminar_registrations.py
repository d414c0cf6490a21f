"""Delete registrations whose session ended more than the retention period ago.

What the public form promises (purpose and retention): registrations, with their
participants' names and e-mail addresses, are deleted ``REGISTRATION_RETENTION_MONTHS``
after the seminar, history rows included. Attendance facts of register persons stay
(their ``participant`` link becomes empty): the licence condition needs them.
Schedule daily (docs/operations.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from licensing.rules.dates import add_months
from seminars.models import REGISTRATION_RETENTION_MONTHS, Participant, Registration


def purge(today) -> int:
    cutoff = add_months(today, -REGISTRATION_RETENTION_MONTHS)
    registrations = Registration.objects.filter(session__ends_at__date__lt=cutoff)
    ids = list(registrations.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        participant_ids = list(
            Participant.objects.filter(registration_id__in=ids).values_list("pk", flat=True)
        )
        Participant.objects.filter(pk__in=participant_ids).delete()
        Registration.objects.filter(pk__in=ids).delete()
        Participant.history.filter(id__in=participant_ids).delete()
        Registration.history.filter(id__in=ids).delete()
    return len(ids)


class Command(BaseCommand):
    help = "Delete seminar registrations older than the stated retention period."

    def handle(self, *args, **options):
        count = purge(timezone.localdate())
        self.stdout.write(f"Deleted {count} registration(s).")
