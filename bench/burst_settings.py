"""The project's settings for the registration burst (``bench/registrations.py``): the
public form's per-address rate limit raised (every request comes from 127.0.0.1). E-mail
goes where it goes in production: the request stores what to render after the commit, and
the mail worker that ``bench/registrations.py`` runs beside gunicorn renders it into the
outbox and sends it with a transport that discards it (``licensing.mail``, docs/adr/0220)."""

from config.settings import *  # noqa: F403

# Collected once by bench/registrations.py (the manifest storage of DEBUG off needs it).
STATIC_ROOT = "/tmp/bench-burst-static"  # noqa: S108 - loopback benchmark only
SEMINAR_REGISTRATION_RATE = "100000/h"
