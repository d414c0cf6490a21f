"""Forms of the case-officer pages. They check the shape of the input; the services check
the law (and the database constraints back both)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inspections.models import PointDecision, ViolationType
from inspections.services.points import FindingGroup, ProposedPoints, deviation_message
from licensing.formatting import short_date
from licensing.forms.delegation import BODY_FIELDS, DecidingBodyFormMixin
from licensing.rules import references


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text="") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class ReportSentForm(forms.Form):
    sent_on = date_field(
        _("Sent to the holder on"),
        help_text=_("Alkoholforskriften § 9-6: within one week of the inspection."),
    )


class HolderCommentForm(forms.Form):
    received_on = date_field(
        _("Received on"),
        help_text=_("The holder may comment within two weeks of receiving the report (§ 9-6)."),
    )
    comment = forms.CharField(
        label=_("The holder's comment"), widget=forms.Textarea(attrs={"rows": 6})
    )


class ProposePointsForm(forms.Form):
    """One group of fields per distinct catalogue code without a point decision."""

    def __init__(self, *args, groups: list[FindingGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = [g for g in groups if g.decision is None]
        for group in self.groups:
            code = group.violation.code
            self.fields[f"include_{code}"] = forms.BooleanField(
                label=_("Propose points for this breach"), required=False, initial=True
            )
            # Required only when the breach is included (checked in ``clean``).
            self.fields[f"points_{code}"] = forms.IntegerField(
                label=_("Points"),
                required=False,
                min_value=1,
                max_value=99,
                initial=group.violation.standard_points,
                help_text=_("Standard: %(points)s (%(reference)s).")
                % {
                    "points": group.violation.standard_points,
                    "reference": references.cite(references.POINT_CATALOGUE),
                },
            )
            self.fields[f"justification_{code}"] = forms.CharField(
                label=_("Justification for deviating from the standard"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Required when the points differ from the standard (%(reference)s).")
                % {"reference": references.cite(references.POINT_DEVIATION)},
            )

    def rows(self):
        for group in self.groups:
            code = group.violation.code
            yield {
                "group": group,
                "include": self[f"include_{code}"],
                "points": self[f"points_{code}"],
                "justification": self[f"justification_{code}"],
            }

    def clean(self):
        cleaned = super().clean()
        chosen = 0
        for group in self.groups:
            code = group.violation.code
            if not cleaned.get(f"include_{code}"):
                # A breach left out is not proposed: what its fields hold does not matter.
                for name in (f"points_{code}", f"justification_{code}"):
                    self._errors.pop(name, None)
                continue
            chosen += 1
            if f"points_{code}" in self._errors:
                continue
            points = cleaned.get(f"points_{code}")
            justification = (cleaned.get(f"justification_{code}") or "").strip()
            if points is None:
                self.add_error(
                    f"points_{code}",
                    _("Give the points for this breach, or leave the breach out."),
                )
            elif points != group.violation.standard_points and not justification:
                self.add_error(
                    f"justification_{code}",
                    deviation_message(group.violation.standard_points, points),
                )
        if self.groups and not chosen:
            raise forms.ValidationError(_("Choose at least one breach to propose points for."))
        return cleaned

    def error_items(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary; each field error names its breach,
        since every breach has fields with the same labels."""
        items = [("", str(message)) for message in self.non_field_errors()]
        for row in self.rows():
            for key in ("include", "points", "justification"):
                field = row[key]
                for message in field.errors:
                    items.append(
                        (
                            field.id_for_label,
                            _("%(code)s – %(label)s: %(message)s")
                            % {
                                "code": row["group"].violation.name,
                                "label": field.label,
                                "message": message,
                            },
                        )
                    )
        return items

    def proposals(self) -> list[ProposedPoints]:
        return [
            ProposedPoints(
                violation_code=g.violation.code,
                points=self.cleaned_data[f"points_{g.violation.code}"],
                justification=self.cleaned_data.get(f"justification_{g.violation.code}") or "",
            )
            for g in self.groups
            if self.cleaned_data.get(f"include_{g.violation.code}")
        ]

    def field_map(self) -> dict[str, str]:
        """Service error keys (``<code>.points``) -> form fields (``points_<code>``)."""
        mapping = {}
        for group in self.groups:
            code = group.violation.code
            mapping[f"{code}.points"] = f"points_{code}"
            mapping[f"{code}.justification"] = f"justification_{code}"
        return mapping


class PointDecisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PointDecision) -> str:
        return ngettext(
            "%(code)s – violation %(date)s – %(points)s point",
            "%(code)s – violation %(date)s – %(points)s points",
            obj.points,
        ) % {
            "code": obj.violation.name,
            "date": short_date(obj.violation_on),
            "points": obj.points,
        }


class NotifyPointsForm(forms.Form):
    point_decisions = PointDecisionChoiceField(
        queryset=PointDecision.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Points in the advance notice"),
    )
    advance_notice_on = date_field(_("Advance notice sent on"))
    comment_deadline_on = date_field(
        _("Deadline for comments"),
        help_text=_(
            "Forvaltningsloven § 16. Usually two weeks after the day the notice is issued; "
            "at least one week."
        ),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point_decisions"].queryset = queryset


class DecidePointsForm(DecidingBodyFormMixin, forms.Form):
    point_decisions = PointDecisionChoiceField(
        queryset=PointDecision.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Points in the decision"),
    )
    decided_on = date_field(_("Decided on"))
    reference = forms.CharField(label=_("Reference (case number)"), max_length=40)
    comments_received = forms.BooleanField(
        label=_("The holder's comments on the advance notice have been received"),
        required=False,
        help_text=_("Needed only to decide before the comment deadline."),
    )

    def __init__(self, *args, queryset, municipality_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point_decisions"].queryset = queryset
        self.setup_deciding_body(municipality_ids)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


class SinglePointsForm(forms.Form):
    """Points for a breach not found at an inspection (e.g. a fee not paid in time)."""

    violation = forms.ModelChoiceField(
        queryset=ViolationType.objects.filter(active=True), label=_("Breach")
    )
    violation_on = date_field(_("Violation date"))
    points = forms.IntegerField(
        label=_("Points"), min_value=1, max_value=99,
        help_text=_("Leave empty for the standard points of the breach."), required=False,
    )  # fmt: skip
    justification = forms.CharField(
        label=_("Justification for deviating from the standard"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the points differ from the standard (%(reference)s).")
        % {"reference": references.cite(references.POINT_DEVIATION)},
    )

    def clean(self):
        cleaned = super().clean()
        violation = cleaned.get("violation")
        if violation is not None:
            if cleaned.get("points") is None:
                cleaned["points"] = violation.standard_points
            elif (
                cleaned["points"] != violation.standard_points
                and not (cleaned.get("justification") or "").strip()
            ):
                self.add_error(
                    "justification", deviation_message(violation.standard_points, cleaned["points"])
                )
        return cleaned


class SuspensionNotifyForm(forms.Form):
    advance_notice_on = date_field(_("Advance notice sent on"))
    comment_deadline_on = date_field(
        _("Deadline for comments"),
        help_text=_(
            "Forvaltningsloven § 16. Usually two weeks after the day the notice is issued; "
            "at least one week."
        ),
    )
    starts_on = date_field(_("Intended start"))
    ends_on = date_field(_("Intended end (inclusive)"))


class SuspensionDecideForm(DecidingBodyFormMixin, forms.Form):
    decided_on = date_field(_("Decided on"))
    starts_on = date_field(
        _("Suspended from"),
        help_text=_("Within four weeks of the decision (alkoholforskriften § 10-6)."),
    )
    ends_on = date_field(_("Suspended up to and including"))
    reference = forms.CharField(label=_("Reference (case number)"), max_length=40)
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the length differs from the standard."),
    )
    holder_comments = forms.CharField(
        label=_("The holder's comments on the advance notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The gist of what the holder said; the decision letter answers it. Leave empty "
            "if no comments came."
        ),
    )
    comments_received = forms.BooleanField(
        label=_("The holder's comments on the advance notice have been received"),
        required=False,
        help_text=_("Needed only to decide before the comment deadline."),
    )

    def __init__(self, *args, municipality_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_deciding_body(municipality_ids)

    def service_kwargs(self) -> dict:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in BODY_FIELDS and name != "case_officer"
        }
        return {
            **data,
            "body": self.deciding_body(),
            "case_officer": self.cleaned_data["case_officer"],
        }


class CoverageYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = today.year + 1
        self.fields["year"].validators.append(MaxValueValidator(today.year + 1))
        self.fields["year"].widget.attrs["max"] = today.year + 1
