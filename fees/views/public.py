"""The holder's page: no account, the private signed link per licence and year
(``fees.tokens``). A tampered, unsigned or unknown link answers 404."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from licensing.clock import today
from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error

from .. import emails, selectors
from ..forms import ReportForm
from ..models import FeeYear, ReportKind, SalesReport
from ..services import reports
from ..tokens import unsign_token

RATE_GROUP = "fees.report"
logger = logging.getLogger(__name__)


def report_rate(group, request) -> str:
    return getattr(settings, "FEE_REPORT_RATE", "20/h")


def _fee_year(signed: str) -> FeeYear:
    token = unsign_token(signed)
    if token is None:
        raise Http404
    fee_year = (
        FeeYear.objects.select_related(
            "licence__holder", "licence__premises", "licence__municipality"
        )
        .filter(token=token)
        .first()
    )
    if fee_year is None:
        raise Http404
    return fee_year


def _queue_receipt(fee_year: FeeYear, report: SalesReport) -> None:
    """The receipt, in the language the holder used the page in, through the outbox. The
    report is saved: a failure to queue is logged and never shown as a failed report."""
    language = (translation.get_language() or fee_year.licence.municipality.language)[:2]
    try:
        emails.queue_report_receipt(fee_year, report, language)
    except Exception:  # noqa: BLE001
        logger.exception("fees: the receipt for fee year %s could not be queued", fee_year.pk)


def _kind(fee_year: FeeYear, on) -> str:
    """Before the year has ended the link reports the expected volume; after it, the
    volume actually sold (omsetningsoppgave)."""
    return ReportKind.EXPECTED if on.year <= fee_year.year else ReportKind.ACTUAL


@require_http_methods(["GET", "POST"])
def report(request, signed: str) -> HttpResponse:
    fee_year = _fee_year(signed)
    licence = fee_year.licence
    on = today()
    kind = _kind(fee_year, on)
    policy = selectors.municipality_policy(licence.municipality_id, fee_year.year)
    deadline = reports.report_editable_until(fee_year.year, kind, policy)
    existing = SalesReport.objects.filter(fee_year=fee_year, kind=kind).first()
    can_edit = existing is None or on <= deadline
    initial = {"revision": existing.revision if existing else 0}
    if existing:
        initial.update({f"litres_{g}": existing.litres[g] for g in licence.alcohol_groups})
        initial["reported_by"] = existing.reported_by
    form = ReportForm(request.POST or None, groups=licence.alcohol_groups, initial=initial)
    if request.method == "POST":
        if is_ratelimited(
            request, group=RATE_GROUP, key="ip", rate=report_rate, method="POST", increment=True
        ):
            response = render(request, "fees/public/rate_limited.html", status=429)
            response["Retry-After"] = "3600"
            return response
        if not can_edit:
            form.is_valid()
            form.add_error(None, reports.DEADLINE_PASSED_MESSAGE())
        elif form.is_valid():
            data = reports.ReportInput(
                litres=form.litres(), received_on=on,
                reported_by=form.cleaned_data["reported_by"],
                confirm_large=form.cleaned_data["confirm_large"],
            )  # fmt: skip
            try:
                saved = reports.report_submit_by_holder(
                    fee_year=fee_year, kind=kind, data=data,
                    revision=form.cleaned_data["revision"], today=on,
                )  # fmt: skip
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                _queue_receipt(fee_year, saved)
                return redirect("fees_public:receipt", signed=signed)
    row = selectors.fee_row(licence, fee_year.year, on)
    return render(
        request,
        "fees/public/report.html",
        {
            "fee_year": fee_year, "licence": licence, "kind": kind, "deadline": deadline,
            "existing": existing, "form": form, "can_edit": can_edit, "row": row,
            "signed": signed, "late": existing is None and on > deadline,
        },
    )  # fmt: skip


def receipt(request, signed: str) -> HttpResponse:
    fee_year = _fee_year(signed)
    on = today()
    kind = _kind(fee_year, on)
    report = SalesReport.objects.filter(fee_year=fee_year, kind=kind).first()
    if report is None:
        return redirect("fees_public:report", signed=signed)
    policy = selectors.municipality_policy(fee_year.licence.municipality_id, fee_year.year)
    return render(
        request,
        "fees/public/receipt.html",
        {
            "fee_year": fee_year, "licence": fee_year.licence, "report": report,
            "signed": signed,
            "deadline": reports.report_editable_until(fee_year.year, kind, policy),
            "litres": [(g, report.litres[g]) for g in fee_year.licence.alcohol_groups],
        },
    )  # fmt: skip
