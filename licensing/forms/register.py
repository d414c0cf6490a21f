"""Forms for holders, premises, persons, licences, managers and licence status.

Plain forms whose fields come from the model fields (labels, help texts, validators stay in
one place). They check only the shape of the input; the services validate the data and the
domain rules, and ``licensing.forms.errors.add_domain_error`` puts a service's refusal on
the right fields.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from licensing.formatting import short_date
from licensing.models import (
    Holder,
    Licence,
    LicenceKind,
    LicenceStatus,
    Municipality,
    Person,
    Premises,
    Role,
)
from licensing.services.licences import HOUR_FIELDS

postal_code_validator = RegexValidator(r"^\d{4}$", _("A postal code has 4 digits."))


def model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field Django derives from the model field (label, help text, validators)."""
    return model._meta.get_field(name).formfield(**kwargs)


def date_input() -> forms.DateInput:
    """A native date picker; ISO format is what ``<input type="date">`` reads and sends."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def date_field(model, name: str, **kwargs) -> forms.Field:
    return model_field(model, name, widget=date_input(), **kwargs)


def time_field(model, name: str, **kwargs) -> forms.Field:
    return model_field(
        model, name, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}), **kwargs
    )


class MunicipalityChoiceMixin:
    """A municipality field limited to the officer's; removed when there is only one."""

    def setup_municipality(self, municipalities: list[Municipality], *, editable: bool) -> None:
        self.municipalities = municipalities
        if editable and len(municipalities) > 1:
            self.fields["municipality"] = forms.ModelChoiceField(
                queryset=Municipality.objects.filter(pk__in=[m.pk for m in municipalities]),
                label=_("Municipality"),
            )
            self.order_fields(["municipality"])

    def chosen_municipality(self) -> Municipality:
        if "municipality" in self.fields:
            return self.cleaned_data["municipality"]
        return self.municipalities[0]


class HolderForm(MunicipalityChoiceMixin, forms.Form):
    org_number = model_field(
        Holder,
        "org_number",
        max_length=11,  # allow "972 418 013"; the service removes the spaces
        help_text=_("9 digits, from the Central Coordinating Register (Brønnøysund)."),
    )
    name = model_field(Holder, "name")
    contact_name = model_field(Holder, "contact_name")
    address_line = model_field(Holder, "address_line")
    postal_code = model_field(Holder, "postal_code", validators=[postal_code_validator])
    postal_place = model_field(Holder, "postal_place")
    email = model_field(Holder, "email")
    phone = model_field(Holder, "phone")

    def __init__(
        self, *args, municipalities: list[Municipality], editable_municipality: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["org_number"].validators = []  # checked after removing spaces, below
        self.setup_municipality(municipalities, editable=editable_municipality)

    def clean_org_number(self) -> str:
        from licensing.validators import normalise_org_number, validate_org_number

        value = normalise_org_number(self.cleaned_data["org_number"])
        validate_org_number(value)
        return value


class PremisesForm(MunicipalityChoiceMixin, forms.Form):
    name = model_field(Premises, "name")
    address_line = model_field(Premises, "address_line")
    postal_code = model_field(Premises, "postal_code", validators=[postal_code_validator])
    postal_place = model_field(Premises, "postal_place")
    description = model_field(Premises, "description")

    def __init__(
        self, *args, municipalities: list[Municipality], editable_municipality: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.setup_municipality(municipalities, editable=editable_municipality)


class PersonForm(MunicipalityChoiceMixin, forms.Form):
    name = model_field(Person, "name")
    date_of_birth = date_field(Person, "date_of_birth")
    knowledge_test_passed_on = date_field(
        Person,
        "knowledge_test_passed_on",
        help_text=_("Kunnskapsprøven (alkoholloven § 1-7c). Leave blank if not passed."),
    )
    email = model_field(Person, "email")
    phone = model_field(Person, "phone")

    def __init__(
        self, *args, municipalities: list[Municipality], editable_municipality: bool,
        today: dt.date, **kwargs,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.today = today
        self.setup_municipality(municipalities, editable=editable_municipality)

    def _not_in_future(self, name: str):
        value = self.cleaned_data.get(name)
        if value and value > self.today:
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_date_of_birth(self):
        return self._not_in_future("date_of_birth")

    def clean_knowledge_test_passed_on(self):
        return self._not_in_future("knowledge_test_passed_on")


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, show_municipality: bool = False, **kwargs):
        self.show_municipality = show_municipality
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Person) -> str:
        born = short_date(obj.date_of_birth) if obj.date_of_birth else "–"
        label = f"{obj.name} ({born})"
        return f"{label} – {obj.municipality.name}" if self.show_municipality else label


class HolderChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, show_municipality: bool = False, **kwargs):
        self.show_municipality = show_municipality
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Holder) -> str:
        label = f"{obj.name} ({obj.org_number})"
        return f"{label} – {obj.municipality.name}" if self.show_municipality else label


class PremisesChoiceField(HolderChoiceField):
    def label_from_instance(self, obj: Premises) -> str:
        label = f"{obj.name}, {obj.address_line}" if obj.address_line else obj.name
        return f"{label} – {obj.municipality.name}" if self.show_municipality else label


