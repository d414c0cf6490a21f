"""Settings of the bare DRF baseline: the project's middleware and DRF, nothing else.

No database is touched (the view needs no authentication, the session is never read); an
in-memory SQLite is configured only because the auth and session apps require one.
"""

from config.settings import (  # noqa: F401 - the project's header and session settings
    CONTENT_SECURITY_POLICY,
    PERMISSIONS_POLICY,
    SESSION_IDLE_MINUTES,
    SESSION_MAX_HOURS,
)
from config.settings import MIDDLEWARE as PROJECT_MIDDLEWARE

DEBUG = False
SECRET_KEY = "bench-baseline-not-a-secret"  # noqa: S105 - loopback benchmark only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.baseline.urls"
WSGI_APPLICATION = "bench.baseline.wsgi.application"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "simple_history",
    "rest_framework",
    # The project's middleware ends with django-axes' (it answers locked-out logins).
    "axes",
]
MIDDLEWARE = list(PROJECT_MIDDLEWARE)
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
TIME_ZONE = "Europe/Oslo"
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
USE_I18N = True
STATIC_URL = "/static/"
STATIC_ROOT = "/tmp/bench-baseline-static"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
