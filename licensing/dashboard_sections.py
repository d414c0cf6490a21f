"""The dashboard's licensing sections and the queries that define them.

``licensing.dashboard`` is the registry every app's sections go into; the base app's own
sections are here (other apps keep theirs in ``<app>/dashboard.py``), registered in
``LicensingConfig.ready()`` (``PROVIDERS``). Each section runs two queries whatever the number of rows (the
total, and the first ``MAX_ITEMS`` rows with their joins and annotations), explains every
item with its dates and the rule, and links to the list filtered the same way.

The definitions here ("waiting for a decision", "reply overdue") are also the filters of
the application list, so the dashboard's "See all" shows exactly what it counted.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from licensing import dashboard
from licensing.dashboard import Item, Section
from licensing.models import (
    MANDATORY_HEARING_BODIES,
    Application,
    ApplicationStatus,
    Hearing,
    Licence,
    LicenceKind,
    LicenceStatus,
)

MAX_ITEMS = 10
EXPIRY_WINDOW_DAYS = 90
OPEN_STATUSES = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.HEARING,
    ApplicationStatus.ASSESSMENT,
)


# Definitions (shared with the application list) ----------------------------------------------


def overdue_hearing_q(today: dt.date, prefix: str = "") -> Q:
    """A hearing without a reply whose deadline has passed (the deadline day itself is
    still in time)."""
    return Q(**{f"{prefix}replied_on__isnull": True, f"{prefix}deadline_on__lt": today})


def waiting_for_decision(queryset: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    """Applications ready for a decision: under assessment, or on hearing with at least one
    hearing and every hearing answered or past its deadline (alkoholloven § 1-7 requires
    the opportunity to comment, not a reply)."""
    hearings = Hearing.objects.filter(application=OuterRef("pk"))
    still_open = hearings.filter(replied_on__isnull=True, deadline_on__gte=today)
    return queryset.filter(
        Q(status=ApplicationStatus.ASSESSMENT)
        | (Q(status=ApplicationStatus.HEARING) & Exists(hearings) & ~Exists(still_open))
    )


def with_overdue_hearing(queryset: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    """Open applications with at least one hearing reply overdue."""
    overdue = Hearing.objects.filter(overdue_hearing_q(today), application=OuterRef("pk"))
    return queryset.filter(Exists(overdue), status__in=OPEN_STATUSES)


def with_hearing_counts(queryset: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    """Adds ``hearing_count``, ``replied_count`` and ``overdue_count`` (one query)."""
    return queryset.annotate(
        hearing_count=Count("hearings", distinct=True),
        replied_count=Count(
            "hearings", filter=Q(hearings__replied_on__isnull=False), distinct=True
        ),
        overdue_count=Count(
            "hearings", filter=overdue_hearing_q(today, "hearings__"), distinct=True
        ),
    )


def overdue_hearings(municipality_ids: list[int], today: dt.date) -> QuerySet[Hearing]:
    return Hearing.objects.filter(
        overdue_hearing_q(today),
        application__municipality_id__in=municipality_ids,
        application__status__in=OPEN_STATUSES,
    )


def expiring_licences(municipality_ids: list[int], today: dt.date) -> QuerySet[Licence]:
    """Active or suspended licences whose last valid day is today or within 90 days.

    Single-occasion licences are left out: they end with their occasion and are never
    renewed, so there is nothing to follow up."""
    return Licence.objects.filter(
        municipality_id__in=municipality_ids,
        status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED),
        valid_to__gte=today,
        valid_to__lte=today + dt.timedelta(days=EXPIRY_WINDOW_DAYS),
    ).exclude(kind=LicenceKind.SERVING_SINGLE_OCCASION)


# Helpers -----------------------------------------------------------------------------------


def _date(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _url(name: str, *args, query: str = "") -> str:
    """A link into another area's pages, or none if that area is not installed."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def application_label(application: Application) -> str:
    reference = application.reference or f"#{application.pk}"
    return f"{reference} {application.holder.name} ({application.get_kind_display()})"


# Sections ----------------------------------------------------------------------------------


def overdue_hearings_section(municipality_ids: list[int], today: dt.date) -> Section:
    queryset = overdue_hearings(municipality_ids, today)
    total = queryset.count()
    rows = queryset.select_related("application__holder").order_by("deadline_on", "pk")[:MAX_ITEMS]
    items = []
    for hearing in rows:
        late = (today - hearing.deadline_on).days
        if hearing.body in MANDATORY_HEARING_BODIES:
            rule = _("A mandatory hearing before a grant (alkoholloven § 1-7).")
        else:
            rule = _("An optional hearing (alkoholloven § 1-7).")
        items.append(
            Item(
                label=f"{hearing.get_body_display()}: {application_label(hearing.application)}",
                url=reverse("licensing:application_detail", args=[hearing.application_id]),
                detail=_("Sent %(sent)s, reply due %(deadline)s. %(rule)s")
                % {
                    "sent": _date(hearing.sent_on),
                    "deadline": _date(hearing.deadline_on),
                    "rule": rule,
                },
                badge=ngettext("%(days)s day late", "%(days)s days late", late) % {"days": late},
                badge_kind="bad",
            )
        )
    return Section(
        key="hearings-overdue",
        title=_("Hearing replies past the deadline"),
        items=items,
        total=total,
        empty_text=_("No hearing reply is overdue."),
        more_url=_url("licensing:application_list", query="hearing_overdue=1") if total else "",
        urgency=dashboard.TODAY,
    )


