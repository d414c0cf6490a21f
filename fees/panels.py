"""The fees panel on the licence page: each year's fee, report and payment state."""

from __future__ import annotations

import datetime as dt

from licensing.extensions import Panel
from licensing.models import Licence

from . import selectors


def licence_fees_panel(request, licence: Licence, today: dt.date) -> Panel:
    """8 queries (``selectors.fee_rows`` over the licence's recent years)."""
    rows = selectors.licence_fee_rows(licence, today)
    return Panel(
        template="fees/panels/licence_fees.html",
        context={"fee_rows": list(reversed(rows)), "licence": licence},
        order=60,
    )
