"""What a registration writes, and how little runs while it holds the session lock
(docs/adr/0123): reads and validation happen before the lock, the same outcomes after."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from licensing.errors import DomainError
from licensing.models import PendingMail
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
    row, each participant and its history row (docs/adr/0218) and the confirmation for the
    mail worker (docs/adr/0236). Nothing is validated or
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
    assert 'INSERT INTO "licensing_pendingmail"' in inserted
    assert inserted.count("INSERT INTO") == 5
    # Inside the test's transaction the insert does not commit (``_own_transaction``).
    assert "COMMIT" not in inserted


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
    # The confirmations for the mail worker: the same rows, naming each registration and
    # the status it got.
    assert _mails(fast) == _mails(saved) == [("registered", s) for s in statuses]


def _mails(session):
    ids = list(Registration.objects.filter(session=session).values_list("pk", flat=True))
    rows = PendingMail.objects.filter(arguments__registration__in=ids).order_by("pk")
    assert all(row.builder == "seminars.emails.render_stored" for row in rows)
    assert all(row.arguments["attach_ics"] is True for row in rows)
    return [(row.arguments["template"], row.arguments["status"]) for row in rows]


def test_the_confirmation_is_stored_with_the_registration_or_not_at_all(muni1):
    """The confirmation for the mail worker is written in the registration's transaction
    (docs/adr/0236): when the caller's transaction rolls back, neither is left."""
    session = SeminarSessionFactory(municipality=muni1, capacity=2)
    registration = _register(session)
    assert _mails(session) == [("registered", "confirmed")]

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        _register(session, org_number="998877660", names=("Åse Ærlig",))
        assert len(_mails(session)) == 2  # written before the commit, not after
        raise Abandon
    assert list(Registration.objects.filter(session=session)) == [registration]
    assert _mails(session) == [("registered", "confirmed")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_its_own_the_insert_commits_in_the_same_message(muni1, monkeypatch):
    """Outside any caller's transaction, the statement that inserts the rows also commits
    them, so the session lock is released without another round trip (docs/adr/0236):
    afterwards the connection has no open transaction, another connection sees every row,
    and a failed insert writes nothing."""
    from psycopg.pq import TransactionStatus

    session = SeminarSessionFactory(municipality=muni1, capacity=30)
    with CaptureQueriesContext(connection) as queries:
        registration = _register(session)
    statements = [q["sql"] for q in queries.captured_queries]
    inserted = next(sql for sql in statements if sql.startswith("WITH"))
    assert inserted.endswith("; COMMIT")
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT status, (SELECT COUNT(*) FROM seminars_participant WHERE "
                "registration_id = %s), (SELECT COUNT(*) FROM licensing_pendingmail WHERE "
                "(arguments->>'registration')::int = %s) FROM seminars_registration "
                "WHERE id = %s",
                [registration.pk, registration.pk, registration.pk],
            )
            assert cursor.fetchone() == ("confirmed", 2, 1)
    finally:
        other.close()

    # An insert that fails (here: a key already taken) commits nothing, not even the
    # statement's other rows, and leaves the connection usable.
    with monkeypatch.context() as patched:
        patched.setattr(
            services.registrations, "_reserve_ids", lambda participants: (registration.pk, [10**9])
        )
        with pytest.raises(IntegrityError):
            _register(session, org_number="998877660", names=("Åse Ærlig",))
    assert not Participant.objects.filter(pk=10**9).exists()
    assert PendingMail.objects.count() == 1
    assert _register(session, org_number="998877660", names=("Åse Ærlig",)).status == "confirmed"
    assert PendingMail.objects.count() == 2
