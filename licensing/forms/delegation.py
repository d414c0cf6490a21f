"""The deciding body on the decision forms (applications, points, suspensions) and the
comment step on applications (forvaltningsloven § 17 second paragraph).

The body is proposed from the municipality's delegation (``initial``); the officer may
change it. The form checks what the kind of body needs: a council or committee decision
its case number, a delegated one the delegation reference, a committee or an officer a
name (``licensing.models.deciding_body_errors``, the same check the services run).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from licensing.forms.register import date_field, model_field
from licensing.models import BodyKind, CommentRequest, Hearing, deciding_body_errors
from licensing.services.delegation import DecidingBody

BODY_FIELDS = ("body_kind", "body_name", "delegation_reference", "body_case_number")


class _OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class DecidingBodyFormMixin(forms.Form):
    """Adds the deciding body and the case officer to a decision form. Call
    ``setup_deciding_body(municipality_ids)`` from ``__init__``."""

    body_kind = forms.ChoiceField(
        label=_("Deciding body"),
        choices=[("", "–"), *BodyKind.choices],
        help_text=_(
            "Proposed from the municipality's delegation; change it if another body decided."
        ),
        error_messages={"required": _("Choose who made the decision.")},
    )
    body_name = forms.CharField(
        label=_("Name of the body"),
        max_length=200,
        required=False,
        help_text=_("The committee, or the officer's position, as the letter should name it."),
    )
    delegation_reference = forms.CharField(
        label=_("Delegation reference"),
        max_length=200,
        required=False,
        help_text=_("For a delegated decision, e.g. “delegeringsreglementet pkt. 4.2”."),
    )
    body_case_number = forms.CharField(
        label=_("Council or committee case number"),
        max_length=40,
        required=False,
        help_text=_("For a decision by the council or a committee, e.g. “PS 12/26”."),
    )
    case_officer = _OfficerChoiceField(
        queryset=get_user_model().objects.none(), label=_("Case officer"), required=False
    )

    def setup_deciding_body(self, municipality_ids: list[int]) -> None:
        self.fields["case_officer"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, officer_municipalities__in=municipality_ids)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

    def clean(self):
        cleaned = super().clean()
        errors = deciding_body_errors(
            cleaned.get("body_kind") or "",
            cleaned.get("body_name") or "",
            cleaned.get("delegation_reference") or "",
            cleaned.get("body_case_number") or "",
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned

    def deciding_body(self) -> DecidingBody:
        return DecidingBody(**{name: self.cleaned_data.get(name) or "" for name in BODY_FIELDS})


# The comment step ---------------------------------------------------------------------------


class CommentRequestForm(forms.Form):
    """Send a hearing statement to the applicant for comment."""

    hearing = forms.ModelChoiceField(
        queryset=Hearing.objects.none(),
        label=_("Statement"),
        empty_label=None,
        error_messages={"required": _("Choose the statement to send.")},
    )
    sent_on = date_field(CommentRequest, "sent_on")
    deadline_on = date_field(
        CommentRequest,
        "deadline_on",
        required=False,
        help_text=_("Leave empty for two weeks after the sent date."),
    )

    def __init__(self, *args, hearings, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["hearing"].queryset = hearings
        self.fields["hearing"].label_from_instance = lambda h: str(h.get_body_display())

    def clean_sent_on(self):
        value = self.cleaned_data.get("sent_on")
        if value and value > self.today:
            raise forms.ValidationError(_("The sent date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        sent_on, deadline_on = cleaned.get("sent_on"), cleaned.get("deadline_on")
        if sent_on and deadline_on and deadline_on <= sent_on:
            self.add_error("deadline_on", _("The comment deadline must be after the sent date."))
        return cleaned


class CommentReceivedForm(forms.Form):
    received_on = date_field(CommentRequest, "received_on", required=True)
    gist = model_field(
        CommentRequest,
        "gist",
        required=True,
        help_text=_("What the applicant said, in a few sentences: the refusal letter quotes it."),
        error_messages={"required": _("Write the gist of the applicant's comment.")},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        if value and value > self.today:
            raise forms.ValidationError(_("The received date cannot be in the future."))
        return value


class CommentSkipForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the applicant is not asked to comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Forvaltningsloven § 17 second paragraph allows exceptions, e.g. information the "
            "applicant may not see (§§ 18-19), or the exceptions of § 16 third paragraph. "
            "The refusal letter quotes this. Leave empty to need the comment step again."
        ),
    )
