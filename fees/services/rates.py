"""The national fee rates of a year (format fee-rates/1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.services.register import Actor

from .. import formats
from ..models import (
    FeeRateYear,
)
from .fee_years import save as _save


@dataclass
class RatesResult:
    year: int
    created: bool
    changes: list[str] = field(default_factory=list)


@transaction.atomic
def rates_load(*, parsed: formats.RatesFile, replace: bool, actor: Actor = None) -> RatesResult:
    existing = FeeRateYear.objects.select_for_update().filter(year=parsed.year).first()
    values = {**parsed.values, "source": parsed.source}
    if existing is None:
        _save(FeeRateYear(year=parsed.year, **values), actor)
        return RatesResult(parsed.year, True)
    changes = [
        f"{name}: {getattr(existing, name)} -> {value}"
        for name, value in values.items()
        if getattr(existing, name) != value
    ]
    if changes and not replace:
        raise DomainError(
            _("Rates for %(year)s are already loaded and differ (%(changes)s); use --replace.")
            % {"year": parsed.year, "changes": "; ".join(changes)}
        )
    if changes:
        for name, value in values.items():
            setattr(existing, name, value)
        _save(existing, actor)
    return RatesResult(parsed.year, False, changes)


# Fee years and reports ---------------------------------------------------------------------
