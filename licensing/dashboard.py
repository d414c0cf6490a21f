"""Dashboard sections. Each app registers its own in ``AppConfig.ready()``.

A section provider is ``fn(municipality_ids: list[int], today: date) -> Section`` and must
run a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


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


def sections(municipality_ids: list[int], today: dt.date) -> list[Section]:
    return [provider(municipality_ids, today) for _, provider in _providers]
