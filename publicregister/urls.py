"""Public register (/offentlig/): anonymous pages and downloads per municipality."""

from django.urls import path

from . import views

app_name = "publicregister"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:org_number>/", views.municipality_page, name="municipality"),
    path("<str:org_number>/bevillinger.csv", views.licences_csv, name="licences_csv"),
    path("<str:org_number>/bevillinger.json", views.licences_json, name="licences_json"),
    path("<str:org_number>/prikker.csv", views.points_csv, name="points_csv"),
    path("<str:org_number>/inndragninger.csv", views.suspensions_csv, name="suspensions_csv"),
    path("<str:org_number>/reaksjoner.json", views.sanctions_json, name="sanctions_json"),
]
