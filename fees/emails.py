"""E-mail of the fees app: one function, so the sending can be switched to the project's
mail outbox in one place. A failing mail is logged and never breaks the request."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import FeeYear
from .tokens import sign_token

logger = logging.getLogger(__name__)


def private_link(fee_year: FeeYear) -> str:
    path = reverse("fees_public:report", args=[sign_token(fee_year.token)])
    return settings.SITE_URL.rstrip("/") + path


def send(*, subject: str, body: str, to: list[str]) -> bool:
    """Send one e-mail; False (and a log line) when it fails or has no recipient."""
    recipients = [address for address in to if address]
    if not recipients:
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # noqa: BLE001 - a mail server problem must never break the request
        logger.exception("fees: e-mail %r to %s failed", subject, recipients)
        return False
    return True


def send_report_receipt(fee_year: FeeYear, report, language: str = "nb") -> bool:
    licence = fee_year.licence
    with translation.override(language):
        subject = _("Sales report received – licence %(number)s, %(year)s") % {
            "number": licence.number, "year": fee_year.year,
        }  # fmt: skip
        litres = ", ".join(
            _("group %(group)s: %(litres)s litres") % {"group": g, "litres": report.litres[g]}
            for g in licence.alcohol_groups
        )
        body = _(
            "The municipality has received your report (%(kind)s) for licence %(number)s, "
            "%(year)s: %(litres)s.\n\nSee or correct it until the deadline at:\n%(link)s\n"
        ) % {
            "kind": report.get_kind_display().lower(), "number": licence.number,
            "year": fee_year.year, "litres": litres, "link": private_link(fee_year),
        }  # fmt: skip
    return send(subject=subject, body=body, to=[licence.holder.email])


def send_report_request(fee_year: FeeYear, deadline, language: str = "nb") -> bool:
    licence = fee_year.licence
    with translation.override(language):
        subject = _("Sales report for %(year)s – licence %(number)s") % {
            "number": licence.number, "year": fee_year.year,
        }  # fmt: skip
        body = _(
            "Please report the litres sold in %(year)s under licence %(number)s by "
            "%(deadline)s (alkoholforskriften ch. 6). Use your private link:\n%(link)s\n"
        ) % {
            "year": fee_year.year, "number": licence.number,
            "deadline": deadline.strftime("%d.%m.%Y"), "link": private_link(fee_year),
        }  # fmt: skip
    return send(subject=subject, body=body, to=[licence.holder.email])
