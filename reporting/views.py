"""The yearly report (web page, PDF, JSON), the national reporting export, and the
regional overview with its calendar feed. Officers and coordinators only
(``reporting.access``); municipalities outside the user's answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.clock import today
from licensing.models import LicenceKind

from . import ics, national
from .access import reports_required
from .charts import bar_chart
from .figures import annual_report, breach_name
from .overview import HORIZON_DAYS, calendar_deadlines, overview
from .summary import LABELS, chart_series, fee_table, fmt, summary

REGION = "region"
FIRST_YEAR = 2000


def _year(request, default: int) -> int:
    value = request.GET.get("year", "")
    if not value:
        return default
    try:
        year = int(value)
    except ValueError as exc:
        raise Http404 from exc
    if not FIRST_YEAR <= year <= default:
        raise Http404
    return year


def _chosen(request):
    """The municipalities of the report: one (``?municipality=<org number>``) or every
    municipality the user may see (``region``, the default when there are several)."""
    allowed = request.report_municipalities
    choice = request.GET.get("municipality", "")
    if not choice:
        choice = allowed[0].org_number if len(allowed) == 1 else REGION
    if choice == REGION:
        return allowed, REGION
    chosen = [m for m in allowed if m.org_number == choice]
    if not chosen:
        raise Http404
    return chosen, choice


def report_title(municipalities, year: int, choice: str) -> str:
    if choice == REGION and len(municipalities) > 1:
        return _("Alcohol policy annual report %(year)s – the region") % {"year": year}
    return _("Alcohol policy annual report %(year)s – %(name)s") % {
        "year": year,
        "name": municipalities[0].name,
    }


@reports_required
def annual_report_view(request):
    current_year = today().year
    year = _year(request, current_year)
    municipalities, choice = _chosen(request)
    report = annual_report(municipalities, year, today())
    title = report_title(municipalities, year, choice)
    output = request.GET.get("format", "")
    slug = "region" if choice == REGION else choice
    if output == "json":
        response = JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'inline; filename="arsrapport-{slug}-{year}.json"'
        return response
    sentences = summary(report)
    if output == "pdf":
        from .pdf import render as render_pdf

        response = HttpResponse(
            render_pdf(report, sentences, title), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="arsrapport-{slug}-{year}.pdf"'
        return response
    charts = [
        {
            "title": chart_title,
            "svg": bar_chart(chart_id, chart_title, bars, current_label=str(year),
                             previous_label=str(year - 1)),
        }
        for chart_id, chart_title, bars in chart_series(report)
    ]  # fmt: skip
    comparison = [
        {
            **row,
            "label": LABELS[row["name"]],
            "current_text": fmt(row["current"]),
            "previous_text": fmt(row["previous"]),
            "change_text": "–"
            if row["change"] is None
            else (f"+{fmt(row['change'])}" if row["change"] > 0 else fmt(row["change"])),
        }
        for row in report.comparison()
    ]
    query = f"municipality={choice}&year={year}"
    now = report.current
    kind_rows = [{"label": label, **vars(now.kinds[kind])} for kind, label in LicenceKind.choices]
    group_rows = [
        {"label": label, "in_force": now.groups_in_force.get(label, 0),
         "new": now.groups_new.get(label, 0)}
        for label in sorted(set(now.groups_in_force) | set(now.groups_new))
    ]  # fmt: skip
    fee_header, fee_rows = fee_table(now)
    breach_rows = [{**row, "name": breach_name(row)} for row in now.breaches.values()]
    return render(
        request,
        "reporting/annual_report.html",
        {
            "title": title,
            "report": report,
            "now": report.current,
            "summary": sentences,
            "charts": charts,
            "comparison": comparison,
            "municipalities": request.report_municipalities,
            "choice": choice,
            "year": year,
            "years": list(range(current_year, current_year - 6, -1)),
            "query": query,
            "kind_rows": kind_rows,
            "group_rows": group_rows,
            "breach_rows": breach_rows,
            "fee_header": fee_header,
            "fee_rows": fee_rows,
            "fee_kind_count": len(now.fees_by_kind),
        },
    )


@reports_required
def national_export(request):
    """The national reporting figures of one municipality and year (CSV or JSON)."""
    year = _year(request, today().year)
    municipalities, choice = _chosen(request)
    # National reporting is per municipality: a region gives one row per municipality.
    rows = national.rows(municipalities, year, today())
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"year": year, "columns": list(national.COLUMNS), "municipalities": rows},
            json_dumps_params={"ensure_ascii": False},
        )
    response = HttpResponse(national.csv_text(rows), content_type="text/csv; charset=utf-8")
    name = "region" if choice == REGION else choice
    response["Content-Disposition"] = (
        f'attachment; filename="nasjonal-rapportering-{name}-{year}.csv"'
    )
    return response


# Regional overview -----------------------------------------------------------------------


@reports_required
def regional_overview(request):
    from .models import CalendarFeed

    municipalities = request.report_municipalities
    if request.method == "POST":
        CalendarFeed.objects.filter(user=request.user).delete()
        CalendarFeed.objects.create(user=request.user)
        messages.success(
            request, _("A new calendar address was made; the old one no longer works.")
        )
        return redirect("reporting:regional_overview")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("reporting:calendar", args=[feed.token])) if feed else ""
    )
    return render(
        request,
        "reporting/regional_overview.html",
        {
            "overview": overview(municipalities, today()),
            "municipalities": municipalities,
            "horizon_days": HORIZON_DAYS,
            "feed_url": feed_url,
        },
    )


def calendar_feed(request, token: str):
    """The user's deadline calendar: no login (calendar programs cannot log in), the
    secret token in the URL instead; the municipalities are those the user sees today."""
    from .access import report_municipalities
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None:
        raise Http404
    municipalities = report_municipalities(feed.user)
    if not municipalities:
        raise Http404
    text = ics.calendar(
        calendar_deadlines(municipalities, today()),
        stamp=timezone.now(),
        name=_("Licensing deadlines"),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="frister.ics"'
    return response
