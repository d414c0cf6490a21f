"""Admin: administrators change the seminar policy here (dated parameters, with history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attendance, Participant, Registration, SeminarPolicy, SeminarSession


@admin.register(SeminarPolicy)
class SeminarPolicyAdmin(SimpleHistoryAdmin):
    list_display = (
        "municipality",
        "valid_from",
        "require_manager",
        "require_deputy",
        "deadline_months",
        "validity_years",
        "warning_days",
    )
    list_filter = ("municipality",)
    date_hierarchy = "valid_from"


@admin.register(SeminarSession)
class SeminarSessionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "municipality", "starts_at", "capacity", "cancelled")
    list_filter = ("municipality", "cancelled", "language")
    search_fields = ("title", "place")
    filter_horizontal = ("open_to",)
    readonly_fields = ("public_id",)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ("venue_name", "org_number", "session", "status", "created_at")
    list_filter = ("status", "session__municipality")
    search_fields = ("venue_name", "org_number", "contact_email", "participants__name")
    raw_id_fields = ("session", "licence")
    readonly_fields = ("token", "created_at", "consent_at")
    inlines = [ParticipantInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ("person", "attended_on", "seminar_title", "recorded_by")
    search_fields = ("person__name", "seminar_title")
    date_hierarchy = "attended_on"
    raw_id_fields = ("person", "participant")
    readonly_fields = ("recorded_by", "recorded_at")
