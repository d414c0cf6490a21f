"""Reads for the seminar pages and the compliance rule: querysets and fact gathering.

Everything here runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from licensing.access import get_for_officer, scope_to_officer
from licensing.models import Licence, ManagerAssignment, Person, Role
from licensing.rules.i18n import messages as rule_messages
from licensing.rules.seminar import (
    DEFAULT_POLICY,
    AttendanceFact,
    RequiredPersonFact,
    SeminarResult,
    seminar_compliance,
)
from licensing.rules.seminar import SeminarPolicy as RulePolicy

from .models import (
    Attendance,
    Participant,
    Registration,
    RegistrationStatus,
    SeminarPolicy,
    SeminarSession,
)

# Compliance ------------------------------------------------------------------------------


def policies_in_force(municipality_ids: Iterable[int], on: dt.date) -> dict[int, RulePolicy]:
    """The seminar policy of each municipality on ``on``: the latest ``valid_from <= on``,
    the system default where there is none. One query."""
    ids = set(municipality_ids)
    policies: dict[int, RulePolicy] = {}
    rows = SeminarPolicy.objects.filter(municipality_id__in=ids, valid_from__lte=on).order_by(
        "municipality_id", "-valid_from"
    )
    for row in rows:
        if row.municipality_id not in policies:
            policies[row.municipality_id] = row.as_rule_policy()
    return {pk: policies.get(pk, DEFAULT_POLICY) for pk in ids}


def _as_licence_queryset(licences: QuerySet[Licence] | Iterable[int]) -> QuerySet[Licence]:
    if isinstance(licences, QuerySet):
        # A subquery keeps the caller's filters without fetching their ids first.
        return Licence.objects.filter(pk__in=licences.order_by().values("pk"))
    return Licence.objects.filter(pk__in=list(licences))


def assignments_on(on: dt.date) -> Q:
    """Manager and deputy assignments held on ``on``: started on or before it and not ended
    before it. ``ended_on`` is the last day in the role (docs/adr/0011; the successor starts
    the next day), the same reading as ``evaluation.engine``."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def seminar_compliance_for(
    licences: QuerySet[Licence] | Iterable[int], on: dt.date
) -> dict[int, SeminarResult]:
    """The seminar condition of every licence on ``on``, keyed by licence id.

    Four queries whatever the number of licences: the licences, the assignments held on
    ``on`` with their persons, those persons' attendances up to ``on`` (any organiser:
    attendance is a fact about the person), and the policies in force.
    """
    base = _as_licence_queryset(licences)
    rows = list(base.values_list("pk", "kind", "seminar_required", "granted_on", "municipality_id"))
    if not rows:
        return {}

    held = ManagerAssignment.objects.filter(assignments_on(on), licence__in=base)
    persons: dict[int, list[RequiredPersonFact]] = defaultdict(list)
    for licence_id, person_id, name, role, started_on in held.values_list(
        "licence_id", "person_id", "person__name", "role", "started_on"
    ):
        persons[licence_id].append(RequiredPersonFact(person_id, name, role, started_on))

    attendances: dict[int, list[AttendanceFact]] = defaultdict(list)
    for person_id, attended_on in Attendance.objects.filter(
        person_id__in=held.values("person_id"), attended_on__lte=on
    ).values_list("person_id", "attended_on"):
        attendances[person_id].append(AttendanceFact(person_id, attended_on))

    policies = policies_in_force({row[4] for row in rows}, on)
    tr = rule_messages()  # the active language's messages, looked up once for all licences
    results: dict[int, SeminarResult] = {}
    for pk, kind, required, granted_on, municipality_id in rows:
        licence_persons = persons.get(pk, [])
        results[pk] = seminar_compliance(
            kind=kind,
            seminar_required=required,
            granted_on=granted_on,
            persons=licence_persons,
            attendances=[a for p in licence_persons for a in attendances.get(p.person_id, ())],
            on=on,
            policy=policies[municipality_id],
            tr=tr,
        )
    return results


def licence_ids_with_status(
    licences: QuerySet[Licence] | Iterable[int], status: str, on: dt.date
) -> list[int]:
    return [pk for pk, r in seminar_compliance_for(licences, on).items() if r.status == status]


