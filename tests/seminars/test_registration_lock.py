"""What a registration writes, and how little runs while it holds the session lock
(docs/adr/0123): reads and validation happen before the lock, the same outcomes after."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licensing.errors import DomainError
from seminars import services
from seminars.models import Participant, Registration
from seminars.services import ParticipantData
from tests.factories.licensing import LicenceFactory
from tests.factories.seminars import SeminarSessionFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _register(session, org_number="974760673", names=("Mona Manager", "Didrik Deputy"), **kw):
    return services.registration_create(
        session=session,
        org_number=org_number,
        venue_name="Spisested",
        participants=[
            ParticipantData(name, role)
            for name, role in zip(names, ("manager", "deputy"), strict=False)
        ],
        contact_email="post@example.no",
        consent=True,
        now=NOW,
        **kw,
    )


def test_a_registration_writes_one_history_row_each_with_its_final_state(muni1, officer):
    session = SeminarSessionFactory(municipality=muni1, capacity=3)
    licence = LicenceFactory(municipality=muni1, number="2026-0042")
    confirmed = _register(session, actor=officer, licence_number="2026-0042")
    waitlisted = _register(session, org_number="998877660", names=("Åse Ærlig", "Per Persen"))

    assert (confirmed.status, waitlisted.status) == ("confirmed", "waitlisted")
    assert confirmed.licence == licence
    for registration, user in ((confirmed, officer), (waitlisted, None)):
        rows = list(Registration.history.filter(id=registration.pk))
        assert [(r.history_type, r.status, r.history_user) for r in rows] == [
            ("+", registration.status, user)
        ]
        participants = Participant.objects.filter(registration=registration)
        assert participants.count() == 2
        history = Participant.history.filter(registration_id=registration.pk)
        assert sorted((h.history_type, h.name, h.history_user) for h in history) == sorted(
            ("+", p.name, user) for p in participants
        )


@pytest.mark.postgres
def test_under_the_lock_the_duplicate_check_and_the_waitlist_run_when_needed(muni1):
    """The same organisation again: its names are compared; a full session with a waitlist:
    the waitlist is read (and nobody fits)."""
    session = SeminarSessionFactory(municipality=muni1, capacity=2)
    _register(session)
    _register(session, org_number="998877660", names=("Åse Ærlig",))
    with CaptureQueriesContext(connection) as queries:
        third = _register(session, names=("Nina Ny",))
    assert third.status == "waitlisted"
    statements = [q["sql"] for q in queries.captured_queries]
    locked = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    after = [sql.split()[0] for sql in statements[locked + 1 :] if "SAVEPOINT" not in sql]
    # the counts went with the lock; the names of the organisation's participants; seats
    # are full: no waitlist; the registration, its participant and their history rows in
    # one statement
    assert "COUNT(" in statements[locked]
    assert after == ["SELECT", "WITH"]


def test_seat_counts_count_what_the_limits_and_the_waitlist_need(muni1):
    session = SeminarSessionFactory(municipality=muni1, capacity=2)
    first = _register(session)
    _register(session, org_number="998877660", names=("Åse Ærlig",))
    services.registration_cancel(registration=first, now=NOW)
    counts = services.registrations.seat_counts(
        session, org_number="998877660", contact_email="POST@example.no"
    )
    # The cancelled registration holds nothing; the e-mail is compared case-insensitively.
    assert counts == services.registrations.SeatCounts(taken=1, by_org=1, by_email=1, waiting=0)


def test_refusals_keep_their_order_and_write_nothing(muni1):
    session = SeminarSessionFactory(municipality=muni1, capacity=30)
    _register(session)
    # A second registration of the same people that also has a bad e-mail address: the
    # duplicate is reported, as before (it was checked before the model validation).
    with pytest.raises(DomainError, match="already registered"):
        services.registration_create(
            session=session,
            org_number="974760673",
            venue_name="Spisested",
            participants=[ParticipantData("Mona Manager", "manager")],
            contact_email="not-an-address",
            consent=True,
            now=NOW,
        )
    session.cancelled = True
    session.save()
    with pytest.raises(DomainError, match="cancelled"):
        _register(session, org_number="998877660", names=("",))
    assert Registration.objects.count() == 1
    assert Participant.objects.count() == 2


@pytest.mark.postgres
def test_the_locked_section_counts_and_inserts_only(muni1):
    """With ``SELECT … FOR UPDATE``, in the same round trip, one query counts the seats
    taken, the seats held by the organisation number and by the contact e-mail (the limits,
    re-checked under the lock) and the waitlist; then one statement inserts the registration and its history
    row, each participant and its history row (docs/adr/0218). Nothing is validated or
    looked up under the lock; the duplicate check needs no look-up when the organisation
    holds no seats, the waitlist none when it is empty (docs/adr/0197)."""
    session = SeminarSessionFactory(municipality=muni1, capacity=30)
    LicenceFactory(municipality=muni1, number="2026-0042")
    with CaptureQueriesContext(connection) as queries:
        _register(session, licence_number="2026-0042")
    statements = [q["sql"] for q in queries.captured_queries]
    locked = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    after = [sql.split()[0] for sql in statements[locked + 1 :] if "SAVEPOINT" not in sql]
    # The lock and the count: two statements in one message (docs/adr/0218).
    lock, count = statements[locked].split("; ")
    assert lock.startswith("SELECT") and lock.endswith("FOR UPDATE")
    assert count.startswith("SELECT COUNT(")
    assert after == ["WITH"]
    inserted = statements[locked + 1]
    for table in ("registration", "participant", "historicalregistration"):
        assert f'INSERT INTO "seminars_{table}"' in inserted
    assert inserted.count("INSERT INTO") == 4


def _rows(session):
    """Every row a registration wrote in ``session``, with its history rows, without the
    values that differ between two sessions (keys, tokens, the session, the history date)."""
    ignore = {"id", "token", "session_id", "registration_id", "history_id", "history_date"}

    def values(queryset):
        return [{k: v for k, v in row.items() if k not in ignore} for row in queryset.values()]

    registrations = Registration.objects.filter(session=session).order_by("pk")
    participants = Participant.objects.filter(registration__session=session).order_by("pk")
    ids = list(registrations.values_list("pk", flat=True))
    return (
        values(registrations),
        values(participants),
        values(Registration.history.filter(id__in=ids).order_by("id")),
        values(Participant.history.filter(registration_id__in=ids).order_by("id")),
    )


@pytest.mark.postgres
def test_the_single_insert_statement_writes_the_rows_save_writes(muni1, officer, monkeypatch):
    """On PostgreSQL a registration's rows go in one statement (docs/adr/0218); the same
    registrations through ``save()`` (the path of other databases) write the same rows,
    history rows included, confirmed and waitlisted, with and without a user."""
    LicenceFactory(municipality=muni1, number="2026-0042")

    def register_all(session):
        _register(session, actor=officer, licence_number="2026-0042")
        _register(session, org_number="998877660", names=("Åse  Ærlig", "Per Persen"))
        _register(session, org_number="974760673", names=("Nina Ny",))

    fast = SeminarSessionFactory(municipality=muni1, capacity=3)
    register_all(fast)
    monkeypatch.setattr(services.registrations, "_reserve_ids", lambda participants: None)
    saved = SeminarSessionFactory(municipality=muni1, capacity=3)
    register_all(saved)

    assert _rows(fast) == _rows(saved)
    statuses = [r["status"] for r in _rows(fast)[0]]
    assert statuses == ["confirmed", "waitlisted", "confirmed"]
    assert len(_rows(fast)[3]) == 5


def test_seat_counts_equal_the_orm_count_on_varied_registrations(muni1):
    """``seat_counts`` (one statement written per database) against the ORM aggregate it
    replaced, on confirmed, waitlisted and cancelled registrations of several sizes, e-mails
    in other cases, another session, and an empty session."""
    session = SeminarSessionFactory(municipality=muni1, capacity=5)
    other = SeminarSessionFactory(municipality=muni1, capacity=5)
    empty = SeminarSessionFactory(municipality=muni1, capacity=5)
    _register(session)
    _register(session, org_number="998877660", names=("Åse Ærlig", "Per Persen"))
    third = _register(session, org_number="998877660", names=("Ola O",))
    _register(session, org_number="810000651", names=("Tor T",))
    services.registration_cancel(registration=third, now=NOW)
    _register(other, org_number="998877660", names=("Åse Ærlig",))
    cases = [
        (org, email)
        for org in ("974760673", "998877660", "810000651", "000000000")
        for email in ("post@example.no", "POST@Example.NO", "other@example.no", "post%", "")
    ]
    for target in (session, other, empty):
        for org_number, email in cases:
            assert services.registrations.seat_counts(
                target, org_number=org_number, contact_email=email
            ) == services.registrations.seat_counts_orm(
                target, org_number=org_number, contact_email=email
            ), (target, org_number, email)
            locked, counts = services.registrations.lock_session_and_count(
                target, org_number=org_number, contact_email=email
            )
            assert locked.pk == target.pk
            assert counts == services.registrations.seat_counts_orm(
                target, org_number=org_number, contact_email=email
            )
