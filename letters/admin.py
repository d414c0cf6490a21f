"""Issued letters in the Django admin: to look at and download, never to change.

Letters are issued through the letters pages or ``issue_letters`` (``letters.services``);
the admin has no add, change or delete.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import IssuedLetter


@admin.register(IssuedLetter)
class IssuedLetterAdmin(admin.ModelAdmin):
    list_display = (
        "issued_at",
        "kind",
        "our_reference",
        "recipient_name",
        "version",
        "language",
        "municipality",
        "issued_by",
        "sha256_prefix",
    )
    list_filter = ("kind", "language", "municipality")
    search_fields = ("our_reference", "recipient_name", "sha256")
    list_select_related = ("municipality", "issued_by")
    date_hierarchy = "issued_at"
    exclude = ("pdf",)
    readonly_fields = (
        "municipality",
        "content_type",
        "object_id",
        "kind",
        "language",
        "version",
        "supersedes",
        "reason",
        "our_reference",
        "recipient_name",
        "letter_date",
        "sha256",
        "size",
        "issued_at",
        "issued_by",
        "download",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    @admin.display(description=_("PDF"))
    def download(self, letter: IssuedLetter) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("letters:download", args=[letter.pk]), letter.filename
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
