"""E-mail of the fees app. Every message goes through the project's outbox
(``licensing.mail.queue_mail``, django-post-office): it is stored with the transaction that
caused it and sent by the mail worker, so a mail server that is down never fails a request.

Messages are written in ``language``: by default the municipality's written standard
(``Municipality.language``: nn for a Nynorsk municipality, else nb); the officer may choose
another one. They name the licence number, the year and the payment reference, never an
internal id.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from post_office.models import Email

from licensing.mail import queue_mail

from .models import FeeYear, ReportKind
from .tokens import sign_token

LANGUAGES = ("nb", "nn", "en")


def private_link(fee_year: FeeYear) -> str:
    path = reverse("fees_public:report", args=[sign_token(fee_year.token)])
    return settings.SITE_URL.rstrip("/") + path


def default_language(fee_year: FeeYear) -> str:
    """The municipality's written standard: nn or nb."""
    return fee_year.licence.municipality.language


def _context(fee_year: FeeYear) -> dict:
    licence = fee_year.licence
    premises = getattr(licence, "premises", None)
    return {
        "number": licence.number,
        "year": fee_year.year,
        "holder": licence.holder.name,
        "premises": premises.name if premises is not None else "",
        "reference": fee_year.reference,
        "link": private_link(fee_year),
        "municipality": licence.municipality.name,
    }


def _queue(fee_year: FeeYear, template: str, context: dict, language: str) -> Email | None:
    """Queue one message to the holder; None when the holder has no e-mail address."""
    licence = fee_year.licence
    address = (licence.holder.email or "").strip()
    if not address:
        return None
    return queue_mail(
        to=address,
        template=f"fees/email/{template}",
        context=context,
        language=language if language in LANGUAGES else default_language(fee_year),
        # Replies reach the municipality; the sender stays the system's own address.
        reply_to=licence.municipality.email or None,
    )


def queue_report_request(
    fee_year: FeeYear, *, kind: str, deadline: dt.date, language: str
) -> Email | None:
    """The private link: the expected volume (before the year has ended) or the sales
    report (after it), with the deadline."""
    context = {
        **_context(fee_year),
        "kind": "expected" if kind == ReportKind.EXPECTED else "actual",
        "deadline": deadline.strftime("%d.%m.%Y"),
    }
    return _queue(fee_year, "report_request", context, language)


def queue_reminder(fee_year: FeeYear, *, deadline: dt.date, language: str) -> Email | None:
    """The reminder of a missing sales report, with the private link."""
    context = {**_context(fee_year), "deadline": deadline.strftime("%d.%m.%Y")}
    return _queue(fee_year, "report_reminder", context, language)


def queue_report_receipt(fee_year: FeeYear, report, language: str) -> Email | None:
    """The receipt of the holder's report, in the language the holder used the page in."""
    licence = fee_year.licence
    with translation.override(language):
        litres = ", ".join(
            _("group %(group)s: %(litres)s litres") % {"group": g, "litres": report.litres[g]}
            for g in licence.alcohol_groups
        )
        kind = str(report.get_kind_display()).lower()
    context = {**_context(fee_year), "kind": kind, "litres": litres}
    return _queue(fee_year, "report_receipt", context, language)
