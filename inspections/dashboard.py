"""Dashboard sections of the inspections app (registered in ``InspectionsConfig.ready``).

Each provider is ``fn(municipality_ids, today) -> Section`` with a fixed number of queries,
and every item says why it is listed: the numbers, the dates, the rule and its source.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspections import selectors
from inspections.models import (
    Finding,
    Inspection,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from licensing import dashboard
from licensing.dashboard import Item, Section
from licensing.formatting import short_date
from licensing.rules import deadlines, references
from licensing.rules.inspection import not_inspected_message

SAMPLE = 10


def _licence_label(licence) -> str:
    place = licence.premises.name if licence.premises_id else licence.holder.name
    return f"{place} ({licence.number})"


def _points_url(licence) -> str:
    return reverse("inspections:licence_points", args=[licence.pk])


def _report_url(inspection) -> str:
    return reverse("inspections:report_detail", args=[inspection.pk])


def _standing_item(standing) -> Item:
    result = standing.result
    # A candidate shows the points of its suspension basis, which may reach back further
    # than the two years before today; the reasons explain both numbers.
    shown = result.suspension_points or result.in_window
    detail = " ".join(result.reasons)
    if standing.open_suspension is not None and standing.open_suspension.advance_notice_on:
        detail += " " + _("Advance notice of suspension sent on %(date)s.") % {
            "date": short_date(standing.open_suspension.advance_notice_on)
        }
    return Item(
        label=_licence_label(standing.licence),
        url=_points_url(standing.licence),
        detail=detail,
        badge=ngettext("%(points)s point", "%(points)s points", shown) % {"points": shown},
        badge_kind="bad" if result.revocation_candidate else "warn",
    )


def _licence_list(points: str) -> str:
    try:
        return reverse("licensing:licence_list") + f"?points={points}"
    except NoReverseMatch:
        return ""


def _count_and_sample(queryset) -> tuple[int, list]:
    """The number of rows and the first ``SAMPLE`` of them in the queryset's order, from one
    pass over the matching rows (their keys) and one look-up of the sample by key: the
    database scans once instead of twice (a count and a sorted sample). 2 queries."""
    keys = list(queryset.values_list("pk", flat=True))
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys[:SAMPLE])}
    return len(keys), [rows[key] for key in keys[:SAMPLE]]


def _flagged_points(municipality_ids: list[int], today: dt.date) -> selectors.FlaggedPoints:
    """The counts and shown standings of the suspension candidates and the licences
    approaching the threshold (what the two point sections show), computed once per
    dashboard (docs/adr/0226)."""
    key = ("inspections.flagged_points", tuple(sorted(municipality_ids)), today)
    return dashboard.shared(
        key, lambda: selectors.flagged_point_counts(municipality_ids, today, SAMPLE)
    )


def revocation_candidates(municipality_ids: list[int], today: dt.date) -> Section:
    """Licences with a suspension basis: 12 or more decided points for violations within two
    years of each other (§ 10-2): 4 queries."""
    flagged = _flagged_points(municipality_ids, today)
    return Section(
        key="revocation-candidates",
        title=_("Suspension candidates (12 points or more)"),
        items=[_standing_item(s) for s in flagged.candidate_standings],
        total=flagged.candidates,
        empty_text=_(
            "No licence has reached 12 points for violations within two years of each other "
            "(%(reference)s)."
        )
        % {"reference": references.cite(references.POINTS)},
        more_url=_licence_list("candidate"),
        urgency=dashboard.TODAY,
    )


def approaching_threshold(municipality_ids: list[int], today: dt.date) -> Section:
    """Licences with 8 to 11 decided points in the window: none of its own (the flagged
    points of ``revocation_candidates``)."""
    flagged = _flagged_points(municipality_ids, today)
    return Section(
        key="approaching-threshold",
        title=_("Approaching the threshold (8–11 points)"),
        items=[_standing_item(s) for s in flagged.approaching_standings],
        total=flagged.approaching,
        empty_text=_("No licence has 8 to 11 points in its window."),
        more_url=_licence_list("approaching"),
        urgency=dashboard.LATER,
    )


def reports_not_sent(municipality_ids: list[int], today: dt.date) -> Section:
    """Reports not sent to the holder within a week of the inspection (§ 9-6): 2 queries."""
    # Inspected on day D: the deadline is D + 7; overdue when today > D + 7, i.e. the
    # inspection started before (today - 7 days) in local time.
    cutoff = selectors.day_end(today - dt.timedelta(days=deadlines.REPORT_TO_HOLDER_DAYS + 1))
    queryset = (
        Inspection.objects.filter(
            licence__municipality__in=municipality_ids,
            report_sent_on__isnull=True,
            started_at__lt=cutoff,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("started_at", "pk")
    )
    total, sample = _count_and_sample(queryset)
    items = []
    for inspection in sample:
        inspected_on = timezone.localdate(inspection.started_at)
        deadline = deadlines.report_to_holder_due(inspected_on)
        late = (today - deadline).days
        items.append(
            Item(
                label=_licence_label(inspection.licence),
                url=_report_url(inspection),
                detail=_(
                    "Inspected on %(date)s; the report should have reached the holder by "
                    "%(deadline)s (%(reference)s)."
                )
                % {
                    "date": short_date(inspected_on),
                    "deadline": short_date(deadline),
                    "reference": references.cite(deadlines.CONTROL_REPORT_REFERENCE),
                },
                badge=ngettext("%(days)s day late", "%(days)s days late", late) % {"days": late},
                badge_kind="bad",
            )
        )
    return Section(
        key="reports-not-sent",
        title=_("Reports not sent to the holder within a week"),
        items=items,
        total=total,
        empty_text=_("Every report went to the holder within a week."),
        more_url=reverse("inspections:report_list") + "?not_sent=on",
        urgency=dashboard.TODAY,
    )


def holder_comment_deadlines(municipality_ids: list[int], today: dt.date) -> Section:
    """Reports with findings sent to the holder, no comment recorded and no points proposed
    yet: the two-week comment deadline (§ 9-6) and then the points. 2 queries."""
    queryset = (
        Inspection.objects.filter(
            licence__municipality__in=municipality_ids,
            report_sent_on__isnull=False,
            holder_comment_on__isnull=True,
            # Inspections with findings, read from the findings (a few of the inspections)
            # rather than every inspection joined with its findings (docs/adr/0215), less
            # those with point decisions, from the decisions' index: most inspections
            # with findings have points, and the set difference reads two indexes instead
            # of looking each of them up (docs/adr/0232).
            pk__in=Finding.objects.order_by()
            .values("inspection_id")
            .difference(
                PointDecision.objects.filter(inspection_id__isnull=False)
                .order_by()
                .values("inspection_id")
            ),
            point_decisions__isnull=True,
            licence__kind__in=selectors.INSPECTED_KINDS,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("report_sent_on", "pk")
    )
    total, sample = _count_and_sample(queryset)
    items = []
    for inspection in sample:
        deadline = deadlines.holder_comment_due(inspection.report_sent_on)
        passed = deadline < today
        items.append(
            Item(
                label=_licence_label(inspection.licence),
                url=_report_url(inspection),
                detail=_(
                    "Report sent on %(sent)s; the holder may comment until %(deadline)s "
                    "(%(reference)s). No points proposed yet."
                )
                % {
                    "sent": short_date(inspection.report_sent_on),
                    "deadline": short_date(deadline),
                    "reference": references.cite(deadlines.CONTROL_REPORT_REFERENCE),
                },
                badge=_("deadline passed")
                if passed
                else _("until %(date)s") % {"date": short_date(deadline)},
                badge_kind="warn" if passed else "neutral",
            )
        )
    return Section(
        key="holder-comment-deadlines",
        title=_("Reports awaiting the holder's comment"),
        items=items,
        total=total,
        empty_text=_("No report with findings is waiting for the holder's comment."),
        more_url=reverse("inspections:report_list") + "?awaiting_comment=on",
        urgency=dashboard.WAITING,
    )


def _suspension_notice_item(suspension) -> Item:
    return Item(
        label=_licence_label(suspension.licence),
        url=reverse("inspections:suspension_decide", args=[suspension.pk]),
        detail=_(
            "Advance notice of a %(days)s-day suspension for %(points)s points sent on "
            "%(date)s; comment deadline %(deadline)s (forvaltningsloven § 16, %(reference)s)."
        )
        % {
            "days": suspension.days,
            "points": suspension.points,
            "date": short_date(suspension.advance_notice_on),
            "deadline": short_date(suspension.comment_deadline_on),
            "reference": references.cite(references.SUSPENSION),
        },
        badge=_("suspension"),
        badge_kind="bad",
    )


def _point_notice_item(group: list[PointDecision]) -> Item:
    licence = group[0].licence
    total = sum(d.points for d in group)
    return Item(
        label=_licence_label(licence),
        url=reverse("inspections:points_decide", args=[licence.pk]),
        detail=_(
            "Advance notice of %(points)s points (%(codes)s); comment deadline "
            "%(deadline)s passed (forvaltningsloven § 16, %(reference)s)."
        )
        % {
            "points": total,
            "codes": ", ".join(str(d.violation.name) for d in group),
            "deadline": short_date(max(d.comment_deadline_on for d in group)),
            "reference": references.cite(references.POINTS),
        },
        badge=ngettext("%(points)s point", "%(points)s points", total) % {"points": total},
        badge_kind="warn",
    )


def notices_ready_for_decision(municipality_ids: list[int], today: dt.date) -> Section:
    """Advance notices of points or suspension whose comment deadline has passed: 3
    queries (the suspensions; the notified decisions' licences in order, whose number is
    the count; the decisions of the licences shown, docs/adr/0232)."""
    notified = PointDecision.objects.filter(
        licence__municipality__in=municipality_ids,
        status=PointDecisionStatus.NOTIFIED,
        comment_deadline_on__lt=today,
    ).order_by("comment_deadline_on", "licence_id", "pk")
    suspensions = list(
        Suspension.objects.filter(
            licence__municipality__in=municipality_ids,
            status="notified",
            comment_deadline_on__lt=today,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("comment_deadline_on", "pk")
    )
    # The licences in the order of their first notified decision (a dict keeps the order
    # of first insertion), then only the shown licences' decisions as objects: a few
    # instead of one for each of the hundreds of notified decisions.
    licence_ids = list(dict.fromkeys(notified.values_list("licence_id", flat=True)))
    shown = licence_ids[: max(SAMPLE - len(suspensions), 0)]
    grouped: dict[int, list[PointDecision]] = {licence_id: [] for licence_id in shown}
    if shown:
        for decision in notified.filter(licence_id__in=shown).select_related(
            "licence__holder", "licence__premises", "violation"
        ):
            grouped[decision.licence_id].append(decision)
    # The suspensions first, then the licences' point notices; only the items shown are
    # written out (docs/adr/0226).
    items = [_suspension_notice_item(suspension) for suspension in suspensions[:SAMPLE]]
    for group in grouped.values():
        items.append(_point_notice_item(group))
    return Section(
        key="notices-ready",
        title=_("Advance notices ready for a decision"),
        items=items,
        total=len(suspensions) + len(licence_ids),
        empty_text=_("No advance notice has a passed comment deadline."),
        more_url=reverse("inspections:case_list") + "?state=ready&ordering=deadline",
        urgency=dashboard.TODAY,
    )


def uninspected_venues(municipality_ids: list[int], today: dt.date) -> Section:
    """Licensed venues without an inspection this calendar year (§ 9-7): 2 queries (the
    keys in order, whose number is the count; the sample with its last inspection,
    docs/adr/0226)."""
    queryset = selectors.uninspected_licences(municipality_ids, today)
    total, sample = _count_and_sample(queryset)
    items = []
    for licence in sample:
        last = timezone.localdate(licence.last_inspected_at) if licence.last_inspected_at else None
        items.append(
            Item(
                label=_licence_label(licence),
                url=_points_url(licence),
                detail=_("%(message)s Legal basis: %(reference)s.")
                % {
                    "message": not_inspected_message(today, last),
                    "reference": references.cite(references.INSPECTION_FREQUENCY),
                },
                badge=_("not inspected in %(year)s") % {"year": today.year},
                badge_kind="warn",
            )
        )
    return Section(
        key="uninspected-venues",
        title=_("Venues not inspected this year"),
        items=items,
        total=total,
        empty_text=_("Every licensed venue has been inspected this year."),
        more_url=reverse("inspections:coverage") + f"?year={today.year}",
        urgency=dashboard.LATER,
    )


_STATE_LABELS = {**dict(PointDecisionStatus.choices), **dict(SuspensionStatus.choices)}


def my_point_cases(user, municipality_ids: list[int], today: dt.date) -> Section:
    """Open point cases and suspensions assigned to the user: 2 queries (count, and the
    sample with its licences; none when the count is 0), set-based
    (``selectors.point_and_suspension_cases``)."""
    queryset = selectors.point_and_suspension_cases(municipality_ids).filter(
        assigned_to=getattr(user, "pk", None), is_open=True
    )
    total = queryset.count()
    # No sample to read without cases: the large annotated query is not even compiled
    # (docs/adr/0232).
    rows = (
        selectors.with_licence_labels(queryset).order_by(
            F("deadline").asc(nulls_last=True), "year", "sequence"
        )[:SAMPLE]
        if total
        else []
    )
    items = []
    for case in rows:
        place = f"{case.place} ({case.licence_number})" if case.licence_number else ""
        if case.deadline:
            passed = case.deadline < today
            detail = _("Comment deadline %(date)s.") % {"date": short_date(case.deadline)}
            badge = _("deadline passed") if passed else _("advance notice sent")
            kind = "bad" if passed else "warn"
        else:
            detail = ""
            badge = _STATE_LABELS.get(case.state, case.state)
            kind = "neutral"
        items.append(
            Item(
                label=f"{case.number} {case.get_kind_display()}: {place}",
                url=selectors.case_url(case),
                detail=detail,
                badge=str(badge),
                badge_kind=kind,
            )
        )
    return Section(
        key="my-point-cases",
        title=_("My point cases and suspensions"),
        items=items,
        total=total,
        empty_text=_("No open point case or suspension is assigned to you."),
        more_url=reverse("inspections:case_list") + "?officer=mine&state=open" if total else "",
    )


MINE_PROVIDERS = ((my_point_cases, 20),)

PROVIDERS = (
    (revocation_candidates, 40),
    (approaching_threshold, 41),
    (reports_not_sent, 42),
    (holder_comment_deadlines, 43),
    (notices_ready_for_decision, 44),
    (uninspected_venues, 45),
)
