"""Filters for the case officers' session list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.models import Municipality

from .models import SeminarSession

UPCOMING = "upcoming"
PAST = "past"


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
    )
    period = django_filters.ChoiceFilter(
        choices=((UPCOMING, _("Upcoming")), (PAST, _("Past"))),
        method="filter_period",
        label=_("When"),
        empty_label=_("All"),
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(), label=_("Organised by"), empty_label=_("All")
    )
    # Every label is given here: django-filter's own "%s (descending)" is formatted when the
    # class is defined (so never translated) and has no Norwegian translation.
    ordering = django_filters.OrderingFilter(
        fields=(("starts_at", "starts_at"), ("title", "title"), ("capacity", "capacity")),
        field_labels={
            "starts_at": _("Start, earliest first"),
            "-starts_at": _("Start, latest first"),
            "title": _("Title, A–Z"),
            "-title": _("Title, Z–A"),
            "capacity": _("Capacity, smallest first"),
            "-capacity": _("Capacity, largest first"),
        },
        label=_("Sort by"),
        empty_label=_("Default order"),
    )

    class Meta:
        model = SeminarSession
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, municipalities, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if len(municipalities) > 1:
            self.filters["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
        else:
            del self.filters["municipality"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value) | Q(place__icontains=value) | Q(kind__icontains=value)
        )

    def filter_period(self, queryset, name, value):
        now = timezone.now()
        if value == UPCOMING:
            return queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
        return queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
