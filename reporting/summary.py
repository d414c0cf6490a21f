"""Labels of the report's figures and its short plain-language summary (translatable)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from licensing.formatting import kroner

from .figures import Report, breach_name

LABELS = {
    "licences_in_force": gettext_lazy("Licences in force at the end of the year"),
    "licences_new": gettext_lazy("New licences (granted in the year)"),
    "licences_ended": gettext_lazy("Licences ended in the year"),
    "licences_transferred": gettext_lazy("Licences transferred in the year"),
    "applications_received": gettext_lazy("Applications received"),
    "decisions_granted": gettext_lazy("Applications granted"),
    "decisions_refused": gettext_lazy("Applications refused"),
    "processing_days_median": gettext_lazy("Processing time, median days"),
    "hearings_sent": gettext_lazy("Hearings sent"),
    "hearings_answered_late": gettext_lazy("Hearing replies after the deadline"),
    "hearings_overdue": gettext_lazy("Hearing replies missing after the deadline"),
    "hearing_reply_days_mean": gettext_lazy("Hearing reply time, mean days"),
    "licences_to_inspect": gettext_lazy("Licences to inspect (sales and serving)"),
    "inspections_required": gettext_lazy("Inspections required (3 per licence, § 9-7)"),
    "inspections": gettext_lazy("Inspections carried out"),
    "venues_not_inspected_count": gettext_lazy("Venues not inspected in the year"),
    "event_inspections": gettext_lazy("Inspections of single occasions and catering"),
    "point_decisions": gettext_lazy("Decisions on penalty points"),
    "points": gettext_lazy("Penalty points decided"),
    "suspensions": gettext_lazy("Suspensions decided"),
    "suspension_days": gettext_lazy("Days of suspension decided"),
    "seminar_persons_required": gettext_lazy(
        "Managers and deputies required to attend the seminar"
    ),
    "seminar_persons_compliant": gettext_lazy("… of them with a valid attendance"),
    "seminar_persons_overdue": gettext_lazy("… of them past their deadline"),
    "fee_licences": gettext_lazy("Licences liable to a fee for the year"),
    "fees_charged": gettext_lazy("Fees charged on the expected volume (kr)"),
    "fees_settled_licences": gettext_lazy("Licences with the final fee settled"),
    "fees_final": gettext_lazy("Final fees of those licences (kr)"),
    "fees_settlement": gettext_lazy("Settlement: further charges less credits (kr)"),
    "fees_paid": gettext_lazy("Fees paid (kr)"),
    "fee_reports_missing": gettext_lazy("Sales reports missing after the deadline"),
    "fees_unpaid": gettext_lazy("Licences with fees unpaid after the due date"),
}


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return kroner(value)  # whole kroner without decimals, else two; grouped (12 345)
    if isinstance(value, float):
        return number_format(value, 1)
    return number_format(value)


def change_words(now, before) -> str:
    """'3 more than the year before', 'the same as …', '2 fewer than …'."""
    if now is None or before is None:
        return _("no figure for the year before")
    difference = now - before
    if difference == 0:
        return _("the same as the year before")
    if difference > 0:
        return _("%(n)s more than the year before") % {"n": fmt(difference)}
    return _("%(n)s fewer than the year before") % {"n": fmt(-difference)}


def summary(report: Report) -> list[str]:
    """A few sentences a council member can read: what the figures say and what changed."""
    now, before = report.current, report.previous
    year = now.year
    sentences = [
        _(
            "Licences in force at the end of %(year)s: %(n)s, %(change)s. Granted during the "
            "year: %(new)s; ended: %(ended)s; transferred: %(transferred)s."
        )
        % {
            "year": year,
            "n": fmt(now.licences_in_force),
            "change": change_words(now.licences_in_force, before.licences_in_force),
            "new": fmt(now.licences_new),
            "ended": fmt(now.licences_ended),
            "transferred": fmt(now.licences_transferred),
        },
        _(
            "Inspections carried out: %(done)s, %(change)s. The regulation requires "
            "%(required)s (three per licence, alkoholforskriften § 9-7), so the quota was "
            "%(met)s."
        )
        % {
            "done": fmt(now.inspections),
            "change": change_words(now.inspections, before.inspections),
            "required": fmt(now.inspections_required),
            "met": _("met") if now.quota_met else _("not met"),
        },
    ]
    if now.venues_not_inspected:
        sentences.append(
            _(
                "Venues not inspected at all during the year: %(n)s (every venue must be "
                "inspected at least once)."
            )
            % {"n": fmt(now.venues_not_inspected_count)}
        )
    else:
        sentences.append(_("Every venue was inspected at least once."))
    sentences.append(
        _(
            "Penalty points decided: %(points)s, %(change)s (decisions: %(decisions)s). "
            "Suspensions decided: %(suspensions)s (days of suspension: %(days)s)."
        )
        % {
            "points": fmt(now.points),
            "decisions": fmt(now.point_decisions),
            "change": change_words(now.points, before.points),
            "suspensions": fmt(now.suspensions),
            "days": fmt(now.suspension_days),
        }
    )
    if now.seminar_persons_required:
        sentences.append(
            _(
                "Seminar: managers and deputies who must attend: %(required)s; with a valid "
                "attendance: %(compliant)s; past their deadline: %(overdue)s."
            )
            % {
                "compliant": fmt(now.seminar_persons_compliant),
                "required": fmt(now.seminar_persons_required),
                "overdue": fmt(now.seminar_persons_overdue),
            }
        )
    if now.fees_charged is not None:
        sentences.append(
            _(
                "Licence fees: %(charged)s kr charged for %(year)s on the expected volume "
                "(%(before)s kr the year before); %(settled)s of %(licences)s licences have "
                "their final fee settled on the sales report, with a settlement of "
                "%(settlement)s kr; %(paid)s kr paid. Sales reports missing after the "
                "deadline: %(missing)s; licences with fees unpaid: %(unpaid)s."
            )
            % {
                "year": year,
                "charged": fmt(now.fees_charged),
                "before": fmt(before.fees_charged),
                "settled": fmt(now.fees_settled_licences),
                "licences": fmt(now.fee_licences),
                "settlement": fmt(now.fees_settlement),
                "paid": fmt(now.fees_paid),
                "missing": fmt(now.fee_reports_missing),
                "unpaid": fmt(now.fees_unpaid),
            }
        )
    if now.hearings_sent:
        sentences.append(
            _(
                "Hearings sent: %(sent)s. Mean reply time in days: %(days)s; replies after the "
                "deadline: %(late)s; still missing after the deadline: %(missing)s."
            )
            % {
                "sent": fmt(now.hearings_sent),
                "days": fmt(now.hearing_reply_days_mean),
                "late": fmt(now.hearings_answered_late),
                "missing": fmt(now.hearings_overdue),
            }
        )
    return sentences


def chart_series(report: Report) -> list[tuple[str, str, list]]:
    """(id, title, bars) of each chart, shared by the web page and the PDF."""

    from licensing.models import LicenceKind

    from .charts import Bar

    now, before = report.current, report.previous
    kinds = [
        Bar(str(label), now.kinds[kind].in_force, before.kinds[kind].in_force)
        for kind, label in LicenceKind.choices
    ]
    inspections = [
        Bar(_("Required"), now.inspections_required, before.inspections_required),
        Bar(_("Carried out"), now.inspections, before.inspections),
        Bar(_("Venues not inspected"), now.venues_not_inspected_count,
            before.venues_not_inspected_count),
    ]  # fmt: skip
    codes = list(now.breaches) + [c for c in before.breaches if c not in now.breaches]
    breaches = []
    for code in codes:
        row = now.breaches.get(code) or before.breaches[code]
        breaches.append(
            Bar(
                breach_name(row),
                now.breaches.get(code, {}).get("points", 0),
                before.breaches.get(code, {}).get("points", 0),
            )
        )
    series = [
        ("chart-licences", _("Licences in force by kind"), kinds),
        ("chart-inspections", _("Inspections against the quota (§ 9-7)"), inspections),
    ]
    if breaches:
        series.append(("chart-points", _("Penalty points by breach"), breaches))
    if now.fees_charged is not None or before.fees_charged is not None:

        def kroner(value) -> int:
            return int(value or 0)  # whole kroner for the chart; the tables give the exact sums

        fees = [
            Bar(_("Charged (kr)"), kroner(now.fees_charged), kroner(before.fees_charged)),
            Bar(_("Final fees (kr)"), kroner(now.fees_final), kroner(before.fees_final)),
            Bar(_("Paid (kr)"), kroner(now.fees_paid), kroner(before.fees_paid)),
        ]
        series.append(("chart-fees", _("Licence fees (kr)"), fees))
    return series


def fee_table(figures) -> tuple[list[str], list[list[str]]]:
    """The fees of the year per kind of fee and, for a region, per municipality: a header
    and rows of text (shared by the web page and the PDF); no rows when no rates applied."""
    from fees.rules import FEE_KIND_LABELS

    header = [_("Kind of fee"), _("Licences"), _("Charged (kr)"), _("Final fees (kr)"),
              _("Settlement (kr)"), _("Paid (kr)")]  # fmt: skip

    def cells(label, t):
        return [str(label), fmt(t["licences"]), fmt(t["charged"]), fmt(t["final"]),
                fmt(t["settlement"]), fmt(t["paid"])]  # fmt: skip

    rows = [cells(FEE_KIND_LABELS[kind], t) for kind, t in figures.fees_by_kind.items()]
    rows += [cells(t["municipality"], t) for t in figures.fees_by_municipality]
    return header, rows
