from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarFeed, Coordinator


@admin.register(Coordinator)
class CoordinatorAdmin(SimpleHistoryAdmin):
    list_display = ("user",)
    filter_horizontal = ("municipalities",)
    autocomplete_fields = ("user",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    readonly_fields = ("token", "created_at")
