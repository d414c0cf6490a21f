"""Registrations: create, change, cancel, and the waitlist that follows.

Capacity (docs/adr/0031-seminar-capacity-lock.md): every write that takes or frees seats
first locks the session row (``SELECT ... FOR UPDATE``), then counts the seats taken and
writes in the same transaction. Two requests for the same session therefore count one
after the other, and the capacity is never exceeded. Seats are participants of confirmed
registrations.

Waitlist (docs/adr/0032-seminar-waitlist-order.md): a registration that does not fit in
the free seats goes on the waitlist as a whole. Whenever seats free up, the waitlist is
walked in registration order and every registration that now fits is confirmed (a large
group does not block smaller ones behind it; nobody behind is confirmed while one ahead
of them would fit). A new registration is confirmed only if it fits after that, so it
never overtakes a waitlisted one that fits.

E-mails go out after the transaction commits (``transaction.on_commit``); a new
registration's confirmation is stored for the mail worker in its own transaction
(docs/adr/0236).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import Count, Q
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from licensing.errors import DomainError
from licensing.models import Licence, PendingMail
from licensing.services.validation import full_clean_or_raise
from licensing.validators import validate_org_number

from .. import emails
from ..models import (
    AttendanceMark,
    Participant,
    ParticipantRole,
    Registration,
    RegistrationStatus,
    SeminarSession,
)
from ..selectors import allowed_municipality_ids

MAX_PARTICIPANTS = 20


@dataclass(frozen=True)
class ParticipantData:
    name: str
    role: str
    email: str = ""


@dataclass(frozen=True)
class ParticipantChange:
    """One row of a change: ``index`` is the position of an existing participant (in
    registration order), None for a new one; ``remove`` drops an existing one."""

    index: int | None
    name: str = ""
    role: str = ""
    email: str = ""
    remove: bool = False


# Seats -----------------------------------------------------------------------------------


def lock_session(session: SeminarSession) -> SeminarSession:
    """Reload the session with its row locked until the transaction ends."""
    return SeminarSession.objects.select_for_update().get(pk=session.pk)


def lock_session_and_count(
    session: SeminarSession, *, org_number: str, contact_email: str
) -> tuple[SeminarSession, SeatCounts]:
    """``lock_session`` then ``seat_counts``. On PostgreSQL (with the client-side binding
    Django uses by default) both statements go in one message, one round trip: the server
    runs the count once the first statement holds the lock, with a snapshot of its own
    (READ COMMITTED), so it sees every registration committed before the lock was granted,
    exactly as a count sent afterwards would (docs/adr/0218)."""
    connection = connections[router.db_for_write(SeminarSession)]
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
        or not connection.features.supports_aggregate_filter_clause
    ):
        session = lock_session(session)
        return session, seat_counts(session, org_number=org_number, contact_email=contact_email)
    query = SeminarSession.objects.select_for_update().filter(pk=session.pk).query
    compiler = query.get_compiler(connection=connection)
    lock_sql, lock_params = compiler.as_sql()
    columns = [expression.target.attname for expression, _sql, _alias in compiler.select]
    counts_sql, counts_params = _seat_counts_statement(
        connection, session.pk, org_number=org_number, contact_email=contact_email
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{lock_sql}; {counts_sql}", [*lock_params, *counts_params])
        row = cursor.fetchone()
        cursor.nextset()
        taken, by_org, by_email, waiting = cursor.fetchone()
    if row is None:
        raise SeminarSession.DoesNotExist("SeminarSession matching query does not exist.")
    locked = SeminarSession.from_db(connection.alias, columns, row)
    return locked, SeatCounts(taken=taken, by_org=by_org, by_email=by_email, waiting=waiting)


def seats_taken(session: SeminarSession, *, exclude: Registration | None = None) -> int:
    queryset = Participant.objects.filter(
        registration__session=session, registration__status=RegistrationStatus.CONFIRMED
    )
    if exclude is not None:
        queryset = queryset.exclude(registration=exclude)
    return queryset.count()


@dataclass(frozen=True)
class SeatCounts:
    """What a new registration is checked against, counted in one query: seats taken
    (confirmed participants), seats held by the organisation number and by the contact
    e-mail (confirmed and waitlisted), and the waitlisted registrations."""

    taken: int
    by_org: int
    by_email: int
    waiting: int


def seat_counts(session: SeminarSession, *, org_number: str, contact_email: str) -> SeatCounts:
    """The ``SeatCounts`` of ``session`` for a registration from ``org_number`` with
    ``contact_email`` (compared case-insensitively), in one query (docs/adr/0197).

    The statement is written once per database (``_seat_counts_sql``) rather than built by
    the ORM on every call: it runs twice per registration, once under the session lock
    (docs/adr/0218). ``seat_counts_orm`` is the same count through the ORM; a test keeps
    the two equal."""
    connection = connections[router.db_for_read(Registration)]
    if not connection.features.supports_aggregate_filter_clause:
        return seat_counts_orm(session, org_number=org_number, contact_email=contact_email)
    sql, params = _seat_counts_statement(
        connection, session.pk, org_number=org_number, contact_email=contact_email
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        taken, by_org, by_email, waiting = cursor.fetchone()
    return SeatCounts(taken=taken, by_org=by_org, by_email=by_email, waiting=waiting)


def _seat_counts_statement(
    connection, session_pk: int, *, org_number: str, contact_email: str
) -> tuple[str, list]:
    sql = _SEAT_COUNTS_SQL.get(connection.vendor) or _SEAT_COUNTS_SQL.setdefault(
        connection.vendor, _seat_counts_sql(connection)
    )
    params = [
        RegistrationStatus.CONFIRMED.value,
        RegistrationStatus.CANCELLED.value,
        org_number,
        RegistrationStatus.CANCELLED.value,
        connection.ops.prep_for_iexact_query(contact_email),
        RegistrationStatus.WAITLISTED.value,
        session_pk,
    ]
    return sql, params


_SEAT_COUNTS_SQL: dict[str, str] = {}


def _seat_counts_sql(connection) -> str:
    """``seat_counts_orm``'s statement for ``connection``'s database. Parameters: the
    statuses confirmed and cancelled, the organisation number, cancelled, the contact e-mail
    (prepared for ``iexact``), waitlisted, the session id."""
    quote = connection.ops.quote_name
    registration, participant = Registration._meta, Participant._meta
    r_table, p_table = quote(registration.db_table), quote(participant.db_table)

    def r(field: str) -> str:
        return f"{r_table}.{quote(registration.get_field(field).column)}"

    p_id = f"{p_table}.{quote(participant.pk.column)}"
    p_registration = f"{p_table}.{quote(participant.get_field('registration').column)}"
    email = connection.ops.lookup_cast("iexact", "CharField") % r("contact_email")
    email_matches = f"{email} {connection.operators['iexact'] % '%s'}"
    active = f"NOT ({r('status')} = %s)"
    # Identifiers from the models' _meta, quoted; every value is a parameter.
    return (
        f"SELECT COUNT({p_id}) FILTER (WHERE {r('status')} = %s), "  # noqa: S608
        f"COUNT({p_id}) FILTER (WHERE {active} AND {r('org_number')} = %s), "
        f"COUNT({p_id}) FILTER (WHERE {active} AND {email_matches}), "
        f"COUNT(DISTINCT {r('id')}) FILTER (WHERE {r('status')} = %s) "
        f"FROM {r_table} LEFT OUTER JOIN {p_table} ON ({r('id')} = {p_registration}) "
        f"WHERE {r('session')} = %s"
    )


def seat_counts_orm(session: SeminarSession, *, org_number: str, contact_email: str) -> SeatCounts:
    """``seat_counts`` through the ORM (the reference; databases without ``FILTER``)."""
    active = ~Q(status=RegistrationStatus.CANCELLED)
    counts = Registration.objects.filter(session=session).aggregate(
        taken=Count("participants", filter=Q(status=RegistrationStatus.CONFIRMED)),
        by_org=Count("participants", filter=active & Q(org_number=org_number)),
        by_email=Count("participants", filter=active & Q(contact_email__iexact=contact_email)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED), distinct=True),
    )
    return SeatCounts(**counts)


def promote_waitlist(
    session: SeminarSession,
    *,
    now: dt.datetime,
    taken: int | None = None,
    waiting: int | None = None,
) -> list[Registration]:
    """Confirm every waitlisted registration that fits, in registration order.

    The caller holds the session lock (``taken``: the seats it has just counted under that
    lock, to spare a second count; ``waiting``: the waitlisted registrations it counted
    with them, none spares the look-up). Nothing moves once the session has started or
    when it is cancelled. Returns the promoted registrations, each with its ``size`` (their e-mails
    are queued).
    """
    if session.cancelled or now >= session.starts_at:
        return []
    free = session.capacity - (seats_taken(session) if taken is None else taken)
    if free <= 0 or waiting == 0:
        return []
    waiting = (
        session.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .annotate(size=Count("participants"))
        .order_by("created_at", "pk")
    )
    promoted: list[Registration] = []
    for registration in waiting:
        if registration.size <= free:
            registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["status"])
            free -= registration.size
            promoted.append(registration)
        if free <= 0:
            break
    for registration in promoted:
        emails.queue_promoted(registration.pk)
    return promoted


# Validation ------------------------------------------------------------------------------


def _check_participants(session: SeminarSession, participants: Sequence[ParticipantData]) -> None:
    if not participants:
        raise DomainError(_("Add at least one participant."), field="participants")
    limit = min(MAX_PARTICIPANTS, session.capacity)
    if len(participants) > limit:
        raise DomainError(
            ngettext(
                "This seminar takes at most %(limit)s participant per registration.",
                "This seminar takes at most %(limit)s participants per registration.",
                limit,
            )
            % {"limit": limit},
            field="participants",
        )
    seen: set[str] = set()
    for participant in participants:
        if not participant.name.strip():
            raise DomainError(_("Every participant needs a name."), field="participants")
        if participant.role not in ParticipantRole.values:
            raise DomainError(
                _("Choose the participant's role at the venue."), field="participants"
            )
        key = " ".join(participant.name.casefold().split())
        if key in seen:
            raise DomainError(
                _("%(name)s is listed twice.") % {"name": participant.name.strip()},
                field="participants",
            )
        seen.add(key)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _check_not_registered(
    session: SeminarSession, org_number: str, participants: Sequence[ParticipantData]
) -> None:
    """Refuse a second registration of the same people from the same organisation (a form
    sent twice, or a venue that forgot it had registered): it would take their seats twice."""
    wanted = {_name_key(p.name) for p in participants}
    already = sorted(
        {
            name
            for name in Participant.objects.filter(
                registration__session=session, registration__org_number=org_number
            )
            .exclude(registration__status=RegistrationStatus.CANCELLED)
            .values_list("name", flat=True)
            if _name_key(name) in wanted
        }
    )
    if already:
        raise DomainError(
            ngettext(
                "%(names)s is already registered for this session by the same organisation "
                "number. Use the private link in the confirmation e-mail to change that "
                "registration.",
                "%(names)s are already registered for this session by the same organisation "
                "number. Use the private link in the confirmation e-mail to change that "
                "registration.",
                len(already),
            )
            % {"names": ", ".join(already)},
            field="participants",
        )


def _check_session_open(session: SeminarSession, now: dt.datetime) -> None:
    if session.cancelled:
        raise DomainError(_("This session has been cancelled."))
    if now > session.registration_deadline:
        raise DomainError(_("The registration deadline for this session has passed."))


def _check_seat_limits(
    session: SeminarSession,
    *,
    org_number: str,
    contact_email: str,
    seats: int,
    exclude: Registration | None = None,
) -> None:
    """Refuse when one organisation number or one contact e-mail would hold more seats
    (confirmed and waitlisted) in the session than the session allows: one anonymous
    submission must not take the seats of a whole seminar (docs/adr/0104-seat-limits.md).
    Counts two aggregate queries; the caller holds the session lock."""
    active = Participant.objects.filter(registration__session=session).exclude(
        registration__status=RegistrationStatus.CANCELLED
    )
    if exclude is not None:
        active = active.exclude(registration=exclude)
    held_by_org = active.filter(registration__org_number=org_number).count()
    held_by_email = active.filter(registration__contact_email__iexact=contact_email).count()
    _refuse_over_limits(session, held_by_org=held_by_org, held_by_email=held_by_email, seats=seats)


def _refuse_over_limits(
    session: SeminarSession, *, held_by_org: int, held_by_email: int, seats: int
) -> None:
    if held_by_org + seats > session.max_per_organisation:
        raise DomainError(
            ngettext(
                "One organisation number may hold at most %(max)s seat in this session "
                "(%(held)s already registered). Contact the municipality if you need more.",
                "One organisation number may hold at most %(max)s seats in this session "
                "(%(held)s already registered). Contact the municipality if you need more.",
                session.max_per_organisation,
            )
            % {"max": session.max_per_organisation, "held": held_by_org},
            field="participants",
        )
    if held_by_email + seats > session.max_per_contact_email:
        raise DomainError(
            ngettext(
                "One contact e-mail may hold at most %(max)s seat in this session "
                "(%(held)s already registered). Contact the municipality if you need more.",
                "One contact e-mail may hold at most %(max)s seats in this session "
                "(%(held)s already registered). Contact the municipality if you need more.",
                session.max_per_contact_email,
            )
            % {"max": session.max_per_contact_email, "held": held_by_email},
            field="participants",
        )


def _find_licence(session: SeminarSession, licence_number: str) -> Licence | None:
    if not licence_number:
        return None
    return (
        Licence.objects.filter(
            municipality_id__in=allowed_municipality_ids(session), number__iexact=licence_number
        )
        .order_by("pk")
        .first()
    )


# Create ----------------------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    session: SeminarSession,
    org_number: str,
    venue_name: str,
    licence_number: str = "",
    participants: Sequence[ParticipantData],
    contact_email: str,
    consent: bool,
    language: str = "nb",
    actor=None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register a venue's participants for a session: confirmed when every participant has
    a seat, otherwise waitlisted as a whole. Sends the confirmation e-mail after commit.

    ``actor`` is None for the public form (no account).
    """
    now = now or timezone.now()
    org_number = "".join(org_number.split())
    try:
        validate_org_number(org_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="org_number") from exc
    if not consent:
        raise DomainError(
            _("Tick the box to agree that we keep the personal data for this purpose."),
            field="consent",
        )

    # Everything that does not depend on the seats is read and validated before the
    # session is locked, so that the lock is held for the count and the inserts only
    # (docs/adr/0123). The checks run in the same order as before; those that concurrent
    # registrations or an officer may change (the session's state, a registration of the
    # same people) run again on the locked row.
    _check_session_open(session, now)
    _check_participants(session, participants)
    limits = {"org_number": org_number, "contact_email": contact_email.strip()}
    _check_counts(session, seat_counts(session, **limits), org_number, participants)

    registration = Registration(
        session=session,
        org_number=org_number,
        venue_name=venue_name.strip(),
        licence_number=licence_number.strip(),
        licence=_find_licence(session, licence_number.strip()),
        contact_email=contact_email.strip(),
        language=language,
        consent_at=now,
        # Validated as confirmed; the status is decided under the lock. Both statuses pass
        # the same checks (neither is "cancelled", which alone needs ``cancelled_at``).
        status=RegistrationStatus.CONFIRMED,
        created_at=now,
    )
    full_clean_or_raise(registration)
    rows = [
        Participant(
            registration=registration,
            name=" ".join(p.name.split()),
            role=p.role,
            email=p.email.strip(),
        )
        for p in participants
    ]
    for row in rows:
        # The registration is saved below, in this transaction: its key is not checked.
        full_clean_or_raise(row, exclude=["registration"])

    prepared = _prepare_insert(registration, rows, ids=_reserve_ids(len(rows)), user=actor)
    # Again on the locked row: parallel submissions of one venue must not pass together.
    session, counts = lock_session_and_count(session, **limits)
    _check_session_open(session, now)
    _check_counts(session, counts, org_number, participants)
    # Restores the invariant "no waitlisted registration fits" should anything have
    # broken it (an edit in the admin), so that a newcomer never overtakes one.
    promoted = promote_waitlist(session, now=now, taken=counts.taken, waiting=counts.waiting)
    free = session.capacity - counts.taken - sum(row.size for row in promoted)
    fits = len(participants) <= free
    registration.session = session
    registration.status = RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED
    # The confirmation is stored for the mail worker in this transaction, with the rows it
    # announces (docs/adr/0236); the last write, so that the commit can go with it.
    _insert(registration, rows, prepared)
    return registration


