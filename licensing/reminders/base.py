"""What every reminder job shares: the run (date, municipalities, dry run, progress, counts)
and ``send``, which records the reminder and queues its e-mail in one transaction.

A reminder is recorded once per kind, subject and period (``Reminder`` and its unique
constraint): a second run on the same day finds the record and sends nothing. The e-mail is
only queued here (``licensing.mail.queue_mail``); the mail worker sends it and retries a
failed delivery, so a mail server that is down never fails this command. An error while
queueing one reminder (an invalid address, a template error) rolls back that reminder only,
is counted and logged, and the run goes on with the next recipient.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from licensing.mail import queue_mail
from licensing.models import Municipality, Reminder

logger = logging.getLogger(__name__)

# Outcomes of one reminder, as the command's summary counts them.
QUEUED = "queued"
WOULD_SEND = "would_send"  # --dry-run
ALREADY_SENT = "already_sent"
NO_ADDRESS = "no_address"
FAILED = "failed"
OUTCOMES = (QUEUED, WOULD_SEND, ALREADY_SENT, NO_ADDRESS, FAILED)


@dataclass
class ReminderRun:
    """One run of ``send_reminders``: the date it runs for, the municipalities it covers
    (each job still checks the municipality's own switch), and what happened."""

    today: dt.date
    municipalities: list[Municipality]
    dry_run: bool = False
    digest_weekday: int = 0
    progress: Callable[[str], None] = lambda line: None
    counts: Counter = field(default_factory=Counter)
    counts_by_job: dict[str, Counter] = field(default_factory=dict)

    def switched_on(self, switch: str) -> list[Municipality]:
        """The municipalities of the run whose switch ``switch`` (a Municipality field) is on."""
        return [m for m in self.municipalities if getattr(m, switch)]

    def count(self, job: str, outcome: str) -> None:
        self.counts[outcome] += 1
        self.counts_by_job.setdefault(job, Counter())[outcome] += 1


def absolute(path: str) -> str:
    """A link for an e-mail: ``SITE_URL`` + path."""
    return settings.SITE_URL.rstrip("/") + path


def already_sent(kind: str, keys: Iterable[tuple[str, dt.date]]) -> set[tuple[str, dt.date]]:
    """Which of these (subject_key, period_start) pairs already have a reminder. One query."""
    keys = set(keys)
    if not keys:
        return set()
    rows = Reminder.objects.filter(
        kind=kind,
        subject_key__in={key for key, _start in keys},
        period_start__in={start for _key, start in keys},
    ).values_list("subject_key", "period_start")
    return set(rows) & keys


def send(
    run: ReminderRun,
    *,
    job: str,
    kind: str,
    municipality: Municipality,
    subject_key: str,
    period_start: dt.date,
    to: str,
    recipient_name: str,
    template: str,
    context: Mapping,
    language: str,
    summary: str,
    reply_to: str | None = None,
    links: Mapping[str, object] | None = None,
) -> str:
    """Record the reminder and queue its e-mail, or (dry run) only say it would. Returns the
    outcome (``QUEUED``, ``WOULD_SEND``, ``ALREADY_SENT``, ``NO_ADDRESS``, ``FAILED``) and
    counts it in ``run``. ``links``: the ``Reminder`` fields naming what it concerns
    (``application``, ``hearing``, ``licence``, ``user``; ``cases``: the ``Case`` ids it
    concerned, listed on each case's page)."""
    label = f"{recipient_name} <{to}>" if to else recipient_name
    if not to:
        outcome = NO_ADDRESS
    elif run.dry_run:
        outcome = WOULD_SEND  # the job has left out what ``already_sent`` found
    else:
        outcome = _record_and_queue(
            run,
            kind=kind,
            municipality=municipality,
            subject_key=subject_key,
            period_start=period_start,
            to=to,
            recipient_name=recipient_name,
            template=template,
            context=context,
            language=language,
            summary=summary,
            reply_to=reply_to,
            links=links or {},
        )
    run.count(job, outcome)
    run.progress(f"  {outcome.replace('_', ' ')}: {label} – {summary}")
    return outcome


def _record_and_queue(run: ReminderRun, *, links: Mapping[str, object], **values) -> str:
    links = dict(links)
    case_ids = sorted(set(links.pop("cases", ())))
    try:
        # One transaction: a reminder that is recorded is queued, and the other way round.
        with transaction.atomic():
            email = queue_mail(
                to=values["to"],
                template=values["template"],
                context=values["context"],
                language=values["language"],
                reply_to=values["reply_to"],
            )
            reminder = Reminder.objects.create(
                municipality=values["municipality"],
                kind=values["kind"],
                subject_key=values["subject_key"],
                period_start=values["period_start"],
                sent_on=run.today,
                recipient=values["to"],
                recipient_name=values["recipient_name"],
                summary=values["summary"],
                email=email,
                **links,
            )
            if case_ids:
                reminder.cases.set(case_ids)
    except IntegrityError:
        # Another run recorded it first (the unique constraint): nothing new to send.
        return ALREADY_SENT
    except Exception:
        logger.exception(
            "Could not queue the %s reminder %s to %s",
            values["kind"],
            values["subject_key"],
            values["to"],
        )
        return FAILED
    return QUEUED
