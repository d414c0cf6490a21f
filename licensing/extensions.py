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


# Reminders by e-mail (``manage.py send_reminders``, licensing.reminders) -----------------
#
# - ``reminder_jobs``: ``job(run: licensing.reminders.base.ReminderRun) -> None`` functions
#   that select what is due a reminder and queue it with ``licensing.reminders.base.send``;
#   the command runs them by ``order``. Licensing's own are the hearing reminders and the
#   officer digest; the seminars app adds the holders' seminar reminders.
# - ``officer_digest_sources``: ``fn(municipality_ids, today) -> list[DigestItem]``, the
#   overdue items of an app for the officers' weekly digest, in a fixed number of queries.

reminder_jobs: list[tuple[int, str, Callable]] = []
officer_digest_sources: list[tuple[int, str, Callable]] = []


def register_reminder_job(name: str, job: Callable, *, order: int = 100) -> None:
    if all(existing != name for _, existing, _ in reminder_jobs):
        reminder_jobs.append((order, name, job))
        reminder_jobs.sort(key=lambda row: row[0])


def register_officer_digest_source(name: str, source: Callable, *, order: int = 100) -> None:
    if all(existing != name for _, existing, _ in officer_digest_sources):
        officer_digest_sources.append((order, name, source))
        officer_digest_sources.sort(key=lambda row: row[0])
