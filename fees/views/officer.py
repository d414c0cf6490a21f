"""Case-officer pages of the fees app (under /saksbehandling/gebyr/)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from inspections.models import ViolationType
from inspections.services import points as point_services
from licensing import listing
from licensing.access import case_officer_required, get_for_officer, officer_municipalities
from licensing.clock import today
from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error
from licensing.history import history_entries
from licensing.models import Licence, Municipality
from licensing.selectors import case_reminders, licence_for_officer
from licensing.views.case_officer import officer_choices

from .. import emails, formats, rules, selectors
from ..forms import (
    LANGUAGE_CHOICES,
    EstimateForm,
    OfficerReportForm,
    PaymentForm,
    PaymentImportForm,
    SendLinkForm,
    SendLinksForm,
)
from ..models import (
    FeeEstimate,
    FeeNotice,
    FeePayment,
    FeeYear,
    NoticeKind,
    ReportKind,
    SalesReport,
)
from ..services import estimates, fee_years, notices, payments, reports

# Lazy: the list is built at import, the labels are read in each request's language.
FILTER_CHOICES = [
    ("", gettext_lazy("All licences")),
    ("missing", gettext_lazy("Sales report missing")),
    ("late", gettext_lazy("Sales report late")),
    ("unpaid", gettext_lazy("Unpaid after the due date")),
    ("settlement", gettext_lazy("Settlement due (further charge or credit)")),
    ("credit", gettext_lazy("Credit due to the holder")),
    ("estimated", gettext_lazy("Volume set by estimate")),
    ("reminder", gettext_lazy("Reminder due")),
]


def _year(data, default: int) -> int:
    try:
        year = int(data.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@case_officer_required
def overview(request: HttpRequest) -> HttpResponse:
    """A municipality and year: totals per kind and group, the licences, filters and CSV."""
    municipalities = list(officer_municipalities(request.user))
    if not municipalities:
        raise Http404
    chosen = request.GET.get("municipality")
    municipality = next((m for m in municipalities if str(m.pk) == chosen), municipalities[0])
    on = today()
    year = _year(request.GET, on.year - 1 if on.month < 6 else on.year)
    rows = selectors.fee_rows(municipality_ids=[municipality.pk], years=[year], today=on)
    per_kind, litres, overall = selectors.totals(rows)
    current = request.GET.get("filter", "")
    test = selectors.FILTERS.get(current)
    shown = [r for r in rows if test(r)] if test else rows
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            formats.statement_csv(shown).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="gebyr-{municipality.org_number}-{year}.csv"'
        )
        return response
    params = request.GET.copy()
    params["format"] = "csv"
    params.pop("page", None)
    context = {
        "municipality": municipality,
        "municipalities": municipalities,
        "year": year,
        "years": range(on.year - 3, on.year + 2),
        "filter": current,
        "filter_choices": FILTER_CHOICES,
        "per_kind": sorted(per_kind.items()),
        "litres": [
            (rules.FEE_KIND_LABELS[kind], group, value)
            for (kind, group), value in sorted(litres.items())
        ],
        "overall": overall,
        "count": len(shown),
        "csv_url": "?" + params.urlencode(),
        "rates_missing": bool(rows) and not rows[0].rates_known,
        "links_form": SendLinksForm(municipality=municipality, initial={"year": year}),
        **listing.paginate(request, shown),
    }
    return render(request, "fees/overview.html", context)


def _row_or_404(licence: Licence, year: int):
    row = selectors.fee_row(licence, year, today())
    if row is None:
        raise Http404
    return row


@case_officer_required
def licence_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    licence = licence_for_officer(request.user, pk)
    row = _row_or_404(licence, year)
    fee_year = (
        FeeYear.objects.filter(licence=licence, year=year)
        .select_related("case__assigned_to")
        .first()
    )
    case = fee_year.case if fee_year else None
    report_rows = (
        sorted(SalesReport.objects.filter(fee_year=fee_year), key=lambda r: r.kind != "expected")
        if fee_year
        else []
    )
    payment_rows = list(FeePayment.objects.filter(fee_year=fee_year)) if fee_year else []
    estimate = FeeEstimate.objects.filter(fee_year=fee_year).first() if fee_year else None
    notice_rows = (
        list(FeeNotice.objects.filter(fee_year=fee_year).select_related("sent_by"))
        if fee_year
        else []
    )
    history_objects = [*report_rows, *payment_rows, *([estimate] if estimate else [])]
    return render(
        request,
        "fees/licence_year.html",
        {
            "licence": licence,
            "row": row,
            "outcome": row.outcome,
            "fee_year": fee_year,
            "case": case,
            "officers": officer_choices(case),
            "reminders": case_reminders(case),
            "reports": report_rows,
            "payments": payment_rows,
            "estimate": estimate,
            "payment_form": PaymentForm(initial={"paid_on": today()}),
            "notices": notice_rows,
            "reminder_pending": row.outcome.reminder_due
            and not any(n.kind == NoticeKind.REMINDER for n in notice_rows),
            "send_form": SendLinkForm(municipality=licence.municipality),
            "private_link": emails.private_link(fee_year) if fee_year else "",
            "history": history_entries(*history_objects) if history_objects else [],
            "can_propose_late": licence.in_point_system
            and row.outcome.actual_report in (rules.MISSING, rules.LATE),
            "can_propose_unpaid": licence.in_point_system and row.outcome.unpaid,
            "can_estimate": row.outcome.actual_report == rules.MISSING and row.actual is None,
        },
    )


@case_officer_required
@require_POST
def fee_years_open(request: HttpRequest) -> HttpResponse:
    """Create the fee years (payment references and private links) of a municipality and
    year, so that the request letters can be issued in bulk (``issue_letters``)."""
    municipality = get_for_officer(
        Municipality.objects.all(), request.user, "pk", pk=request.POST.get("municipality") or 0
    )
    year = _year(request.POST, today().year - 1) if "year" in request.POST else today().year - 1
    count = fee_years.fee_years_open(municipality=municipality, year=year, actor=request.user)
    messages.success(
        request, _("%(count)s fee years opened for %(year)s.") % {"count": count, "year": year}
    )
    return redirect(f"{reverse('fees:overview')}?municipality={municipality.pk}&year={year}")


@case_officer_required
@require_POST
def private_link_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Create the holder's private link; with ``send``, e-mail it (through the outbox) in
    the language chosen, by default the municipality's written standard."""
    licence = licence_for_officer(request.user, pk)
    _row_or_404(licence, year)
    fee_year = fee_years.fee_year_get_or_create(licence=licence, year=year, actor=request.user)
    if request.POST.get("send"):
        form = SendLinkForm(request.POST, municipality=licence.municipality)
        if not licence.holder.email:
            messages.error(request, _("The holder has no e-mail address."))
        elif form.is_valid():
            notices.link_send(
                fee_year=fee_year, language=form.cleaned_data["language"], actor=request.user,
                on=today(),
            )  # fmt: skip
            messages.success(
                request, _("The link was sent to %(email)s.") % {"email": licence.holder.email}
            )
    return redirect("fees:licence", pk=pk, year=year)


