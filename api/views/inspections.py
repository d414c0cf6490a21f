"""The violation catalogue, inspectors, and control reports (submit, read, correct)."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from inspections.models import ControlCompany, Finding, Inspection, Inspector, ViolationType
from inspections.services.reports import (
    FindingInput,
    ReportInput,
    report_correct,
    report_submit,
)
from inspections.services.review import SUBMITTED, report_state
from licensing.models import Licence

from .. import idempotency
from ..errors import Conflict
from ..filters import InspectionFilter, InspectorFilter, ViolationTypeFilter
from ..permissions import CompanyWritesOnly, IsOfficerOrCompanyUser, get_caller
from ..schema import CREATE_ERRORS, DETAIL_ERRORS, LIST_ERRORS, UPDATE_ERRORS
from ..serializers.inspections import (
    InspectionSerializer,
    InspectorSerializer,
    ReportInputSerializer,
    ViolationTypeSerializer,
)
from .base import (
    ApiViewMixin,
    CachedPagesMixin,
    PageKeysFirstMixin,
    ReadOnlyViewSet,
    read_only_schema,
)


@read_only_schema(
    ViolationTypeSerializer,
    tag="catalogue",
    list_summary="The violation catalogue (alkoholforskriften § 10-3)",
    detail_summary="One catalogue entry, by code",
)
class ViolationTypeViewSet(CachedPagesMixin, ReadOnlyViewSet):
    permission_classes = ReadOnlyViewSet.permission_classes + [IsOfficerOrCompanyUser]
    serializer_class = ViolationTypeSerializer
    filterset_class = ViolationTypeFilter
    queryset = ViolationType.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    search_fields = ["code", "name_nb", "name_nn", "name_en"]
    ordering_fields = ["sort_order", "code", "standard_points"]
    ordering = ["sort_order", "code"]


@read_only_schema(
    InspectorSerializer,
    tag="catalogue",
    list_summary="Inspectors",
    detail_summary="One inspector",
)
class InspectorViewSet(ReadOnlyViewSet):
    """Control companies: their own inspectors (use the ids in reports). Case officers:
    the inspectors of the companies their municipalities engaged."""

    permission_classes = ReadOnlyViewSet.permission_classes + [IsOfficerOrCompanyUser]
    serializer_class = InspectorSerializer
    filterset_class = InspectorFilter
    search_fields = ["name"]
    ordering_fields = ["name"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        caller = get_caller(self.request)
        engaged = ControlCompany.objects.filter(
            municipalities__in=caller.officer_municipality_ids
        ).values("pk")
        return Inspector.objects.filter(
            Q(company_id__in=caller.company_ids) | Q(company_id__in=engaged)
        ).select_related("company")


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=idempotency.HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optional. A retry with the same key returns the first response and creates "
        "nothing; the same key with a different body answers 422. 1-255 visible ASCII "
        "characters, e.g. a UUID. Kept for 24 hours."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary="Control reports you may see",
        responses={200: InspectionSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One control report", responses={200: InspectionSerializer, **DETAIL_ERRORS}
    ),
    create=extend_schema(
        summary="Submit a control report with its findings",
        request=ReportInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: InspectionSerializer, **CREATE_ERRORS},
    ),
    update=extend_schema(
        summary="Correct a report (replaces everything) until the review starts",
        request=ReportInputSerializer,
        responses={200: InspectionSerializer, **UPDATE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct some fields of a report until the review starts",
        request=ReportInputSerializer,
        responses={200: InspectionSerializer, **UPDATE_ERRORS},
    ),
)
@extend_schema(tags=["reports"])
class InspectionViewSet(
    CachedPagesMixin,
    PageKeysFirstMixin,
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Control reports (kontrollrapport, alkoholforskriften § 9-6).

    Control companies submit, read and correct their own company's reports; case officers
    read the reports on their municipalities' licences. Another company's report is 404.
    """

    permission_classes = [IsAuthenticated, CompanyWritesOnly]
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    search_fields = ["licence__number", "licence__holder__name", "licence__premises__name"]
    ordering_fields = ["started_at", "submitted_at"]
    ordering = ["-started_at", "-pk"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        caller = get_caller(self.request)
        scope = Q(company_id__in=caller.company_ids)
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            scope |= Q(licence__municipality_id__in=caller.officer_municipality_ids)
        return (
            Inspection.objects.filter(scope)
            .select_related("licence__municipality", "company", "submitted_by")
            .prefetch_related(
                Prefetch("inspectors", queryset=Inspector.objects.only("pk", "name")),
                Prefetch(
                    "findings",
                    queryset=Finding.objects.select_related("violation").order_by(
                        "observed_at", "pk"
                    ),
                ),
            )
        )

    # Input ----------------------------------------------------------------------------

    def _input_serializer(self, data, *, partial=False) -> ReportInputSerializer:
        caller = get_caller(self.request)
        return ReportInputSerializer(
            data=data,
            partial=partial,
            licences=Licence.objects.filter(municipality_id__in=caller.engaged_municipality_ids),
            inspectors=Inspector.objects.filter(company_id__in=caller.company_ids),
            companies=ControlCompany.objects.filter(pk__in=caller.company_ids),
        )

    def _company(self, data) -> ControlCompany:
        caller = get_caller(self.request)
        if "company" in data:
            return data["company"]
        if len(caller.company_ids) == 1:
            return ControlCompany.objects.get(pk=caller.company_ids[0])
        companies = {inspector.company_id for inspector in data.get("inspectors", [])}
        if len(companies) == 1:
            return ControlCompany.objects.get(pk=companies.pop())
        raise ValidationError(
            {
                "company": [
                    _("Your account belongs to several control companies: give the company's id.")
                ]
            }
        )

    @staticmethod
    def _report(data) -> ReportInput:
        return ReportInput(
            licence=data["licence"],
            inspectors=tuple(data["inspectors"]),
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            mode=data.get("mode", "open"),
            guests_count=data.get("guests_count"),
            staff_count=data.get("staff_count"),
            person_in_charge=data.get("person_in_charge", ""),
            observations=data.get("observations", ""),
            no_findings=data.get("no_findings", False),
            findings=tuple(
                FindingInput(
                    code=item["code"],
                    observed_at=item["observed_at"],
                    description=item["description"],
                )
                for item in data.get("findings", [])
            ),
        )

    def _output(self, inspection: Inspection, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=inspection.pk)
        return Response(InspectionSerializer(fresh).data, status=status_code)

    # Actions ---------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        return idempotency.run_idempotent(request, self._create)

    def _create(self) -> Response:
        serializer = self._input_serializer(self.request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        inspection = report_submit(
            actor=self.request.user, company=self._company(data), report=self._report(data)
        )
        response = self._output(inspection, status.HTTP_201_CREATED)
        response["Location"] = self.request.build_absolute_uri(
            reverse("api:inspection-detail", kwargs={"pk": inspection.pk})
        )
        return response

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        inspection = self.get_object()
        state = report_state(inspection)
        if state != SUBMITTED:
            # The service refuses too (under a row lock); answering before validating the
            # body gives the client the reason that matters.
            raise Conflict(
                _(
                    "A case officer has started reviewing this report; the control company "
                    "can no longer correct it (status: %(state)s)."
                )
                % {"state": state}
            )
        serializer = self._input_serializer(request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = {**self._current_values(inspection), **serializer.validated_data}
        corrected = report_correct(
            actor=request.user, inspection=inspection, report=self._report(data)
        )
        return self._output(corrected, status.HTTP_200_OK)

    @staticmethod
    def _current_values(inspection: Inspection) -> dict:
        return {
            "licence": inspection.licence,
            "inspectors": list(Inspector.objects.filter(inspections=inspection)),
            "started_at": inspection.started_at,
            "ended_at": inspection.ended_at,
            "mode": inspection.mode,
            "guests_count": inspection.guests_count,
            "staff_count": inspection.staff_count,
            "person_in_charge": inspection.person_in_charge,
            "observations": inspection.observations,
            "no_findings": inspection.no_findings,
            "findings": [
                {
                    "code": finding.violation.code,
                    "observed_at": finding.observed_at,
                    "description": finding.description,
                }
                for finding in inspection.findings.all()
            ],
        }
