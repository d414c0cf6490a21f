"""Extension points that let seminars and inspections add to licensing pages.

- ``licence_panels``: ``fn(request, licence, today) -> Panel | None`` shown on the licence page.
- ``licence_list_filters``: extra filters on the licence list, each a ``ListFilter`` whose
  ``apply(queryset, value, municipality_ids, today)`` returns the filtered queryset in a fixed
  number of queries.
- ``demo_seeders``: ``seed(stdout, style)`` functions that ``seed_demo`` runs in order, so the
  base app can seed the demo of the apps above it without importing them.
Apps register in ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class ListFilter:
    name: str  # the query-string parameter
    label: Any  # lazy translation
    choices: tuple[tuple[str, Any], ...]
    apply: Callable


licence_panels: list[Callable] = []
licence_list_filters: list[ListFilter] = []


def register_licence_panel(fn: Callable) -> Callable:
    if fn not in licence_panels:
        licence_panels.append(fn)
    return fn


def register_licence_list_filter(list_filter: ListFilter) -> None:
    if all(f.name != list_filter.name for f in licence_list_filters):
        licence_list_filters.append(list_filter)


demo_seeders: list[tuple[int, str, Callable]] = []


def register_demo_seeder(name: str, seed: Callable, *, order: int = 100) -> None:
    """Register an idempotent ``seed(stdout, style)``; ``seed_demo`` runs them by ``order``."""
    if all(existing != name for _, existing, _ in demo_seeders):
        demo_seeders.append((order, name, seed))
        demo_seeders.sort(key=lambda row: row[0])
