"""Case-officer pages of the fees app (under /saksbehandling/gebyr/)."""

from django.urls import path

from .views import officer

app_name = "fees"

urlpatterns = [
    path("", officer.overview, name="overview"),
    path("innbetalinger/", officer.payments_import, name="payments_import"),
    path("apne-ar/", officer.fee_years_open, name="fee_years_open"),
    path("send-lenker/", officer.links_send, name="links_send"),
    path("bevillinger/<int:pk>/<int:year>/", officer.licence_year, name="licence"),
    path("bevillinger/<int:pk>/<int:year>/lenke/", officer.private_link_create, name="link"),
    path("bevillinger/<int:pk>/<int:year>/oppgave/", officer.report_enter, name="report_enter"),
    path("bevillinger/<int:pk>/<int:year>/skjonn/", officer.estimate, name="estimate"),
    path("bevillinger/<int:pk>/<int:year>/betaling/", officer.payment_add, name="payment_add"),
    path(
        "bevillinger/<int:pk>/<int:year>/prikker/<str:breach>/",
        officer.propose_points,
        name="propose_points",
    ),
]
