"""Small shared shapes: references to related records and the error bodies."""

from __future__ import annotations

from rest_framework import serializers

from inspections.models import ControlCompany
from licensing.models import Holder, Licence, Municipality, Premises


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")


# A 400 body: field name -> list of messages; nested lists of the same for nested input
# (``{"findings": [{}, {"code": ["..."]}]}``); ``non_field_errors`` for the rest.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Field name → list of messages. Nested input gives nested errors: "
        '`{"findings": [{}, {"code": ["…"]}]}` (one object per submitted finding). '
        "Errors that concern no single field are under `non_field_errors`; a body that is "
        'not JSON at all gives `{"detail": "…"}`.'
    ),
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {}}, {"type": "object"}, {"type": "string"}]
    },
}


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "name", "org_number"]


class CompanyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ControlCompany
        fields = ["id", "name", "org_number"]


class HolderRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Holder
        fields = ["id", "name", "org_number"]


class PremisesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Premises
        fields = ["id", "name", "address_line", "postal_code", "postal_place"]


class LicenceRefSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(
        source="municipality.org_number", help_text="The municipality's organisation number."
    )

    class Meta:
        model = Licence
        fields = ["id", "number", "kind", "municipality"]
