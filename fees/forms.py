"""Forms of the fees app. The litres fields are only those of the groups the licence
covers; the services check the rules again (``reports.check_report``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportKind

GROUP_LABELS = {
    1: _("Group 1 (over 2.5 % up to 4.7 % alcohol), litres"),
    2: _("Group 2 (over 4.7 % and under 22 %), litres"),
    3: _("Group 3 (22 % up to 60 %), litres"),
}


class LitresField(forms.IntegerField):
    """Whole litres; a fraction or a negative figure gets its own message."""

    default_error_messages = {"invalid": _("Write whole litres, without decimals.")}

    def __init__(self, **kwargs):
        super().__init__(min_value=0, required=True, **kwargs)
        self.error_messages["min_value"] = _("Litres cannot be negative.")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").replace("\u00a0", "")
        return super().to_python(value)


class ReportForm(forms.Form):
    """The holder's report through the private link."""

    reported_by = forms.CharField(label=_("Your name (signs for the holder)"), max_length=200)
    confirm_large = forms.BooleanField(
        label=_("I confirm the figures (more than 10 million litres)"), required=False
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, groups=(1,), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = tuple(groups)
        litres = {f"litres_{g}": LitresField(label=GROUP_LABELS[g]) for g in self.groups}
        self.fields = {**litres, **self.fields}
        for name in litres:
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def litres(self) -> dict[int, int]:
        return {g: self.cleaned_data[f"litres_{g}"] for g in self.groups}


class OfficerReportForm(ReportForm):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for entering or correcting on the holder's behalf"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["revision"]
        self.fields["reported_by"].label = _("Reported by")
        self.fields["reported_by"].required = False


class EstimateForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reasons = forms.CharField(
        label=_("Reasons (how the volume was estimated)"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, groups=(1,), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = tuple(groups)
        litres = {f"litres_{g}": LitresField(label=GROUP_LABELS[g]) for g in self.groups}
        self.fields = {**litres, **self.fields}

    def litres(self) -> dict[int, int]:
        return {g: self.cleaned_data[f"litres_{g}"] for g in self.groups}


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (kr)"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PaymentImportForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    file = forms.FileField(
        label=_("Payment file (CSV)"),
        help_text=_("Columns reference;amount;paid_date, with a header line."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


LANGUAGE_CHOICES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]


class SendLinkForm(forms.Form):
    """The language of the e-mail with the private link; by default the municipality's
    written standard (nn for a Nynorsk municipality, else nb)."""

    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipality is not None:
            self.fields["language"].initial = municipality.language


class SendLinksForm(SendLinkForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    again = forms.BooleanField(
        label=_("Also to holders who were sent the link before"), required=False
    )
