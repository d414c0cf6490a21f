"""Rule evaluation results for case officers: revocation candidates, seminar compliance,
inspections due (evaluation.engine.evaluate_all, format rule-evaluation/2)."""

from __future__ import annotations

from django.db import connection
from django.db.models.functions import Collate
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from evaluation.engine import evaluate_all
from licensing.clock import today
from licensing.models import Licence
from licensing.rules.evaluate import FORMAT, to_json_dict

from ..pagination import Pagination
from ..permissions import IsCaseOfficer, get_caller
from ..schema import LIST_ERRORS
from ..serializers.evaluations import EvaluationQuerySerializer, EvaluationSerializer


class EvaluationListView(generics.GenericAPIView):
    """Every rule for every licence of your municipalities on a date, with the flags a case
    officer acts on. Filters narrow the licences (municipality, licence_number, kind,
    status) and the results (flag, seminar_status, revocation_candidate). Ordered by
    licence number, then municipality and licence id."""

    permission_classes = [IsAuthenticated, IsCaseOfficer]
    pagination_class = Pagination
    filter_backends: list = []  # the query is validated by EvaluationQuerySerializer
    serializer_class = EvaluationSerializer
    queryset = Licence.objects.none()  # for the schema generator; get() scopes its own

    @extend_schema(
        summary="Rule evaluations (revocation candidates, seminar compliance, flags)",
        tags=["evaluations"],
        parameters=[EvaluationQuerySerializer],
        responses={200: EvaluationSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        query = EvaluationQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        params = query.validated_data
        on = params.get("date") or today()

        caller = get_caller(request)
        licences = Licence.objects.filter(municipality_id__in=caller.officer_municipality_ids)
        if "municipality" in params:
            licences = licences.filter(municipality__org_number=params["municipality"])
        for name in ("licence_number", "kind", "status"):
            if name in params:
                field = "number" if name == "licence_number" else name
                licences = licences.filter(**{field: params[name]})

        if any(name in params for name in RESULT_FILTERS):
            # Filters on the results: every licence in scope is evaluated (docs/adr/0121).
            evaluations = [e for e in evaluate_all(licences, on) if _matches(e, params)]
            evaluations.sort(key=lambda e: (e.number, e.municipality_org_number, int(e.licence_id)))
            page = self.paginate_queryset(evaluations)
        else:
            # The page of licences first, then only those are evaluated (docs/adr/0121).
            ordered = licences.order_by(
                _code_point_order("number"), _code_point_order("municipality__org_number"), "pk"
            )
            ids = list(self.paginate_queryset(ordered.values_list("pk", flat=True)))
            evaluated = evaluate_all(Licence.objects.filter(pk__in=ids), on)
            by_id = {int(evaluation.licence_id): evaluation for evaluation in evaluated}
            page = [by_id[pk] for pk in ids]
        rows = [_row(evaluation, on) for evaluation in page]
        return self.get_paginated_response(rows)


RESULT_FILTERS = ("flag", "seminar_status", "revocation_candidate")


def _code_point_order(field: str) -> Collate:
    """Order by code point, as Python sorts strings, on SQLite and PostgreSQL alike."""
    return Collate(field, "C" if connection.vendor == "postgresql" else "BINARY")


def _matches(evaluation, params) -> bool:
    checks = (
        ("flag", lambda value: value in evaluation.flag_codes),
        ("seminar_status", lambda value: evaluation.seminar.status == value),
        ("revocation_candidate", lambda value: evaluation.points.revocation_candidate == value),
    )
    return all(check(params[name]) for name, check in checks if name in params)


def _row(evaluation, on) -> dict:
    return {
        "format": FORMAT,
        "licence_id": evaluation.licence_id,
        "municipality": evaluation.municipality_org_number,
        "evaluated_on": on.isoformat(),
        **to_json_dict(evaluation),
    }
