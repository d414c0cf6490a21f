"""Public seminar pages (/seminarer/): no account needed, no sequential ids in URLs."""

from django.urls import path

from .views import public

app_name = "seminars_public"

urlpatterns = [
    path("", public.session_list, name="session_list"),
    path("feed.ics", public.feed, name="feed"),
    path("mottatt/", public.received, name="received"),
    path("<uuid:public_id>/", public.session_detail, name="session"),
    path("<uuid:public_id>/kalender.ics", public.session_ics, name="session_ics"),
    path("pamelding/<str:signed>/", public.registration_detail, name="registration"),
    path("pamelding/<str:signed>/endre/", public.registration_change, name="registration_change"),
    path("pamelding/<str:signed>/avmeld/", public.registration_cancel, name="registration_cancel"),
    path("pamelding/<str:signed>/kalender.ics", public.registration_ics, name="registration_ics"),
]
