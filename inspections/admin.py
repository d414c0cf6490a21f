"""Django admin for inspections and penalty points: the administrator's tool.

Administrators register control companies (their users and the municipalities that engage
them), inspectors, and edit the violation catalogue (alkoholforskriften § 10-3) as data.
Case officers handle reports, points and suspensions in their own pages, which go through
the services; here every change is validated by the model (``full_clean`` through the
ModelForm, including the database constraints) and recorded in the history.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models


class InspectorInline(admin.TabularInline):
    model = models.Inspector
    extra = 0
    fields = ("name", "knowledge_test_passed_on")


@admin.register(models.ControlCompany)
class ControlCompanyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "org_number", "email", "phone", "engaged_by")
    search_fields = ("name", "org_number")
    filter_horizontal = ("municipalities", "users")
    inlines = (InspectorInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("engaged by"))
    def engaged_by(self, obj) -> str:
        return ", ".join(m.name for m in obj.municipalities.all())


@admin.register(models.Inspector)
class InspectorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "company", "knowledge_test_passed_on")
    list_filter = ("company",)
    search_fields = ("name",)
    list_select_related = ("company",)


@admin.register(models.ViolationType)
class ViolationTypeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "standard_points", "name_nb", "legal_reference", "active", "sort_order")
    list_editable = ("active", "sort_order")
    list_filter = ("active", "standard_points")
    search_fields = ("code", "name_nb", "name_nn", "name_en", "legal_reference")
    ordering = ("sort_order", "code")

    def get_readonly_fields(self, request, obj=None):
        # The code is the stable identifier used by the API, import and export.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        # Findings and decisions refer to the catalogue; retire a code with "active" instead.
        return False


class FindingInline(admin.StackedInline):
    model = models.Finding
    extra = 0
    fields = ("violation", "observed_at", "description")
    autocomplete_fields = ("violation",)


@admin.register(models.Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = (
        "started_at", "licence", "company", "mode", "review_started_at", "report_sent_on",
    )  # fmt: skip
    list_filter = ("company", "mode", "licence__municipality")
    search_fields = ("licence__number", "licence__holder__name", "licence__premises__name")
    date_hierarchy = "started_at"
    list_select_related = ("licence__holder", "company")
    raw_id_fields = ("licence", "submitted_by", "reviewed_by")
    filter_horizontal = ("inspectors",)
    readonly_fields = ("submitted_at",)
    inlines = (FindingInline,)


@admin.register(models.PointDecision)
class PointDecisionAdmin(SimpleHistoryAdmin):
    list_display = (
        "licence", "violation", "violation_on", "points", "standard_points", "status",
        "decided_on", "reference",
    )  # fmt: skip
    list_filter = ("status", "violation", "licence__municipality")
    search_fields = ("licence__number", "licence__holder__name", "reference")
    date_hierarchy = "violation_on"
    list_select_related = ("licence__holder", "violation")
    raw_id_fields = ("licence", "inspection", "decided_by")
    readonly_fields = ("created_at",)


@admin.register(models.Suspension)
class SuspensionAdmin(SimpleHistoryAdmin):
    list_display = ("licence", "status", "points", "days", "starts_on", "ends_on", "decided_on")
    list_filter = ("status", "licence__municipality")
    search_fields = ("licence__number", "licence__holder__name", "reference")
    list_select_related = ("licence__holder",)
    raw_id_fields = ("licence", "decided_by", "point_decisions")
    readonly_fields = ("created_at", "status_applied_on", "status_lifted_on")
