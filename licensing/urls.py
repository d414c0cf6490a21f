"""Case-officer pages. Each area keeps its routes in its own module."""

from django.urls import include, path

app_name = "licensing"

urlpatterns = [
    path("", include("licensing.urls_cases")),
    path("", include("licensing.urls_register")),
]
