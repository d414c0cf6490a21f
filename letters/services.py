"""Preview, issue and download letters.

- ``letter_preview`` renders the letter as it would be issued today; nothing is stored.
- ``letter_issue`` renders it and stores the bytes unchanged with their SHA-256, linked to
  the record. A second issue of the same letter (record, kind, language) is a correction:
  version n + 1, superseding version n, with the reason; version n stays.
- ``letter_download`` returns the stored bytes after checking them against the SHA-256.
- An advance notice whose comment deadline would be before, or less than a week after, the
  day of issue is refused (``NeedsNewDeadline``), and so is a suspension decision whose
  period has already begun (``NeedsNewPeriod``); ``issue_with_new_date`` sets the new date
  the officer confirms and then issues. Corrected versions and further languages of a
  letter already issued are not refused: they are the same letter.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inspections.models import PointDecision, Suspension
from inspections.services.points import default_comment_deadline, point_notice_redate
from inspections.services.suspensions import (
    suspension_notice_redate,
    suspension_period_begun,
    suspension_reschedule,
)
from licensing.clock import today
from licensing.errors import DomainError
from licensing.formatting import short_date
from licensing.rules.deadlines import (
    ADVANCE_NOTICE_REFERENCE,
    MINIMUM_COMMENT_DAYS,
    comment_deadline_too_short,
)
from licensing.rules.references import cite
from licensing.services.case_numbers import case_document_next
from licensing.services.validation import full_clean_or_raise

from .builders.points import point_decision_group
from .kinds import render_letter
from .models import IssuedLetter, LetterKind, LetterLanguage
from .sources import build_context, canonical_source, letter_case, source_type

logger = logging.getLogger(__name__)


class LetterIntegrityError(DomainError):
    """The stored bytes of an issued letter no longer match its SHA-256."""


class NeedsNewDeadline(DomainError):
    """An advance notice whose comment deadline is too short on the day it would be issued."""


class NeedsNewPeriod(DomainError):
    """A suspension decision whose period has already begun on the day it would be issued."""


NOTICE_KINDS = (LetterKind.POINTS_ADVANCE_NOTICE, LetterKind.SUSPENSION_ADVANCE_NOTICE)


def notice_deadline(record, kind: str):
    """The comment deadline the advance notice about ``record`` gives (as its letter does)."""
    if isinstance(record, PointDecision):
        group = list(point_decision_group(record, kind))
        deadlines = [pd.comment_deadline_on for pd in group if pd.comment_deadline_on]
        if deadlines:
            return max(deadlines)
        return default_comment_deadline(group[0].advance_notice_on if group else today())
    return record.comment_deadline_on or default_comment_deadline(record.advance_notice_on)


def issue_refusal(record, kind: str, on) -> DomainError | None:
    """Why the letter ``context`` cannot be issued on ``on`` as it is, or None.

    - Advance notices (forvaltningsloven § 16): the comment deadline must lie at least a
      week after the day of issue.
    - Suspension decisions: the period must not have begun."""
    deadline = notice_deadline(record, kind) if kind in NOTICE_KINDS else None
    if deadline is not None and comment_deadline_too_short(on, deadline):
        return NeedsNewDeadline(
            _(
                "The deadline for comments in this advance notice, %(deadline)s, is before or "
                "less than %(days)s days after today (%(today)s): the holder would not get "
                "reasonable time to comment (%(reference)s). Set a new deadline; the notice "
                "is then dated today and issued."
            )
            % {
                "deadline": short_date(deadline),
                "days": MINIMUM_COMMENT_DAYS,
                "today": short_date(on),
                "reference": cite(ADVANCE_NOTICE_REFERENCE),
            },
            field="new_deadline",
        )
    if (
        kind == LetterKind.SUSPENSION_DECISION
        and isinstance(record, Suspension)
        and suspension_period_begun(record, on)
    ):
        return NeedsNewPeriod(
            _(
                "The suspension period decided, %(start)s–%(end)s, has already begun (today "
                "is %(today)s). The decision is not issued for a period that has begun: "
                "confirm a new start date (the end follows from the %(days)s days), then the "
                "letter is issued."
            )
            % {
                "start": short_date(record.starts_on),
                "end": short_date(record.ends_on),
                "today": short_date(on),
                "days": record.days,
            },
            field="new_start",
        )
    return None


def _issued_before(record, kind: str) -> bool:
    """Whether the letter was issued before in any language (a correction or a translation
    of a letter already sent is not refused for its dates)."""
    return IssuedLetter.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, kind=kind
    ).exists()


def letter_issue_problem(*, source, kind: str) -> DomainError | None:
    """What stops the letter from being issued today as it is (for the letters page)."""
    record = canonical_source(source, kind)
    if kind not in NOTICE_KINDS and kind != LetterKind.SUSPENSION_DECISION:
        return None
    if _issued_before(record, kind):
        return None
    return issue_refusal(record, kind, today())


@transaction.atomic
def issue_with_new_date(
    *, source, kind: str, language: str, actor, new_date, officer=None, your_reference: str = ""
) -> IssuedLetter:
    """Set the new comment deadline (advance notices) or the new start (a suspension
    decision whose period has begun) the officer confirmed, then issue the letter."""
    _check_request(source, kind, language)
    record = canonical_source(source, kind)
    if kind in NOTICE_KINDS:
        if isinstance(record, PointDecision):
            point_notice_redate(
                point_decisions=list(point_decision_group(record, kind)),
                actor=actor,
                comment_deadline_on=new_date,
            )
        else:
            suspension_notice_redate(suspension=record, actor=actor, comment_deadline_on=new_date)
    elif kind == LetterKind.SUSPENSION_DECISION:
        suspension_reschedule(suspension=record, actor=actor, starts_on=new_date)
    else:
        raise DomainError(_("This letter has no date to set."))
    record.refresh_from_db()
    return letter_issue(
        source=record,
        kind=kind,
        language=language,
        actor=actor,
        officer=officer,
        your_reference=your_reference,
    )


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
    if previous is None and not _issued_before(record, kind):
        refusal = issue_refusal(record, kind, letter_date)
        if refusal is not None:
            raise refusal
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
