"""Holders, premises, persons, licences and their managers (paths in Norwegian)."""

from django.urls import path

from .views import register

urlpatterns = [
    path("bevillinger/", register.licence_list, name="licence_list"),
    path("bevillinger/ny/", register.licence_create, name="licence_create"),
    path("bevillinger/<int:pk>/", register.licence_detail, name="licence_detail"),
    path("bevillinger/<int:pk>/endre/", register.licence_edit, name="licence_edit"),
    path("bevillinger/<int:pk>/styrer/", register.licence_assign, name="licence_assign"),
    path("bevillinger/<int:pk>/status/", register.licence_status, name="licence_status"),
    path("bevillingshavere/", register.holder_list, name="holder_list"),
    path("bevillingshavere/ny/", register.holder_create, name="holder_create"),
    path("bevillingshavere/<int:pk>/", register.holder_detail, name="holder_detail"),
    path("bevillingshavere/<int:pk>/endre/", register.holder_edit, name="holder_edit"),
    path("personer/", register.person_list, name="person_list"),
    path("personer/ny/", register.person_create, name="person_create"),
    path("personer/<int:pk>/", register.person_detail, name="person_detail"),
    path("personer/<int:pk>/endre/", register.person_edit, name="person_edit"),
    path("lokaler/ny/", register.premises_create, name="premises_create"),
    path("lokaler/<int:pk>/endre/", register.premises_edit, name="premises_edit"),
]
