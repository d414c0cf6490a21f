"""Send the outbox (``licensing.mail``): run next to the web server, e.g. as a systemd unit.

Every ``--interval`` seconds it sends the queued messages that are due with
django-post-office's ``send_queued``. A message that fails is retried: the first retry after
``MAIL_RETRY_SECONDS``, each further retry after twice the previous wait, until
``MAIL_MAX_RETRIES`` retries have failed; then it stays *failed* in Django admin, where an
administrator can requeue or resend it. A file lock keeps two workers on one machine from
sending the same message twice. SIGTERM and SIGINT stop the loop after the current batch.

The long-running worker lowers its own CPU priority (``--nice``, 10 by default): on a
machine it shares with the web server, rendering a burst of confirmations yields the cores
to the requests (a registration waits for no e-mail; the e-mail waits a second or two).
An idle machine gives the worker all it asks for (docs/adr/0236).
"""

from __future__ import annotations

import os
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone
from post_office.lockfile import FileLock, FileLocked, default_lockfile
from post_office.mail import send_queued
from post_office.models import STATUS, Email
from post_office.settings import get_max_retries, get_retry_timedelta

from licensing.mail import render_pending


def back_off(since) -> int:
    """Requeued messages of the batch that started at ``since``: the n-th retry waits
    RETRY_INTERVAL * 2**(n-1) after the failure. Returns how many were rescheduled."""
    base = get_retry_timedelta()
    changed = 0
    for retries in range(2, get_max_retries() + 1):
        changed += Email.objects.filter(
            status=STATUS.requeued, number_of_retries=retries, last_updated__gte=since
        ).update(scheduled_time=F("last_updated") + base * 2 ** (retries - 1))
    return changed


def send_batch() -> tuple[int, int, int]:
    """Render the messages stored by ``licensing.mail.queue_mail_later`` (docs/adr/0220),
    then send what is due once. Returns (sent, failed, requeued)."""
    render_pending()
    started = timezone.now()
    result = send_queued(processes=1)
    back_off(started)
    return result


class Command(BaseCommand):
    help = "Send queued e-mails from the outbox, retrying failures with back-off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between batches (default 5)."
        )
        parser.add_argument("--once", action="store_true", help="Send one batch and stop.")
        parser.add_argument("--lockfile", default=default_lockfile)
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="Lower the worker's CPU priority by this much (0-19, default 10; 0 keeps "
            "it). Not for --once.",
        )

    def handle(self, *args, interval: float, once: bool, lockfile: str, nice: int, **options):
        if not 0 <= nice <= 19:
            raise CommandError("--nice must be 0-19.")
        stopping = []
        if not once and nice:
            niceness = os.nice(nice)
            self.stdout.write(f"Mail worker runs at niceness {niceness}.")
        if not once:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_args: stopping.append(True))
            self.stdout.write(f"Mail worker started (every {interval:g} s).")
        while True:
            if not once:
                # Between batches of a long-running worker; not for --once, which may run
                # inside a caller's transaction (closing would end it on PostgreSQL).
                close_old_connections()
            try:
                with FileLock(lockfile):
                    sent, failed, requeued = send_batch()
                if sent or failed or requeued or once:
                    self.stdout.write(f"sent {sent}, failed {failed}, requeued {requeued}")
            except FileLocked:
                self.stderr.write("Another mail worker holds the lock; waiting.")
            if once or stopping:
                break
            waited = 0.0
            while waited < interval and not stopping:
                time.sleep(0.2)
                waited += 0.2
            if stopping:
                break
        if not once:
            self.stdout.write("Mail worker stopped.")
