"""Dashboard sections. Each app registers its own in ``AppConfig.ready()``.

A section provider is ``fn(municipality_ids: list[int], today: date) -> Section`` and must
run a fixed number of queries whatever the number of rows. Each section says how urgent it
is (``Section.urgency``): the dashboard counts its items into "needs action today", "this
week" and "waiting for others", and shows the sections in that order (docs/adr/0186).

A "my cases" provider is ``fn(user, municipality_ids, today) -> Section``: the open cases
assigned to the officer, of one app (``register_mine``); also a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from contextlib import contextmanager
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


# How soon the items of a section need the officer, most urgent first (docs/adr/0186):
TODAY = "today"  # a deadline has passed or the case waits for the officer's action now
WEEK = "week"  # the officer's work for the coming days (ready for a decision)
WAITING = "waiting"  # waiting for others: the holder, a hearing body, a deadline running
LATER = "later"  # to keep an eye on: nothing is due yet
URGENCIES = (TODAY, WEEK, WAITING, LATER)


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    total: int | None = None  # when items are cut to a sample, the full count
    empty_text: str = ""
    more_url: str = ""
    urgency: str = LATER

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.items)


Provider = Callable[[list[int], dt.date], Section]
MineProvider = Callable[[object, list[int], dt.date], Section]
_providers: list[tuple[int, Provider]] = []
_mine_providers: list[tuple[int, MineProvider]] = []


def register(provider: Provider, *, order: int = 100) -> Provider:
    if all(p is not provider for _, p in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda pair: pair[0])
    return provider


def register_mine(provider: MineProvider, *, order: int = 100) -> MineProvider:
    if all(p is not provider for _, p in _mine_providers):
        _mine_providers.append((order, provider))
        _mine_providers.sort(key=lambda pair: pair[0])
    return provider


def mine(user, municipality_ids: list[int], today: dt.date) -> list[Section]:
    """The officer's own open cases, one section per app that has cases."""
    with sharing():
        return [provider(user, municipality_ids, today) for _, provider in _mine_providers]


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


@contextmanager
def sharing():
    """Let ``shared`` values computed inside this block be reused by every section and
    "my cases" provider run in it (the dashboard view runs both in one block)."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def sections(municipality_ids: list[int], today: dt.date) -> list[Section]:
    # The sections evaluate rules over every licence of the municipalities: many small
    # objects, no reference cycles (docs/adr/0195).
    with sharing(), collection_paused():
        return [provider(municipality_ids, today) for _, provider in _providers]
