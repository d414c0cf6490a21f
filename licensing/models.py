"""Licensing register: municipalities, holders, premises, persons, licences, applications.

Legal background: alkoholloven (LOV-1989-06-02-27) chapters 1, 3 and 4. Every rule the
database can hold is a constraint; the rest lives in ``clean()`` and in the services.
State changes go through ``licensing.services``, never by assigning ``status`` in a view.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .formatting import short_date
from .validators import clean_phone_field, validate_org_number


class WrittenStandard(models.TextChoices):
    """The municipality's written standard (målform, målova § 5): Bokmål, Nynorsk or
    neutral. Its letters and e-mails default to the matching language; a neutral
    municipality writes Bokmål unless the officer chooses Nynorsk."""

    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    NEUTRAL = "neutral", _("Neutral")


class Municipality(models.Model):
    """A licensing authority (kommune). One installation may serve several."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=9, unique=True, validators=[validate_org_number]
    )
    address_line = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    written_standard = models.CharField(
        _("written standard"),
        max_length=8,
        choices=WrittenStandard.choices,
        default=WrittenStandard.BOKMAL,
        help_text=_(
            "Målform: letters and e-mails default to Nynorsk for a Nynorsk municipality "
            "and to Bokmål otherwise; the officer can choose another language."
        ),
    )
    appeal_body = models.CharField(
        _("appeal body"),
        max_length=200,
        default="Statsforvalteren",
        help_text=_("Alkoholloven § 1-16: the county governor handling appeals."),
    )
    # Local policy (serving and sales hours within the legal limits of §§ 3-7 and 4-4).
    serving_group12_from = models.TimeField(_("serving groups 1-2 from"), default=dt.time(8, 0))
    serving_group12_until = models.TimeField(_("serving groups 1-2 until"), default=dt.time(1, 0))
    serving_group3_from = models.TimeField(_("serving group 3 from"), default=dt.time(13, 0))
    serving_group3_until = models.TimeField(_("serving group 3 until"), default=dt.time(0, 0))
    sales_weekday_until = models.TimeField(_("sales on weekdays until"), default=dt.time(18, 0))
    sales_saturday_until = models.TimeField(
        _("sales before Sundays and holidays until"), default=dt.time(15, 0)
    )
    # Public register (publicregister app): whether the municipality publishes its decided
    # point decisions and suspensions of the last two years (some do, by hand, today).
    publish_sanctions = models.BooleanField(
        _("publish penalty points and suspensions"),
        default=False,
        help_text=_(
            "Show decided point decisions and suspensions of the last two years in the "
            "public register (venue, date, points, breach; never names of persons)."
        ),
    )
    # Reminders by e-mail (``manage.py send_reminders``, docs/adr/0190-reminders.md). The
    # hearing reminder and the officer digest go to public bodies and the municipality's
    # own officers and are on by default; reminders to licence holders reach the public
    # and start only when the municipality switches them on.
    remind_hearing_bodies = models.BooleanField(
        _("remind hearing bodies of overdue replies"),
        default=True,
        help_text=_(
            "E-mail the police, the social services or the tax authorities when their reply "
            "to a hearing is overdue (to the addresses under Hearing bodies), then weekly."
        ),
    )
    remind_seminar_holders = models.BooleanField(
        _("remind licence holders of seminar deadlines"),
        default=False,
        help_text=_(
            "E-mail the licence holder when the seminar deadline of its manager or deputy "
            "is within the warning period, and again when it has passed."
        ),
    )
    send_officer_digest = models.BooleanField(
        _("weekly digest of overdue items to the case officers"),
        default=True,
        help_text=_("Once a week, e-mail each case officer the overdue items of their cases."),
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officers"),
        related_name="officer_municipalities",
        blank=True,
    )
    history = HistoricalRecords(excluded_fields=["officers"])

    def clean(self) -> None:
        super().clean()
        clean_phone_field(self)  # ASCII digits (licensing/validators.py)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def language(self) -> str:
        """The default language of its letters, e-mails and seminar pages: nn or nb."""
        return "nn" if self.written_standard == WrittenStandard.NYNORSK else "nb"

    @property
    def address_lines(self) -> list[str]:
        place = " ".join(p for p in (self.postal_code, self.postal_place) if p)
        return [line for line in (self.address_line, place) if line]


class CaseKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    POINTS = "points", _("Penalty points")
    SUSPENSION = "suspension", _("Suspension")
    FEE_YEAR = "fee_year", _("Fee year")


class CaseCounter(models.Model):
    """The last case number given in one municipality and year. The row is locked
    (``select_for_update``) while the next number is taken, so concurrent cases never get
    the same number (``licensing.services.case_numbers``)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="case_counter_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.year}: {self.last}"


class Case(models.Model):
    """A case of the municipality's archive (sak) with its case number (saksnummer), e.g.
    26/1060: the year's last two digits and a number that runs per municipality and year.
    Every letter in the case gets the next document number (26/1060-3). Numbers are never
    reused: a case is never deleted."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    last_document = models.PositiveIntegerField(_("last document number"), default=0)
    #: The case officer (saksbehandler) responsible for the case; changed on the case's page
    #: with history (``licensing.services.case_assignment``, docs/adr/0185).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        null=True,
        blank=True,
        verbose_name=_("case officer"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sequence"], name="case_number_unique"
            )
        ]
        indexes = [models.Index(fields=["assigned_to", "kind"], name="case_assigned_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The case number as the archive writes it: ``26/1060``."""
        return f"{self.year % 100:02d}/{self.sequence}"

    def document_reference(self, document: int) -> str:
        """The reference of document ``document`` in the case: ``26/1060-3``."""
        return f"{self.number}-{document}"

    @property
    def next_document_reference(self) -> str:
        """The reference the next letter would get (for previews; nothing is taken)."""
        return self.document_reference(self.last_document + 1)


class CaseNumbered(models.Model):
    """A record that is (part of) a case with a case number: applications, point decision
    groups, suspensions, fee years. ``case`` is empty for records imported with their own
    reference, which they keep."""

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("case"),
    )

    class Meta:
        abstract = True

    @property
    def case_number(self) -> str:
        return self.case.number if self.case_id else ""


class Holder(models.Model):
    """The licence holder (bevillingshaver, § 1-4b): normally the operating company."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="holders",
        verbose_name=_("municipality"),
    )
    org_number = models.CharField(
        _("organisation number"), max_length=9, validators=[validate_org_number]
    )
    name = models.CharField(_("name"), max_length=200)
    address_line = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    def clean(self) -> None:
        super().clean()
        clean_phone_field(self)  # ASCII digits (licensing/validators.py)

    class Meta:
        verbose_name = _("licence holder")
        verbose_name_plural = _("licence holders")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "org_number"],
                name="holder_unique_org_number",
                violation_error_message=_(
                    "A holder with this organisation number is already registered in this "
                    "municipality."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.org_number})"

    @property
    def address_lines(self) -> list[str]:
        place = " ".join(p for p in (self.postal_code, self.postal_place) if p)
        return [line for line in (self.address_line, place) if line]


class Premises(models.Model):
    """The venue (skjenkested / salgssted) a licence applies to."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="premises",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    address_line = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A manager or deputy (styrer / stedfortreder, § 1-7c), or a seminar participant."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    knowledge_test_passed_on = models.DateField(
        _("knowledge test passed on"), null=True, blank=True
    )
    history = HistoricalRecords()

    def clean(self) -> None:
        super().clean()
        clean_phone_field(self)  # ASCII digits (licensing/validators.py)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class LicenceKind(models.TextChoices):
    SALES = "sales", _("Sales licence")
    SERVING = "serving", _("Serving licence")
    SERVING_PART_YEAR = "serving_part_year", _("Serving licence for part of the year")
    SERVING_SINGLE_OCCASION = "serving_single_occasion", _("Single-occasion serving licence")
    SERVING_CATERING = "serving_catering", _("Catering serving licence (closed parties)")


# Kinds that need an approved manager and deputy (§ 1-7c) and are in the point system (§ 10-1).
KINDS_WITH_MANAGER = frozenset({"sales", "serving", "serving_part_year"})
SERVING_KINDS = frozenset(
    {"serving", "serving_part_year", "serving_single_occasion", "serving_catering"}
)


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    CEASED = "ceased", _("Ceased")


class Licence(models.Model):
    """A sales or serving licence (salgs- eller skjenkebevilling)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("municipality"),
    )
    number = models.CharField(_("licence number"), max_length=40)
    holder = models.ForeignKey(
        Holder, on_delete=models.PROTECT, related_name="licences", verbose_name=_("holder")
    )
    premises = models.ForeignKey(
        Premises,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("premises"),
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=32, choices=LicenceKind.choices)
    group_1 = models.BooleanField(_("group 1 (2.5–4.7 %)"), default=True)
    group_2 = models.BooleanField(_("group 2 (4.7–22 %)"), default=False)
    group_3 = models.BooleanField(_("group 3 (22–60 %)"), default=False)
    # Serving hours (§ 4-4); "until" earlier than "from" means the next day.
    group12_from = models.TimeField(_("groups 1–2 from"), null=True, blank=True)
    group12_until = models.TimeField(_("groups 1–2 until"), null=True, blank=True)
    group3_from = models.TimeField(_("group 3 from"), null=True, blank=True)
    group3_until = models.TimeField(_("group 3 until"), null=True, blank=True)
    # Sales hours (§ 3-7).
    sales_weekday_until = models.TimeField(_("sales on weekdays until"), null=True, blank=True)
    sales_saturday_until = models.TimeField(
        _("sales before Sundays and holidays until"), null=True, blank=True
    )
    area_indoor = models.TextField(_("indoor area"), blank=True)
    area_outdoor = models.TextField(_("outdoor area"), blank=True)
    granted_on = models.DateField(_("granted on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE
    )
    transferred_on = models.DateField(
        _("transferred on"),
        null=True,
        blank=True,
        help_text=_("Transfer of the business (§ 1-10): starts a new penalty-point window."),
    )
    seminar_required = models.BooleanField(
        _("seminar required"),
        default=False,
        help_text=_("Condition: the manager and deputy attend the responsible-serving seminar."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"],
                name="licence_unique_number",
                violation_error_message=_(
                    "This licence number is already used in this municipality."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="licence_valid_to_after_from"
            ),
            models.CheckConstraint(
                condition=Q(group_1=True) | Q(group_2=True) | Q(group_3=True),
                name="licence_has_alcohol_group",
            ),
            models.CheckConstraint(
                condition=~Q(kind="sales") | (Q(group_2=False) & Q(group_3=False)),
                name="licence_sales_group_1_only",
                violation_error_message=_(
                    "A sales licence may only cover group 1 (alkoholloven § 3-1)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LicenceKind.values), name="licence_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LicenceStatus.values), name="licence_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(transferred_on__isnull=True) | Q(transferred_on__gte=F("granted_on")),
                name="licence_transfer_after_grant",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.holder.name if self.holder_id else ''}".strip()

    @property
    def alcohol_groups(self) -> list[int]:
        return [g for g, on in ((1, self.group_1), (2, self.group_2), (3, self.group_3)) if on]

    @property
    def needs_manager(self) -> bool:
        return self.kind in KINDS_WITH_MANAGER

    @property
    def in_point_system(self) -> bool:
        return self.kind in KINDS_WITH_MANAGER

    def clean(self) -> None:
        from .rules import licences as licence_rules
        from .rules.hours import SALES_EARLIEST_FROM, validate_sales_hours, validate_serving_hours

        errors: dict[str, list] = {}
        if not (self.group_1 or self.group_2 or self.group_3):
            errors.setdefault("group_1", []).append(_("Choose at least one alcohol group."))
        if not licence_rules.groups_allowed(self.kind, self.alcohol_groups):
            errors.setdefault("group_2", []).append(licence_rules.sales_groups_message())
        if self.valid_from and self.valid_to:
            if self.valid_to < self.valid_from:
                errors.setdefault("valid_to", []).append(
                    _("Valid to must be on or after valid from.")
                )
            elif licence_rules.runs_past_licence_period(self.valid_from, self.valid_to):
                errors.setdefault("valid_to", []).append(
                    licence_rules.licence_period_message(self.valid_from)
                )
        if self.transferred_on and self.granted_on and self.transferred_on < self.granted_on:
            errors.setdefault("transferred_on", []).append(
                _("The transfer date cannot be before the grant date.")
            )
        if self.kind in SERVING_KINDS and self.group12_from and self.group12_until:
            for message in validate_serving_hours(
                self.group12_from,
                self.group12_until,
                self.group3_from if self.group_3 else None,
                self.group3_until if self.group_3 else None,
            ):
                errors.setdefault("group12_until", []).append(message)
        if (
            self.kind == LicenceKind.SALES
            and self.sales_weekday_until
            and self.sales_saturday_until
        ):
            for message in validate_sales_hours(
                SALES_EARLIEST_FROM,
                self.sales_weekday_until,
                SALES_EARLIEST_FROM,
                self.sales_saturday_until,
            ):
                errors.setdefault("sales_weekday_until", []).append(message)
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    DEPUTY = "deputy", _("Deputy")


class ManagerAssignment(models.Model):
    """A manager or deputy of a licence from a date. A change is a new assignment."""

    licence = models.ForeignKey(
        Licence, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("licence")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    started_on = models.DateField(_("took the role on"))
    ended_on = models.DateField(_("left the role on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("manager or deputy")
        verbose_name_plural = _("managers and deputies")
        ordering = ["licence", "role", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "role"],
                condition=Q(ended_on__isnull=True),
                name="assignment_one_current_per_role",
                violation_error_message=_(
                    "The licence already has a current person in this role; end that "
                    "assignment first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="assignment_end_after_start",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="assignment_role_valid"),
        ]
        indexes = [
            # The rules engine's facts (evaluation.engine): every licence's current persons
            # read from the index alone (docs/adr/0223). Not "-role": SQLite 3.40 returns rows
            # outside a range condition from a DESC index column searched with IN (seen on
            # 3 December 2026: a deputy starting after the day asked for).
            models.Index(
                fields=["licence", "role", "started_on", "id", "ended_on", "person"],
                name="assignment_facts_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


def validate_manager_qualifications(person: Person, on: dt.date) -> list[str]:
    """§ 1-7c: a manager or deputy is at least 20 and has passed the knowledge test."""
    problems: list[str] = []
    age = person.age_on(on)
    if age is None:
        problems.append(_("%(name)s has no date of birth registered.") % {"name": person.name})
    elif age < 20:
        problems.append(
            _("%(name)s is %(age)s on %(date)s; a manager or deputy must be at least 20.")
            % {"name": person.name, "age": age, "date": short_date(on)}
        )
    if person.knowledge_test_passed_on is None or person.knowledge_test_passed_on > on:
        problems.append(
            _("%(name)s has not passed the knowledge test (kunnskapsprøven) by %(date)s.")
            % {"name": person.name, "date": short_date(on)}
        )
    return problems


class LicenceStatusChange(models.Model):
    """A status change of a licence: when it took effect, why, and who made it.

    Written only by ``licensing.services.licences.licence_set_status`` in the same
    transaction as the change of ``Licence.status``.
    """

    licence = models.ForeignKey(
        Licence, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("licence")
    )
    from_status = models.CharField(_("from status"), max_length=16, choices=LicenceStatus.choices)
    to_status = models.CharField(_("to status"), max_length=16, choices=LicenceStatus.choices)
    changed_on = models.DateField(_("takes effect on"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("licence status change")
        verbose_name_plural = _("licence status changes")
        ordering = ["licence", "-changed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="status_change_changes_status"
            ),
            models.CheckConstraint(
                condition=Q(from_status__in=LicenceStatus.values)
                & Q(to_status__in=LicenceStatus.values),
                name="status_change_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()} ({short_date(self.changed_on)})"


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New licence")
    RENEWAL = "renewal", _("Renewal")
    MANAGER_CHANGE = "manager_change", _("Change of manager or deputy")
    TRANSFER = "transfer", _("Transfer")
    SINGLE_OCCASION = "single_occasion", _("Single occasion")
    CATERING = "catering", _("Catering (closed party)")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HEARING = "hearing", _("On hearing")
    ASSESSMENT = "assessment", _("Under assessment")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(CaseNumbered):
    """An application for a licence or a change to one (alkoholloven § 1-7)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("municipality"),
    )
    reference = models.CharField(_("case number"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ApplicationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    received_on = models.DateField(_("received on"))
    holder = models.ForeignKey(
        Holder, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    licence = models.ForeignKey(
        Licence,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("licence"),
        null=True,
        blank=True,
        help_text=_("The existing licence, for renewals, changes and transfers."),
    )
    premises = models.ForeignKey(
        Premises,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("premises"),
        null=True,
        blank=True,
    )
    licence_kind = models.CharField(
        _("licence kind applied for"), max_length=32, choices=LicenceKind.choices
    )
    group_1 = models.BooleanField(_("group 1"), default=True)
    group_2 = models.BooleanField(_("group 2"), default=False)
    group_3 = models.BooleanField(_("group 3"), default=False)
    proposed_manager = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed manager"),
        null=True,
        blank=True,
    )
    proposed_deputy = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed deputy"),
        null=True,
        blank=True,
    )
    requested_valid_from = models.DateField(_("requested from"), null=True, blank=True)
    requested_valid_to = models.DateField(_("requested to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case officer"),
        null=True,
        blank=True,
    )
    #: Why the hearing statements were not sent to the applicant for comment
    #: (forvaltningsloven § 17 second paragraph, with the exceptions it allows).
    comment_step_skipped_reason = models.TextField(
        _("reason the applicant was not asked to comment"), blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ApplicationKind.values), name="application_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(requested_valid_to__isnull=True)
                | Q(requested_valid_from__isnull=True)
                | Q(requested_valid_to__gte=F("requested_valid_from")),
                name="application_requested_to_after_from",
            ),
            models.CheckConstraint(
                condition=~Q(licence_kind="sales") | (Q(group_2=False) & Q(group_3=False)),
                name="application_sales_group_1_only",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.reference or self.pk}: {self.get_kind_display()} – {self.holder.name}"

    @property
    def alcohol_groups(self) -> list[int]:
        return [g for g, on in ((1, self.group_1), (2, self.group_2), (3, self.group_3)) if on]


