"""Fees and sales reports (bevillingsgebyr, omsetningsoppgave; alkoholforskriften ch. 6).

- ``FeeRateYear``: the national rates of one year with their source (format fee-rates/1).
- ``FeePolicy``: a municipality's deadlines and choices, dated (the latest ``valid_from``
  on or before 1 January of a fee year applies to that year).
- ``FeeYear``: one licence in one calendar year: its payment reference and the token of
  the holder's private link.
- ``SalesReport``: the expected or the actual volume (one of each per fee year).
- ``FeeEstimate``: the volume set by estimate (skjønnsmessig fastsettelse) by a decision.
- ``FeePayment``: a payment received, matched to a fee year by its reference.
- ``FeeNotice``: a message to the holder about a fee year: the e-mail with the private
  link, or a reminder of a missing sales report (e-mail or letter).
Every model but the notices (themselves a log) keeps its history (django-simple-history).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from licensing.models import CaseNumbered, DecidedByBody, Licence, Municipality

from . import rules

MONEY = {"max_digits": 12, "decimal_places": 2}


class FeeRateYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=300)
    sales_rate_1 = models.DecimalField(_("sales, group 1 (kr/l)"), **MONEY)
    sales_rate_2 = models.DecimalField(_("sales, group 2 (kr/l)"), **MONEY)
    sales_minimum = models.DecimalField(_("sales, yearly minimum (kr)"), **MONEY)
    serving_rate_1 = models.DecimalField(_("serving, group 1 (kr/l)"), **MONEY)
    serving_rate_2 = models.DecimalField(_("serving, group 2 (kr/l)"), **MONEY)
    serving_rate_3 = models.DecimalField(_("serving, group 3 (kr/l)"), **MONEY)
    serving_minimum = models.DecimalField(_("serving, yearly minimum (kr)"), **MONEY)
    single_occasion = models.DecimalField(_("single occasion, per occasion (kr)"), **MONEY)
    catering = models.DecimalField(_("catering, per occasion (kr)"), **MONEY)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee rates for a year")
        verbose_name_plural = _("fee rates")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def as_rules(self) -> rules.Rates:
        return rules.Rates(
            year=self.year,
            sales={1: self.sales_rate_1, 2: self.sales_rate_2},
            serving={1: self.serving_rate_1, 2: self.serving_rate_2, 3: self.serving_rate_3},
            sales_minimum=self.sales_minimum,
            serving_minimum=self.serving_minimum,
            per_occasion={
                "serving_single_occasion": self.single_occasion,
                "serving_catering": self.catering,
            },
        )


def _month_day_validators():
    return [MinValueValidator(1), MaxValueValidator(31)]


class FeePolicy(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="fee_policies",
        verbose_name=_("municipality"),
    )  # fmt: skip
    valid_from = models.DateField(_("applies from"))
    expected_due_month = models.PositiveSmallIntegerField(
        _("expected volume due: month"), default=1
    )
    expected_due_day = models.PositiveSmallIntegerField(
        _("expected volume due: day"), default=31, validators=_month_day_validators()
    )
    payment_due = models.CharField(
        _("payment due (instalments)"),
        max_length=100,
        default="04-01 10-01",
        help_text=_("One MM-DD date per instalment in the fee year, separated by spaces."),
    )
    actual_due_month = models.PositiveSmallIntegerField(_("sales report due: month"), default=3)
    actual_due_day = models.PositiveSmallIntegerField(
        _("sales report due: day"), default=1, validators=_month_day_validators()
    )
    settlement_days = models.PositiveSmallIntegerField(
        _("settlement due (days after the sales report deadline)"), default=30
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days after a missed deadline)"), default=14
    )
    prorate_minimum = models.BooleanField(
        _("prorate the minimum fee for a part year"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee policy")
        verbose_name_plural = _("fee policies")
        ordering = ["municipality", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "valid_from"], name="fee_policy_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.valid_from}"

    def payment_dates(self) -> tuple[tuple[int, int], ...]:
        result = []
        for part in self.payment_due.split():
            month, day = part.split("-")
            result.append((int(month), int(day)))
        return tuple(result)

    def clean(self) -> None:
        errors = {}
        try:
            dates = self.payment_dates()
            for month, day in dates:
                rules.due_date(2024, (month, day))
            if not dates:
                raise ValueError
        except ValueError:
            errors["payment_due"] = _("Write one or more dates as MM-DD, e.g. 04-01 10-01.")
        for prefix in ("expected", "actual"):
            try:
                rules.due_date(
                    2024, (getattr(self, f"{prefix}_due_month"), getattr(self, f"{prefix}_due_day"))
                )
            except ValueError:
                errors[f"{prefix}_due_day"] = _("Not a date.")
        if errors:
            raise ValidationError(errors)

    def as_rules(self) -> rules.Policy:
        return rules.Policy(
            expected_due=(self.expected_due_month, self.expected_due_day),
            payment_due=self.payment_dates(),
            actual_due=(self.actual_due_month, self.actual_due_day),
            settlement_days=self.settlement_days,
            reminder_days=self.reminder_days,
            prorate_minimum=self.prorate_minimum,
        )


class FeeYear(CaseNumbered):
    """One licence in one calendar year. Its case (``case``, 26/1060) is opened with its
    first letter (``letters.sources.letter_case``); every fee letter then gets the next
    document number in it (docs/adr/0175-fee-year-cases-and-notices.md)."""

    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="fee_years", verbose_name=_("licence")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reference = models.CharField(_("payment reference"), max_length=60)
    token = models.UUIDField(_("private link token"), default=uuid.uuid4, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee year")
        verbose_name_plural = _("fee years")
        ordering = ["licence", "year"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "year"], name="fee_year_one_per_licence"),
        ]
        indexes = [models.Index(fields=["year", "licence"]), models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return self.reference

    @staticmethod
    def reference_for(licence: Licence, year: int) -> str:
        """The payment reference printed on letters: year and licence number (unique in a
        municipality; payment files are imported per municipality)."""
        return f"{year}-{licence.number}"


class ReportKind(models.TextChoices):
    EXPECTED = "expected", _("Expected volume")
    ACTUAL = "actual", _("Actual volume (sales report)")


class ReportSource(models.TextChoices):
    HOLDER = "holder", _("Holder (private link)")
    OFFICER = "officer", _("Case officer on the holder's behalf")
    IMPORT = "import", _("File import")


class SalesReport(models.Model):
    fee_year = models.ForeignKey(
        FeeYear, on_delete=models.CASCADE, related_name="reports", verbose_name=_("fee year")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    litres_1 = models.PositiveIntegerField(_("group 1 (litres)"), default=0)
    litres_2 = models.PositiveIntegerField(_("group 2 (litres)"), default=0)
    litres_3 = models.PositiveIntegerField(_("group 3 (litres)"), default=0)
    received_on = models.DateField(_("received on"))
    reported_by = models.CharField(_("reported by"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=ReportSource.choices)
    reason = models.TextField(_("reason for entering or correcting"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sales report")
        verbose_name_plural = _("sales reports")
        ordering = ["fee_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["fee_year", "kind"], name="sales_report_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="sales_report_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source="officer") | ~Q(reason=""),
                name="sales_report_officer_gives_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fee_year} {self.kind}"

    @property
    def litres(self) -> dict[int, int]:
        return {1: self.litres_1, 2: self.litres_2, 3: self.litres_3}


class FeeEstimate(DecidedByBody):
    """The actual volume set by estimate when no sales report came (skjønnsmessig
    fastsettelse): an enkeltvedtak with reasons; the rates used are recorded with it."""

    fee_year = models.OneToOneField(
        FeeYear, on_delete=models.CASCADE, related_name="estimate", verbose_name=_("fee year")
    )
    litres_1 = models.PositiveIntegerField(_("group 1 (litres)"), default=0)
    litres_2 = models.PositiveIntegerField(_("group 2 (litres)"), default=0)
    litres_3 = models.PositiveIntegerField(_("group 3 (litres)"), default=0)
    decided_on = models.DateField(_("decided on"))
    reasons = models.TextField(_("reasons"))
    final_fee = models.DecimalField(_("final fee"), **MONEY)
    rates_used = models.JSONField(_("rates used"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volume set by estimate")
        verbose_name_plural = _("volumes set by estimate")
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="fee_estimate_has_reasons")
        ]

    def __str__(self) -> str:
        return f"{self.fee_year} estimate"

    @property
    def litres(self) -> dict[int, int]:
        return {1: self.litres_1, 2: self.litres_2, 3: self.litres_3}


class FeePayment(models.Model):
    fee_year = models.ForeignKey(
        FeeYear, on_delete=models.PROTECT, related_name="payments", verbose_name=_("fee year")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=60)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["fee_year", "paid_on", "pk"]
        constraints = [
            # The same line of a payment file imported again is the same payment.
            models.UniqueConstraint(
                fields=["fee_year", "paid_on", "amount"], name="fee_payment_once"
            ),
            models.CheckConstraint(condition=~Q(amount=Decimal(0)), name="fee_payment_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class NoticeKind(models.TextChoices):
    LINK = "link", _("Private link")
    REMINDER = "reminder", _("Reminder")


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")


class FeeNotice(models.Model):
    """A message to the holder about a fee year: the e-mail with the private link
    (``kind=link``), or the reminder of a missing sales report (``kind=reminder``) by e-mail
    or by letter. A reminder is sent once per channel; the link may be sent again."""

    fee_year = models.ForeignKey(
        FeeYear, on_delete=models.CASCADE, related_name="notices", verbose_name=_("fee year")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=NoticeChannel.choices)
    sent_on = models.DateField(_("sent on"))
    to = models.CharField(_("to"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    letter_reference = models.CharField(_("letter reference"), max_length=60, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("sent by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to the holder")
        verbose_name_plural = _("messages to the holder")
        ordering = ["fee_year", "sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee_year", "kind", "channel"],
                condition=Q(kind="reminder"),
                name="fee_notice_one_reminder_per_channel",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NoticeKind.values) & Q(channel__in=NoticeChannel.values),
                name="fee_notice_kind_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fee_year} {self.kind} {self.channel} {self.sent_on}"
