"""Regional coordinators and calendar-feed tokens.

A coordinator (of an inter-municipal cooperation) sees the regional overview and the yearly
reports of the municipalities given here, never case details: not being a case officer,
every case page answers 403 (``licensing.access``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from licensing.models import Municipality


class Coordinator(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator",
        verbose_name=_("user"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="coordinators", verbose_name=_("municipalities")
    )
    history = HistoricalRecords(excluded_fields=["municipalities"])

    class Meta:
        verbose_name = _("regional coordinator")
        verbose_name_plural = _("regional coordinators")

    def __str__(self) -> str:
        return str(self.user)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret of a user's deadline calendar URL; renewing it ends the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
