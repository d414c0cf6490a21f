"""Case numbers (saksnummer) and document numbers, per municipality and year.

``case_number_next(municipality, year)`` takes the next number from the municipality's
counter row for the year, locked with ``select_for_update`` so that two cases created at
the same moment never get the same number; the unique constraint on ``Case`` is the
second guard. ``case_open`` makes the case (application, point case, suspension, fee
year); ``case_document_next`` takes the next document number in a case for a letter
(26/1060-3). Numbers are never reused: nothing here deletes or rewinds.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from ..clock import today
from ..models import Case, CaseCounter, Municipality


@transaction.atomic
def case_number_next(municipality: Municipality, year: int) -> int:
    """The next case number of ``municipality`` in ``year`` (1, 2, ...), taken for good."""
    counter = (
        CaseCounter.objects.select_for_update().filter(municipality=municipality, year=year).first()
    )
    if counter is None:
        try:
            with transaction.atomic():
                counter = CaseCounter.objects.create(municipality=municipality, year=year)
        except IntegrityError:
            # Another transaction made the year's row just now: wait for it and use it.
            pass
        counter = CaseCounter.objects.select_for_update().get(municipality=municipality, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def case_open(
    *, municipality: Municipality, kind: str, on: dt.date | None = None, assigned_to=None
) -> Case:
    """A new case of ``kind`` with the next number of the year of ``on`` (default today),
    assigned to ``assigned_to`` (the services pass the chosen officer, else whoever
    creates the case; docs/adr/0185)."""
    year = (on or today()).year
    case = Case(
        municipality=municipality,
        year=year,
        sequence=case_number_next(municipality, year),
        kind=kind,
        assigned_to=assigned_to if getattr(assigned_to, "pk", None) else None,
    )
    if case.assigned_to is not None:
        case._history_user = case.assigned_to
    case.save()
    return case


@transaction.atomic
def case_document_next(case: Case) -> str:
    """Take the next document number in ``case`` and return its reference (26/1060-3)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.last_document += 1
    locked.save(update_fields=["last_document"])
    case.last_document = locked.last_document
    return locked.document_reference(locked.last_document)
