"""Responsible-serving seminars (Ansvarlig vertskap): sessions, registrations, attendance.

The condition and its follow-up: domain section 5 (docs/seminars.md). Attendance
counts only once a case officer marks it; an ``Attendance`` row is the fact the compliance
rule (``licensing.rules.seminar``) reads.

Seats are counted in participants of confirmed registrations; the count happens with the
session row locked (``services.registrations``, docs/adr/0031-seminar-capacity-lock.md).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from licensing.formatting import short_date
from licensing.models import Licence, Municipality, Person
from licensing.rules.seminar import DEFAULT_POLICY
from licensing.rules.seminar import SeminarPolicy as RulePolicy

DEFAULT_SEMINAR_KIND = "Ansvarlig vertskap"
# Registrations (names, e-mail addresses) are deleted this long after their session ends;
# the attendance facts stay (``purge_seminar_registrations``, stated on the public form).
REGISTRATION_RETENTION_MONTHS = 12

# Seats one organisation number or contact e-mail may hold by default (a venue's manager,
# deputy and a few staff).
DEFAULT_MAX_PER_REGISTRANT = 6


class SeminarPolicy(models.Model):
    """A municipality's seminar policy from a date (dated parameters, domain section 5).

    The policy in force on date D is the one with the latest ``valid_from`` on or before D;
    without one the system default applies (``licensing.rules.seminar.DEFAULT_POLICY``).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="seminar_policies",
        verbose_name=_("municipality"),
    )
    valid_from = models.DateField(_("valid from"))
    require_manager = models.BooleanField(_("manager must attend"), default=True)
    require_deputy = models.BooleanField(_("deputy must attend"), default=True)
    deadline_months = models.PositiveSmallIntegerField(
        _("deadline (months after taking the role)"), default=DEFAULT_POLICY.deadline_months
    )
    validity_years = models.PositiveSmallIntegerField(
        _("attendance valid (years)"), default=DEFAULT_POLICY.validity_years
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warn this many days ahead"), default=DEFAULT_POLICY.warning_days
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seminar policy")
        verbose_name_plural = _("seminar policies")
        ordering = ["municipality", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "valid_from"],
                name="seminar_policy_one_per_date",
                violation_error_message=_(
                    "This municipality already has a seminar policy from that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(validity_years__gte=1),
                name="seminar_policy_validity_positive",
                violation_error_message=_("An attendance must be valid for at least one year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.valid_from}"

    def as_rule_policy(self) -> RulePolicy:
        """The parameters in the form the pure rule takes."""
        roles = set()
        if self.require_manager:
            roles.add("manager")
        if self.require_deputy:
            roles.add("deputy")
        return RulePolicy(
            required_roles=frozenset(roles),
            deadline_months=self.deadline_months,
            validity_years=self.validity_years,
            warning_days=self.warning_days,
        )


class SeminarSession(models.Model):
    """One seminar session, organised by a municipality and possibly open to neighbours."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="seminar_sessions",
        verbose_name=_("organised by"),
    )
    open_to = models.ManyToManyField(
        Municipality,
        related_name="+",
        blank=True,
        verbose_name=_("also open to licence holders of"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=100, default=DEFAULT_SEMINAR_KIND)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats)"))
    # Seat hoarding (issue 12): one organisation number or one contact e-mail holds at most
    # this many seats (confirmed and waitlisted) in the session. docs/adr/0104-seat-limits.md
    max_per_organisation = models.PositiveSmallIntegerField(
        _("seats per organisation number"),
        default=DEFAULT_MAX_PER_REGISTRANT,
        validators=[MinValueValidator(1)],
        help_text=_("The most seats one organisation number may hold in this session."),
    )
    max_per_contact_email = models.PositiveSmallIntegerField(
        _("seats per contact e-mail"),
        default=DEFAULT_MAX_PER_REGISTRANT,
        validators=[MinValueValidator(1)],
        help_text=_("The most seats one contact e-mail address may hold in this session."),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    description = models.TextField(_("description"), blank=True)
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    history = HistoricalRecords(excluded_fields=["open_to"])

    class Meta:
        verbose_name = _("seminar session")
        verbose_name_plural = _("seminar sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="session_capacity_positive",
                violation_error_message=_("A session needs at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("starts_at")),
                name="session_deadline_before_start",
                violation_error_message=_(
                    "The registration deadline must be on or before the start."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="session_has_place_or_link",
                violation_error_message=_("Give a place or an online link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if (
            self.starts_at
            and self.registration_deadline
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "The registration deadline must be on or before the start."
            )
        if not self.place and not self.online_url:
            errors["place"] = _("Give a place or an online link.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("A session needs at least one seat.")
        if errors:
            raise ValidationError(errors)

    @property
    def held_on(self) -> dt.date:
        """The date of the session in the local time zone: an attendance's date."""
        return timezone.localdate(self.starts_at)

    def registration_open(self, now: dt.datetime) -> bool:
        return not self.cancelled and now <= self.registration_deadline


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A venue's registration for a session; public, without an account.

    ``token`` is never shown as is: the private link carries it signed
    (``seminars.tokens``). Waitlisted registrations move up in ``(created_at, pk)`` order.
    """

    session = models.ForeignKey(
        SeminarSession,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("session"),
    )
    token = models.UUIDField(_("private token"), default=uuid.uuid4, unique=True, editable=False)
    org_number = models.CharField(_("organisation number"), max_length=9)
    venue_name = models.CharField(_("venue"), max_length=200)
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    licence = models.ForeignKey(
        Licence,
        on_delete=models.SET_NULL,
        related_name="seminar_registrations",
        null=True,
        blank=True,
        verbose_name=_("licence"),
    )
    contact_email = models.EmailField(_("contact e-mail"))
    language = models.CharField(
        _("language for e-mails"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    consent_at = models.DateTimeField(_("consent given"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    release_reason = models.TextField(
        _("reason for release"),
        blank=True,
        help_text=_("Why a case officer released the seats (shown to the registrant)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="registration_cancelled_at_iff_cancelled",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.venue_name} – {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class ParticipantRole(models.TextChoices):
    HOLDER = "holder", _("Licence holder")
    MANAGER = "manager", _("Manager")
    DEPUTY = "deputy", _("Deputy")
    STAFF = "staff", _("Staff")


class AttendanceMark(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked in")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")


class Participant(models.Model):
    """A person registered to attend. ``person`` is the register person a case officer
    confirmed as this participant (a suggestion is computed, never stored)."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("registration"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    attendance = models.CharField(
        _("attendance"),
        max_length=16,
        choices=AttendanceMark.choices,
        default=AttendanceMark.UNKNOWN,
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        related_name="seminar_participations",
        null=True,
        blank=True,
        verbose_name=_("matched person"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["registration", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values), name="participant_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=AttendanceMark.values),
                name="participant_attendance_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """A person attended a seminar on a date: the fact the compliance rule counts.

    Created when a case officer marks a matched participant as attended (and removed when
    the mark is taken back), or by the register import (attendance recorded before the
    system was adopted; ``participant`` is then empty). Deleting old registrations keeps
    the fact (``participant`` becomes empty).
    """

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="seminar_attendances",
        verbose_name=_("person"),
    )
    attended_on = models.DateField(_("attended on"))
    seminar_title = models.CharField(_("seminar"), max_length=200, default=DEFAULT_SEMINAR_KIND)
    participant = models.OneToOneField(
        Participant,
        on_delete=models.SET_NULL,
        related_name="attendance_record",
        null=True,
        blank=True,
        verbose_name=_("participant"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seminar attendance")
        verbose_name_plural = _("seminar attendances")
        ordering = ["-attended_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "attended_on", "seminar_title"],
                name="attendance_unique_per_person_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {short_date(self.attended_on)}"