class HearingBody(models.TextChoices):
    POLICE = "police", _("Police")
    SOCIAL_SERVICES = "social_services", _("Social services")
    TAX = "tax", _("Tax authorities")


MANDATORY_HEARING_BODIES = ("police", "social_services")


class Hearing(models.Model):
    """A request for an opinion (høring, § 1-7): police and social services, optionally tax."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="hearings",
        verbose_name=_("application"),
    )
    body = models.CharField(_("hearing body"), max_length=32, choices=HearingBody.choices)
    sent_on = models.DateField(_("sent on"))
    deadline_on = models.DateField(_("reply deadline"))
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    gist = models.TextField(_("gist of the reply"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["application", "sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "body"], name="hearing_one_per_body"),
            models.CheckConstraint(
                condition=Q(deadline_on__gt=F("sent_on")), name="hearing_deadline_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(replied_on__gte=F("sent_on")),
                name="hearing_reply_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(body__in=HearingBody.values), name="hearing_body_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} ({short_date(self.sent_on)})"

    def clean(self) -> None:
        errors = {}
        if self.sent_on and self.deadline_on and self.deadline_on <= self.sent_on:
            errors["deadline_on"] = _("The reply deadline must be after the sent date.")
        if self.sent_on and self.replied_on and self.replied_on < self.sent_on:
            errors["replied_on"] = _("The reply cannot come before the hearing was sent.")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today: dt.date) -> bool:
        return self.replied_on is None and self.deadline_on < today


class CommentRequest(models.Model):
    """A hearing statement sent to the applicant for comment (forvaltningsloven § 17
    second paragraph): information about the party from others (the police's statement,
    say) that the decision may rest on. The applicant's comment, when it comes, is
    recorded with its date and gist; the refusal letter states both."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="comment_requests",
        verbose_name=_("application"),
    )
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.PROTECT,
        related_name="comment_requests",
        verbose_name=_("hearing statement"),
    )
    sent_on = models.DateField(_("sent to the applicant on"))
    deadline_on = models.DateField(_("comment deadline"))
    received_on = models.DateField(_("comment received on"), null=True, blank=True)
    gist = models.TextField(_("gist of the applicant's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement sent for comment")
        verbose_name_plural = _("statements sent for comment")
        ordering = ["application", "sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "hearing"],
                name="comment_request_one_per_hearing",
                violation_error_message=_(
                    "This statement has already been sent to the applicant for comment."
                ),
            ),
            models.CheckConstraint(
                condition=Q(deadline_on__gt=F("sent_on")),
                name="comment_request_deadline_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("sent_on")),
                name="comment_request_received_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | ~Q(gist=""),
                name="comment_request_received_has_gist",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hearing.get_body_display()} → {short_date(self.sent_on)}"

    def clean(self) -> None:
        errors = {}
        if self.sent_on and self.deadline_on and self.deadline_on <= self.sent_on:
            errors["deadline_on"] = _("The comment deadline must be after the sent date.")
        if self.sent_on and self.received_on and self.received_on < self.sent_on:
            errors["received_on"] = _(
                "The comment cannot come before the statement was sent to the applicant."
            )
        if self.received_on and not self.gist.strip():
            errors["gist"] = _("Write the gist of the applicant's comment.")
        if errors:
            raise ValidationError(errors)

    def completed_by(self, on: dt.date) -> bool:
        """The applicant has had the chance to comment by ``on``: the comment came, or
        the deadline has passed."""
        return (self.received_on is not None and self.received_on <= on) or (self.deadline_on < on)


class HearingBodyContact(models.Model):
    """Where a municipality sends its hearings (alkoholloven § 1-7) and their reminders: the
    local police district, social services (NAV) or tax office, with its e-mail address."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="hearing_contacts",
        verbose_name=_("municipality"),
    )
    body = models.CharField(_("hearing body"), max_length=32, choices=HearingBody.choices)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For example Salten politistasjon.")
    )
    email = models.EmailField(_("e-mail"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing body contact")
        verbose_name_plural = _("hearing body contacts")
        ordering = ["municipality", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "body"],
                name="hearing_contact_one_per_body",
                violation_error_message=_(
                    "This municipality already has a contact for this hearing body."
                ),
            ),
            models.CheckConstraint(
                condition=Q(body__in=HearingBody.values), name="hearing_contact_body_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.name or self.email}"


class ReminderKind(models.TextChoices):
    HEARING = "hearing_overdue", _("Hearing reply overdue")
    SEMINAR = "seminar_deadline", _("Seminar deadline")
    DIGEST = "officer_digest", _("Weekly digest to the case officer")


class Reminder(models.Model):
    """A reminder e-mail the system queued (``manage.py send_reminders``): to whom, about
    what, when. Shown on the page of what it concerns (the application, the licence).

    ``subject_key`` names what it concerns (``hearing:12``, ``licence:5``, ``officer:3``) and
    ``period_start`` the reminder period it belongs to; one reminder per kind, subject and
    period (the constraint), so running the command twice sends nothing new.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ReminderKind.choices)
    subject_key = models.CharField(_("concerns"), max_length=64)
    period_start = models.DateField(_("reminder period from"))
    sent_on = models.DateField(_("sent on"))
    recipient = models.CharField(_("recipient"), max_length=254)
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
        verbose_name=_("application"),
    )
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
        verbose_name=_("hearing"),
    )
    licence = models.ForeignKey(
        Licence,
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
        verbose_name=_("licence"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("case officer"),
    )
    email = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("e-mail in the outbox"),
    )
    #: The cases it concerned (an officer's digest lists items of many cases): shown on
    #: each case's page.
    cases = models.ManyToManyField(
        Case, related_name="reminders", blank=True, verbose_name=_("cases")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "period_start"], name="reminder_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.sent_on})"

    @property
    def delivery(self) -> str:
        """Where its e-mail is: ``sent``, ``queued`` (also while waiting for a retry),
        ``failed`` (every retry failed), or "" when the outbox no longer has the message."""
        if self.email is None:
            return ""
        return {0: "sent", 1: "failed", 2: "queued", 3: "queued"}.get(self.email.status, "")