# The inserts of a registration (docs/adr/0218) ---------------------------------------------


def _reserve_ids(participants: int) -> tuple[int, list[int]] | None:
    """On PostgreSQL, the ids of the registration and of its participants, drawn from their
    sequences before the session is locked, so that the rows and their history rows can be
    inserted in one statement under the lock (``_insert``). None elsewhere."""
    connection = connections[router.db_for_write(Registration)]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)), "
            "ARRAY(SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s))",
            [
                Registration._meta.db_table,
                Registration._meta.pk.column,
                Participant._meta.db_table,
                Participant._meta.pk.column,
                participants,
            ],
        )
        registration_id, participant_ids = cursor.fetchone()
    return registration_id, list(participant_ids)


class _PendingStatus(str):
    """The status of a registration whose insert is written before the seat decision."""


@dataclass(frozen=True)
class _PreparedInsert:
    sql: str
    params: list
    status_at: tuple  # where the registration's status goes in ``params``
    date_at: tuple  # where the history date goes
    # The parameters of the confirmation's ``PendingMail`` row, the statement's last, for
    # each status the registration can get (its arguments name the status).
    mail_params: dict


def _prepare_insert(
    registration: Registration,
    rows: Sequence[Participant],
    *,
    ids: tuple[int, list[int]] | None,
    user,
) -> _PreparedInsert | None:
    """With reserved ``ids`` (PostgreSQL), the one ``INSERT`` statement (data-modifying
    ``WITH`` queries) that writes ``registration``, its participant ``rows`` and the history
    row of each (django-simple-history: every tracked field, ``history_type`` "+",
    ``history_user`` ``user``, no change reason), written by the ORM's insert compiler from
    the same instances ``save()`` would insert. Written before the session is locked; only
    the status (decided under the lock) and the history date are filled in then. None
    without ids: ``_insert`` then saves as everywhere else. A test compares both ways."""
    registration._history_user = user
    for row in rows:
        row._history_user = user
    if ids is None:
        return None
    connection = connections[router.db_for_write(Registration)]
    registration.pk, participant_ids = ids
    for row, pk in zip(rows, participant_ids, strict=True):
        row.pk = pk
        row.registration = registration
    status, date = _PendingStatus("pending"), timezone.now()
    decided = registration.status
    registration.status = status
    mails = {
        choice: _insert_sql(
            connection, PendingMail, [emails.registered_mail(registration.pk, choice)]
        )
        for choice in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    }
    try:
        statements = [
            _insert_sql(connection, Registration, [registration]),
            _insert_sql(connection, Participant, rows),
            _insert_sql(connection, _history_model(Registration), [_history(registration, date)]),
            _insert_sql(
                connection, _history_model(Participant), [_history(row, date) for row in rows]
            ),
            mails[RegistrationStatus.CONFIRMED],
        ]
    finally:
        registration.status = decided
    *first, (last_sql, _last_params) = statements
    sql = (
        "WITH "
        + ", ".join(f"inserted_{n} AS ({statement})" for n, (statement, _p) in enumerate(first))
        + " "
        + last_sql
    )
    params = [param for _s, statement_params in statements for param in statement_params]
    status_at, date_at = _positions(params, status), _positions(params, date)
    if (
        len(status_at) != 2
        or len(date_at) != 1 + len(rows)
        or len({mail_sql for mail_sql, _p in mails.values()}) != 1
    ):
        raise RuntimeError("The registration's insert has an unexpected shape.")
    return _PreparedInsert(
        sql,
        params,
        status_at,
        date_at,
        {str(choice): mail_params for choice, (_sql, mail_params) in mails.items()},
    )


