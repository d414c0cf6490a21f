"""The volume set by estimate (skjønnsmessig fastsettelse), an enkeltvedtak."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.models import DecisionMatter, Licence
from licensing.services.delegation import record_body, resolve_body
from licensing.services.register import Actor
from licensing.services.validation import InvalidData

from .. import rules, selectors
from ..models import (
    FeeEstimate,
    ReportKind,
)
from .fee_years import fee_year_get_or_create
from .fee_years import save as _save
from .reports import ReportInput, check_report


@transaction.atomic
def estimate_decide(
    *, licence: Licence, year: int, litres: dict[int, int], reasons: str, decided_on: dt.date,
    actor: Actor,
) -> FeeEstimate:  # fmt: skip
    """Set the actual volume by estimate (skjønnsmessig fastsettelse) when no sales report
    came by the deadline: an enkeltvedtak with reasons. The rates used are kept with it."""
    errors = check_report(
        licence, year, ReportKind.ACTUAL, ReportInput(litres, decided_on, confirm_large=True)
    )
    if not reasons.strip():
        errors.setdefault("reasons", []).append(_("Give the reasons for the estimate."))
    row = selectors.fee_row(licence, year, decided_on)
    if row is not None and row.actual is not None:
        errors.setdefault("__all__", []).append(
            _("A sales report is on file for %(year)s; correct it instead of estimating.")
            % {"year": year}
        )
    elif row is not None and row.outcome.actual_report == rules.NOT_DUE:
        errors.setdefault("__all__", []).append(
            _("The sales report for %(year)s is not due until %(date)s.")
            % {"year": year, "date": row.outcome.actual_deadline.strftime("%d.%m.%Y")}
        )
    rates = selectors.rates_for([year]).get(year)
    if rates is None:
        errors.setdefault("__all__", []).append(
            _("No fee rates are loaded for %(year)s.") % {"year": year}
        )
    if errors:
        raise InvalidData(errors)
    fee_year = fee_year_get_or_create(licence=licence, year=year, actor=actor)
    estimate = FeeEstimate.objects.filter(fee_year=fee_year).first() or FeeEstimate(
        fee_year=fee_year
    )
    for g in rules.GROUPS:
        setattr(estimate, f"litres_{g}", litres.get(g, 0))
    estimate.decided_on = decided_on
    estimate.reasons = reasons.strip()
    estimate.decided_by = actor if getattr(actor, "pk", None) else None
    # The body as the municipality's delegation for estimates stands on the decision date.
    record_body(
        [estimate],
        resolve_body(None, licence.municipality_id, [DecisionMatter.FEE_ESTIMATE], decided_on),
        None,
    )
    facts = rules.FeeFacts(licence_kind=licence.kind, year=year, valid_from=licence.valid_from,
                           ended_on=licence.valid_to, estimate=estimate.litres)  # fmt: skip
    outcome = rules.fee_outcome(
        facts, rates, selectors.municipality_policy(licence.municipality_id, year), decided_on
    )
    estimate.final_fee = outcome.final_fee
    estimate.rates_used = {
        "year": year,
        "kind": outcome.kind,
        "per_litre": {str(g): str(v) for g, v in rates.per_litre(outcome.kind).items()},
        "minimum": str(rates.minimum(outcome.kind)),
    }
    _save(estimate, actor)
    return estimate
