from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from config.views import start

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is an SVG.
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", start, name="start"),
    path("api/v1/", include("api.urls")),
    path("seminarer/", include("seminars.urls_public")),
    path("offentlig/", include("publicregister.urls")),
    path("rapporter/", include("reporting.urls")),
    path("saksbehandling/seminarer/", include("seminars.urls")),
    path("saksbehandling/kontroll/", include("inspections.urls")),
    path("gebyr/", include("fees.urls_public")),
    path("saksbehandling/gebyr/", include("fees.urls")),
    path("brev/", include("letters.urls")),
    path("", include("licensing.urls")),
]

handler403 = "licensing.views.errors.permission_denied"
handler404 = "licensing.views.errors.page_not_found"
handler500 = "licensing.views.errors.server_error"
