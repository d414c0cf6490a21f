"""Case numbers (saksnummer) per municipality and year, and document numbers per letter."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from licensing.models import Case, CaseKind
from licensing.services.case_numbers import case_document_next, case_number_next, case_open

THREADS = 10


def test_numbers_run_per_municipality_and_year(muni1, muni2):
    first = case_open(municipality=muni1, kind=CaseKind.APPLICATION, on=dt.date(2026, 3, 1))
    second = case_open(municipality=muni1, kind=CaseKind.POINTS, on=dt.date(2026, 12, 31))
    other_municipality = case_open(
        municipality=muni2, kind=CaseKind.SUSPENSION, on=dt.date(2026, 5, 1)
    )
    next_year = case_open(municipality=muni1, kind=CaseKind.APPLICATION, on=dt.date(2027, 1, 1))
    assert [first.number, second.number, other_municipality.number, next_year.number] == [
        "26/1",
        "26/2",
        "26/1",
        "27/1",
    ]


def test_document_numbers_run_per_case(muni1):
    case = case_open(municipality=muni1, kind=CaseKind.APPLICATION, on=dt.date(2026, 3, 1))
    other = case_open(municipality=muni1, kind=CaseKind.APPLICATION, on=dt.date(2026, 3, 1))
    assert case.next_document_reference == "26/1-1"
    assert [case_document_next(case), case_document_next(case), case_document_next(other)] == [
        "26/1-1",
        "26/1-2",
        "26/2-1",
    ]
    assert case.next_document_reference == "26/1-3"


def test_a_number_is_never_given_twice(muni1):
    case_open(municipality=muni1, kind=CaseKind.APPLICATION, on=dt.date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(municipality=muni1, year=2026, sequence=1, kind=CaseKind.POINTS)
    # The counter is not rewound by a failed case either.
    assert case_number_next(muni1, 2026) == 2


def test_an_application_gets_its_case_number(muni1, officer):
    from licensing.services.applications import application_create
    from tests.factories.licensing import HolderFactory

    holder = HolderFactory(municipality=muni1)
    application = application_create(
        municipality=muni1, kind="new", holder=holder, received_on=dt.date(2026, 2, 1),
        actor=officer,
    )  # fmt: skip
    assert application.case.number == application.reference == "26/1"
    kept = application_create(
        municipality=muni1, kind="new", holder=holder, received_on=dt.date(2026, 2, 2),
        actor=officer, reference="2026/0815",
    )  # fmt: skip
    assert (kept.reference, kept.case.number) == ("2026/0815", "26/2")


def _take(municipality, barrier, numbers):
    try:
        barrier.wait(timeout=10)
        numbers.append(case_open(municipality=municipality, kind=CaseKind.APPLICATION).number)
    except Exception as exc:  # noqa: BLE001 - reported by the assertion below
        numbers.append(exc)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_cases_get_distinct_numbers(muni1):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite has none.")
    barrier = threading.Barrier(THREADS)
    numbers: list = []
    threads = [
        threading.Thread(target=_take, args=(muni1, barrier, numbers)) for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [n for n in numbers if isinstance(n, Exception)] == []
    assert sorted(int(n.split("/")[1]) for n in numbers) == list(range(1, THREADS + 1))
