"""Inspections (alkoholforskriften ch. 9) and penalty points (ch. 10).

Only decided point decisions count (status ``decided`` with ``decided_on``); the rules
engine in ``licensing.rules`` turns them into windows, totals and suspensions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from licensing.formatting import short_date
from licensing.models import CaseNumbered, DecidedByBody, Licence, Municipality
from licensing.rules import references
from licensing.validators import clean_phone_field, validate_org_number


class ControlCompany(models.Model):
    """A control company (kontrollselskap) engaged by one or more municipalities."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=9, unique=True, validators=[validate_org_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="control_companies",
        blank=True,
        verbose_name=_("engaged by"),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="control_companies",
        blank=True,
        verbose_name=_("users"),
    )
    history = HistoricalRecords(excluded_fields=["municipalities", "users"])

    def clean(self) -> None:
        super().clean()
        clean_phone_field(self)  # ASCII digits (licensing/validators.py)

    class Meta:
        verbose_name = _("control company")
        verbose_name_plural = _("control companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Inspector(models.Model):
    company = models.ForeignKey(
        ControlCompany,
        on_delete=models.PROTECT,
        related_name="inspectors",
        verbose_name=_("company"),
    )
    name = models.CharField(_("name"), max_length=200)
    knowledge_test_passed_on = models.DateField(
        _("inspectors' test passed on"),
        null=True,
        blank=True,
        help_text=_("Alkoholforskriften § 9-3."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ViolationType(models.Model):
    """The violation catalogue of alkoholforskriften § 10-3, as editable data."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    standard_points = models.PositiveSmallIntegerField(_("standard points"))
    name_nb = models.CharField(_("name (Norwegian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_nn = models.CharField(
        _("name (Nynorsk)"),
        max_length=300,
        blank=True,
        help_text=_("Shown in Nynorsk pages and letters; when empty, the Bokmål name is used."),
    )
    legal_reference = models.CharField(
        _("provision breached"),
        max_length=200,
        help_text=_(
            "The rule the holder broke (e.g. alkoholloven § 1-5 annet ledd), never "
            "alkoholforskriften § 10-3, which only sets the points."
        ),
    )
    provision_source = models.CharField(
        _("source of the provision"),
        max_length=500,
        blank=True,
        help_text=_("Where the provision was confirmed (the regulation, a commentary)."),
    )
    provision_confirmed = models.BooleanField(
        _("provision confirmed"),
        default=False,
        help_text=_("Confirmed paragraph by paragraph against the source."),
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation type")
        verbose_name_plural = _("violation catalogue")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(standard_points__gte=1) & Q(standard_points__lte=12),
                name="violation_points_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        language = get_language() or "nb"
        if language.startswith("en"):
            return self.name_en
        if language.startswith("nn") and self.name_nn:
            return self.name_nn
        return self.name_nb

    @property
    def reference(self) -> str:
        """The legal reference as written in the active language (alkohollova in nn)."""
        return references.cite(self.legal_reference)


class InspectionMode(models.TextChoices):
    OPEN = "open", _("Open")
    ANONYMOUS = "anonymous", _("Anonymous")


class Inspection(models.Model):
    """A control visit and its report (kontrollrapport, § 9-6)."""

    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("licence")
    )
    company = models.ForeignKey(
        ControlCompany,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("control company"),
    )
    inspectors = models.ManyToManyField(
        Inspector, related_name="inspections", verbose_name=_("inspectors")
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"))
    mode = models.CharField(
        _("mode"), max_length=16, choices=InspectionMode.choices, default=InspectionMode.OPEN
    )
    guests_count = models.PositiveIntegerField(_("number of guests"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("number of staff"), null=True, blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=200, blank=True)
    observations = models.TextField(_("observations"), blank=True)
    no_findings = models.BooleanField(_("no findings"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    review_started_at = models.DateTimeField(_("review started"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("reviewed by"),
    )
    report_sent_on = models.DateField(_("report sent to holder on"), null=True, blank=True)
    holder_comment = models.TextField(_("holder's comment"), blank=True)
    holder_comment_on = models.DateField(_("holder's comment received on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["inspectors"])

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gte=F("started_at")), name="inspection_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=InspectionMode.values), name="inspection_mode_valid"
            ),
            # § 9-6: the holder comments on a report that has been sent.
            models.CheckConstraint(
                condition=Q(holder_comment_on__isnull=True)
                | (Q(report_sent_on__isnull=False) & Q(holder_comment_on__gte=F("report_sent_on"))),
                name="inspection_comment_after_report_sent",
            ),
        ]
        indexes = [
            models.Index(fields=["licence", "started_at"]),
            # The reports not yet sent to the holder (the dashboard's "reports not sent
            # within a week"): a few rows of many, by licence as the query reads them
            # (docs/adr/0215).
            models.Index(
                fields=["licence", "started_at"],
                condition=Q(report_sent_on__isnull=True),
                name="inspection_report_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        # Local time (Europe/Oslo): the date people know the inspection by.
        return f"{self.licence.number} {timezone.localtime(self.started_at):%d.%m.%Y}"


class Finding(models.Model):
    """What the inspectors observed: a catalogue code, the time and what was seen."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    violation = models.ForeignKey(
        ViolationType,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("violation"),
    )
    observed_at = models.DateTimeField(_("observed at"))
    description = models.TextField(_("what was seen"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "observed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.violation.name} {timezone.localtime(self.observed_at):%d.%m.%Y %H:%M}"


class PointDecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    NOTIFIED = "notified", _("Advance notice sent")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PointDecision(CaseNumbered, DecidedByBody):
    """Penalty points for one violation (prikktildeling, § 10-2/10-3).

    One per distinct catalogue code per inspection: similar breaches count once.
    Deviation from the standard points needs a written justification (§ 10-4).
    """

    licence = models.ForeignKey(
        Licence,
        on_delete=models.PROTECT,
        related_name="point_decisions",
        verbose_name=_("licence"),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        related_name="point_decisions",
        null=True,
        blank=True,
        verbose_name=_("inspection"),
    )
    violation = models.ForeignKey(
        ViolationType,
        on_delete=models.PROTECT,
        related_name="point_decisions",
        verbose_name=_("violation"),
    )
    violation_on = models.DateField(_("violation date"))
    standard_points = models.PositiveSmallIntegerField(_("standard points"))
    points = models.PositiveSmallIntegerField(_("points"))
    justification = models.TextField(_("justification for deviating"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PointDecisionStatus.choices,
        default=PointDecisionStatus.PROPOSED,
    )
    advance_notice_on = models.DateField(_("advance notice sent on"), null=True, blank=True)
    comment_deadline_on = models.DateField(_("comment deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point decision")
        verbose_name_plural = _("point decisions")
        ordering = ["violation_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "violation"],
                condition=Q(inspection__isnull=False) & ~Q(status="withdrawn"),
                name="point_decision_one_per_code_per_inspection",
            ),
            models.CheckConstraint(
                condition=Q(points=F("standard_points")) | ~Q(justification=""),
                name="point_decision_deviation_justified",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decided_on__isnull=False),
                name="point_decision_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("violation_on")),
                name="point_decision_decided_after_violation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PointDecisionStatus.values),
                name="point_decision_status_valid",
            ),
            # § 10-4 allows fewer points than the standard, but a decision gives at least one.
            models.CheckConstraint(
                condition=Q(points__gte=1), name="point_decision_points_positive"
            ),
            # fvl. § 16: the advance notice comes after the violation and before the decision.
            models.CheckConstraint(
                condition=Q(advance_notice_on__isnull=True)
                | Q(advance_notice_on__gte=F("violation_on")),
                name="point_decision_notice_after_violation",
            ),
            models.CheckConstraint(
                condition=Q(advance_notice_on__isnull=True)
                | Q(comment_deadline_on__isnull=True)
                | Q(comment_deadline_on__gt=F("advance_notice_on")),
                name="point_decision_deadline_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(advance_notice_on__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(decided_on__gte=F("advance_notice_on")),
                name="point_decision_decided_after_notice",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="point_decision_withdrawn_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["licence", "status", "violation_on"]),
            # The point sum of every licence (evaluation.engine): a range of violation
            # dates, covering the columns it sums (docs/adr/0052-point-sum-query.md).
            models.Index(
                fields=["status", "violation_on", "licence", "decided_on", "points"],
                name="point_decision_window_idx",
            ),
            # The rules engine's facts (evaluation.engine): the decided decisions licence by
            # licence in violation-date order, read from the index alone (docs/adr/0223).
            models.Index(
                fields=[
                    "status",
                    "licence",
                    "violation_on",
                    "id",
                    "decided_on",
                    "violation",
                    "points",
                    "reference",
                ],
                name="point_decision_facts_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence.number}: {self.violation.name} ({self.points})"


class SuspensionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    NOTIFIED = "notified", _("Advance notice sent")
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


class Suspension(CaseNumbered, DecidedByBody):
    """Suspension (inndragning, § 10-6) when decided points reach 12 in the window."""

    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="suspensions", verbose_name=_("licence")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SuspensionStatus.choices,
        default=SuspensionStatus.PROPOSED,
    )
    point_decisions = models.ManyToManyField(
        PointDecision,
        related_name="suspensions",
        blank=True,
        verbose_name=_("point decisions it rests on"),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    days = models.PositiveSmallIntegerField(_("days"))
    advance_notice_on = models.DateField(_("advance notice sent on"), null=True, blank=True)
    comment_deadline_on = models.DateField(_("comment deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    #: The gist of the holder's comments on the advance notice (forvaltningsloven § 16);
    #: empty when none came. The decision letter answers them (fvl. § 25).
    holder_comments = models.TextField(_("holder's comments"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    # Set by ``inspections.services.suspensions`` when it changed the licence status
    # (licensing.services.licences.licence_set_status) for this suspension.
    status_applied_on = models.DateField(
        _("licence status set to suspended on"), null=True, blank=True
    )
    status_lifted_on = models.DateField(
        _("licence status set back to active on"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["point_decisions"])

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-starts_on", "-pk"]
        # The last decided suspension per licence (points used up, § 10-2).
        indexes = [
            models.Index(fields=["licence", "status", "decided_on"], name="suspension_decided_idx"),
            # Advance notices whose comment deadline has passed (the dashboard, docs/adr/0226).
            models.Index(fields=["status", "comment_deadline_on"], name="suspension_notice_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="suspension_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decided_on__isnull=False),
                name="suspension_decided_has_date",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="suspension_days_positive"),
            models.CheckConstraint(
                condition=Q(status__in=SuspensionStatus.values), name="suspension_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(advance_notice_on__isnull=True)
                | Q(comment_deadline_on__isnull=True)
                | Q(comment_deadline_on__gt=F("advance_notice_on")),
                name="suspension_deadline_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(advance_notice_on__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(decided_on__gte=F("advance_notice_on")),
                name="suspension_decided_after_notice",
            ),
            # § 10-6: a suspension is carried out after it is decided.
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(starts_on__gte=F("decided_on")),
                name="suspension_starts_after_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="suspension_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence.number}: {short_date(self.starts_on)}–{short_date(self.ends_on)}"
