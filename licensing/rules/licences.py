"""What a licence may cover and for how long.

- Licence period (alkoholloven § 1-6): a licence runs at most to the end of the licence
  period it starts in, 30 September the year after the municipal elections (the period
  arithmetic is in ``dates``): valid from 2026-11-22, it may run to 2028-09-30 at the
  latest.
- Alcohol groups of a sales licence (alkoholloven § 3-1): a sales licence covers group 1
  only (at most 4.7 % alcohol by volume). The database backs this with the constraints
  ``licence_sales_group_1_only`` and ``application_sales_group_1_only``, a second line of
  defence; every check in code uses ``groups_allowed``.

Licence kinds are the stored values (``"sales"``, ``"serving"``, ...), so that these rules
need no model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext

from . import references
from .dates import licence_period_end
from .i18n import messages

LICENCE_PERIOD_REFERENCE = references.LICENCE_PERIOD

SALES_GROUPS_REFERENCE = references.SALES_LICENCE_GROUPS
SALES = "sales"
SALES_LICENCE_GROUPS = frozenset({1})


def latest_valid_to(valid_from: dt.date) -> dt.date:
    """The last day a licence valid from ``valid_from`` may run to (§ 1-6): the end of its
    licence period (2026-11-22 -> 2028-09-30; 2028-10-01 -> 2032-09-30)."""
    return licence_period_end(valid_from)


def runs_past_licence_period(valid_from: dt.date, valid_to: dt.date) -> bool:
    """Whether ``valid_to`` lies after the end of the licence period ``valid_from`` is in."""
    return valid_to > latest_valid_to(valid_from)


def licence_period_message(valid_from: dt.date) -> str:
    """The error for a licence running past its period, naming the period's end."""
    return gettext(
        "A licence cannot run past the end of the licence period (%(end)s, %(reference)s)."
    ) % {
        "end": messages().date(latest_valid_to(valid_from)),
        "reference": references.cite(LICENCE_PERIOD_REFERENCE),
    }


def groups_allowed(kind: str, groups: Iterable[int]) -> bool:
    """Whether a licence of ``kind`` may cover the alcohol ``groups``: a sales licence
    group 1 only (§ 3-1); the other kinds any of groups 1-3. An empty set is not this
    rule's concern (the forms ask for at least one group)."""
    if kind != SALES:
        return True
    return set(groups) <= SALES_LICENCE_GROUPS


def sales_groups_message() -> str:
    """The error for a sales licence covering group 2 or 3."""
    return gettext("A sales licence may only cover group 1 (%(reference)s).") % {
        "reference": references.cite(SALES_GROUPS_REFERENCE)
    }