class DecisionMatter(models.TextChoices):
    """What a delegation entry covers: a kind of decision. Application decisions follow
    the application kind; a refusal may be kept for a higher body (``refusal``)."""

    NEW = "new", _("New licence")
    RENEWAL = "renewal", _("Renewal")
    MANAGER_CHANGE = "manager_change", _("Change of manager or deputy")
    TRANSFER = "transfer", _("Transfer")
    SINGLE_OCCASION = "single_occasion", _("Single occasion")
    CATERING = "catering", _("Catering (closed party)")
    REFUSAL = "refusal", _("Refusal of an application")
    POINTS = "points", _("Penalty points")
    SUSPENSION = "suspension", _("Suspension")
    FEE_ESTIMATE = "fee_estimate", _("Estimated licence fee")


class BodyKind(models.TextChoices):
    """Who decides (kommuneloven §§ 5-3, 13-1; alkoholloven § 1-7 with § 1-16): the
    council itself, a committee it delegated to, the chief executive, or an officer the
    chief executive delegated further to."""

    COUNCIL = "council", _("Municipal council (kommunestyret)")
    COMMITTEE = "committee", _("Committee")
    CHIEF_EXECUTIVE = "chief_executive", _("Chief executive (kommunedirektøren)")
    OFFICER = "officer", _("Officer under further delegation")