def _positions(params: list, marker) -> tuple[tuple[int, int | None], ...]:
    """Where ``marker`` is in ``params``: (index, None), or (index, element) inside a
    parameter that holds a column of rows (Django inserts several rows with ``UNNEST`` on
    PostgreSQL)."""
    found = []
    for i, param in enumerate(params):
        if param is marker:
            found.append((i, None))
        elif isinstance(param, list | tuple):
            found += [(i, j) for j, value in enumerate(param) if value is marker]
    return tuple(found)


def _fill(params: list, positions, value) -> None:
    for i, j in positions:
        if j is None:
            params[i] = value
        else:
            params[i] = list(params[i])
            params[i][j] = value


def _insert(
    registration: Registration,
    rows: Sequence[Participant],
    prepared: _PreparedInsert | None,
) -> None:
    """Save ``registration`` (its status decided) and its participant ``rows`` with their
    history rows and the confirmation's ``PendingMail`` row: the ``prepared`` statement,
    one round trip under the session lock instead of two per row; without it, ``save()``.

    With the prepared statement, when this transaction is ``registration_create``'s own (no
    caller's transaction around it), the ``COMMIT`` goes in the same message: the session
    lock is released as soon as the server has the rows on disk, without another round
    trip to this process, which under a burst may wait for a core while every other
    registration waits for the lock (docs/adr/0236). Django's own commit at the end of the
    block then finds no open transaction and sends nothing; the commit hooks run as always.
    """
    if prepared is None:
        registration.save()
        for row in rows:
            row.registration = registration
            row.save()
        emails.registered_mail(registration.pk, registration.status).save()
        return
    connection = connections[router.db_for_write(Registration)]
    params = list(prepared.params)
    date = timezone.now()
    _fill(params, prepared.status_at, str(registration.status))
    _fill(params, prepared.date_at, date)
    mail_params = prepared.mail_params[str(registration.status)]
    params[len(params) - len(mail_params) :] = mail_params
    sql = prepared.sql
    if _own_transaction(connection):
        sql += "; COMMIT"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    for instance in (registration, *rows):
        instance._state.adding = False
        instance._state.db = connection.alias


