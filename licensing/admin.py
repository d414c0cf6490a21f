"""Django admin for the licensing models: for administrators, with the audit history.

Case officers work in the register pages, which go through the services; the admin is the
administrator's tool for corrections, so every change lands in the history
(``SimpleHistoryAdmin``) and model validation still runs (``full_clean`` through ModelForm).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models
from .validators import validate_logo


class MunicipalityAdminForm(forms.ModelForm):
    class Meta:
        model = models.Municipality
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_logo(self):
        """PNG or JPEG only, verified by decoding (a bad logo would break every letter)."""
        logo = self.cleaned_data.get("logo")
        if logo and "logo" in self.changed_data:
            validate_logo(logo)
        return logo


class HearingBodyContactInline(admin.TabularInline):
    """Where the municipality's hearings and their reminders go (one per body)."""

    model = models.HearingBodyContact
    extra = 0
    fields = ("body", "name", "email")


@admin.register(models.Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    form = MunicipalityAdminForm
    inlines = (HearingBodyContactInline,)
    list_display = (
        "name",
        "org_number",
        "postal_place",
        "written_standard",
        "appeal_body",
        "email",
    )
    list_filter = ("written_standard",)
    search_fields = ("name", "org_number")
    filter_horizontal = ("officers",)
    fieldsets = (
        (
            None,
            {"fields": ("name", "org_number", "written_standard", "appeal_body", "officers")},
        ),
        (_("Public register"), {"fields": ("publish_sanctions",)}),
        (
            _("Reminders by e-mail"),
            {
                "fields": (
                    "remind_hearing_bodies",
                    "remind_seminar_holders",
                    "send_officer_digest",
                ),
                "description": _(
                    "Sent by the daily job send_reminders. The addresses of the hearing bodies "
                    "are under Hearing body contacts below."
                ),
            },
        ),
        (
            _("Letterhead"),
            {
                "fields": (
                    "address_line",
                    "postal_code",
                    "postal_place",
                    "email",
                    "phone",
                    "website",
                    "logo",
                )
            },  # fmt: skip
        ),
        (
            _("Local hours"),
            {
                "fields": (
                    "serving_group12_from",
                    "serving_group12_until",
                    "serving_group3_from",
                    "serving_group3_until",
                    "sales_weekday_until",
                    "sales_saturday_until",
                )  # fmt: skip
            },
        ),
    )


@admin.register(models.Holder)
class HolderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "org_number", "municipality", "postal_place", "email")
    list_filter = ("municipality",)
    search_fields = ("name", "org_number", "email")
    list_select_related = ("municipality",)


@admin.register(models.Premises)
class PremisesAdmin(SimpleHistoryAdmin):
    list_display = ("name", "address_line", "postal_place", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name", "address_line")
    list_select_related = ("municipality",)


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "date_of_birth", "knowledge_test_passed_on", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name", "email")
    list_select_related = ("municipality",)


class ManagerAssignmentInline(admin.TabularInline):
    model = models.ManagerAssignment
    extra = 0
    autocomplete_fields = ("person",)


class StatusChangeInline(admin.TabularInline):
    model = models.LicenceStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "changed_on", "reason", "changed_by")

    def has_add_permission(self, request, obj=None):
        return False  # status changes go through licence_set_status (the register pages)


@admin.register(models.Licence)
class LicenceAdmin(SimpleHistoryAdmin):
    list_display = ("number", "holder", "premises", "kind", "status", "valid_to", "municipality")
    list_filter = ("municipality", "kind", "status", "seminar_required")
    search_fields = ("number", "holder__name", "holder__org_number", "premises__name")
    list_select_related = ("holder", "premises", "municipality")
    autocomplete_fields = ("holder", "premises")
    date_hierarchy = "valid_to"
    inlines = (ManagerAssignmentInline, StatusChangeInline)


@admin.register(models.ManagerAssignment)
class ManagerAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("licence", "role", "person", "started_on", "ended_on")
    list_filter = ("role", "licence__municipality")
    search_fields = ("person__name", "licence__number")
    list_select_related = ("licence__holder", "person")
    autocomplete_fields = ("licence", "person")


