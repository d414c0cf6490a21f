"""Seminar sessions with registrations (read-only, case officers)."""

from __future__ import annotations

from django.db.models import Prefetch

from seminars.models import Registration, SeminarSession

from ..filters import SeminarFilter
from ..permissions import IsCaseOfficer, get_caller
from ..serializers.seminars import SeminarSessionSerializer
from .base import ReadOnlyViewSet, read_only_schema


@read_only_schema(
    SeminarSessionSerializer,
    tag="seminars",
    list_summary="Seminar sessions with their registrations",
    detail_summary="One seminar session",
)
class SeminarViewSet(ReadOnlyViewSet):
    """Sessions organised by the case officer's municipalities, with registrations and
    participants (the registrants' private tokens are never shown)."""

    permission_classes = ReadOnlyViewSet.permission_classes + [IsCaseOfficer]
    serializer_class = SeminarSessionSerializer
    filterset_class = SeminarFilter
    search_fields = ["title", "place"]
    ordering_fields = ["starts_at"]
    ordering = ["starts_at", "pk"]

    def get_queryset(self):
        caller = get_caller(self.request)
        return (
            SeminarSession.objects.filter(municipality_id__in=caller.officer_municipality_ids)
            .select_related("municipality")
            .prefetch_related(
                "open_to",
                Prefetch(
                    "registrations",
                    queryset=Registration.objects.order_by("created_at", "pk").prefetch_related(
                        "participants"
                    ),
                ),
            )
        )
