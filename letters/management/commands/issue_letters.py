"""Issue the letter of every decided or notified record that has none yet.

    python manage.py issue_letters [--kind KIND] [--municipality ORG] [--language nb|nn|en]
                                   [--user USERNAME] [--dry-run]

Records: decisions on applications, decided point decisions (the decision), notified point
decisions (the advance notice), decided and notified suspensions. A record that already
has the letter in the language (any version) is skipped, so running it again issues
nothing new. Without ``--language`` each letter is issued in its municipality's written
standard (Nynorsk for a Nynorsk municipality, else Bokmål). Each letter is issued in its own transaction: one failure is reported and
the rest go on. The letter is signed by ``--user`` if given, otherwise by the officer who
decided the case (or who made the last recorded change, for an advance notice).

An advance notice whose comment deadline would be before, or less than a week after, today
and a suspension decision whose period has already begun are not issued: they are listed
as "needing a new deadline" / "needing a new period", with their case numbers, for the
officer to set the new date on the letters page (docs/letters.md).
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from letters.models import IssuedLetter, LetterLanguage
from letters.selectors import DueLetter, letters_due
from letters.services import (
    NeedsNewDeadline,
    NeedsNewPeriod,
    _issued_before,
    issue_refusal,
    letter_issue,
)
from letters.sources import BULK_KINDS, build_context, canonical_source, source_type
from licensing.access import is_case_officer, officer_municipality_ids
from licensing.clock import today
from licensing.errors import DomainError
from licensing.models import Municipality

logger = logging.getLogger(__name__)


class _ProgressFile:
    """tqdm writes partial lines ("\\r 42%"); Django's OutputWrapper would end each one."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


def signing_officer(record):
    """Who decided the case, else who made the last recorded change (one query)."""
    officer = getattr(record, "decided_by", None)
    if officer is not None:
        return officer
    change = record.history.exclude(history_user=None).order_by("-history_date").first()
    if change is None:
        raise DomainError(
            "No case officer to sign the letter: the record names nobody who decided or "
            "changed it. Run again with --user USERNAME."
        )
    return change.history_user


def municipality_language(record) -> str:
    """The written standard of the record's municipality: nn or nb."""
    return source_type(record).municipality(record).language


def _check_officer_of(user, officer_ids: set[int], record) -> None:
    """``--user`` signs only the letters of the municipalities they work for."""
    if source_type(record).municipality_id(record) not in officer_ids:
        raise DomainError(
            f"{user.get_username()} is not a case officer of the municipality of this record."
        )


class Command(BaseCommand):
    help = (
        "Issue the letter of every decision, decided or notified point decision and decided "
        "or notified suspension that has none yet in the language. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", choices=BULK_KINDS, help="Only letters of this kind.")
        parser.add_argument(
            "--municipality", metavar="ORG", help="Only this municipality (organisation number)."
        )
        parser.add_argument(
            "--language",
            choices=LetterLanguage.values,
            help="Issue every letter in this language (default: each municipality's "
            "written standard, nn for Nynorsk and nb otherwise).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Issue and sign as this case officer (default: the officer who decided).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Build every letter's content and report, but store nothing.",
        )

    def handle(self, *args, **options) -> None:
        # The report is in English (like the rest of the output); letters keep their language.
        with translation.override("en"):
            self._issue(options)

    def _issue(self, options) -> None:
        municipality_ids = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(org_number=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    f"No municipality with organisation number {options['municipality']}."
                )
            municipality_ids = [municipality.pk]
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
            # The letters name the signer as the case officer: a control-company account,
            # a deactivated one or a user without a municipality must not sign them.
            if not is_case_officer(user):
                raise CommandError(
                    f"{options['user']!r} is not an active case officer and cannot sign letters."
                )
        officer_ids = set(officer_municipality_ids(user)) if user is not None else set()
        kinds = (options["kind"],) if options["kind"] else BULK_KINDS

        due = letters_due(municipality_ids=municipality_ids, kinds=kinds)
        languages = {
            id(letter): options["language"] or municipality_language(letter.record)
            for letter in due
        }
        issued_keys = set(
            IssuedLetter.objects.filter(
                language__in=set(languages.values()), kind__in=kinds
            ).values_list("content_type_id", "object_id", "kind", "language")
        )
        content_types = ContentType.objects.get_for_models(*{type(d.record) for d in due})
        pending: list[DueLetter] = []
        skipped = 0
        for letter in due:
            key = (
                content_types[type(letter.record)].pk,
                letter.record.pk,
                letter.kind,
                languages[id(letter)],
            )
            if key in issued_keys:
                skipped += 1
            else:
                pending.append(letter)

        issued = 0
        failed: list[tuple[str, str]] = []
        new_deadline: list[tuple[str, str]] = []
        new_period: list[tuple[str, str]] = []
        progress = tqdm(
            pending,
            desc="Checking letters" if options["dry_run"] else "Issuing letters",
            unit="letter",
            file=_ProgressFile(self.stderr),
        )
        for letter in progress:
            language = languages[id(letter)]
            try:
                if user is not None:
                    _check_officer_of(user, officer_ids, letter.record)
                officer = user or signing_officer(letter.record)
                if options["dry_run"]:
                    build_context(letter.record, letter.kind, language=language, officer=officer)
                    record = canonical_source(letter.record, letter.kind)
                    if not _issued_before(record, letter.kind):
                        refusal = issue_refusal(record, letter.kind, today())
                        if refusal is not None:
                            raise refusal
                else:
                    letter_issue(
                        source=letter.record,
                        kind=letter.kind,
                        language=language,
                        actor=user,
                        officer=officer,
                    )
            except NeedsNewDeadline as exc:
                new_deadline.append((letter.label, exc.message))
            except NeedsNewPeriod as exc:
                new_period.append((letter.label, exc.message))
            except DomainError as exc:
                failed.append((letter.label, exc.message))
            except Exception as exc:  # one broken record must not stop the others
                logger.exception("issue_letters: %s failed", letter.label)
                failed.append((letter.label, f"{type(exc).__name__}: {exc}"))
            else:
                issued += 1
        progress.close()

        verb = "Would issue" if options["dry_run"] else "Issued"
        used = ", ".join(sorted(set(languages.values()))) or options["language"] or "nb"
        self.stdout.write(
            f"{verb} {issued} letter{'s' if issued != 1 else ''} ({used}), "
            f"skipped {skipped} already issued, failed {len(failed)}."
        )
        if new_deadline:
            self.stdout.write(
                f"{len(new_deadline)} advance notice{'s' if len(new_deadline) != 1 else ''} "
                "needing a new deadline (not issued; set it on the letters page):"
            )
            for label, reason in new_deadline:
                self.stdout.write(f"  - {label}: {reason}")
        if new_period:
            self.stdout.write(
                f"{len(new_period)} suspension decision{'s' if len(new_period) != 1 else ''} "
                "needing a new period (not issued; confirm it on the letters page):"
            )
            for label, reason in new_period:
                self.stdout.write(f"  - {label}: {reason}")
        for label, reason in failed:
            self.stdout.write(f"  - {label}: {reason}")
        if failed:
            raise CommandError(f"{len(failed)} letter(s) could not be issued; see the list above.")
