"""Capacity under simultaneous submissions: the session row lock serialises the seat count.

Runs against PostgreSQL only: SQLite has no row locks (it locks the whole database, and a
second writer fails with "database is locked" rather than waiting), so the property this
test proves is PostgreSQL's. Each thread has its own database connection (Django's
connections are per thread), and a barrier releases them at the same moment.
"""

import threading

import pytest
from django.db import connection, connections

from seminars import services
from seminars.models import Participant, Registration
from seminars.services import ParticipantData
from tests.factories.seminars import SeminarSessionFactory

from .conftest import NOW

THREADS = 12


def _submit(session, index, barrier, outcomes):
    try:
        barrier.wait(timeout=10)
        registration = services.registration_create(
            session=session,
            org_number="974760673",
            venue_name=f"Venue {index}",
            participants=[
                ParticipantData(f"Person {index}a", "manager"),
                ParticipantData(f"Person {index}b", "deputy"),
            ],
            contact_email=f"v{index}@example.no",
            consent=True,
            now=NOW,
        )
        outcomes.append(registration.status)
    except Exception as exc:  # noqa: BLE001 - reported by the assertion below
        outcomes.append(exc)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_exceed_capacity(muni1):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite has none.")
    # 12 venues of 2 people each race for 9 seats: at most 4 registrations (8 seats) fit.
    session = SeminarSessionFactory(
        municipality=muni1,
        capacity=9,
        # every thread registers the same restaurant: the per-organisation limit is not
        # what these tests are about
        max_per_organisation=200,
        max_per_contact_email=200,
    )
    barrier = threading.Barrier(THREADS)
    outcomes: list = []
    threads = [
        threading.Thread(target=_submit, args=(session, i, barrier, outcomes))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sorted(outcomes) == ["confirmed"] * 4 + ["waitlisted"] * 8
    seats = Participant.objects.filter(
        registration__session=session, registration__status="confirmed"
    ).count()
    assert seats == 8 <= session.capacity
    assert Registration.objects.filter(session=session).count() == THREADS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_cancellations_promote_each_waitlisted_once(muni1):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite has none.")
    session = SeminarSessionFactory(
        municipality=muni1,
        capacity=4,
        # every thread registers the same restaurant: the per-organisation limit is not
        # what these tests are about
        max_per_organisation=200,
        max_per_contact_email=200,
    )

    def register(name, size):
        return services.registration_create(
            session=session,
            org_number="974760673",
            venue_name=name,
            participants=[ParticipantData(f"{name} {i}", "staff") for i in range(size)],
            contact_email="x@example.no",
            consent=True,
            now=NOW,
        )

    confirmed = [register(f"C{i}", 1) for i in range(4)]
    waiting = [register(f"W{i}", 1) for i in range(6)]
    barrier = threading.Barrier(len(confirmed))
    errors: list = []

    def cancel(registration):
        try:
            barrier.wait(timeout=10)
            services.registration_cancel(registration=registration, now=NOW)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in confirmed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed"] * 4 + ["waitlisted"] * 2
