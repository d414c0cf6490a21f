"""Rule evaluations (format rule-evaluation/2, licensing.rules.evaluate) and their query."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licensing.models import LicenceKind, LicenceStatus
from licensing.rules.evaluate import FLAG_CODES
from licensing.rules.seminar import STATUSES as SEMINAR_STATUSES
from licensing.validators import normalise_licence_number

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


@extend_schema_field(
    {"type": "string", "format": "date", "pattern": "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"}
)
class BoundedDateField(serializers.DateField):
    """A reference date from 2000-01-01 to 2100-12-31 (the schema states the years)."""


class EvaluationQuerySerializer(serializers.Serializer):
    date = BoundedDateField(
        required=False, help_text="Reference date (YYYY-MM-DD); default today (Europe/Oslo)."
    )
    municipality = serializers.RegexField(
        r"^[0-9]{9}$", required=False, help_text="The municipality's organisation number."
    )
    licence_number = serializers.CharField(max_length=40, required=False)
    kind = serializers.ChoiceField(choices=LicenceKind.choices, required=False)
    status = serializers.ChoiceField(choices=LicenceStatus.choices, required=False)
    flag = serializers.ChoiceField(
        choices=[(code, code) for code in FLAG_CODES],
        required=False,
        help_text="Only licences with this flag.",
    )
    seminar_status = serializers.ChoiceField(
        choices=[(code, code) for code in SEMINAR_STATUSES],
        required=False,
        help_text="Only licences with this seminar-condition status.",
    )
    revocation_candidate = serializers.BooleanField(
        required=False,
        help_text="true: only licences with a suspension basis: 12 points or more for "
        "violations within two years of each other (§ 10-2); false: only the others.",
    )

    def validate_licence_number(self, value: str) -> str:
        return normalise_licence_number(value)  # digits of any script as ASCII

    def validate_date(self, value: dt.date) -> dt.date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(
                _("Choose a date between %(start)s and %(end)s.")
                % {"start": EARLIEST.isoformat(), "end": LATEST.isoformat()}
            )
        return value


class DecisionPointsSerializer(serializers.Serializer):
    violation = serializers.CharField(help_text="Violation catalogue code.")
    violation_date = serializers.DateField()
    points = serializers.IntegerField()


class BasisSerializer(serializers.Serializer):
    window_start = serializers.DateField(
        help_text="The day after the last violation date of the span minus two years."
    )
    window_end = serializers.DateField(help_text="The last violation date of the span.")
    decisions = DecisionPointsSerializer(many=True)


class PointsSerializer(serializers.Serializer):
    in_window = serializers.IntegerField(
        help_text="Decided points alive on the date (violations in the two years ending on it)."
    )
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    decisions = DecisionPointsSerializer(many=True)
    revocation_candidate = serializers.BooleanField(help_text="True when there is a basis.")
    suspension_points = serializers.IntegerField(help_text="The basis's points (0 without).")
    suspension_days = serializers.IntegerField(
        help_text="Standard suspension length for the basis's points (0 without)."
    )
    basis = BasisSerializer(
        allow_null=True,
        help_text="The suspension basis: the span of violation dates within two years of "
        "each other with the most points (the latest on a tie), when they reach 12 "
        "(alkoholforskriften § 10-2); null otherwise.",
    )


class MissingPersonSerializer(serializers.Serializer):
    role = serializers.CharField()
    name = serializers.CharField()


class SeminarStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(code, code) for code in SEMINAR_STATUSES])
    deadline = serializers.DateField(allow_null=True)
    missing = MissingPersonSerializer(many=True)


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=f"One of: {', '.join(FLAG_CODES)}.")
    message = serializers.CharField()
    legal_reference = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    """One licence of rule-evaluation/2, with the format, licence id and date added."""

    format = serializers.CharField(help_text="Always rule-evaluation/2.")
    licence_id = serializers.IntegerField()
    municipality = serializers.CharField(help_text="The municipality's organisation number.")
    evaluated_on = serializers.DateField()
    licence_number = serializers.CharField()
    status = serializers.CharField()
    points = PointsSerializer()
    seminar = SeminarStatusSerializer()
    flags = FlagSerializer(many=True)
