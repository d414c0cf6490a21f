"""Issued letters: the PDF exactly as it was sent, with its SHA-256, linked to its record.

An issued letter is never changed or deleted. A correction is a new version of the same
letter (same record, kind and language) that names the version it supersedes and why;
the old version stays. ``letter_download`` checks the bytes against the stored SHA-256
before serving them. See docs/adr/0070-letters-stored-in-database.md.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from licensing.errors import DomainError
from licensing.models import Municipality


class LetterKind(models.TextChoices):
    LICENCE_GRANTED = "licence_granted", _("Licence granted")
    APPLICATION_REFUSED = "application_refused", _("Application refused")
    POINTS_ADVANCE_NOTICE = "points_advance_notice", _("Advance notice of penalty points")
    POINTS_DECISION = "points_decision", _("Decision on penalty points")
    SUSPENSION_ADVANCE_NOTICE = "suspension_advance_notice", _("Advance notice of suspension")
    SUSPENSION_DECISION = "suspension_decision", _("Decision on suspension")
    SEMINAR_CONFIRMATION = "seminar_confirmation", _("Confirmation of seminar registration")
    ATTENDANCE_CERTIFICATE = "attendance_certificate", _("Certificate of seminar attendance")
    SALES_REPORT_REQUEST = "sales_report_request", _("Request for the sales report")
    SALES_REPORT_REMINDER = "sales_report_reminder", _("Reminder of the sales report")
    FEE_STATEMENT = "fee_statement", _("Licence fee statement")
    FEE_ESTIMATE_DECISION = "fee_estimate_decision", _("Decision setting the volume by estimate")


class LetterLanguage(models.TextChoices):
    NB = "nb", _("Norwegian Bokmål")
    NN = "nn", _("Norwegian Nynorsk")
    EN = "en", _("English")


class IssuedLetterIsFinal(DomainError):
    """Raised on any attempt to change or delete an issued letter."""

    def __init__(self) -> None:
        super().__init__(
            str(_("An issued letter is never changed or deleted; issue a corrected version."))
        )


class IssuedLetterQuerySet(models.QuerySet):
    """No bulk path around the append-only rule either."""

    def update(self, **kwargs):
        raise IssuedLetterIsFinal

    def delete(self):
        raise IssuedLetterIsFinal

    def without_pdf(self) -> IssuedLetterQuerySet:
        """For lists: every column but the PDF bytes."""
        return self.defer("pdf")


class IssuedLetter(models.Model):
    """One issued version of a letter. Written only by ``letters.services.letter_issue``."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="issued_letters",
        verbose_name=_("municipality"),
    )
    # The record the letter is about (a decision, point decision, suspension, seminar
    # registration or attendance). No GenericRelation on those models: deleting a record
    # never deletes its letters.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    source = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=32, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=LetterLanguage.choices)
    version = models.PositiveIntegerField(_("version"))
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
        verbose_name=_("supersedes"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # The document number in the case (26/1060-3); empty for letters outside a case.
    our_reference = models.CharField(_("our reference"), max_length=60, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    letter_date = models.DateField(_("letter date"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    # Empty: issued by ``issue_letters`` without --user.
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("issued by"),
    )
    # The PDF is not copied into the history table: the row itself never changes.
    history = HistoricalRecords(excluded_fields=["pdf"])

    objects = IssuedLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued letter")
        verbose_name_plural = _("issued letters")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # Its leading columns (content_type, object_id) also serve the lookups of a
            # record's letters.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "language", "version"],
                name="letter_one_row_per_version",
                violation_error_message=_("This version of the letter is already issued."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="letter_version_positive"),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="letter_correction_supersedes_previous",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""),
                name="letter_correction_has_reason",
                violation_error_message=_(
                    "A corrected version needs the reason for the correction."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="letter_sha256_hex"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="letter_size_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="letter_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=LetterLanguage.values), name="letter_language_valid"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "-issued_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.our_reference} v{self.version} ({self.language})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise IssuedLetterIsFinal
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssuedLetterIsFinal

    @property
    def sha256_prefix(self) -> str:
        return self.sha256[:12]

    @property
    def filename(self) -> str:
        reference = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.our_reference)
        return f"{self.kind}-{reference}-v{self.version}-{self.language}.pdf"
