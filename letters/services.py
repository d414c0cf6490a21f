"""Preview, issue and download letters.

- ``letter_preview`` renders the letter as it would be issued today; nothing is stored.
- ``letter_issue`` renders it and stores the bytes unchanged with their SHA-256, linked to
  the record. A second issue of the same letter (record, kind, language) is a correction:
  version n + 1, superseding version n, with the reason; version n stays.
- ``letter_download`` returns the stored bytes after checking them against the SHA-256.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from licensing.clock import today
from licensing.errors import DomainError
from licensing.services.case_numbers import case_document_next
from licensing.services.validation import full_clean_or_raise

from .kinds import render_letter
from .models import IssuedLetter, LetterKind, LetterLanguage
from .sources import build_context, canonical_source, letter_case, source_type

logger = logging.getLogger(__name__)


class LetterIntegrityError(DomainError):
    """The stored bytes of an issued letter no longer match its SHA-256."""


def _check_request(source, kind: str, language: str) -> None:
    if language not in LetterLanguage.values:
        raise DomainError(_("Choose Bokmål (nb), Nynorsk (nn) or English (en)."), field="language")
    if kind not in source_type(source).kinds(source):
        raise DomainError(
            _("This record has no letter “%(kind)s” at its current stage.")
            % {"kind": LetterKind(kind).label if kind in LetterKind.values else kind},
            field="kind",
        )


def letter_preview(*, source, kind: str, language: str, officer, your_reference: str = "") -> bytes:
    """The letter as ``letter_issue`` would issue it today, not stored."""
    _check_request(source, kind, language)
    context = build_context(
        canonical_source(source, kind),
        kind,
        language=language,
        officer=officer,
        letter_date=today(),
        your_reference=your_reference,
    )
    return render_letter(context)


@transaction.atomic
def letter_issue(
    *,
    source,
    kind: str,
    language: str,
    actor,
    reason: str = "",
    officer=None,
    your_reference: str = "",
) -> IssuedLetter:
    """Render and store the letter. ``officer`` signs it (default: ``actor``, the user who
    issues it; ``issue_letters`` passes the officer who decided the case). A letter that
    was issued before in the same language gets a new version, which needs ``reason``."""
    _check_request(source, kind, language)
    record = canonical_source(source, kind)
    content_type = ContentType.objects.get_for_model(record)
    previous = (
        IssuedLetter.objects.without_pdf()
        .select_for_update()
        .filter(content_type=content_type, object_id=record.pk, kind=kind, language=language)
        .order_by("-version")
        .first()
    )
    reason = reason.strip()
    if previous is not None and not reason:
        raise DomainError(
            _(
                "Version %(version)s of this letter was issued on %(date)s. Issuing it again "
                "makes a corrected version: give the reason for the correction."
            )
            % {
                "version": previous.version,
                "date": date_format(previous.letter_date, "SHORT_DATE_FORMAT"),
            },
            field="reason",
        )
    letter_date = today()
    # A case opened with this letter is the signing officer's (the issuer unless chosen).
    case = letter_case(
        record,
        kind,
        open_missing=previous is None,
        assigned_to=officer if officer is not None else actor,
    )
    context = build_context(
        record,
        kind,
        language=language,
        officer=officer if officer is not None else actor,
        letter_date=letter_date,
        your_reference=your_reference,
    )
    if case is not None:
        # The letter's document number in its case (26/1060-3); a corrected version is the
        # same document and keeps the number.
        context = dataclasses.replace(
            context,
            our_reference=previous.our_reference if previous else case_document_next(case),
        )
    pdf = render_letter(context)
    sha256 = hashlib.sha256(pdf).hexdigest()
    if previous is not None and sha256 == previous.sha256:
        raise DomainError(
            _(
                "The corrected letter would be identical to version %(version)s. Correct the "
                "case first, then issue the corrected version."
            )
            % {"version": previous.version},
            field="reason",
        )
    letter = IssuedLetter(
        municipality_id=source_type(record).municipality_id(record),
        content_type=content_type,
        object_id=record.pk,
        kind=kind,
        language=language,
        version=previous.version + 1 if previous else 1,
        supersedes=previous,
        reason=reason if previous else "",
        pdf=pdf,
        sha256=sha256,
        size=len(pdf),
        our_reference=context.our_reference,
        recipient_name=context.recipient.name[:200],
        letter_date=letter_date,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    full_clean_or_raise(letter)
    letter._history_user = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:
        # Two officers issued the same letter at the same moment; the other one won.
        raise DomainError(
            _("This letter was issued by someone else just now. Reload the page and check.")
        ) from exc
    hook = source_type(record).after_issue
    if previous is None and hook is not None:
        hook(record, kind, letter, actor)
    return letter


def letter_download(letter: IssuedLetter) -> bytes:
    """The stored PDF, exactly as issued. Refuses bytes that fail the SHA-256 check."""
    data = bytes(letter.pdf)
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        logger.error(
            "Issued letter %s (%s %s version %s, %s) fails its SHA-256 check: stored %s, "
            "bytes hash to %s. Not served.",
            letter.pk,
            letter.kind,
            letter.our_reference,
            letter.version,
            letter.language,
            letter.sha256,
            hashlib.sha256(data).hexdigest(),
        )
        raise LetterIntegrityError(
            _(
                "The stored letter does not match its SHA-256 checksum and is not served. "
                "The error is logged; an administrator can restore the letter from a backup."
            )
        )
    return data