def waiting_for_decision_section(municipality_ids: list[int], today: dt.date) -> Section:
    queryset = waiting_for_decision(
        Application.objects.filter(municipality_id__in=municipality_ids), today
    )
    total = queryset.count()
    rows = with_hearing_counts(queryset.select_related("holder"), today).order_by(
        "received_on", "pk"
    )[:MAX_ITEMS]
    items = []
    for application in rows:
        waited = (today - application.received_on).days
        if application.status == ApplicationStatus.ASSESSMENT:
            state = _("Under assessment.")
        else:
            state = ngettext(
                "On hearing; the hearing is answered or past its deadline.",
                "On hearing; all %(count)s hearings are answered or past their deadline.",
                application.hearing_count,
            ) % {"count": application.hearing_count}
        items.append(
            Item(
                label=application_label(application),
                url=reverse("licensing:application_detail", args=[application.pk]),
                detail=_("Received %(date)s. %(state)s")
                % {"date": _date(application.received_on), "state": state},
                badge=ngettext(
                    "%(days)s day since received", "%(days)s days since received", waited
                )
                % {"days": waited},
                badge_kind="neutral",
            )
        )
    return Section(
        key="waiting-for-decision",
        title=_("Applications waiting for a decision"),
        items=items,
        total=total,
        empty_text=_("No application is waiting for a decision."),
        more_url=_url("licensing:application_list", query="waiting=1") if total else "",
        urgency=dashboard.WEEK,
    )


def expiring_licences_section(municipality_ids: list[int], today: dt.date) -> Section:
    queryset = expiring_licences(municipality_ids, today)
    # The keys in order (their number is the count), then the shown rows by key: the
    # licences of the municipality are read once, not for a count and again for the first
    # rows (docs/adr/0232).
    keys = list(queryset.order_by("valid_to", "pk").values_list("pk", flat=True))
    total = len(keys)
    renewal_applied = Application.objects.filter(
        licence=OuterRef("pk"), kind="renewal", status__in=OPEN_STATUSES
    )
    found = {
        licence.pk: licence
        for licence in Licence.objects.filter(pk__in=keys[:MAX_ITEMS])
        .select_related("holder")
        .annotate(renewal_applied=Exists(renewal_applied))
    }
    rows = [found[key] for key in keys[:MAX_ITEMS]]
    items = []
    for licence in rows:
        left = (licence.valid_to - today).days
        if licence.renewal_applied:
            follow_up = _("A renewal application is in progress.")
        else:
            follow_up = _("No renewal application received.")
        items.append(
            Item(
                label=f"{licence.number} {licence.holder.name} ({licence.get_kind_display()})",
                url=_url("licensing:licence_detail", licence.pk),
                detail=_(
                    "Valid to %(date)s; continuing needs a renewal (alkoholloven § 1-6). "
                    "%(follow_up)s"
                )
                % {"date": _date(licence.valid_to), "follow_up": follow_up},
                badge=ngettext("%(days)s day left", "%(days)s days left", left) % {"days": left},
                badge_kind="warn" if left <= 30 else "neutral",
            )
        )
    return Section(
        key="licences-expiring",
        title=_("Licences expiring within 90 days"),
        items=items,
        total=total,
        empty_text=_("No active licence expires within 90 days."),
        more_url=_url("licensing:licence_list", query="expiring=90") if total else "",
        urgency=dashboard.LATER,
    )


def my_applications(user, municipality_ids: list[int], today: dt.date) -> Section:
    """Open applications whose case officer is the user: 2 queries (1 without any)."""
    queryset = Application.objects.filter(
        municipality_id__in=municipality_ids,
        status__in=OPEN_STATUSES,
        case_officer=getattr(user, "pk", None),
    )
    total = queryset.count()
    rows = (
        queryset.select_related("holder").order_by("received_on", "pk")[:MAX_ITEMS] if total else []
    )
    return Section(
        key="my-applications",
        title=_("My applications"),
        items=[
            Item(
                label=application_label(application),
                url=reverse("licensing:application_detail", args=[application.pk]),
                detail=_("Received %(date)s.") % {"date": _date(application.received_on)},
                badge=str(application.get_status_display()),
                badge_kind="warn"
                if application.status == ApplicationStatus.ASSESSMENT
                else "neutral",
            )
            for application in rows
        ],
        total=total,
        empty_text=_("No open application is assigned to you."),
        more_url=_url("licensing:application_list", query="officer=mine&open=1") if total else "",
    )


MINE_PROVIDERS = ((my_applications, 10),)

# The sections and their order on the dashboard.
PROVIDERS = (
    (overdue_hearings_section, 10),
    (waiting_for_decision_section, 20),
    (expiring_licences_section, 30),
)
