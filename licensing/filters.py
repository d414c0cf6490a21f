"""List filters for the register pages (django-filter).

Each FilterSet takes the officer's municipalities (the municipality filter appears only when
there are several) and, for licences, the reference date for "expiring within 90 days" and
for the extra filters other apps register in ``licensing.extensions.licence_list_filters``.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .extensions import ListFilter, licence_list_filters
from .models import LicenceKind, LicenceStatus, Municipality, Role
from .selectors import has_current_role

EXPIRING_DAYS = 90


class SearchWidget(forms.TextInput):
    input_type = "search"


class CaseOfficerFilter(django_filters.ChoiceFilter):
    """ "My cases" / "unassigned": the case officer of the listed cases (docs/adr/0185).
    ``field_name`` is the path to the officer; the filterset has the officer as ``user``."""

    MINE, NONE = "mine", "none"

    def __init__(self, field_name: str, **kwargs):
        kwargs.setdefault("label", _("Case officer"))
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(
            field_name=field_name,
            choices=((self.MINE, _("My cases")), (self.NONE, _("Unassigned"))),
            **kwargs,
        )

    def filter(self, qs, value):
        if value == self.MINE:
            user = getattr(self.parent, "user", None)
            return qs.filter(**{self.field_name: getattr(user, "pk", None)})
        if value == self.NONE:
            return qs.filter(**{f"{self.field_name}__isnull": True})
        return qs


class OfficerFilterSet(django_filters.FilterSet):
    """Search, plus a municipality filter for officers of several municipalities."""

    q = django_filters.CharFilter(method="search", label=_("Search"), widget=SearchWidget)
    # The lookup path from the listed model to its municipality.
    municipality_field = "municipality"

    def __init__(
        self, data=None, queryset=None, *, municipalities: list[Municipality], user=None, **kwargs
    ):
        super().__init__(data, queryset, **kwargs)
        self.municipalities = municipalities
        self.user = user
        if len(municipalities) > 1:
            # Choices from the list the view already loaded: no query to render or validate.
            municipality = django_filters.ChoiceFilter(
                field_name=self.municipality_field,
                choices=[(str(m.pk), m.name) for m in municipalities],
                label=_("Municipality"),
                empty_label=_("All"),
            )
            municipality.parent, municipality.model = self, self.queryset.model
            self.filters = {
                "q": self.filters.pop("q"),
                "municipality": municipality,
                **self.filters,
            }
        self.add_filters()

    def add_filters(self) -> None:
        """Hook for filters known only at run time (before the form is built)."""

    @property
    def current_ordering(self) -> str:
        if self.is_bound and self.form.is_valid():
            value = self.form.cleaned_data.get("ordering") or []
            return value[0] if value else ""
        return ""


class HolderFilter(OfficerFilterSet):
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("org_number", "org_number"),
            ("municipality__name", "municipality"),
            ("licence_count", "licences"),
        ),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        digits = "".join(value.split())
        condition = Q(name__icontains=value)
        if digits.isdigit():
            condition |= Q(org_number__contains=digits)
        return queryset.filter(condition)


class LicenceFilter(OfficerFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=LicenceKind.choices, label=_("Kind"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=LicenceStatus.choices, label=_("Status"), empty_label=_("All")
    )
    group = django_filters.ChoiceFilter(
        choices=((1, _("Group 1")), (2, _("Group 2")), (3, _("Group 3"))),
        method="filter_group",
        label=_("Alcohol group"),
        empty_label=_("All"),
    )
    expiring = django_filters.ChoiceFilter(
        choices=(("90", _("Within 90 days")),),
        method="filter_expiring",
        label=_("Expires"),
        empty_label=_("Any time"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("holder__name", "holder"),
            ("valid_to", "valid_to"),
            ("status", "status"),
        ),
    )

    def __init__(self, data=None, queryset=None, *, municipalities, today: dt.date, **kwargs):
        self.today = today
        self.extra_filter_names: list[str] = []
        super().__init__(data, queryset, municipalities=municipalities, **kwargs)

    def add_filters(self) -> None:
        """The filters other apps register (``licensing.extensions.licence_list_filters``)."""
        for list_filter in licence_list_filters:
            extra = django_filters.ChoiceFilter(
                field_name=list_filter.name,
                choices=list_filter.choices,
                label=list_filter.label,
                empty_label=_("All"),
                method=self._extension_method(list_filter),
            )
            extra.parent = self
            self.filters[list_filter.name] = extra
            self.extra_filter_names.append(list_filter.name)

    def _extension_method(self, list_filter: ListFilter):
        def apply(queryset, name, value):
            return list_filter.apply(
                queryset, value, [m.pk for m in self.municipalities], self.today
            )

        return apply

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(holder__name__icontains=value)
            | Q(holder__org_number__contains="".join(value.split()))
            | Q(premises__name__icontains=value)
        )

    def filter_group(self, queryset, name, value):
        return queryset.filter(**{f"group_{int(value)}": True})

    def filter_expiring(self, queryset, name, value):
        return queryset.filter(
            status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED),
            valid_to__gte=self.today,
            valid_to__lte=self.today + dt.timedelta(days=EXPIRING_DAYS),
        ).exclude(kind=LicenceKind.SERVING_SINGLE_OCCASION)  # never renewed: nothing to follow up


class PersonFilter(OfficerFilterSet):
    role = django_filters.ChoiceFilter(
        choices=(
            (Role.MANAGER, _("Manager now")),
            (Role.DEPUTY, _("Deputy now")),
            ("none", _("No current role")),
        ),
        method="filter_role",
        label=_("Role"),
        empty_label=_("All"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("date_of_birth", "date_of_birth"),
            ("knowledge_test_passed_on", "knowledge_test"),
            ("municipality__name", "municipality"),
        ),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value))

    def filter_role(self, queryset, name, value):
        if value == "none":
            return queryset.filter(~has_current_role(Role.MANAGER), ~has_current_role(Role.DEPUTY))
        return queryset.filter(has_current_role(value))
