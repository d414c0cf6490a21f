"""The project's settings for the registration burst (``bench/registrations.py``): the
public form's per-address rate limit raised (every request comes from 127.0.0.1), e-mail
rendered and handed to Django's in-memory backend instead of an SMTP server."""

from config.settings import *  # noqa: F403

# Collected once by bench/registrations.py (the manifest storage of DEBUG off needs it).
STATIC_ROOT = "/tmp/bench-burst-static"  # noqa: S108 - loopback benchmark only
SEMINAR_REGISTRATION_RATE = "100000/h"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