#: Political bodies decide in a meeting, in a case with its own number (e.g. "PS 12/26").
POLITICAL_BODIES = frozenset({BodyKind.COUNCIL, BodyKind.COMMITTEE})
#: Bodies that must be named (the council and the chief executive have standard names).
NAMED_BODIES = frozenset({BodyKind.COMMITTEE, BodyKind.OFFICER})


def deciding_body_errors(
    body_kind: str, body_name: str, delegation_reference: str, body_case_number: str
) -> dict[str, list[str]]:
    """What is missing for a decision by ``body_kind``: a political body's decision names
    its case number (the meeting's case, e.g. "PS 12/26"); a delegated one names the
    delegation it acted under (e.g. "delegeringsreglementet pkt. 4.2"); a committee or an
    officer is named. Empty when ``body_kind`` is empty (nothing recorded)."""
    errors: dict[str, list[str]] = {}
    if not body_kind:
        return errors
    if body_kind not in BodyKind.values:
        errors["body_kind"] = [str(_("Choose who made the decision."))]
        return errors
    if body_kind in NAMED_BODIES and not body_name.strip():
        errors["body_name"] = [
            str(_("Name the committee that made the decision."))
            if body_kind == BodyKind.COMMITTEE
            else str(_("Name the position of the officer who made the decision."))
        ]
    if body_kind in POLITICAL_BODIES:
        if not body_case_number.strip():
            errors["body_case_number"] = [
                str(
                    _(
                        "Give the case number of the council's or committee's decision "
                        "(e.g. PS 12/26)."
                    )
                )
            ]
    elif not delegation_reference.strip():
        errors["delegation_reference"] = [
            str(
                _(
                    "Give the delegation the decision was made under (e.g. "
                    "“delegeringsreglementet pkt. 4.2”)."
                )
            )
        ]
    return errors


