"""Forms: the public registration (with its participant formset) and the case-officer forms.

The participant formset works without JavaScript: "Add participant" is a submit button that
re-renders the form with one more blank row (``ParticipantFormSet.rows``); blank rows are
ignored. Every field has its own message.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from licensing.models import Municipality
from licensing.validators import normalise_licence_number, normalise_org_number, validate_org_number

from .models import (
    DEFAULT_MAX_PER_REGISTRANT,
    AttendanceMark,
    ParticipantRole,
    SeminarSession,
)
from .services.registrations import MAX_PARTICIPANTS


class RegistrationForm(forms.Form):
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        help_text=_("The 9 digits of the company running the venue (Brønnøysund)."),
        error_messages={"required": _("Enter the organisation number.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    venue_name = forms.CharField(
        label=_("Venue name"),
        max_length=200,
        error_messages={"required": _("Enter the name of the venue.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    licence_number = forms.CharField(
        label=_("Licence number (optional)"),
        max_length=40,
        required=False,
        help_text=_("If the venue has a licence, its number helps us link attendance to it."),
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        help_text=_("We send the confirmation and your private link here."),
        error_messages={
            "required": _("Enter a contact e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality keeps these personal data for the purpose and "
            "the time stated above."
        ),
        error_messages={"required": _("Tick the box to agree, or we cannot register you.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by form-filling bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_org_number(self) -> str:
        value = normalise_org_number(self.cleaned_data["org_number"])
        validate_org_number(value)
        return value

    def clean_licence_number(self) -> str:
        return normalise_licence_number(self.cleaned_data["licence_number"])

    def clean_venue_name(self) -> str:
        value = self.cleaned_data["venue_name"].strip()
        if not value:
            raise ValidationError(_("Enter the name of the venue."))
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class ParticipantForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the participant's full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose…")), *ParticipantRole.choices],
        error_messages={"required": _("Choose the participant's role at the venue.")},
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.no.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        value = " ".join(self.cleaned_data["name"].split())
        if not value:
            raise ValidationError(_("Enter the participant's full name."))
        return value


class BaseParticipantFormSet(BaseFormSet):
    """Rows ``0..existing-1`` are the registration's participants (removable); the rest
    are new. ``rows`` is how many rows to show when unbound."""

    def __init__(
        self, *args, existing: int = 0, rows: int = 1, limit: int = MAX_PARTICIPANTS, **kwargs
    ):
        self.existing = existing
        self.limit = limit
        super().__init__(*args, **kwargs)
        self.extra = max(min(rows, MAX_PARTICIPANTS) - existing, 0)

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this participant")

    def initial_form_count(self) -> int:
        if self.is_bound:
            return min(self.existing, self.total_form_count())
        return self.existing

    def kept_forms(self) -> list[tuple[int, forms.Form]]:
        """(index, form) of the rows that stay: existing rows not removed, and new rows
        that were filled in."""
        kept = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if index >= self.existing and not form.has_changed():
                continue
            kept.append((index, form))
        return kept

    def clean(self) -> None:
        if any(self.errors):
            return
        kept = self.kept_forms()
        if not kept:
            raise ValidationError(_("Add at least one participant."), code="too_few")
        if len(kept) > self.limit:
            raise ValidationError(
                ngettext(
                    "Register at most %(limit)s participant.",
                    "Register at most %(limit)s participants.",
                    self.limit,
                )
                % {"limit": self.limit},
                code="too_many",
            )
        seen: set[str] = set()
        for _index, form in kept:
            key = form.cleaned_data["name"].casefold()
            if key in seen:
                form.add_error(
                    "name",
                    _("%(name)s is listed twice.") % {"name": form.cleaned_data["name"]},
                )
            seen.add(key)


ParticipantFormSet = formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=0,
    max_num=MAX_PARTICIPANTS,
    absolute_max=MAX_PARTICIPANTS,
    can_delete=True,
    can_delete_extra=False,
)

PARTICIPANT_PREFIX = "participants"


def participant_rows(data, default: int = 1) -> int:
    """How many participant rows a POST had (to re-render after "Add participant")."""
    try:
        value = int(data.get(f"{PARTICIPANT_PREFIX}-TOTAL_FORMS", default))
    except (TypeError, ValueError):
        value = default
    return max(1, min(value, MAX_PARTICIPANTS))


def rows_from_post(data, rows: int) -> list[dict]:
    """The participant rows of a POST as initial data (for re-rendering unbound)."""
    fields = ("name", "role", "email")
    return [{f: data.get(f"{PARTICIPANT_PREFIX}-{i}-{f}", "") for f in fields} for i in range(rows)]


class ChangeRegistrationForm(forms.Form):
    contact_email = RegistrationForm.base_fields["contact_email"]


# Case officers -----------------------------------------------------------------------------


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = SeminarSession
        fields = [
            "title",
            "kind",
            "municipality",
            "starts_at",
            "ends_at",
            "registration_deadline",
            "place",
            "online_url",
            "capacity",
            "max_per_organisation",
            "max_per_contact_email",
            "language",
            "description",
            "open_to",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_deadline": DateTimeLocalInput(),
            "open_to": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "open_to": _(
                "Licence holders of these municipalities may attend too (regional seminar)."
            ),
            "place": _("Address and room, or leave empty for an online session."),
        }

    def __init__(self, *args, municipalities: list[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["municipality"].empty_label = None
        if not self.instance.pk and municipalities and not self.is_bound:
            # A new session is held in the written standard of the (first) organiser.
            self.initial.setdefault("language", municipalities[0].language)
        for name in ("max_per_organisation", "max_per_contact_email"):
            self.fields[name].required = False  # empty: the default

    def clean_max_per_organisation(self):
        value = self.cleaned_data.get("max_per_organisation")
        return DEFAULT_MAX_PER_REGISTRANT if value is None else value

    def clean_max_per_contact_email(self):
        value = self.cleaned_data.get("max_per_contact_email")
        return DEFAULT_MAX_PER_REGISTRANT if value is None else value
        if self.instance.pk:
            # The organiser is fixed once registrations can exist.
            del self.fields["municipality"]
            self.fields["open_to"].queryset = Municipality.objects.exclude(
                pk=self.instance.municipality_id
            )
        self.fields["open_to"].required = False
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        organiser = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        if organiser is not None and cleaned.get("open_to"):
            cleaned["open_to"] = [m for m in cleaned["open_to"] if m.pk != organiser.pk]
        return cleaned


class MarkForm(forms.Form):
    mark = forms.ChoiceField(choices=AttendanceMark.choices)
