"""The issue form of the letters panel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LetterLanguage


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
    confirm = forms.BooleanField(
        label=_(
            "I have previewed the letter. Issue it: it is stored exactly as it is and "
            "cannot be changed afterwards."
        ),
        error_messages={"required": _("Confirm that the letter is to be issued.")},
    )
