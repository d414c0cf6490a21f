"""Forms and the list filter for applications, hearings and decisions.

The forms check the shape of the input and what only the page knows (today's date); the
services in ``licensing.services.applications`` validate the data and the domain rules,
and ``licensing.forms.errors.add_domain_error`` puts a refusal on the right field.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from licensing.filters import CaseOfficerFilter, OfficerFilterSet
from licensing.forms.delegation import DecidingBodyFormMixin
from licensing.forms.register import (
    HolderChoiceField,
    MunicipalityChoiceMixin,
    PersonChoiceField,
    PremisesChoiceField,
    date_field,
    model_field,
)
from licensing.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Decision,
    DecisionOutcome,
    Hearing,
    HearingBody,
    Holder,
    Licence,
    Municipality,
    Person,
    Premises,
)
from licensing.validators import normalise_org_number

DEADLINE_MESSAGE = _("The reply deadline must be after the sent date.")


def _not_in_future(form: forms.Form, name: str, message) -> dt.date | None:
    value = form.cleaned_data.get(name)
    if value and value > form.today:
        raise forms.ValidationError(message)
    return value


class LicenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Licence) -> str:
        return f"{obj.number} – {obj.holder.name} ({obj.get_kind_display()})"


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


# Applications ----------------------------------------------------------------------------


class ApplicationForm(MunicipalityChoiceMixin, forms.Form):
    """The application's data. Renewals, manager changes and transfers name the licence;
    their licence kind, groups and premises then follow the licence."""

    reference = model_field(
        Application, "reference", help_text=_("The case number in the archive system.")
    )
    kind = model_field(Application, "kind")
    received_on = date_field(Application, "received_on")
    holder = HolderChoiceField(queryset=Holder.objects.none(), label=_("Applicant"))
    licence = LicenceChoiceField(
        queryset=Licence.objects.none(),
        label=_("Existing licence"),
        required=False,
        help_text=_("For renewals, changes of manager or deputy, and transfers."),
    )
    licence_kind = model_field(
        Application,
        "licence_kind",
        required=False,
        help_text=_(
            "For new licences. Single-occasion and catering applications get their "
            "licence kind from the application kind."
        ),
    )
    group_1 = model_field(Application, "group_1")
    group_2 = model_field(Application, "group_2")
    group_3 = model_field(Application, "group_3")
    premises = PremisesChoiceField(
        queryset=Premises.objects.none(), label=_("Premises"), required=False
    )
    proposed_manager = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Proposed manager"), required=False
    )
    proposed_deputy = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Proposed deputy"), required=False
    )
    requested_valid_from = date_field(
        Application,
        "requested_valid_from",
        help_text=_(
            "For a single occasion: the date of the event. For a transfer: the day the new owner takes over."
        ),
    )
    requested_valid_to = date_field(Application, "requested_valid_to")
    description = model_field(Application, "description")
    case_officer = OfficerChoiceField(
        queryset=get_user_model().objects.none(), label=_("Case officer"), required=False
    )

    def __init__(
        self,
        *args,
        municipalities: list[Municipality],
        editable_municipality: bool,
        holders,
        licences,
        premises,
        persons,
        today: dt.date,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        several = len(municipalities) > 1
        self.fields["holder"].queryset = holders
        self.fields["holder"].show_municipality = several
        self.fields["licence"].queryset = licences
        self.fields["premises"].queryset = premises
        self.fields["premises"].show_municipality = several
        for name in ("proposed_manager", "proposed_deputy"):
            self.fields[name].queryset = persons
            self.fields[name].show_municipality = several
        self.fields["case_officer"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, officer_municipalities__in=[m.pk for m in municipalities]
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.setup_municipality(municipalities, editable=editable_municipality)

    def clean_received_on(self):
        return _not_in_future(self, "received_on", _("The received date cannot be in the future."))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("requested_valid_from"), cleaned.get("requested_valid_to")
        if start and end and end < start:
            self.add_error(
                "requested_valid_to", _("“Requested to” must be on or after “requested from”.")
            )
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("municipality", None)
        return data


# Hearings ---------------------------------------------------------------------------------


class HearingForm(forms.Form):
    """Send a hearing to one or more bodies (alkoholloven § 1-7)."""

    bodies = forms.MultipleChoiceField(
        label=_("Send to"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one body to send the hearing to.")},
    )
    sent_on = date_field(Hearing, "sent_on")
    deadline_on = date_field(
        Hearing,
        "deadline_on",
        required=False,
        help_text=_("Leave empty for three weeks after the sent date."),
    )

    def __init__(self, *args, available: list[str], today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["bodies"].choices = [
            (value, label) for value, label in HearingBody.choices if value in available
        ]

    def clean_sent_on(self):
        return _not_in_future(self, "sent_on", _("The sent date cannot be in the future."))

    def clean(self):
        cleaned = super().clean()
        sent_on, deadline_on = cleaned.get("sent_on"), cleaned.get("deadline_on")
        if sent_on and deadline_on and deadline_on <= sent_on:
            self.add_error("deadline_on", DEADLINE_MESSAGE)
        return cleaned


class HearingReplyForm(forms.Form):
    replied_on = date_field(Hearing, "replied_on", required=True)
    gist = model_field(
        Hearing,
        "gist",
        required=True,
        help_text=_("What the body said, in a few sentences: it goes into the decision's reasons."),
        error_messages={"required": _("Write the gist of the reply.")},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_replied_on(self):
        return _not_in_future(self, "replied_on", _("The reply date cannot be in the future."))


# Decisions ---------------------------------------------------------------------------------


class DecisionForm(DecidingBodyFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the application is granted or refused.")},
    )
    decided_on = date_field(Decision, "decided_on")
    reasons = model_field(
        Decision,
        "reasons",
        help_text=_(
            "The facts, the main considerations and the assessment (forvaltningsloven §§ 24-25)."
        ),
        error_messages={
            "required": _("Give the reasons for the decision (forvaltningsloven §§ 24-25).")
        },
    )
    legal_basis = model_field(
        Decision,
        "legal_basis",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Prefilled with the usual provisions for this kind of application."),
    )
    reference = model_field(Decision, "reference")

    def __init__(self, *args, today: dt.date, municipality_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.setup_deciding_body(municipality_ids)

    def clean_decided_on(self):
        return _not_in_future(self, "decided_on", _("The decision date cannot be in the future."))


# Status ----------------------------------------------------------------------------------


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices)


# List filter -------------------------------------------------------------------------------


class ApplicationFilter(OfficerFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=ApplicationKind.choices, label=_("Kind"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=ApplicationStatus.choices, label=_("Status"), empty_label=_("All")
    )
    waiting = django_filters.ChoiceFilter(
        choices=(("1", _("Waiting for a decision")),),
        method="filter_waiting",
        label=_("Decision"),
        empty_label=_("All"),
    )
    hearing_overdue = django_filters.ChoiceFilter(
        choices=(("1", _("A reply is overdue")),),
        method="filter_hearing_overdue",
        label=_("Hearings"),
        empty_label=_("All"),
    )
    open = django_filters.ChoiceFilter(
        choices=(("1", _("Open (not decided or withdrawn)")),),
        method="filter_open",
        label=_("Open"),
        empty_label=_("All"),
    )
    officer = CaseOfficerFilter("case_officer")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("reference", "reference"),
            ("holder__name", "holder"),
            ("kind", "kind"),
            ("received_on", "received_on"),
            ("status", "status"),
        ),
    )

    def __init__(self, data=None, queryset=None, *, municipalities, today: dt.date, **kwargs):
        self.today = today
        super().__init__(data, queryset, municipalities=municipalities, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        digits = normalise_org_number(value)
        condition = Q(reference__icontains=value) | Q(holder__name__icontains=value)
        if digits.isdigit():
            condition |= Q(holder__org_number__contains=digits)
        return queryset.filter(condition)

    def filter_open(self, queryset, name, value):
        from licensing.dashboard_sections import OPEN_STATUSES

        return queryset.filter(status__in=OPEN_STATUSES)

    def filter_waiting(self, queryset, name, value):
        from licensing.dashboard_sections import waiting_for_decision

        return waiting_for_decision(queryset, self.today)

    def filter_hearing_overdue(self, queryset, name, value):
        from licensing.dashboard_sections import with_overdue_hearing

        return with_overdue_hearing(queryset, self.today)
