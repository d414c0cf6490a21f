"""The inspection items of the case officers' weekly digest (``licensing.reminders.digest``),
registered in ``InspectionsConfig.ready()``: reports not sent to the holder within a week
of the inspection, and advance notices whose comment deadline has passed. Three queries.

The officer of an item is whoever started the report's review (``Inspection.reviewed_by``);
a suspension names none until it is decided, so it goes to every officer of the
municipality (``responsible_officers``).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.formatting import short_date
from licensing.reminders.digest import DigestItem
from licensing.rules.deadlines import REPORT_TO_HOLDER_DAYS

from . import selectors
from .models import Inspection, PointDecision, PointDecisionStatus, Suspension, SuspensionStatus


def _place(licence) -> str:
    place = licence.premises.name if licence.premises_id else licence.holder.name
    return f"{place} ({licence.number})"


def reports_not_sent_items(municipality_ids: list[int], today: dt.date) -> list[DigestItem]:
    cutoff = selectors.day_end(today - dt.timedelta(days=REPORT_TO_HOLDER_DAYS + 1))
    rows = (
        Inspection.objects.filter(
            licence__municipality__in=municipality_ids,
            report_sent_on__isnull=True,
            started_at__lt=cutoff,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("started_at", "pk")
    )
    title = _("Reports not sent to the holder within a week")
    items = []
    for inspection in rows:
        inspected_on = timezone.localdate(inspection.started_at)
        deadline = inspected_on + dt.timedelta(days=REPORT_TO_HOLDER_DAYS)
        items.append(
            DigestItem(
                municipality_id=inspection.licence.municipality_id,
                section=title,
                label=_place(inspection.licence),
                detail=_(
                    "Inspected on %(date)s; the report should have reached the holder by %(deadline)s."
                )
                % {"date": short_date(inspected_on), "deadline": short_date(deadline)},
                due_on=deadline,
                url=reverse("inspections:report_detail", args=[inspection.pk]),
                order=40,
                officer_id=inspection.reviewed_by_id,
            )
        )
    return items


def notices_ready_items(municipality_ids: list[int], today: dt.date) -> list[DigestItem]:
    title = _("Advance notices ready for a decision")
    items = []
    decisions = (
        PointDecision.objects.filter(
            licence__municipality__in=municipality_ids,
            status=PointDecisionStatus.NOTIFIED,
            comment_deadline_on__lt=today,
        )
        .select_related("licence__holder", "licence__premises", "inspection")
        .order_by("licence_id", "comment_deadline_on", "pk")
    )
    grouped: dict[int, list[PointDecision]] = {}
    for decision in decisions:
        grouped.setdefault(decision.licence_id, []).append(decision)
    for group in grouped.values():
        licence = group[0].licence
        deadline = max(d.comment_deadline_on for d in group)
        reviewers = [d.inspection.reviewed_by_id for d in group if d.inspection_id]
        items.append(
            DigestItem(
                municipality_id=licence.municipality_id,
                section=title,
                label=_place(licence),
                detail=_(
                    "Advance notice of %(points)s points; comment deadline %(deadline)s passed."
                )
                % {"points": sum(d.points for d in group), "deadline": short_date(deadline)},
                due_on=deadline,
                url=reverse("inspections:points_decide", args=[licence.pk]),
                order=45,
                case_id=group[0].case_id,
                officer_id=next((r for r in reviewers if r), None),
            )
        )
    for suspension in (
        Suspension.objects.filter(
            licence__municipality__in=municipality_ids,
            status=SuspensionStatus.NOTIFIED,
            comment_deadline_on__lt=today,
        )
        .select_related("licence__holder", "licence__premises")
        .order_by("comment_deadline_on", "pk")
    ):
        items.append(
            DigestItem(
                municipality_id=suspension.licence.municipality_id,
                section=title,
                label=_place(suspension.licence),
                detail=_(
                    "Advance notice of a %(days)s-day suspension; comment deadline %(deadline)s "
                    "passed."
                )
                % {"days": suspension.days, "deadline": short_date(suspension.comment_deadline_on)},
                due_on=suspension.comment_deadline_on,
                url=reverse("inspections:suspension_decide", args=[suspension.pk]),
                order=45,
                case_id=suspension.case_id,
            )
        )
    return items
