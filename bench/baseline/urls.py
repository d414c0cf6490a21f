from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.response import Response

# 50 rows of eight fields, shaped like a short licence row (built once: no work per request
# but DRF's own: content negotiation, rendering, the middleware).
ROWS = [
    {
        "id": n,
        "number": f"2026/{n:05d}",
        "kind": "serving",
        "status": "active",
        "holder": f"Holder {n} AS",
        "org_number": f"{900000000 + n}",
        "valid_from": "2024-10-01",
        "valid_to": "2028-09-30",
    }
    for n in range(1, 51)
]


@api_view(["GET"])
def rows(request):
    return Response({"count": len(ROWS), "next": None, "previous": None, "results": ROWS})


urlpatterns = [path("bench/rows/", rows)]
