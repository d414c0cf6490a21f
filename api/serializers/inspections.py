"""Control reports: the output shape, and the input for submitting and correcting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from inspections.models import Finding, Inspection, InspectionMode, Inspector, ViolationType
from inspections.services.review import report_state

from .common import CompanyRefSerializer, LicenceRefSerializer

MAX_COUNT = 100_000
MAX_ID = 2**63 - 1
# Reports are about inspections of this century: a time before 2000 is a typing error (and
# times near year 1 cannot be converted to a service day at all).
EARLIEST_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class ViolationTypeListSerializer(serializers.ListSerializer):
    """The catalogue as plain dicts, the same JSON as ``ViolationTypeSerializer`` per entry
    (docs/adr/0120)."""

    def to_representation(self, data):
        iterable = data.all() if hasattr(data, "all") else data
        return [violation_type_row(violation) for violation in iterable]


class ViolationTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(help_text="The name in the request's language (nb, nn or en).")

    class Meta:
        model = ViolationType
        fields = [
            "code",
            "standard_points",
            "name",
            "name_nb",
            "name_nn",
            "name_en",
            "legal_reference",
            "active",
            "sort_order",
        ]
        list_serializer_class = ViolationTypeListSerializer


class InspectorSerializer(serializers.ModelSerializer):
    company = CompanyRefSerializer()

    class Meta:
        model = Inspector
        fields = ["id", "name", "company", "knowledge_test_passed_on"]


class InspectorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspector
        fields = ["id", "name"]


class FindingSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="violation.code")
    standard_points = serializers.IntegerField(source="violation.standard_points")

    class Meta:
        model = Finding
        fields = ["id", "code", "standard_points", "observed_at", "description"]


class InspectionListSerializer(serializers.ListSerializer):
    """A page of reports as plain dicts, the same JSON as ``InspectionSerializer`` per
    report (docs/adr/0120)."""

    def to_representation(self, data):
        iterable = data.all() if hasattr(data, "all") else data
        return [inspection_row(inspection) for inspection in iterable]


class InspectionSerializer(serializers.ModelSerializer):
    licence = LicenceRefSerializer()
    company = CompanyRefSerializer()
    inspectors = InspectorRefSerializer(many=True)
    findings = FindingSerializer(many=True)
    submitted_by = serializers.CharField(
        source="submitted_by.username", allow_null=True, default=None
    )
    state = serializers.SerializerMethodField(
        help_text=(
            "submitted: the company may still correct it; in_review: a case officer started "
            "the review (frozen); sent: sent to the holder; commented: the holder commented."
        )
    )
    correctable = serializers.SerializerMethodField(
        help_text="Whether the control company may still correct the report (PUT/PATCH)."
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "licence",
            "company",
            "inspectors",
            "started_at",
            "ended_at",
            "mode",
            "guests_count",
            "staff_count",
            "person_in_charge",
            "observations",
            "no_findings",
            "findings",
            "submitted_by",
            "submitted_at",
            "review_started_at",
            "state",
            "correctable",
        ]
        list_serializer_class = InspectionListSerializer

    @extend_schema_field(
        serializers.ChoiceField(choices=["submitted", "in_review", "sent", "commented"])
    )
    def get_state(self, inspection: Inspection) -> str:
        return report_state(inspection)

    @extend_schema_field(serializers.BooleanField())
    def get_correctable(self, inspection: Inspection) -> bool:
        return inspection.review_started_at is None


# DRF's own datetime formatting (the current time zone, "Z" for UTC), shared by the rows.
_DATETIME = serializers.DateTimeField()


def _moment(value: dt.datetime | None) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


def violation_type_row(violation: ViolationType) -> dict:
    """One catalogue entry exactly as ``ViolationTypeSerializer`` represents it."""
    return {
        "code": str(violation.code),
        "standard_points": int(violation.standard_points),
        "name": str(violation.name),
        "name_nb": str(violation.name_nb),
        "name_nn": str(violation.name_nn),
        "name_en": str(violation.name_en),
        "legal_reference": str(violation.legal_reference),
        "active": bool(violation.active),
        "sort_order": int(violation.sort_order),
    }


def inspection_row(inspection: Inspection) -> dict:
    """One report exactly as ``InspectionSerializer`` represents it (same keys, same order)."""
    licence = inspection.licence
    company = inspection.company
    submitted_by = inspection.submitted_by
    return {
        "id": inspection.pk,
        "licence": {
            "id": licence.pk,
            "number": str(licence.number),
            "kind": licence.kind,
            "municipality": str(licence.municipality.org_number),
        },
        "company": {
            "id": company.pk,
            "name": str(company.name),
            "org_number": str(company.org_number),
        },
        "inspectors": [
            {"id": inspector.pk, "name": str(inspector.name)}
            for inspector in inspection.inspectors.all()
        ],
        "started_at": _moment(inspection.started_at),
        "ended_at": _moment(inspection.ended_at),
        "mode": inspection.mode,
        "guests_count": _int(inspection.guests_count),
        "staff_count": _int(inspection.staff_count),
        "person_in_charge": str(inspection.person_in_charge),
        "observations": str(inspection.observations),
        "no_findings": bool(inspection.no_findings),
        "findings": [
            {
                "id": finding.pk,
                "code": str(finding.violation.code),
                "standard_points": int(finding.violation.standard_points),
                "observed_at": _moment(finding.observed_at),
                "description": str(finding.description),
            }
            for finding in inspection.findings.all()
        ],
        "submitted_by": None if submitted_by is None else str(submitted_by.username),
        "submitted_at": _moment(inspection.submitted_at),
        "review_started_at": _moment(inspection.review_started_at),
        "state": report_state(inspection),
        "correctable": inspection.review_started_at is None,
    }


def _int(value: int | None) -> int | None:
    return None if value is None else int(value)


class ReportTimeField(serializers.DateTimeField):
    """An ISO 8601 time from 2000 on (the future is the report service's to refuse)."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if moment < EARLIEST_TIME:
            raise serializers.ValidationError(
                _("Give a time on or after %(date)s.") % {"date": "2000-01-01"}
            )
        return moment


class RejectUnknownFieldsMixin:
    """A field the serializer does not know is a 400 at that field, not silently dropped:
    a misspelt ``guest_count`` would otherwise be lost without the client noticing."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            unknown = {str(name): [_("Unknown field.")] for name in data if name not in self.fields}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class PositionalErrorsListSerializer(serializers.ListSerializer):
    """Errors as one entry per submitted item (``[{}, {"code": [...]}]``), the shape the
    report service uses too, rather than DRF 3.18's ``{"1": {...}}`` (docs/adr/0064).
    A value that is not a list at all gets a plain list of messages, like other fields."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and all(isinstance(k, int) for k in detail):
                raise serializers.ValidationError(
                    [detail.get(index, {}) for index in range(len(data))]
                ) from exc
            if isinstance(detail, dict) and set(detail) == {api_settings.NON_FIELD_ERRORS_KEY}:
                raise serializers.ValidationError(
                    detail[api_settings.NON_FIELD_ERRORS_KEY]
                ) from exc
            raise


class FindingInputSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = serializers.SlugField(
        max_length=64, help_text="A code from the violation catalogue (/violation-types/)."
    )
    observed_at = ReportTimeField(help_text="During the inspection or on the same evening.")
    description = serializers.CharField(
        max_length=5000, help_text="What was seen (an observation, not a legal conclusion)."
    )

    class Meta:
        list_serializer_class = PositionalErrorsListSerializer

    def validate(self, attrs):
        # A PATCH makes every nested field optional in DRF; a finding is always complete.
        missing = {
            name: [_("This field is required.")] for name in self.fields if name not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class ReportInputSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A control report with its findings. A correction (PUT) replaces all of it; a PATCH
    replaces the fields it names (``findings`` and ``inspectors`` as whole lists)."""

    company = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=(
            "Your control company's id. Needed only if your account belongs to several "
            "companies; ignored on corrections."
        ),
    )
    licence = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of a licence your company may inspect."
    )
    inspectors = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=20,
        help_text=(
            "Ids of your company's inspectors: at least two at a serving venue, one at a shop "
            "(alkoholforskriften § 9-5), each with the inspectors' test passed (§ 9-3)."
        ),
    )
    started_at = ReportTimeField()
    ended_at = ReportTimeField()
    mode = serializers.ChoiceField(choices=InspectionMode.choices, default=InspectionMode.OPEN)
    guests_count = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, allow_null=True, required=False
    )
    staff_count = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, allow_null=True, required=False
    )
    person_in_charge = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default=""
    )
    observations = serializers.CharField(
        max_length=20000, allow_blank=True, required=False, default=""
    )
    no_findings = serializers.BooleanField(
        default=False, help_text="True only for a report without findings."
    )
    findings = FindingInputSerializer(many=True, required=False, max_length=100)

    @property
    def errors(self):
        errors = super().errors
        # DRF's "No data provided" for a null body is not translatable.
        if [
            getattr(e, "code", None) for e in errors.get(api_settings.NON_FIELD_ERRORS_KEY, [])
        ] == ["null"]:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = [
                _("The body is empty (null): send the report as a JSON object.")
            ]
        return errors

    def __init__(self, *args, licences=None, inspectors=None, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._licences = licences
        self._inspectors = inspectors
        self._companies = companies

    def validate_licence(self, value):
        try:
            return self._licences.get(pk=value)
        except self._licences.model.DoesNotExist as exc:
            raise serializers.ValidationError(
                _("No licence with id %(id)s that your company may inspect.") % {"id": value}
            ) from exc

    def validate_inspectors(self, value):
        found = {inspector.pk: inspector for inspector in self._inspectors.filter(pk__in=value)}
        unknown = [str(pk) for pk in value if pk not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Not inspectors of your company: %(ids)s.") % {"ids": ", ".join(unknown)}
            )
        return [found[pk] for pk in value]

    def validate_company(self, value):
        try:
            return self._companies.get(pk=value)
        except self._companies.model.DoesNotExist as exc:
            raise serializers.ValidationError(
                _("You are not a user of a control company with id %(id)s.") % {"id": value}
            ) from exc