class Delegation(models.Model):
    """Which body decides one kind of case in a municipality, from a date, and the
    delegation it acts under (delegeringsreglement). Changes are new entries with a later
    ``valid_from``, so earlier decisions keep the delegation they were made under; the
    decision forms propose the entry in force on the decision date."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("municipality"),
    )
    matter = models.CharField(_("kind of decision"), max_length=32, choices=DecisionMatter.choices)
    body_kind = models.CharField(_("deciding body"), max_length=20, choices=BodyKind.choices)
    body_name = models.CharField(
        _("name of the body"),
        max_length=200,
        blank=True,
        help_text=_(
            "As the letters write it, e.g. “formannskapet”, “hovedutvalg for helse og "
            "omsorg” or “enhetsleder for skjenkekontroll”. Empty: kommunestyret or "
            "kommunedirektøren."
        ),
    )
    reference = models.CharField(
        _("delegation reference"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the power was delegated, e.g. “delegeringsreglementet pkt. 4.2”. "
            "Required unless the council itself decides."
        ),
    )
    valid_from = models.DateField(_("valid from"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["municipality", "matter", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "matter", "valid_from"],
                name="delegation_one_per_matter_and_date",
                violation_error_message=_(
                    "This municipality already has a delegation for this kind of decision "
                    "from that date; change that entry or choose another date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(matter__in=DecisionMatter.values), name="delegation_matter_valid"
            ),
            models.CheckConstraint(
                condition=Q(body_kind__in=BodyKind.values), name="delegation_body_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_matter_display()}: {self.body_label} ({self.valid_from})"

    @property
    def body_label(self) -> str:
        return self.body_name or str(self.get_body_kind_display())

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.body_kind in NAMED_BODIES and not self.body_name.strip():
            errors["body_name"] = _("Name the committee or the officer's position.")
        if self.body_kind and self.body_kind != BodyKind.COUNCIL and not self.reference.strip():
            errors["reference"] = _(
                "Give the delegation reference (e.g. “delegeringsreglementet pkt. 4.2”)."
            )
        if errors:
            raise ValidationError(errors)


class DecidedByBody(models.Model):
    """Who decided an individual decision, as it stood on the decision date (a snapshot:
    a later change of the delegation does not change it), and the case officer who
    prepared it. ``decided_by`` (the person) lives on each model. ``body_kind`` is empty
    only for decisions recorded before this was kept, or imported."""

    body_kind = models.CharField(
        _("deciding body"), max_length=20, choices=BodyKind.choices, blank=True
    )
    body_name = models.CharField(_("name of the deciding body"), max_length=200, blank=True)
    delegation_reference = models.CharField(_("delegation reference"), max_length=200, blank=True)
    body_case_number = models.CharField(
        _("council or committee case number"),
        max_length=40,
        blank=True,
        help_text=_("The case number of the political decision, e.g. “PS 12/26”."),
    )
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case officer"),
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = deciding_body_errors(
            self.body_kind, self.body_name, self.delegation_reference, self.body_case_number
        )
        if errors:
            raise ValidationError(errors)

    @property
    def body_label(self) -> str:
        """The body as people read it: its own name, or the standard one."""
        if self.body_name:
            return self.body_name
        return str(self.get_body_kind_display()) if self.body_kind else ""


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Decision(DecidedByBody):
    """An individual decision (enkeltvedtak) on an application (fvl. §§ 24-25, 27, 29)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("municipality"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("application"),
        null=True,
        blank=True,
    )
    licence = models.ForeignKey(
        Licence,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("licence"),
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ApplicationKind.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    reasons = models.TextField(_("reasons"))
    legal_basis = models.TextField(_("legal basis"))
    appeal_deadline_on = models.DateField(_("appeal deadline"))
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_deadline_on__gt=F("decided_on")),
                name="decision_appeal_deadline_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values), name="decision_outcome_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="granted") | Q(licence__isnull=False),
                name="decision_granted_has_licence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.get_outcome_display()} ({short_date(self.decided_on)})"


class PendingMail(models.Model):
    """A message the mail worker renders and queues in the outbox (``licensing.mail``,
    docs/adr/0220): the request that causes it stores only what to render, ``builder``
    (the dotted path of a function) and its keyword ``arguments``. A row whose rendering
    failed ``attempts`` times (``MAIL_MAX_RETRIES``) stays, with its ``last_error``."""

    builder = models.CharField(_("builder"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("e-mail to render")
        verbose_name_plural = _("e-mails to render")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.builder} {self.arguments}"
