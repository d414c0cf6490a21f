"""Filters of the incoming reports list and the list of point cases and suspensions
(django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from inspections.models import ControlCompany, PointDecision, Suspension
from licensing.clock import today
from licensing.filters import CaseOfficerFilter, OfficerFilterSet
from licensing.models import CaseKind


class ReportFilter(OfficerFilterSet):
    company = django_filters.ModelChoiceFilter(
        queryset=ControlCompany.objects.none(), label=_("Control company"), empty_label=_("All")
    )
    not_reviewed = django_filters.BooleanFilter(
        method="filter_not_reviewed", label=_("Not reviewed"), widget=forms.CheckboxInput
    )
    not_sent = django_filters.BooleanFilter(
        method="filter_not_sent", label=_("Report not sent to the holder"),
        widget=forms.CheckboxInput,
    )  # fmt: skip
    with_findings = django_filters.BooleanFilter(
        method="filter_with_findings", label=_("With findings"), widget=forms.CheckboxInput
    )
    awaiting_comment = django_filters.BooleanFilter(
        method="filter_awaiting_comment",
        label=_("Awaiting the holder's comment"),
        widget=forms.CheckboxInput,
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("started_at", "date"),
            ("licence__premises__name", "venue"),
            ("company__name", "company"),
            ("findings_count", "findings"),
            ("report_sent_on", "sent"),
        ),
    )

    def __init__(self, data=None, queryset=None, *, municipalities, companies, **kwargs):
        super().__init__(data, queryset, municipalities=municipalities, **kwargs)
        self.filters["company"].queryset = companies
        if "municipality" in self.filters:
            self.filters["municipality"].field_name = "licence__municipality"

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(licence__number__icontains=value)
            | Q(licence__holder__name__icontains=value)
            | Q(licence__premises__name__icontains=value)
        )

    def filter_not_reviewed(self, queryset, name, value):
        return queryset.filter(review_started_at__isnull=True) if value else queryset

    def filter_not_sent(self, queryset, name, value):
        return queryset.filter(report_sent_on__isnull=True) if value else queryset

    def filter_with_findings(self, queryset, name, value):
        return queryset.filter(has_findings=True) if value else queryset

    def filter_awaiting_comment(self, queryset, name, value):
        """As the dashboard's section: sent with findings, no comment, no points yet."""
        if not value:
            return queryset
        return queryset.filter(
            has_findings=True,
            report_sent_on__isnull=False,
            holder_comment_on__isnull=True,
            point_decisions__isnull=True,
        )


class CaseFilter(OfficerFilterSet):
    """Point cases and suspensions (``selectors.point_and_suspension_cases``)."""

    kind = django_filters.ChoiceFilter(
        choices=((CaseKind.POINTS, _("Penalty points")), (CaseKind.SUSPENSION, _("Suspension"))),
        label=_("Kind"),
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        choices=(
            ("open", _("Open")),
            ("ready", _("Comment deadline passed")),
            ("closed", _("Closed")),
        ),
        method="filter_state",
        label=_("State"),
        empty_label=_("All"),
    )
    officer = CaseOfficerFilter("assigned_to")
    ordering = django_filters.OrderingFilter(
        fields=(("sequence", "number"), ("deadline", "deadline")),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        match = Q(licence__number__icontains=value) | Q(licence__holder__name__icontains=value)
        match |= Q(licence__premises__name__icontains=value)
        return queryset.filter(
            Q(sequence__icontains=value)
            | Exists(PointDecision.objects.filter(match, case=OuterRef("pk")))
            | Exists(Suspension.objects.filter(match, case=OuterRef("pk")))
        )

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(is_open=True)
        if value == "ready":
            # As the dashboard: an advance notice whose comment deadline has passed.
            return queryset.filter(state="notified", deadline__lt=today())
        if value == "closed":
            return queryset.filter(is_open=False)
        return queryset
