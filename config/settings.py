"""Settings, read from environment variables.

Defaults suit local development (SQLite in the project directory). Production values
fail loudly when missing: with DEBUG off, SECRET_KEY and ALLOWED_HOSTS are required.
See docs/adr/0002-settings.md.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or DEBUG=1 for development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN
    "simple_history",
    "post_office",
    "axes",
    "csp",
    "licensing",
    "letters",
    "seminars",
    "inspections",
    "fees",
    "evaluation",
    "importer",
    "publicregister",
    "reporting",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "licensing.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "licensing.context_processors.navigation",
            ],
        },
    },
]

# Persistent connections (60 s, checked before reuse): a new PostgreSQL connection per
# request cost the server about 10 ms of CPU, as much as the request itself
# (docs/adr/0236). CONN_MAX_AGE=0 closes each at the end of its request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first (login lockout, docs/adr/0102-brute-force-limits.md), then the model
# backend, which refuses the demo's published password when DEBUG is off (ADR 0100).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "licensing.auth.DemoPasswordRefusingBackend",
]
# Lock out after LOGIN_FAILURE_LIMIT failures per user name and, separately, per address,
# for LOGIN_LOCKOUT_MINUTES; administrators unlock in Django admin (Axes → Access attempts).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "licensing.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "licensing.client_ip.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # config.views.start: by role
LOGOUT_REDIRECT_URL = "login"

# Norwegian Bokmål first, then Nynorsk; English is the fallback. Nynorsk uses Django's own
# nn formats (03.12.2026, "3. desember 2026", 1\u00a0234,5) like Bokmål. A municipality's
# written standard (Municipality.written_standard) picks nb or nn for its letters.
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
# English dates in the British order (config/formats/en): 04/11/2025 is 4 November.
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CACHES = {
    "default": (
        {"BACKEND": "config.cache.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_table",
        }
    )
}

# Every e-mail goes through the outbox (licensing/mail.py, docs/adr/0101-mail-outbox.md):
# Django's EMAIL_BACKEND queues, the worker (manage.py mail_worker) sends with the
# transport named by the environment variable EMAIL_BACKEND (SMTP by default).
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {
        "default": env_str(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        )
    },
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": env_int("MAIL_MAX_RETRIES", 6),
    # The first retry waits this long; each further retry twice as long (mail_worker).
    "RETRY_INTERVAL": dt.timedelta(seconds=env_int("MAIL_RETRY_SECONDS", 60)),
    "THREADS_PER_PROCESS": 1,
    "LOG_LEVEL": 2,
    "MESSAGE_ID_ENABLED": True,
    "CELERY_ENABLED": False,
}
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "bevilling@localhost")
# Absolute base for links in e-mails (e.g. https://bevilling.example.kommune.no).
# Required with DEBUG off (ADR 0100): a default would send people to 127.0.0.1.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set: the public address used in links in e-mails "
        "(e.g. https://bevilling.kommune.no)."
    )
# Advance notices (forvaltningsloven § 16): days from the day of issue to the default comment
# deadline (docs/letters.md); at least 7.
ADVANCE_NOTICE_COMMENT_DAYS = env_int("ADVANCE_NOTICE_COMMENT_DAYS", 14)
# Reminders (manage.py send_reminders, docs/operations.md): the weekday of the officers'
# weekly digest, 0 = Monday ... 6 = Sunday.
REMINDER_DIGEST_WEEKDAY = env_int("REMINDER_DIGEST_WEEKDAY", 0)
if not 0 <= REMINDER_DIGEST_WEEKDAY <= 6:
    raise ImproperlyConfigured("REMINDER_DIGEST_WEEKDAY must be 0 (Monday) to 6 (Sunday).")
# Public register (docs/public-register.md): requests per client IP, and how long a
# municipality's snapshot may be served from the cache at most.
PUBLIC_REGISTER_RATE = env_str("PUBLIC_REGISTER_RATE", "120/m")
PUBLIC_REGISTER_CACHE_SECONDS = env_int("PUBLIC_REGISTER_CACHE_SECONDS", 600)
# How long an authenticated API token, its user and roles stay in the cache (api/auth_cache.py,
# docs/adr/0205); every change through the application invalidates at once. 0 turns it off.
API_AUTH_CACHE_SECONDS = env_int("API_AUTH_CACHE_SECONDS", 60)
# Rendered API list pages kept in the cache per caller, invalidated by every write
# (docs/adr/0206); 0 turns it off.
API_PAGE_CACHE_SECONDS = env_int("API_PAGE_CACHE_SECONDS", 60)

# Security. HTTPS settings are on whenever DEBUG is off; behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER through the environment variable BEHIND_TLS_PROXY=1.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the
# log-in (licensing/middleware.py); the cookie itself lives no longer than the maximum.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# Content-Security-Policy (django-csp): scripts and everything else from this site only,
# no inline script; inline style attributes are allowed (positions on the points axis,
# Swagger UI, Django admin). docs/adr/0103-headers-and-sessions.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# How many reverse proxies stand in front of the app (each appends to X-Forwarded-For).
# One setting for every per-address limit: login lockout, seminar registrations, the API
# (licensing/client_ip.py). 0: REMOTE_ADDR only, X-Forwarded-For ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
RATELIMIT_IP_META_KEY = "licensing.client_ip.client_ip"
# Public seminar registrations per client address (django-ratelimit syntax, e.g. 10/h).
SEMINAR_REGISTRATION_RATE = env_str("SEMINAR_REGISTRATION_RATE", "10/h")

SILENCED_SYSTEM_CHECKS: list[str] = [
    # HSTS preload is a one-way decision for the operator's domain; it stays opt-in
    # (SECURE_HSTS_PRELOAD=1) rather than being forced on every installation.
    "security.W021",
]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Secure by default: hashed, expiring knox tokens (docs/adr/0060-api-tokens-knox.md).
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env_str("API_RATE_PER_TOKEN", "2000/hour"),
        "anon": env_str("API_RATE_ANONYMOUS", "120/minute"),
        # Failed token authentications per client address (api/authentication.py).
        "token_failures": env_str("API_RATE_FAILED_TOKENS", "20/hour"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # DRF's parsers, with a JSON parser that refuses hostile JSON (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.closed_request_bodies",
    ],
    "TITLE": "Bevillingsforvaltning API",
    "DESCRIPTION": "Licences, inspections and rule evaluation for municipal alcohol licensing.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page loads Swagger UI from our own static files (pinned version,
    # works without internet access, no third-party requests from a municipal site).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The outbox worker polls every few seconds; post-office logs each empty batch at INFO.
    "loggers": {"post_office": {"level": env_str("MAIL_LOG_LEVEL", "WARNING")}},
}

# Serve static files straight from the apps in development; production uses collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
