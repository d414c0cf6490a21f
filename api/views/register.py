"""Licences (companies and officers), holders, point decisions, suspensions (officers)."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from inspections.models import PointDecision, Suspension
from licensing.models import Holder, Licence
from licensing.selectors import with_current_persons

from ..filters import HolderFilter, LicenceFilter, PointDecisionFilter, SuspensionFilter
from ..permissions import IsCaseOfficer, IsOfficerOrCompanyUser, get_caller
from ..serializers.licences import LicenceSerializer
from ..serializers.register import (
    HolderSerializer,
    PointDecisionSerializer,
    SuspensionSerializer,
)
from .base import CachedPagesMixin, PageKeysFirstMixin, ReadOnlyViewSet, read_only_schema


@read_only_schema(
    LicenceSerializer,
    tag="licences",
    list_summary="Licences you may see",
    detail_summary="One licence",
)
class LicenceViewSet(CachedPagesMixin, PageKeysFirstMixin, ReadOnlyViewSet):
    """Control companies: the licences of the municipalities that engaged the company.
    Case officers: the licences of their municipalities (administrators: all)."""

    permission_classes = ReadOnlyViewSet.permission_classes + [IsOfficerOrCompanyUser]
    serializer_class = LicenceSerializer
    filterset_class = LicenceFilter
    search_fields = ["number", "holder__name", "premises__name"]
    ordering_fields = ["number", "kind", "status", "granted_on", "valid_to"]
    ordering = ["number", "pk"]

    def get_queryset(self):
        caller = get_caller(self.request)
        municipality_ids = set(caller.officer_municipality_ids) | set(
            caller.engaged_municipality_ids
        )
        return with_current_persons(
            Licence.objects.filter(municipality_id__in=municipality_ids).select_related(
                "municipality", "holder", "premises"
            )
        )


@read_only_schema(
    HolderSerializer, tag="register", list_summary="Licence holders", detail_summary="One holder"
)
class HolderViewSet(ReadOnlyViewSet):
    """Case officers: the holders of their municipalities."""

    permission_classes = ReadOnlyViewSet.permission_classes + [IsCaseOfficer]
    serializer_class = HolderSerializer
    filterset_class = HolderFilter
    search_fields = ["name", "org_number"]
    ordering_fields = ["name", "org_number"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        caller = get_caller(self.request)
        return (
            Holder.objects.filter(municipality_id__in=caller.officer_municipality_ids)
            .select_related("municipality")
            .annotate(licence_count=Count("licences"))
        )


@read_only_schema(
    PointDecisionSerializer,
    tag="register",
    list_summary="Point decisions",
    detail_summary="One point decision",
)
class PointDecisionViewSet(ReadOnlyViewSet):
    """Case officers: penalty-point decisions (alkoholforskriften § 10-2) of their
    municipalities. Control companies get 404."""

    permission_classes = ReadOnlyViewSet.permission_classes + [IsCaseOfficer]
    serializer_class = PointDecisionSerializer
    filterset_class = PointDecisionFilter
    search_fields = ["licence__number", "reference"]
    ordering_fields = ["violation_on", "decided_on", "points"]
    ordering = ["violation_on", "pk"]

    def get_queryset(self):
        caller = get_caller(self.request)
        return PointDecision.objects.filter(
            licence__municipality_id__in=caller.officer_municipality_ids
        ).select_related("licence__municipality", "violation")


@read_only_schema(
    SuspensionSerializer,
    tag="register",
    list_summary="Suspensions",
    detail_summary="One suspension",
)
class SuspensionViewSet(ReadOnlyViewSet):
    """Case officers: suspensions (inndragning, alkoholforskriften § 10-6)."""

    permission_classes = ReadOnlyViewSet.permission_classes + [IsCaseOfficer]
    serializer_class = SuspensionSerializer
    filterset_class = SuspensionFilter
    search_fields = ["licence__number", "reference"]
    ordering_fields = ["starts_on", "decided_on"]
    ordering = ["-starts_on", "-pk"]

    def get_queryset(self):
        caller = get_caller(self.request)
        return (
            Suspension.objects.filter(licence__municipality_id__in=caller.officer_municipality_ids)
            .select_related("licence__municipality")
            .prefetch_related(
                Prefetch("point_decisions", queryset=PointDecision.objects.only("pk"))
            )
        )