class LicenceForm(forms.Form):
    """Licence terms. On create also the holder, the manager and the deputy, and optionally
    new premises registered in the same step."""

    holder = HolderChoiceField(
        queryset=Holder.objects.none(), label=_("Holder"), empty_label=_("Choose the holder")
    )
    number = model_field(
        Licence, "number", required=False,
        help_text=_("Leave blank to number the licence automatically (year-sequence)."),
    )  # fmt: skip
    kind = forms.ChoiceField(choices=LicenceKind.choices, label=_("Kind"))
    premises = PremisesChoiceField(
        queryset=Premises.objects.none(), label=_("Existing premises"), required=False,
        empty_label=_("None chosen"),
    )  # fmt: skip
    new_premises_name = model_field(
        Premises, "name", required=False, label=_("Name of new premises")
    )
    new_premises_address_line = model_field(Premises, "address_line", label=_("Address"))
    new_premises_postal_code = model_field(
        Premises, "postal_code", validators=[postal_code_validator]
    )
    new_premises_postal_place = model_field(Premises, "postal_place")
    group_1 = model_field(Licence, "group_1")
    group_2 = model_field(Licence, "group_2")
    group_3 = model_field(Licence, "group_3")
    group12_from = time_field(Licence, "group12_from")
    group12_until = time_field(Licence, "group12_until")
    group3_from = time_field(Licence, "group3_from")
    group3_until = time_field(Licence, "group3_until")
    sales_weekday_until = time_field(Licence, "sales_weekday_until")
    sales_saturday_until = time_field(Licence, "sales_saturday_until")
    granted_on = date_field(Licence, "granted_on")
    valid_from = date_field(Licence, "valid_from")
    valid_to = date_field(
        Licence, "valid_to",
        help_text=_("At most to the end of the licence period (alkoholloven § 1-6)."),
    )  # fmt: skip
    transferred_on = date_field(Licence, "transferred_on")
    area_indoor = model_field(Licence, "area_indoor", widget=forms.Textarea(attrs={"rows": 3}))
    area_outdoor = model_field(Licence, "area_outdoor", widget=forms.Textarea(attrs={"rows": 3}))
    seminar_required = model_field(Licence, "seminar_required")
    conditions = model_field(Licence, "conditions", widget=forms.Textarea(attrs={"rows": 3}))
    manager = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Manager"), required=False,
        empty_label=_("None chosen"),
        help_text=_("Required for sales and serving licences (alkoholloven § 1-7c)."),
    )  # fmt: skip
    deputy = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Deputy"), required=False,
        empty_label=_("None chosen"),
    )  # fmt: skip

    PREMISES_FIELDS = (
        "new_premises_name", "new_premises_address_line", "new_premises_postal_code",
        "new_premises_postal_place",
    )  # fmt: skip

    def __init__(
        self, *args, holders, premises, persons, show_municipality: bool, creating: bool,
        **kwargs,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        for name, queryset in (("holder", holders), ("premises", premises),
                               ("manager", persons), ("deputy", persons)):  # fmt: skip
            self.fields[name].queryset = queryset
            self.fields[name].show_municipality = show_municipality
        if creating:
            del self.fields["transferred_on"]
        else:
            # Only a new licence is numbered automatically.
            self.fields["number"].required = True
            self.fields["number"].help_text = ""
            # A new holder is a new licence (transfer, alkoholloven § 1-10); managers change
            # through their own page, where the change is recorded as a new assignment.
            for name in ("holder", "manager", "deputy", *self.PREMISES_FIELDS):
                del self.fields[name]
            self.fields["premises"].label = _("Premises")

    def clean(self):
        data = super().clean()
        if "new_premises_name" in self.fields:
            new_given = any(data.get(name) for name in self.PREMISES_FIELDS)
            if data.get("premises") and new_given:
                self.add_error(
                    "new_premises_name",
                    _("Choose existing premises or register new ones, not both."),
                )
            elif new_given and not data.get("new_premises_name"):
                self.add_error("new_premises_name", _("Give the name of the new premises."))
        return data

    def groups(self) -> set[int]:
        return {g for g in (1, 2, 3) if self.cleaned_data.get(f"group_{g}")}

    def terms(self) -> dict:
        """The licence terms, as the service takes them."""
        data = self.cleaned_data
        terms = {
            name: data[name]
            for name in (
                "number", "kind", "premises", *HOUR_FIELDS, "granted_on", "valid_from",
                "valid_to", "area_indoor", "area_outdoor", "seminar_required", "conditions",
            )
        }  # fmt: skip
        terms["groups"] = self.groups()
        if "transferred_on" in self.fields:
            terms["transferred_on"] = data["transferred_on"]
        return terms

    def new_premises(self) -> dict | None:
        data = self.cleaned_data
        if "new_premises_name" not in self.fields or not data.get("new_premises_name"):
            return None
        return {name.removeprefix("new_premises_"): data[name] for name in self.PREMISES_FIELDS}


# Errors of ``premises_create`` on the licence form's new-premises fields.
NEW_PREMISES_FIELD_MAP = {
    name.removeprefix("new_premises_"): name for name in LicenceForm.PREMISES_FIELDS
}


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    person = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Person"), empty_label=_("Choose the person")
    )
    started_on = forms.DateField(
        label=_("Takes the role on"),
        help_text=_("The current person in the role leaves it the day before."),
        widget=date_input(),
    )

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class EndAssignmentForm(forms.Form):
    ended_on = forms.DateField(label=_("Left the role on"), widget=date_input())


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Takes effect on"), widget=date_input())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the licence's history; refer to the decision if there is one."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm the status change."),
        error_messages={"required": _("Tick the box to confirm the status change.")},
    )

    def __init__(self, *args, allowed: list[str], today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        empty = [("", _("Choose the new status"))]
        # Any status is accepted, so that a change sent from an outdated page is refused by
        # the service, which names the current status; the list offers the allowed ones.
        self.fields["status"].choices = empty + list(LicenceStatus.choices)
        self.fields["status"].widget.choices = empty + [
            (value, LicenceStatus(value).label) for value in allowed
        ]

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > self.today:
            raise forms.ValidationError(
                _(
                    "A status change takes effect today or earlier; the date cannot be in the future."
                )
            )
        return value
