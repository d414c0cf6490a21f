"""Case-officer pages of the inspections app (under /saksbehandling/kontroll/)."""

from django.urls import path

from .views import cases, coverage, points, reports, suspensions

app_name = "inspections"

urlpatterns = [
    path("", reports.report_list, name="report_list"),
    path("rapporter/<int:pk>/", reports.report_detail, name="report_detail"),
    path(
        "rapporter/<int:pk>/start-behandling/",
        reports.report_start_review,
        name="report_start_review",
    ),
    path("rapporter/<int:pk>/sendt/", reports.report_sent, name="report_sent"),
    path("rapporter/<int:pk>/kommentar/", reports.report_comment, name="report_comment"),
    path(
        "rapporter/<int:pk>/prikker/", reports.report_propose_points, name="report_propose_points"
    ),
    path("bevillinger/<int:pk>/prikker/", points.licence_points, name="licence_points"),
    path(
        "bevillinger/<int:pk>/prikker/ny/",
        points.points_propose_single,
        name="points_propose_single",
    ),
    path(
        "bevillinger/<int:pk>/prikker/forhandsvarsel/", points.points_notify, name="points_notify"
    ),
    path("bevillinger/<int:pk>/prikker/vedtak/", points.points_decide, name="points_decide"),
    path("prikker/<int:pk>/trekk-tilbake/", points.point_withdraw, name="point_withdraw"),
    path(
        "bevillinger/<int:pk>/inndragning/forhandsvarsel/",
        suspensions.suspension_notify,
        name="suspension_notify",
    ),
    path("saker/", cases.case_list, name="case_list"),
    path("prikksak/<int:pk>/", cases.point_case_detail, name="point_case_detail"),
    path("inndragning/<int:pk>/", cases.suspension_detail, name="suspension_detail"),
    path("inndragning/<int:pk>/vedtak/", suspensions.suspension_decide, name="suspension_decide"),
    path("inndragning/<int:pk>/avbryt/", suspensions.suspension_cancel, name="suspension_cancel"),
    path("dekning/", coverage.coverage, name="coverage"),
]