@case_officer_required
@require_POST
def links_send(request: HttpRequest) -> HttpResponse:
    """E-mail every holder of a municipality and year their private link (only holders
    with an e-mail address; the others are listed)."""
    municipality = get_for_officer(
        Municipality.objects.all(), request.user, "pk", pk=request.POST.get("municipality") or 0
    )
    form = SendLinksForm(request.POST, municipality=municipality)
    if not form.is_valid():
        messages.error(request, _("Choose the year and the language."))
        return redirect(f"{reverse('fees:overview')}?municipality={municipality.pk}")
    year = form.cleaned_data["year"]
    on = today()
    result = notices.links_send_bulk(
        municipality=municipality, year=year, actor=request.user, on=on,
        language=form.cleaned_data["language"], again=form.cleaned_data["again"],
    )  # fmt: skip
    return render(
        request,
        "fees/links_sent.html",
        {
            "municipality": municipality, "year": year, "result": result,
            "language": dict(LANGUAGE_CHOICES)[form.cleaned_data["language"]],
            "kind": notices.link_kind(year, on),
        },
    )  # fmt: skip


def _link_kind(year: int) -> str:
    return ReportKind.EXPECTED if today().year <= year else ReportKind.ACTUAL


@case_officer_required
@require_http_methods(["GET", "POST"])
def report_enter(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Enter or correct a report on the holder's behalf, with a reason (kept in the history)."""
    licence = licence_for_officer(request.user, pk)
    row = _row_or_404(licence, year)
    kind = request.GET.get("kind") or _link_kind(year)
    existing = SalesReport.objects.filter(
        fee_year__licence=licence, fee_year__year=year, kind=kind
    ).first()
    initial = {"kind": kind, "received_on": today()}
    if existing:
        initial.update({f"litres_{g}": existing.litres[g] for g in licence.alcohol_groups})
        initial["reported_by"] = existing.reported_by
    form = OfficerReportForm(request.POST or None, groups=licence.alcohol_groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = reports.ReportInput(
            litres=form.litres(),
            received_on=form.cleaned_data["received_on"],
            reported_by=form.cleaned_data["reported_by"],
            confirm_large=form.cleaned_data["confirm_large"],
        )
        try:
            reports.report_enter_by_officer(
                licence=licence, year=year, kind=form.cleaned_data["kind"], data=data,
                reason=form.cleaned_data["reason"], actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("fees:licence", pk=pk, year=year)
    return render(
        request,
        "fees/report_enter.html",
        {"licence": licence, "row": row, "form": form, "existing": existing},
    )


@case_officer_required
@require_http_methods(["GET", "POST"])
def estimate(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Set the actual volume by estimate (skjønnsmessig fastsettelse), a decision with reasons."""
    licence = licence_for_officer(request.user, pk)
    row = _row_or_404(licence, year)
    initial = {"decided_on": today()}
    if row.expected:
        initial.update({f"litres_{g}": row.expected.get(g, 0) for g in licence.alcohol_groups})
    form = EstimateForm(request.POST or None, groups=licence.alcohol_groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            estimates.estimate_decide(
                licence=licence, year=year, litres=form.litres(),
                reasons=form.cleaned_data["reasons"], decided_on=form.cleaned_data["decided_on"],
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The volume is set by estimate."))
            return redirect("fees:licence", pk=pk, year=year)
    return render(request, "fees/estimate.html", {"licence": licence, "row": row, "form": form})


@case_officer_required
@require_POST
def payment_add(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    licence = licence_for_officer(request.user, pk)
    row = _row_or_404(licence, year)
    form = PaymentForm(request.POST)
    if form.is_valid():
        fee_year = fee_years.fee_year_get_or_create(licence=licence, year=year, actor=request.user)
        try:
            payments.payment_record(fee_year=fee_year, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("fees:licence", pk=pk, year=year)
    errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, _("The payment was not recorded: %(errors)s") % {"errors": errors})
    return redirect("fees:licence", pk=row.licence_id, year=year)


POINT_CODES = {"late": "sales_report_late", "unpaid": "fee_unpaid"}


@case_officer_required
@require_POST
def propose_points(request: HttpRequest, pk: int, year: int, breach: str) -> HttpResponse:
    """Propose points through the point procedure (proposal -> advance notice -> decision,
    alkoholforskriften ch. 10): the violation date is the day after the missed deadline."""
    licence = licence_for_officer(request.user, pk)
    row = _row_or_404(licence, year)
    code = POINT_CODES.get(breach)
    if code is None:
        raise Http404
    outcome = row.outcome
    if breach == "late":
        if outcome.actual_report not in (rules.MISSING, rules.LATE):
            messages.error(request, _("The sales report is not late."))
            return redirect("fees:licence", pk=pk, year=year)
        violation_on = outcome.actual_deadline + dt.timedelta(days=1)
    else:
        if not outcome.unpaid:
            messages.error(request, _("The fee is not unpaid."))
            return redirect("fees:licence", pk=pk, year=year)
        due = [on for on, _amount in outcome.instalments if on < today()]
        if outcome.settlement_due_on and outcome.settlement_due_on < today():
            due.append(outcome.settlement_due_on)
        violation_on = min(due) + dt.timedelta(days=1)
    violation = ViolationType.objects.filter(code=code).first()
    if violation is None:
        raise Http404
    try:
        point_services.point_decision_propose(
            licence=licence, actor=request.user, violation=violation,
            violation_on=violation_on, points=violation.standard_points,
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("fees:licence", pk=pk, year=year)
    messages.success(
        request, _("Points proposed (%(code)s); continue with the advance notice.") % {"code": code}
    )
    return redirect("inspections:licence_points", pk=pk)


@case_officer_required
@require_http_methods(["GET", "POST"])
def payments_import(request: HttpRequest) -> HttpResponse:
    municipalities = officer_municipalities(request.user)
    form = PaymentImportForm(
        request.POST or None, request.FILES or None, municipalities=municipalities
    )
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            lines = formats.parse_payments(text)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except formats.FormatError as error:
            form.add_error(
                "file",
                _("%(where)s: %(message)s. Nothing was recorded.")
                % {"where": error.path, "message": error.message},
            )
        else:
            result = payments.payments_import(
                municipality=form.cleaned_data["municipality"], lines=lines, actor=request.user
            )
    return render(request, "fees/payments_import.html", {"form": form, "result": result})
