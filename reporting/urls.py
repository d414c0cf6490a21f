from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("arsrapport/", views.annual_report_view, name="annual_report"),
    path("nasjonal-rapportering/", views.national_export, name="national_export"),
    path("region/", views.regional_overview, name="regional_overview"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar"),
]