def person_attendances(person_ids: Iterable[int]) -> dict[int, list[Attendance]]:
    """Every recorded attendance of these persons, newest first. One query."""
    found: dict[int, list[Attendance]] = defaultdict(list)
    for attendance in Attendance.objects.filter(person_id__in=list(person_ids)).order_by(
        "-attended_on", "pk"
    ):
        found[attendance.person_id].append(attendance)
    return found


# Sessions --------------------------------------------------------------------------------


def with_seats(queryset: QuerySet[SeminarSession]) -> QuerySet[SeminarSession]:
    """Annotate ``seats_taken`` (participants of confirmed registrations) and
    ``waitlisted_count`` (waitlisted registrations)."""
    return queryset.annotate(
        seats_taken=Count(
            "registrations__participants",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
        ),
        waitlisted_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
            distinct=True,
        ),
    )


def seats_left(session: SeminarSession) -> int:
    return max(session.capacity - session.seats_taken, 0)


def upcoming_public_sessions(now: dt.datetime) -> QuerySet[SeminarSession]:
    """Sessions not yet started and not cancelled, soonest first. Two queries."""
    return with_seats(
        SeminarSession.objects.filter(cancelled=False, starts_at__gt=now)
        .select_related("municipality")
        .prefetch_related("open_to")
    ).order_by("starts_at", "pk")


def sessions_open_to(municipality_ids: Iterable[int], now: dt.datetime) -> list[SeminarSession]:
    """Sessions still open for registration (not cancelled, deadline not passed) that are
    organised by or open to the holders of any of these municipalities, soonest first, with
    ``seats_taken`` and ``open_to`` (for ``allowed_municipality_ids``). Two queries."""
    ids = list(municipality_ids)
    matching = SeminarSession.objects.filter(
        Q(municipality_id__in=ids) | Q(open_to__in=ids)
    ).values("pk")
    return list(
        with_seats(
            SeminarSession.objects.filter(
                pk__in=matching, cancelled=False, registration_deadline__gte=now
            )
            .select_related("municipality")
            .prefetch_related("open_to")
        ).order_by("starts_at", "pk")
    )


def public_session(public_id) -> SeminarSession:
    return get_object_or_404(
        with_seats(
            SeminarSession.objects.select_related("municipality").prefetch_related("open_to")
        ),
        public_id=public_id,
    )


def public_session_to_register(public_id) -> SeminarSession:
    """A session for a registration posted to its page (by its public id), or 404: with its
    municipality, without the seat count and the other municipalities of the page."""
    return get_object_or_404(
        SeminarSession.objects.select_related("municipality"), public_id=public_id
    )


def public_session_event(public_id) -> SeminarSession:
    """A session for its calendar file (by its public id), or 404."""
    return get_object_or_404(
        SeminarSession.objects.select_related("municipality"), public_id=public_id
    )


def registration_by_token(token) -> Registration:
    """The registration a signed link points to, with its participants, or 404."""
    return get_object_or_404(
        Registration.objects.select_related("session__municipality").prefetch_related(
            "participants", "session__open_to"
        ),
        token=token,
    )


def feed_sessions(now: dt.datetime) -> QuerySet[SeminarSession]:
    """The public feed: sessions that have not ended, cancelled ones included so that
    subscribed calendars learn of the cancellation."""
    return SeminarSession.objects.filter(ends_at__gt=now).order_by("starts_at", "pk")


def sessions_for_officer(user) -> QuerySet[SeminarSession]:
    return (
        with_seats(scope_to_officer(SeminarSession.objects.select_related("municipality"), user))
        .annotate(
            registration_count=Count(
                "registrations",
                filter=~Q(registrations__status=RegistrationStatus.CANCELLED),
                distinct=True,
            )
        )
        .order_by("starts_at", "pk")
    )


def session_for_officer(user, pk: int) -> SeminarSession:
    return get_for_officer(
        with_seats(SeminarSession.objects.select_related("municipality")).prefetch_related(
            "open_to"
        ),
        user,
        pk=pk,
    )


def participant_for_officer(user, pk: int) -> Participant:
    return get_for_officer(
        Participant.objects.select_related(
            "registration__session__municipality", "person", "attendance_record"
        ),
        user,
        field="registration__session__municipality",
        pk=pk,
    )