def _own_transaction(connection) -> bool:
    """Whether the open transaction is the one ``registration_create``'s ``atomic`` began:
    one atomic block, no savepoint, not in a test's or a caller's transaction. Only then
    may the insert commit it; otherwise the caller's transaction decides."""
    return (
        connection.in_atomic_block
        and len(connection.atomic_blocks) == 1
        and not connection.savepoint_ids
        and not connection.needs_rollback
    )


@functools.cache
def _history_model(model):
    """The history model of ``model`` (``model.history`` builds a manager class each time)."""
    return model.history.model


def _history(instance, history_date):
    """The history row django-simple-history writes when ``instance`` is created
    (``HistoricalRecords.create_historical_record``): every tracked field, the date, "+",
    the user, no change reason."""
    model = _history_model(type(instance))
    return model(
        history_date=history_date,
        history_type="+",
        history_user=instance._history_user,
        history_change_reason=None,
        **{field.attname: getattr(instance, field.attname) for field in model.tracked_fields},
    )


def _insert_sql(connection, model, objs) -> tuple[str, tuple]:
    """The ORM's ``INSERT`` of ``objs`` (every concrete field but an automatic key)."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and objs[0].pk is None)
    ]
    query = InsertQuery(model)
    query.insert_values(fields, objs)
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def _check_counts(
    session: SeminarSession,
    counts: SeatCounts,
    org_number: str,
    participants: Sequence[ParticipantData],
) -> None:
    """The duplicate check, then the seat limits, against ``counts``. Without seats held by
    the organisation number there is nothing to compare names with: no look-up."""
    if counts.by_org:
        _check_not_registered(session, org_number, participants)
    _refuse_over_limits(
        session, held_by_org=counts.by_org, held_by_email=counts.by_email, seats=len(participants)
    )


# Change ----------------------------------------------------------------------------------


@transaction.atomic
def registration_change(
    *,
    registration: Registration,
    contact_email: str,
    participants: Sequence[ParticipantChange],
    actor=None,
    now: dt.datetime | None = None,
) -> Registration:
    """Change the contact e-mail and the participants, until the registration deadline.

    A confirmed registration may grow only into free seats; when it shrinks, the freed
    seats go to the waitlist. A participant whose name changes loses a confirmed match.
    """
    now = now or timezone.now()
    session = lock_session(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("This registration has been cancelled."))
    if session.cancelled:
        raise DomainError(_("This session has been cancelled."))
    if now > session.registration_deadline:
        raise DomainError(
            _(
                "The registration deadline has passed; contact the municipality to change "
                "the registration."
            )
        )

    existing = list(registration.participants.order_by("pk"))
    kept: list[tuple[Participant | None, ParticipantData]] = []
    removed: list[Participant] = []
    for change in participants:
        current = None
        if change.index is not None:
            if not 0 <= change.index < len(existing):
                raise DomainError(_("The list of participants changed; reload the page."))
            current = existing[change.index]
        if change.remove:
            if current is not None:
                removed.append(current)
            continue
        kept.append((current, ParticipantData(change.name, change.role, change.email)))
    listed = {id(p) for p, _data in kept if p is not None} | {id(p) for p in removed}
    # Rows the form did not send at all stay as they are.
    kept += [(p, ParticipantData(p.name, p.role, p.email)) for p in existing if id(p) not in listed]
    for participant in removed:
        if participant.attendance != AttendanceMark.UNKNOWN:
            raise DomainError(
                _("%(name)s is already checked in and cannot be removed.")
                % {"name": participant.name}
            )
    _check_participants(session, [data for _p, data in kept])
    _check_seat_limits(
        session,
        org_number=registration.org_number,
        contact_email=contact_email.strip(),
        seats=len(kept),
        exclude=registration,
    )

    if registration.status == RegistrationStatus.CONFIRMED:
        free = session.capacity - seats_taken(session, exclude=registration)
        if len(kept) > free:
            raise DomainError(
                ngettext(
                    "Only %(free)s seat is free for this registration; remove participants "
                    "or cancel and register again for the waitlist.",
                    "Only %(free)s seats are free for this registration; remove participants "
                    "or cancel and register again for the waitlist.",
                    free,
                )
                % {"free": max(free, 0)},
                field="participants",
            )

    registration.contact_email = contact_email.strip()
    full_clean_or_raise(registration)
    registration._history_user = actor
    registration.save(update_fields=["contact_email"])
    for participant in removed:
        participant._history_user = actor
        participant.delete()
    for participant, data in kept:
        name = " ".join(data.name.split())
        if participant is None:
            participant = Participant(registration=registration)
        elif (participant.name, participant.role, participant.email) == (
            name,
            data.role,
            data.email.strip(),
        ):
            continue
        if participant.pk and participant.name != name:
            participant.person = None
        participant.name, participant.role, participant.email = name, data.role, data.email.strip()
        full_clean_or_raise(participant)
        participant._history_user = actor
        participant.save()
    promote_waitlist(session, now=now)
    registration.refresh_from_db()
    return registration


# Cancel ----------------------------------------------------------------------------------


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    actor=None,
    now: dt.datetime | None = None,
    release_reason: str = "",
) -> Registration:
    """Cancel a registration before the session starts; its seats go to the waitlist.
    ``release_reason``: set when a case officer releases it (``registration_release``)."""
    now = now or timezone.now()
    session = lock_session(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("This registration is already cancelled."))
    if now >= session.starts_at:
        raise DomainError(_("The session has started; a registration can no longer be cancelled."))
    if registration.participants.filter(~Q(attendance=AttendanceMark.UNKNOWN)).exists():
        raise DomainError(_("Participants are already checked in; the registration stays."))
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.release_reason = release_reason
    registration._history_user = actor
    registration.save(update_fields=["status", "cancelled_at", "release_reason"])
    emails.queue_cancelled(registration.pk)
    promote_waitlist(session, now=now)
    return registration


@transaction.atomic
def registration_release(
    *, registration: Registration, actor, reason: str, now: dt.datetime | None = None
) -> Registration:
    """A case officer releases a registration's seats (hoarded, invented names, a duplicate),
    with a reason the registrant sees on the private page and in the e-mail. The seats go
    to the waitlist; the history records who released it."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for releasing the seats."), field="reason")
    return registration_cancel(
        registration=registration, actor=actor, now=now, release_reason=reason
    )
