"""Applications, hearings, decisions and the dashboard (paths in Norwegian)."""

from django.urls import path

from .views import case_officer, cases, dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("saker/<int:pk>/saksbehandler/", case_officer.case_assign_view, name="case_assign"),
    path("soknader/", cases.application_list, name="application_list"),
    path("soknader/ny/", cases.application_create, name="application_create"),
    path("soknader/<int:pk>/", cases.application_detail, name="application_detail"),
    path("soknader/<int:pk>/endre/", cases.application_edit, name="application_edit"),
    path("soknader/<int:pk>/status/", cases.application_transition, name="application_transition"),
    path("soknader/<int:pk>/horing/", cases.hearing_create, name="hearing_create"),
    path("soknader/horinger/<int:pk>/svar/", cases.hearing_reply, name="hearing_reply"),
    path(
        "soknader/<int:pk>/kommentar/", cases.comment_request_create, name="comment_request_create"
    ),
    path(
        "soknader/kommentarer/<int:pk>/mottatt/",
        cases.comment_received,
        name="comment_received",
    ),
    path("soknader/<int:pk>/kommentar/unntak/", cases.comment_step_skip, name="comment_step_skip"),
    path("soknader/<int:pk>/vedtak/", cases.decision_create, name="decision_create"),
    path("soknader/vedtak/<int:pk>/", cases.decision_detail, name="decision_detail"),
]