def registration_for_officer(user, pk: int) -> Registration:
    return get_for_officer(
        Registration.objects.select_related("session__municipality").prefetch_related(
            "participants"
        ),
        user,
        field="session__municipality",
        pk=pk,
    )


def session_registrations(session: SeminarSession) -> list[Registration]:
    """Registrations with their participants, matched persons and attendance facts:
    two queries."""
    return list(
        session.registrations.select_related("licence")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person", "attendance_record"),
            )
        )
        .order_by("created_at", "pk")
    )


def allowed_municipality_ids(session: SeminarSession) -> set[int]:
    """The organiser and the municipalities the session is open to."""
    return {session.municipality_id, *(m.pk for m in session.open_to.all())}


# Matching participants to register persons ------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A register person who may be this participant, with a role they hold."""

    person_id: int
    name: str
    role: str
    licence_id: int
    licence_number: str
    holder_name: str
    holder_org_number: str
    municipality_name: str

    def role_display(self) -> str:
        return str(Role(self.role).label)


def normalise_name(name: str) -> tuple[str, ...]:
    """Names compare case-insensitively, by words in any order ("Nordmann Kari")."""
    return tuple(sorted(name.casefold().split()))


def _candidates(assignments: QuerySet[ManagerAssignment]) -> list[Candidate]:
    return [
        Candidate(
            person_id=a.person_id,
            name=a.person.name,
            role=a.role,
            licence_id=a.licence_id,
            licence_number=a.licence.number,
            holder_name=a.licence.holder.name,
            holder_org_number=a.licence.holder.org_number,
            municipality_name=a.licence.municipality.name,
        )
        for a in assignments.select_related(
            "person", "licence__holder", "licence__municipality"
        ).order_by("person__name", "licence__number", "role")
    ]


def venue_candidates(
    session: SeminarSession, registrations: Iterable[Registration]
) -> dict[int, list[Candidate]]:
    """Per registration id: managers and deputies, on the session date, of the licences that
    match the registration's organisation number or licence number, within the
    municipalities the session is open to. One query (plus ``open_to`` if not prefetched)."""
    registrations = list(registrations)
    if not registrations:
        return {}
    org_numbers = {r.org_number for r in registrations}
    licence_numbers = {r.licence_number.strip() for r in registrations if r.licence_number}
    assignments = ManagerAssignment.objects.filter(
        assignments_on(session.held_on),
        licence__municipality_id__in=allowed_municipality_ids(session),
    ).filter(
        Q(licence__holder__org_number__in=org_numbers) | Q(licence__number__in=licence_numbers)
    )
    candidates = _candidates(assignments)
    by_org: dict[str, list[Candidate]] = defaultdict(list)
    by_number: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_org[candidate.holder_org_number].append(candidate)
        by_number[candidate.licence_number].append(candidate)
    result: dict[int, list[Candidate]] = {}
    for registration in registrations:
        found = list(by_org.get(registration.org_number, []))
        for candidate in by_number.get(registration.licence_number.strip(), []):
            if candidate not in found:
                found.append(candidate)
        result[registration.pk] = found
    return result


def suggestion_for(participant: Participant, candidates: list[Candidate]) -> Candidate | None:
    """The one candidate whose name matches the participant's, if exactly one person does."""
    wanted = normalise_name(participant.name)
    matches = [c for c in candidates if normalise_name(c.name) == wanted]
    if len({c.person_id for c in matches}) == 1:
        return matches[0]
    return None


def person_search(session: SeminarSession, query: str, limit: int = 30) -> list[Person]:
    """Persons of the municipalities the session is open to whose name contains ``query``."""
    query = query.strip()
    if not query:
        return []
    return list(
        Person.objects.filter(
            municipality_id__in=allowed_municipality_ids(session), name__icontains=query
        )
        .select_related("municipality")
        .order_by("name", "pk")[:limit]
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first registration on the session's waitlist (the order of
    ``promote_waitlist``: registration time, then id); None when not waitlisted. One query."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = registration.session.registrations.filter(status=RegistrationStatus.WAITLISTED).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1
