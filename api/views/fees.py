"""A licence's fee years (alkoholforskriften ch. 6) for case officers; control companies
get 404 like every officer-only endpoint. The figures come from ``fees.selectors.fee_rows``,
the same function as the statement, the pages and the letters."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from fees import formats, selectors
from licensing.clock import today
from licensing.models import Licence

from ..permissions import IsCaseOfficer, get_caller
from ..schema import DETAIL_ERRORS

FeeYearSerializer = inline_serializer(
    name="FeeYear",
    many=True,
    fields={
        "year": serializers.IntegerField(),
        "reference": serializers.CharField(),
        "licence_number": serializers.CharField(),
        "kind": serializers.CharField(),
        "expected_litres": serializers.DictField(allow_null=True),
        "charged": serializers.CharField(allow_null=True),
        "actual_report": serializers.ChoiceField(["received", "late", "missing", "not_due"]),
        "actual_litres": serializers.DictField(allow_null=True),
        "final_fee": serializers.CharField(allow_null=True),
        "settlement": serializers.CharField(allow_null=True),
        "estimated": serializers.BooleanField(required=False),
        "paid": serializers.CharField(),
        "unpaid": serializers.BooleanField(),
        "credit_due": serializers.BooleanField(),
    },
)


class LicenceFeeYearsView(generics.GenericAPIView):
    """The fee years of one licence of your municipalities: charged on the expected
    volume, the sales report's state, the final fee and the settlement (format
    fee-statement/1's fields), and the payments' state."""

    permission_classes = [IsAuthenticated, IsCaseOfficer]
    queryset = Licence.objects.none()
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        summary="A licence's fee years",
        tags=["fees"],
        responses={200: FeeYearSerializer, **DETAIL_ERRORS},
    )
    def get(self, request, pk: int):
        caller = get_caller(request)
        licence = Licence.objects.filter(
            pk=pk, municipality_id__in=caller.officer_municipality_ids
        ).first()
        if licence is None:
            raise Http404
        rows = selectors.licence_fee_rows(licence, today())
        return Response(
            [
                {
                    "year": row.year,
                    "reference": row.reference,
                    **formats.statement_entry(row),
                    "paid": str(row.outcome.paid),
                    "unpaid": row.outcome.unpaid,
                    "credit_due": row.outcome.credit_due,
                }
                for row in rows
            ]
        )
