"""The API under /api/v1/ (namespace ``api``): endpoints, the OpenAPI schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .errors import not_found
from .views.evaluations import EvaluationListView
from .views.fees import LicenceFeeYearsView
from .views.inspections import InspectionViewSet, InspectorViewSet, ViolationTypeViewSet
from .views.register import (
    HolderViewSet,
    LicenceViewSet,
    PointDecisionViewSet,
    SuspensionViewSet,
)
from .views.seminars import SeminarViewSet

app_name = "api"

router = SimpleRouter()
router.register("licences", LicenceViewSet, basename="licence")
router.register("violation-types", ViolationTypeViewSet, basename="violation-type")
router.register("inspectors", InspectorViewSet, basename="inspector")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("holders", HolderViewSet, basename="holder")
router.register("point-decisions", PointDecisionViewSet, basename="point-decision")
router.register("suspensions", SuspensionViewSet, basename="suspension")
router.register("seminars", SeminarViewSet, basename="seminar")

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]),
        name="schema",
    ),
    path(
        "docs/",
        # The split view serves its start-up script as a file: no inline script (CSP).
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", authentication_classes=[], permission_classes=[]
        ),
        name="docs",
    ),
    path("evaluations/", EvaluationListView.as_view(), name="evaluations"),
    path("licences/<int:pk>/fee-years/", LicenceFeeYearsView.as_view(), name="licence-fee-years"),
    *router.urls,
    # Anything else under /api/v1/ is a JSON 404, not the HTML page.
    re_path(r"^[\s\S]*$", not_found),
]
