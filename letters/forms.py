"""The issue form of the letters panel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LetterLanguage


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IssueLetterForm(forms.Form):
    """Issue one letter. Prefixed with the letter kind, so one page can hold several."""

    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=LetterLanguage.choices,
        initial=LetterLanguage.NB,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when the letter has been issued before in this language: the new "
            "version supersedes the old one, which is kept."
        ),
    )
    # Shown only when the letter cannot be issued with its recorded dates
    # (services.issue_refusal): a notice's new comment deadline, a suspension's new start.
    new_deadline = forms.DateField(
        label=_("New deadline for comments"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "At least 7 days after today; usually 14. The notice is dated today, the day it "
            "is issued (forvaltningsloven § 16)."
        ),
    )
    new_start = forms.DateField(
        label=_("New start of the suspension"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "After today. The end follows from the number of days decided. Saving the new "
            "period confirms it as the decided period."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have previewed the letter. Issue it: it is stored exactly as it is and "
            "cannot be changed afterwards."
        ),
        error_messages={"required": _("Confirm that the letter is to be issued.")},
    )
