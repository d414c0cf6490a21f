"""Payments: recorded by hand or imported from the accounting system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.models import Licence, Municipality
from licensing.services.register import Actor
from licensing.services.validation import InvalidData

from .. import formats, rules
from ..models import (
    FeePayment,
    FeeYear,
)
from .fee_years import fee_year_get_or_create
from .fee_years import save as _save


@transaction.atomic
def payment_record(
    *, fee_year: FeeYear, amount, paid_on: dt.date, reference: str = "", note: str = "",
    actor: Actor,
) -> FeePayment:  # fmt: skip
    if amount == 0:
        raise InvalidData({"amount": [_("The amount cannot be zero.")]})
    if FeePayment.objects.filter(fee_year=fee_year, paid_on=paid_on, amount=amount).exists():
        raise InvalidData({"amount": [_("This payment is already recorded.")]})
    payment = FeePayment(
        fee_year=fee_year, amount=amount, paid_on=paid_on,
        reference=reference or fee_year.reference, note=note,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    _save(payment, actor)
    return payment


@dataclass
class PaymentImportResult:
    recorded: int = 0
    already: int = 0
    unknown: list[formats.PaymentLine] = field(default_factory=list)


@transaction.atomic
def payments_import(
    *, municipality: Municipality, lines: list[formats.PaymentLine], actor: Actor
) -> PaymentImportResult:
    """Record the payments whose reference is a fee year of the municipality. Unknown
    references are returned (listed to the officer), never guessed; the same line again
    is recognised and not recorded twice."""
    refs = {line.reference for line in lines}
    fee_years = {
        fy.reference: fy
        for fy in FeeYear.objects.filter(licence__municipality=municipality, reference__in=refs)
    }
    # A reference of a year not yet on file is still the municipality's if it names one of its licences.
    for ref in refs - set(fee_years):
        year, _sep, number = ref.partition("-")
        if year.isdigit() and number:
            licence = Licence.objects.filter(municipality=municipality, number=number).first()
            if licence is not None and rules.held_days(
                int(year), licence.valid_from, licence.valid_to
            ):
                fee_years[ref] = fee_year_get_or_create(
                    licence=licence, year=int(year), actor=actor
                )
    existing = set(
        FeePayment.objects.filter(fee_year__in=fee_years.values()).values_list(
            "fee_year_id", "paid_on", "amount"
        )
    )
    result = PaymentImportResult()
    for line in lines:
        fy = fee_years.get(line.reference)
        if fy is None:
            result.unknown.append(line)
            continue
        key = (fy.pk, line.paid_on, line.amount)
        if key in existing:
            result.already += 1
            continue
        existing.add(key)
        _save(FeePayment(fee_year=fy, amount=line.amount, paid_on=line.paid_on, reference=line.reference,
                         note=_("Imported"), recorded_by=actor if getattr(actor, "pk", None) else None), actor)  # fmt: skip
        result.recorded += 1
    return result
