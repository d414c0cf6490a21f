"""Case officers' reads: holders, point decisions and suspensions."""

from __future__ import annotations

from rest_framework import serializers

from inspections.models import PointDecision, Suspension
from licensing.models import Holder

from .common import LicenceRefSerializer, MunicipalityRefSerializer


class HolderSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer()
    licence_count = serializers.IntegerField(help_text="Licences of every status.")

    class Meta:
        model = Holder
        fields = [
            "id",
            "municipality",
            "org_number",
            "name",
            "address_line",
            "postal_code",
            "postal_place",
            "email",
            "phone",
            "contact_name",
            "licence_count",
        ]


class PointDecisionSerializer(serializers.ModelSerializer):
    licence = LicenceRefSerializer()
    code = serializers.CharField(source="violation.code", help_text="Violation catalogue code.")

    class Meta:
        model = PointDecision
        fields = [
            "id",
            "licence",
            "inspection",
            "code",
            "violation_on",
            "standard_points",
            "points",
            "justification",
            "status",
            "advance_notice_on",
            "comment_deadline_on",
            "decided_on",
            "reference",
            "withdrawal_reason",
        ]


class SuspensionSerializer(serializers.ModelSerializer):
    licence = LicenceRefSerializer()
    point_decisions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Suspension
        fields = [
            "id",
            "licence",
            "status",
            "point_decisions",
            "points",
            "days",
            "advance_notice_on",
            "comment_deadline_on",
            "decided_on",
            "starts_on",
            "ends_on",
            "reference",
            "reasons",
            "cancellation_reason",
        ]
