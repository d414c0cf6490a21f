"""Licences as control companies and case officers read them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licensing.models import SERVING_KINDS, Licence, LicenceKind

from .common import HolderRefSerializer, MunicipalityRefSerializer, PremisesSerializer


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "01:00:00",
        "description": "Local time of day in Norway (HH:MM:SS), without a UTC offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time. OpenAPI's ``format: time`` demands a UTC offset (RFC 3339), which
    opening hours do not have, so the schema states the pattern instead."""


class HoursSerializer(serializers.Serializer):
    """The hours that apply: the licence's own, else the municipality's general hours."""

    serving_group12_from = LocalTimeField(allow_null=True)
    serving_group12_until = LocalTimeField(
        allow_null=True, help_text="Earlier than “from” means the next day."
    )
    serving_group3_from = LocalTimeField(allow_null=True)
    serving_group3_until = LocalTimeField(allow_null=True)
    sales_weekday_until = LocalTimeField(allow_null=True)
    sales_saturday_until = LocalTimeField(
        allow_null=True, help_text="Days before Sundays and public holidays."
    )


class CurrentPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    started_on = serializers.DateField()


def licence_hours(licence: Licence) -> dict:
    """Effective hours: null where the kind has none (serving vs. sales, group 3)."""
    muni = licence.municipality
    serving = licence.kind in SERVING_KINDS
    sales = licence.kind == LicenceKind.SALES
    group3 = serving and licence.group_3

    def pick(own, general, applies):
        if not applies:
            return None
        return own if own is not None else general

    return {
        "serving_group12_from": pick(licence.group12_from, muni.serving_group12_from, serving),
        "serving_group12_until": pick(licence.group12_until, muni.serving_group12_until, serving),
        "serving_group3_from": pick(licence.group3_from, muni.serving_group3_from, group3),
        "serving_group3_until": pick(licence.group3_until, muni.serving_group3_until, group3),
        "sales_weekday_until": pick(licence.sales_weekday_until, muni.sales_weekday_until, sales),
        "sales_saturday_until": pick(
            licence.sales_saturday_until, muni.sales_saturday_until, sales
        ),
    }


class LicenceListSerializer(serializers.ListSerializer):
    """A page of licences as plain dicts, built in one pass (docs/adr/0120): the same JSON
    as ``LicenceSerializer`` per licence (tests compare them byte for byte), without DRF's
    per-field and per-object serializer machinery."""

    def to_representation(self, data):
        iterable = data.all() if hasattr(data, "all") else data
        return [licence_row(licence) for licence in iterable]


class LicenceSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer()
    holder = HolderRefSerializer()
    premises = PremisesSerializer(allow_null=True)
    groups = serializers.ListField(
        source="alcohol_groups",
        child=serializers.IntegerField(min_value=1, max_value=3),
        help_text="Alcohol groups covered: 1 (2.5–4.7 %), 2 (4.7–22 %), 3 (22–60 %).",
    )
    hours = serializers.SerializerMethodField(
        help_text=(
            "Hours that apply: the licence's own where set, otherwise the municipality's "
            "general hours; null where the kind has none."
        )
    )
    manager = serializers.SerializerMethodField(help_text="The current manager (styrer).")
    deputy = serializers.SerializerMethodField(help_text="The current deputy (stedfortreder).")

    class Meta:
        model = Licence
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "municipality",
            "holder",
            "premises",
            "groups",
            "hours",
            "area_indoor",
            "area_outdoor",
            "conditions",
            "granted_on",
            "valid_from",
            "valid_to",
            "transferred_on",
            "seminar_required",
            "manager",
            "deputy",
        ]
        list_serializer_class = LicenceListSerializer

    @extend_schema_field(HoursSerializer)
    def get_hours(self, licence: Licence) -> dict:
        return HoursSerializer(licence_hours(licence)).data

    @extend_schema_field(CurrentPersonSerializer(allow_null=True))
    def get_manager(self, licence: Licence) -> dict | None:
        return _person(licence.manager_name, licence.manager_started_on)

    @extend_schema_field(CurrentPersonSerializer(allow_null=True))
    def get_deputy(self, licence: Licence) -> dict | None:
        return _person(licence.deputy_name, licence.deputy_started_on)


def _person(name, started_on) -> dict | None:
    if name is None:
        return None
    return {"name": name, "started_on": started_on.isoformat() if started_on else None}


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def licence_row(licence: Licence) -> dict:
    """One licence exactly as ``LicenceSerializer`` represents it (same keys, same order)."""
    municipality = licence.municipality
    holder = licence.holder
    premises = licence.premises
    return {
        "id": licence.pk,
        "number": str(licence.number),
        "kind": licence.kind,
        "status": licence.status,
        "municipality": {
            "id": municipality.pk,
            "name": str(municipality.name),
            "org_number": str(municipality.org_number),
        },
        "holder": {"id": holder.pk, "name": str(holder.name), "org_number": str(holder.org_number)},
        "premises": None
        if premises is None
        else {
            "id": premises.pk,
            "name": str(premises.name),
            "address_line": str(premises.address_line),
            "postal_code": str(premises.postal_code),
            "postal_place": str(premises.postal_place),
        },
        "groups": licence.alcohol_groups,
        "hours": {name: _iso(value) for name, value in licence_hours(licence).items()},
        "area_indoor": str(licence.area_indoor),
        "area_outdoor": str(licence.area_outdoor),
        "conditions": str(licence.conditions),
        "granted_on": _iso(licence.granted_on),
        "valid_from": _iso(licence.valid_from),
        "valid_to": _iso(licence.valid_to),
        "transferred_on": _iso(licence.transferred_on),
        "seminar_required": bool(licence.seminar_required),
        "manager": _person(licence.manager_name, licence.manager_started_on),
        "deputy": _person(licence.deputy_name, licence.deputy_started_on),
    }
