"""Case-officer pages of the seminars app (/saksbehandling/seminarer/)."""

from django.urls import path

from .views import officer

app_name = "seminars"

urlpatterns = [
    path("", officer.session_list, name="session_list"),
    path("ny/", officer.session_create, name="session_create"),
    path("<int:pk>/", officer.session_detail, name="session_detail"),
    path("<int:pk>/endre/", officer.session_edit, name="session_edit"),
    path("<int:pk>/avlys/", officer.session_cancel, name="session_cancel"),
    path("<int:pk>/oppmoteliste/", officer.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/deltakere.csv", officer.export_csv, name="export_csv"),
    path("deltaker/<int:pk>/oppmote/", officer.participant_mark, name="participant_mark"),
    path("pamelding/<int:pk>/frigi/", officer.registration_release, name="registration_release"),
    path("deltaker/<int:pk>/kobling/", officer.participant_match, name="participant_match"),
]
