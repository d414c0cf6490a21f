"""Helpers for code that builds many small objects at once (the rules engine over a
municipality's licences, the dashboard's sections)."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a batch builds its objects.

    20,000 licences make about a million small objects (facts, results, strings), none of
    them in reference cycles; every 700 allocations the collector would look through the
    young ones, and now and then through all of them: about 40 % of ``evaluate_all``'s
    time (docs/adr/0195). Reference counting still frees everything as usual, and the
    collector runs again afterwards. Nested pauses leave it to the outermost one.

    While paused, the objects the batch keeps stay in the youngest generation, and the
    first allocation after re-enabling would make the collector look through all of them
    at once (a tenth of ``evaluate_all``'s time). They are moved to the oldest generation
    instead (``gc.freeze()`` then ``gc.unfreeze()``, which also resets the count of young
    allocations), where the collector looks only when that generation has grown by a
    quarter, as it does for every long-lived object (docs/adr/0210). Not when someone
    else has frozen objects (``gc.get_freeze_count()``): unfreezing would release theirs.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def driver_rows(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver returns them, without
    Django's per-value converters (docs/adr/0195, 0214): SQLite returns dates as ISO text
    (see ``as_date``), PostgreSQL as dates. One query."""
    from django.core.exceptions import EmptyResultSet  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415

    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. ``__in=[]``: an officer with no municipality
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_date(value):
    """A date from a driver row: a ``date`` as is, ISO text parsed, None as None."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
