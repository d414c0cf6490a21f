"""Dashboard sections. Each app registers its own in ``AppConfig.ready()``.

A section provider is ``fn(municipality_ids: list[int], today: date) -> Section`` and must
run a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from .batch import collection_paused

T = TypeVar("T")


@dataclass
class Item:
    label: str
    url: str = ""
    detail: str = ""  # the explanation: dates, the rule, the legal reference
    badge: str = ""
    badge_kind: str = "neutral"  # ok | warn | bad | neutral


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    total: int | None = None  # when items are cut to a sample, the full count
    empty_text: str = ""
    more_url: str = ""


Provider = Callable[[list[int], dt.date], Section]
_providers: list[tuple[int, Provider]] = []


def register(provider: Provider, *, order: int = 100) -> Provider:
    if all(p is not provider for _, p in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda pair: pair[0])
    return provider


# Values several sections of one dashboard need (docs/adr/0124): computed once per
# ``sections()`` call, never kept beyond it.
_shared: ContextVar[dict | None] = ContextVar("dashboard_shared", default=None)


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its value from an earlier section of the same ``sections()`` call
    with the same ``key`` (which must name everything the value depends on). Outside
    ``sections()`` it simply computes."""
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def sections(municipality_ids: list[int], today: dt.date) -> list[Section]:
    token = _shared.set({})
    try:
        # The sections evaluate rules over every licence of the municipalities: many small
        # objects, no reference cycles (docs/adr/0195).
        with collection_paused():
            return [provider(municipality_ids, today) for _, provider in _providers]
    finally:
        _shared.reset(token)