@admin.register(models.LicenceStatusChange)
class LicenceStatusChangeAdmin(SimpleHistoryAdmin):
    list_display = ("licence", "from_status", "to_status", "changed_on", "changed_by")
    list_filter = ("to_status", "licence__municipality")
    search_fields = ("licence__number", "reason")
    list_select_related = ("licence__holder", "changed_by")
    readonly_fields = ("licence", "from_status", "to_status", "changed_on", "reason", "changed_by")

    def has_add_permission(self, request):
        return False  # written only by licence_set_status, together with the licence's status


class HearingInline(admin.TabularInline):
    model = models.Hearing
    extra = 0


@admin.register(models.Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "kind", "status", "holder", "received_on", "municipality")
    list_filter = ("municipality", "kind", "status")
    search_fields = ("reference", "holder__name", "holder__org_number")
    list_select_related = ("holder", "municipality")
    autocomplete_fields = ("holder", "licence", "premises", "proposed_manager", "proposed_deputy")
    inlines = (HearingInline,)


@admin.register(models.Hearing)
class HearingAdmin(SimpleHistoryAdmin):
    list_display = ("application", "body", "sent_on", "deadline_on", "replied_on")
    list_filter = ("body",)
    search_fields = ("application__reference", "application__holder__name")
    list_select_related = ("application__holder",)


@admin.register(models.Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "kind", "outcome", "decided_on", "licence", "municipality")
    list_filter = ("municipality", "kind", "outcome")
    search_fields = ("reference", "licence__number", "application__reference")
    list_select_related = ("licence__holder", "municipality")
    autocomplete_fields = ("application", "licence")


@admin.register(models.Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    """The municipality's delegation: which body decides which kind of case, from a date.

    A change of the delegation regulation is a new entry with a later "valid from"; the
    old entry stays, so decisions made under it keep their reference (each decision also
    keeps a copy of the body it was made by)."""

    list_display = ("municipality", "matter", "body_kind", "body_name", "reference", "valid_from")
    list_filter = ("municipality", "matter", "body_kind")
    search_fields = ("municipality__name", "body_name", "reference")
    list_select_related = ("municipality",)
    ordering = ("municipality", "matter", "-valid_from")


@admin.register(models.CommentRequest)
class CommentRequestAdmin(SimpleHistoryAdmin):
    list_display = ("application", "hearing", "sent_on", "deadline_on", "received_on")
    search_fields = ("application__reference", "application__holder__name")
    list_select_related = ("application__holder", "hearing")
    autocomplete_fields = ("application",)


@admin.register(models.Case)
class CaseAdmin(SimpleHistoryAdmin):
    """Case numbers are given by ``licensing.services.case_numbers``; never edited here."""

    list_display = ("__str__", "municipality", "kind", "last_document", "created_at")
    list_filter = ("kind", "year", "municipality")
    search_fields = ("=sequence", "municipality__name")
    readonly_fields = ("municipality", "year", "sequence", "kind", "last_document", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.CaseCounter)
class CaseCounterAdmin(SimpleHistoryAdmin):
    """The last case number per municipality and year (read only)."""

    list_display = ("municipality", "year", "last")
    search_fields = ("municipality__name", "=year")
    readonly_fields = ("municipality", "year", "last")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.HearingBodyContact)
class HearingBodyContactAdmin(SimpleHistoryAdmin):
    """The hearing bodies' addresses, also edited on the municipality."""

    list_display = ("municipality", "body", "name", "email")
    list_filter = ("municipality", "body")
    search_fields = ("name", "email", "municipality__name")
    list_select_related = ("municipality",)


@admin.register(models.Reminder)
class ReminderAdmin(SimpleHistoryAdmin):
    """The reminders the system sent (read only): who got what, when, and its e-mail."""

    list_display = ("sent_on", "kind", "recipient", "summary", "municipality")
    list_filter = ("kind", "municipality", "sent_on")
    search_fields = ("recipient", "recipient_name", "summary", "subject_key")
    list_select_related = ("municipality",)
    date_hierarchy = "sent_on"
    readonly_fields = [f.name for f in models.Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.PendingMail)
class PendingMailAdmin(admin.ModelAdmin):
    """E-mails stored for the mail worker to render (docs/adr/0220): normally gone within
    seconds; one that failed shows its attempts and last error. No history: a row is deleted
    once rendered, like the outbox's own messages."""

    list_display = ("created_at", "builder", "attempts", "last_error")
    search_fields = ("builder", "last_error")
    readonly_fields = [f.name for f in models.PendingMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
