"""Administrators issue and revoke API tokens in the Django admin (Knox → Auth tokens).

"Add" issues a token and shows it once on the next page; deleting a token revokes it.
Tokens cannot be edited. The idempotency records are listed read-only for support.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error

from .models import IdempotencyRecord
from .tokens import DEFAULT_DAYS, MAX_DAYS, token_issue


class IssueTokenForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )


if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "token_key", "created", "expiry", "state")
    list_select_related = ("user",)
    search_fields = ("user__username", "token_key")
    list_filter = ("expiry",)
    ordering = ("-created",)

    @admin.display(description=_("state"))
    def state(self, obj: AuthToken) -> str:
        if obj.expiry is not None and obj.expiry < timezone.now():
            return _("expired")
        return _("valid")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IssueTokenForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Issue an API token"),
        }
        if request.method == "POST" and form.is_valid():
            try:
                row, token = token_issue(
                    user=form.cleaned_data["user"], days=form.cleaned_data["days"]
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                self.log_addition(request, row, [{"added": {}}])
                # Rendered once, never stored: the database keeps only the digest.
                response = TemplateResponse(
                    request,
                    "admin/api/token_issued.html",
                    {**context, "title": _("API token issued"), "token": token, "row": row},
                )
                response["Cache-Control"] = "no-store"
                return response
        return TemplateResponse(request, "admin/api/issue_token.html", {**context, "form": form})


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "key", "method", "path", "status_code")
    list_select_related = ("user",)
    search_fields = ("key", "user__username")
    readonly_fields = [f.name for f in IdempotencyRecord._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
