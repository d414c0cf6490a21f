"""The holder's sales-report pages (/gebyr/): no account, a private signed link."""

from django.urls import path

from .views import public

app_name = "fees_public"

urlpatterns = [
    path("oppgave/<str:signed>/", public.report, name="report"),
    path("oppgave/<str:signed>/kvittering/", public.receipt, name="receipt"),
]
