"""Fee years: one licence in one calendar year (payment reference, private link)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from licensing.models import Licence, Municipality
from licensing.services.register import Actor

from .. import rules, selectors
from ..models import (
    FeeYear,
)


def save(obj, actor: Actor) -> None:
    obj._history_user = actor
    obj.save()


def fee_year_get_or_create(*, licence: Licence, year: int, actor: Actor = None) -> FeeYear:
    fee_year = FeeYear.objects.filter(licence=licence, year=year).first()
    if fee_year is None:
        fee_year = FeeYear(
            licence=licence, year=year, reference=FeeYear.reference_for(licence, year)
        )
        save(fee_year, actor)
    return fee_year


@transaction.atomic
def fee_years_open(*, municipality: Municipality, year: int, actor: Actor) -> int:
    """Open the reporting round: a fee year (payment reference and private link) for every
    sales and serving licence held in ``year`` that has none. Returns how many were made."""
    from simple_history.utils import bulk_create_with_history

    rows = selectors.fee_rows(municipality_ids=[municipality.pk], years=[year], today=dt.date.max)
    missing = [
        r.licence_id for r in rows if r.fee_year_id is None and r.licence_kind in rules.YEARLY_KIND
    ]
    licences = Licence.objects.in_bulk(missing)
    created = [
        FeeYear(
            licence=licences[pk], year=year, reference=FeeYear.reference_for(licences[pk], year)
        )
        for pk in missing
    ]
    bulk_create_with_history(
        created,
        FeeYear,
        batch_size=2000,
        default_user=actor if getattr(actor, "pk", None) else None,
    )
    return len(created)
