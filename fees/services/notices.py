"""Messages to the holders: the e-mail with the private link (one licence, or every licence
of a municipality and year) and the reminder of a missing sales report, due the policy's
``reminder_days`` after the deadline. Each e-mail is queued in the outbox
(``fees.emails``) in the same transaction as the ``FeeNotice`` that records it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from licensing.models import Licence, Municipality
from licensing.services.register import Actor

from .. import emails, rules, selectors
from ..models import FeeNotice, FeeYear, NoticeChannel, NoticeKind, SalesReport
from .fee_years import fee_years_open
from .reports import report_editable_until


def _user(actor: Actor):
    return actor if getattr(actor, "pk", None) else None


def link_kind(year: int, on: dt.date) -> str:
    """Before the year has ended the link reports the expected volume; after it, the
    volume sold (as the holder's page does)."""
    return "expected" if on.year <= year else "actual"


@transaction.atomic
def link_send(*, fee_year: FeeYear, language: str, actor: Actor, on: dt.date) -> FeeNotice | None:
    """E-mail the holder the private link of ``fee_year`` with the deadline. None (and
    nothing recorded) when the holder has no e-mail address."""
    licence = fee_year.licence
    kind = link_kind(fee_year.year, on)
    policy = selectors.municipality_policy(licence.municipality_id, fee_year.year)
    deadline = report_editable_until(fee_year.year, kind, policy)
    email = emails.queue_report_request(fee_year, kind=kind, deadline=deadline, language=language)
    if email is None:
        return None
    notice = FeeNotice(
        fee_year=fee_year, kind=NoticeKind.LINK, channel=NoticeChannel.EMAIL, sent_on=on,
        to=email.to[0] if email.to else "", language=language, sent_by=_user(actor),
    )  # fmt: skip
    notice.save()
    return notice


@dataclass
class BulkResult:
    """What a bulk sending did (or, with ``dry_run``, would do), as fee rows."""

    sent: list[selectors.FeeRow] = field(default_factory=list)
    without_email: list[selectors.FeeRow] = field(default_factory=list)
    already: list[selectors.FeeRow] = field(default_factory=list)  # sent before
    reported: list[selectors.FeeRow] = field(default_factory=list)  # nothing to ask for


def _identity(items: Iterable) -> Iterable:
    return items


def links_send_bulk(
    *,
    municipality: Municipality,
    year: int,
    actor: Actor,
    on: dt.date,
    language: str | None = None,
    again: bool = False,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] = _identity,
) -> BulkResult:
    """E-mail the private link to the holder of every sales and serving licence held in
    ``year``. Skipped and listed: holders without an e-mail address, licences whose report
    (of the kind the link asks for now) is already on file, and, unless ``again``, those
    already sent the link. Every licence's fee year is opened first; each message
    is then its own transaction. ``dry_run`` writes nothing."""
    kind = link_kind(year, on)
    rows = [
        r
        for r in selectors.fee_rows(municipality_ids=[municipality.pk], years=[year], today=on)
        if r.licence_kind in rules.YEARLY_KIND
    ]
    reported = set(
        SalesReport.objects.filter(
            fee_year__licence__municipality=municipality, fee_year__year=year, kind=kind
        ).values_list("fee_year__licence_id", flat=True)
    )
    sent_before = set(
        FeeNotice.objects.filter(
            fee_year__licence__municipality=municipality, fee_year__year=year,
            kind=NoticeKind.LINK, channel=NoticeChannel.EMAIL,
        ).values_list("fee_year__licence_id", flat=True)
    )  # fmt: skip
    emails_by_licence = dict(
        Licence.objects.filter(pk__in=[r.licence_id for r in rows]).values_list(
            "pk", "holder__email"
        )
    )
    result = BulkResult()
    todo = []
    for row in rows:
        if row.licence_id in reported:
            result.reported.append(row)
        elif not (emails_by_licence.get(row.licence_id) or "").strip():
            result.without_email.append(row)
        elif row.licence_id in sent_before and not again:
            result.already.append(row)
        else:
            todo.append(row)
    if dry_run:
        result.sent = todo
        return result
    # Every licence of the year gets its fee year (payment reference and link): those
    # without an e-mail address get the link by the request letter, which needs it.
    fee_years_open(municipality=municipality, year=year, actor=actor)
    by_licence = {
        fy.licence_id: fy
        for fy in FeeYear.objects.select_related(
            "licence__holder", "licence__premises", "licence__municipality"
        ).filter(licence_id__in=[r.licence_id for r in todo], year=year)
    }
    chosen = language or municipality.language
    for row in progress(todo):
        if link_send(fee_year=by_licence[row.licence_id], language=chosen, actor=actor, on=on):
            result.sent.append(row)
    return result


@transaction.atomic
def reminder_send(
    *, fee_year: FeeYear, language: str, actor: Actor, on: dt.date
) -> FeeNotice | None:
    """E-mail the reminder of the missing sales report of ``fee_year``, once. None when
    the holder has no e-mail address or the reminder was e-mailed before."""
    fee_year = FeeYear.objects.select_for_update().get(pk=fee_year.pk)
    if FeeNotice.objects.filter(
        fee_year=fee_year, kind=NoticeKind.REMINDER, channel=NoticeChannel.EMAIL
    ).exists():
        return None
    fee_year = FeeYear.objects.select_related(
        "licence__holder", "licence__premises", "licence__municipality"
    ).get(pk=fee_year.pk)
    policy = selectors.municipality_policy(fee_year.licence.municipality_id, fee_year.year)
    email = emails.queue_reminder(
        fee_year, deadline=rules.actual_deadline(fee_year.year, policy), language=language
    )
    if email is None:
        return None
    notice = FeeNotice(
        fee_year=fee_year, kind=NoticeKind.REMINDER, channel=NoticeChannel.EMAIL, sent_on=on,
        to=email.to[0] if email.to else "", language=language, sent_by=_user(actor),
    )  # fmt: skip
    notice.save()
    return notice


def reminder_letter_record(
    *, fee_year: FeeYear, letter_reference: str, language: str, actor: Actor, on: dt.date
) -> FeeNotice:
    """Record that the reminder letter was issued (``letters`` calls this when it issues
    the first version of a ``sales_report_reminder``)."""
    notice, _created = FeeNotice.objects.get_or_create(
        fee_year=fee_year, kind=NoticeKind.REMINDER, channel=NoticeChannel.LETTER,
        defaults={"sent_on": on, "letter_reference": letter_reference, "language": language,
                  "sent_by": _user(actor)},
    )  # fmt: skip
    return notice
