"""Site-wide error pages (403, 404, 500), wired in config/urls.py.

They speak the visitor's language (LocaleMiddleware has run), keep the site's navigation,
and name whom to contact: an officer's own municipalities are in the menu already, so the
public and other users get the municipalities' contact details (e-mail and phone). The 429
of the seminar registration form is rendered by that form itself so that it keeps what was
typed (seminars/views/public.py).
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from ..access import is_case_officer
from ..models import Municipality

log = logging.getLogger(__name__)

CONTACTS_SHOWN = 10


def _contacts(request) -> list[Municipality]:
    """Municipalities with a public contact, for visitors who are not case officers."""
    user = getattr(request, "user", None)
    if user is not None and is_case_officer(user):
        return []
    return list(
        Municipality.objects.exclude(email="", phone="").only("name", "email", "phone")[
            :CONTACTS_SHOWN
        ]
    )


def _page(request, template: str, status: int) -> HttpResponse:
    return render(
        request, template, {"contacts": _contacts(request), "code": status}, status=status
    )


def permission_denied(request, exception=None):
    return _page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _page(request, "404.html", 404)


def server_error(request):
    """The friendly 500 page; if even that fails (e.g. the database is down), a plain one
    that needs neither the database nor the request's context."""
    try:
        return _page(request, "500.html", 500)
    except Exception:  # noqa: BLE001 - the last resort must not raise
        log.exception("The 500 page could not be rendered with its context")
        return HttpResponseServerError(loader.get_template("500_plain.html").render())
