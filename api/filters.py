"""FilterSets and the search/ordering backends of the API.

Invalid filter values answer 400 with the parameter's messages (django-filter), never 500.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter, SearchFilter

from inspections.models import (
    Inspection,
    InspectionMode,
    Inspector,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
    ViolationType,
)
from licensing.models import Holder, Licence, LicenceKind, LicenceStatus
from licensing.validators import normalise_licence_number, normalise_org_number
from seminars.models import SeminarSession

GROUP_CHOICES = (("1", _("group 1")), ("2", _("group 2")), ("3", _("group 3")))


MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A positive integer id (a NumberFilter would accept 1.5 or 1e9999)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false/1/0 or absent; anything else is an error (not silently ignored)."""

    widget = forms.TextInput  # django-filter's BooleanWidget turns unknown values into None

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        lowered = str(value).lower()
        if lowered in {"true", "1"}:
            return True
        if lowered in {"false", "0"}:
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` with the primary key appended, so equal values never reorder pages."""

    def get_ordering(self, request, queryset, view):
        """A value the schema does not list (an empty one too) is a 400, not ignored."""
        if self.ordering_param in request.query_params:
            value = request.query_params[self.ordering_param]
            fields = [name for name, _label in self.get_valid_fields(queryset, view, {})]
            allowed = {*fields, *(f"-{f}" for f in fields)}
            terms = [term.strip() for term in value.split(",")]
            if not value or any(term not in allowed for term in terms):
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Sort by one of: %(fields)s.")
                            % {"fields": ", ".join(sorted(allowed))}
                        ]
                    }
                )
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(term.lstrip("-") in {"pk", "id"} for term in ordering):
            ordering.append("pk")
        return ordering

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _label in self.get_valid_fields(view.get_queryset(), view, {})]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "The field to sort by; a leading minus sorts descending. Ties are broken by id."
                ),
                "schema": {"type": "string", "enum": [*fields, *(f"-{f}" for f in fields)]},
            }
        ]


class SafeSearchFilter(SearchFilter):
    """``?search=``: refuses NUL characters (PostgreSQL cannot compare them) with a 400."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"}
        return parameters

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            raise exceptions.ValidationError(
                {self.search_param: [_("Null characters are not allowed.")]}
            )
        if len(value) > 200:
            raise exceptions.ValidationError(
                {self.search_param: [_("Search for at most 200 characters.")]}
            )
        return super().get_search_terms(request)


@extend_schema_field({"type": "string", "maxLength": 64, "pattern": "^[^\\u0000]*$"})
class TextFilter(django_filters.CharFilter):
    """Free text up to 64 characters without NUL (Django's form field refuses NUL)."""


@extend_schema_field({"type": "string", "maxLength": 9, "pattern": "^[^\\u0000]*$"})
class OrgNumberFilter(django_filters.CharFilter):
    """An organisation number as typed: grouping removed, digits of any script as ASCII."""

    def filter(self, qs, value):
        return super().filter(qs, normalise_org_number(value) if value else value)


@extend_schema_field({"type": "string", "maxLength": 40, "pattern": "^[^\\u0000]*$"})
class LicenceNumberFilter(django_filters.CharFilter):
    """A licence number, its digits of any script as ASCII."""

    def filter(self, qs, value):
        return super().filter(qs, normalise_licence_number(value) if value else value)


class LicenceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=LicenceKind.choices, help_text=_("Licence kind."))
    status = django_filters.ChoiceFilter(
        choices=LicenceStatus.choices, help_text=_("Licence status.")
    )
    municipality = OrgNumberFilter(
        field_name="municipality__org_number",
        max_length=9,
        help_text=_("The municipality's organisation number (9 digits)."),
    )
    holder = IdFilter(field_name="holder_id", help_text=_("Holder id (case officers)."))
    group = django_filters.ChoiceFilter(
        choices=GROUP_CHOICES,
        method="filter_group",
        help_text=_("Licences covering this alcohol group (1, 2 or 3)."),
    )

    class Meta:
        model = Licence
        fields = ["kind", "status", "municipality", "holder", "group"]

    def filter_group(self, queryset, name, value):
        return queryset.filter(**{f"group_{value}": True})


class HolderFilter(django_filters.FilterSet):
    org_number = OrgNumberFilter(max_length=9, help_text=_("The holder's organisation number."))
    municipality = OrgNumberFilter(
        field_name="municipality__org_number",
        max_length=9,
        help_text=_("The municipality's organisation number."),
    )

    class Meta:
        model = Holder
        fields = ["org_number", "municipality"]


class InspectionFilter(django_filters.FilterSet):
    licence = IdFilter(field_name="licence_id", help_text=_("Licence id."))
    licence_number = LicenceNumberFilter(
        field_name="licence__number", max_length=40, help_text=_("Licence number.")
    )
    municipality = OrgNumberFilter(
        field_name="licence__municipality__org_number",
        max_length=9,
        help_text=_("The municipality's organisation number."),
    )
    mode = django_filters.ChoiceFilter(choices=InspectionMode.choices)
    started_from = django_filters.DateFilter(
        field_name="started_at__date", lookup_expr="gte", help_text=_("Started on or after.")
    )
    started_to = django_filters.DateFilter(
        field_name="started_at__date", lookup_expr="lte", help_text=_("Started on or before.")
    )
    in_review = BooleanFilter(
        field_name="review_started_at",
        lookup_expr="isnull",
        exclude=True,
        help_text=_("true: a case officer has started the review (the report is frozen)."),
    )

    class Meta:
        model = Inspection
        fields = [
            "licence",
            "licence_number",
            "municipality",
            "mode",
            "started_from",
            "started_to",
            "in_review",
        ]


class InspectorFilter(django_filters.FilterSet):
    company = IdFilter(field_name="company_id", help_text=_("Control company id."))

    class Meta:
        model = Inspector
        fields = ["company"]


class ViolationTypeFilter(django_filters.FilterSet):
    active = BooleanFilter(help_text=_("Only codes in use (true) or retired."))

    class Meta:
        model = ViolationType
        fields = ["active"]


class PointDecisionFilter(django_filters.FilterSet):
    licence = IdFilter(
        field_name="licence_id",
    )
    licence_number = LicenceNumberFilter(field_name="licence__number", max_length=40)
    municipality = OrgNumberFilter(field_name="licence__municipality__org_number", max_length=9)
    status = django_filters.ChoiceFilter(choices=PointDecisionStatus.choices)
    code = TextFilter(
        field_name="violation__code", max_length=64, help_text=_("Violation catalogue code.")
    )
    violation_from = django_filters.DateFilter(field_name="violation_on", lookup_expr="gte")
    violation_to = django_filters.DateFilter(field_name="violation_on", lookup_expr="lte")

    class Meta:
        model = PointDecision
        fields = [
            "licence",
            "licence_number",
            "municipality",
            "status",
            "code",
            "violation_from",
            "violation_to",
        ]


class SuspensionFilter(django_filters.FilterSet):
    licence = IdFilter(
        field_name="licence_id",
    )
    licence_number = LicenceNumberFilter(field_name="licence__number", max_length=40)
    municipality = OrgNumberFilter(field_name="licence__municipality__org_number", max_length=9)
    status = django_filters.ChoiceFilter(choices=SuspensionStatus.choices)

    class Meta:
        model = Suspension
        fields = ["licence", "licence_number", "municipality", "status"]


class SeminarFilter(django_filters.FilterSet):
    municipality = OrgNumberFilter(
        field_name="municipality__org_number", max_length=9, help_text=_("Organiser.")
    )
    starts_from = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte")
    starts_to = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte")
    cancelled = BooleanFilter()

    class Meta:
        model = SeminarSession
        fields = ["municipality", "starts_from", "starts_to", "cancelled"]


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing an empty value for a filter the schema types as an
    enum, integer or boolean (``?group=``, ``?holder=``): the schema does not allow it, so
    it is a 400 rather than silently no filter."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        typed = (
            django_filters.ChoiceFilter,
            django_filters.NumberFilter,
            django_filters.BooleanFilter,
        )
        empty = {
            name: [_("This value may not be empty.")]
            for name, filter_ in filterset.filters.items()
            if isinstance(filter_, typed)
            and name in request.query_params
            and not request.query_params.get(name, "").strip()
        }
        if empty:
            raise exceptions.ValidationError(empty)
        return filterset
