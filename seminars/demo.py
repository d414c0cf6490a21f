"""Demo data for seminars, run after ``licensing.demo`` (Bodø and Saltdal with licences).

``seed(stdout, style)`` is idempotent: sessions have fixed public ids (UUID5 of a key), and
their registrations, check-ins and matches are written only when the session is new; the
extra attendance and the new deputy are looked up before they are created. A second run
writes nothing.

What it shows, relative to today:
- a past Bodø session (45 days ago) where managers and deputies of three licences attended
  (their licences become compliant), one no-show and one unmatched staff member;
- a past Saltdal session (14 months ago) attended by two licences' people;
- an upcoming regional Bodø session (in 20 days) open to Saltdal, with registrations from
  overdue, pending and due licences (registered is not attended: they stay as they are);
- a small upcoming Saltdal session (in 40 days) that is full, with two waitlisted
  registrations, and an online session in English (in 60 days);
- a new Saltdal deputy since 165 days ago (deadline in about 17 days: "due"), and an
  attendance from more than four years ago that has expired ("overdue" with the reason).
Registrations are written straight to the models (demo history; no e-mails are sent).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from licensing.clock import today as local_today
from licensing.models import Licence, Municipality, Person, Role
from licensing.rules.dates import add_years
from licensing.services.licences import licence_assign_manager
from licensing.services.register import person_create

from . import services
from .models import (
    Attendance,
    AttendanceMark,
    Participant,
    Registration,
    RegistrationStatus,
    SeminarSession,
)
from .selectors import seminar_compliance_for

BODO, SALTDAL = "972418013", "964983194"
NAMESPACE = uuid.UUID("6d0f3c1e-8a5e-4c53-9d0b-5a1f2b7c9e11")
DAY = dt.timedelta(days=1)
NEW_DEPUTY = "Sunniva Nyansatt"


def _public_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"session:{key}")


def _token(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"registration:{key}")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# Saltdal writes Nynorsk (its written standard in the demo): its sessions are held and
# described in Nynorsk.
NYNORSK = {
    "language": "nn",
    "kind": "Ansvarleg vertskap",
    "description": (
        "Kurs i alkohollova og ansvarleg skjenking for styrarar, stadfortredarar og "
        "tilsette. Ta med legitimasjon. Oppmøte blir registrert ved inngangen."
    ),
}


class Seeder:
    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.today = local_today()
        self.created: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    # Sessions ------------------------------------------------------------------------------

    def session(self, key: str, municipality: Municipality, *, days: int, open_to=(), **fields):
        """The session ``key`` (None if it already existed: the caller then adds nothing)."""
        if SeminarSession.objects.filter(public_id=_public_id(key)).exists():
            return None
        day = self.today + dt.timedelta(days=days)
        values = {
            "title": "Ansvarlig vertskap",
            "kind": "Ansvarlig vertskap",
            "starts_at": _at(day, 9),
            "ends_at": _at(day, 12, 30),
            "registration_deadline": _at(day - 7 * DAY, 23, 59),
            "place": "",
            "online_url": "",
            "capacity": 30,
            "language": "nb",
            "description": (
                "Kurs i alkoholloven og ansvarlig skjenking for styrere, stedfortredere og "
                "ansatte. Ta med legitimasjon. Oppmøte registreres ved inngangen."
            ),
        }
        values.update(fields)
        session = services.session_create(
            municipality=municipality, open_to=open_to, actor=None, **values
        )
        session.public_id = _public_id(key)
        session.save(update_fields=["public_id"])
        self.count("sessions")
        return session

    def registration(
        self,
        session: SeminarSession,
        key: str,
        *,
        licence: Licence | None = None,
        venue: str = "",
        org_number: str = "",
        people: list[tuple[str, str]],
        status: str = RegistrationStatus.CONFIRMED,
        days_before: int = 20,
        language: str = "",
    ) -> Registration:
        # Never in the future: a registration made today must queue behind the demo's.
        created_at = min(session.starts_at, timezone.now()) - dt.timedelta(days=days_before)
        registration = Registration.objects.create(
            session=session,
            token=_token(key),
            org_number=licence.holder.org_number if licence else org_number,
            venue_name=venue
            or (licence.premises.name if licence and licence.premises else licence.holder.name),
            licence_number=licence.number if licence else "",
            licence=licence,
            contact_email=f"post+{key}@demo.example",
            language=language or session.municipality.language,
            consent_at=created_at,
            status=status,
            created_at=created_at,
        )
        for name, role in people:
            Participant.objects.create(registration=registration, name=name, role=role)
        self.count("registrations")
        return registration

    # Licences ------------------------------------------------------------------------------

    @staticmethod
    def seminar_licences(municipality: Municipality) -> list[Licence]:
        return list(
            Licence.objects.filter(
                municipality=municipality, seminar_required=True, status="active"
            )
            .select_related("holder", "premises")
            .order_by("number")
        )

    def people(self, licence: Licence) -> list[tuple[str, str]]:
        held = licence.assignments.filter(ended_on__isnull=True).select_related("person")
        return [(a.person.name, a.role) for a in held.order_by("-role")]

    def check_in(self, registration: Registration, *, no_show: tuple[str, ...] = ()) -> None:
        """Match the participants who are register persons, and mark attendance."""
        allowed = {
            registration.session.municipality_id,
            *registration.session.open_to.values_list("pk", flat=True),
        }
        for participant in registration.participants.all():
            person = Person.objects.filter(
                municipality_id__in=allowed, name=participant.name
            ).first()
            if person is not None and participant.role in (Role.MANAGER, Role.DEPUTY):
                services.participant_match(participant=participant, person=person, actor=None)
            mark = (
                AttendanceMark.NO_SHOW if participant.name in no_show else AttendanceMark.ATTENDED
            )
            services.participant_mark(
                participant=participant, mark=mark, actor=None, today=self.today
            )
            self.count("check-ins")

    # Run -----------------------------------------------------------------------------------

    def run(self) -> None:
        bodo = Municipality.objects.filter(org_number=BODO).first()
        saltdal = Municipality.objects.filter(org_number=SALTDAL).first()
        if bodo is None or saltdal is None:
            self.stdout.write(
                "  seminars: Bodø and Saltdal are missing (run licensing.demo first)."
            )
            return
        b = self.seminar_licences(bodo)
        s = self.seminar_licences(saltdal)

        past = self.session(
            "bodo-past", bodo, days=-45, title="Ansvarlig vertskap – høst",
            place="Bodø rådhus, bystyresalen, Kongens gate 1", capacity=30,
        )  # fmt: skip
        if past is not None:
            for n, licence in enumerate(b[:3]):
                people = [
                    *self.people(licence),
                    (f"Servitør {n + 1} {licence.holder.name}", "staff"),
                ]
                self.check_in(
                    self.registration(
                        past, f"bodo-past-{n}", licence=licence, people=people, days_before=30 - n
                    )
                )
            if len(b) > 3:
                absent = self.people(b[3])[:1]
                self.check_in(
                    self.registration(past, "bodo-past-3", licence=b[3], people=absent),
                    no_show=tuple(name for name, _role in absent),
                )

        saltdal_past = self.session(
            "saltdal-past", saltdal, days=-420, title="Ansvarleg vertskap – Saltdal",
            place="Saltdal kulturhus, Rognan", capacity=20, **NYNORSK,
        )  # fmt: skip
        if saltdal_past is not None:
            for n, licence in enumerate(s[:2]):
                self.check_in(
                    self.registration(
                        saltdal_past,
                        f"saltdal-past-{n}",
                        licence=licence,
                        people=self.people(licence),
                    )
                )

        due_licence = s[1] if len(s) > 1 else None
        if (
            due_licence is not None
            and not due_licence.assignments.filter(person__name=NEW_DEPUTY).exists()
        ):
            deputy = person_create(
                municipality=saltdal, name=NEW_DEPUTY, date_of_birth=dt.date(1994, 3, 8),
                email="sunniva@demo.example", knowledge_test_passed_on=self.today - 200 * DAY,
                actor=None,
            )  # fmt: skip
            # Deputy since 165 days ago: deadline role start + 6 months, in about 17 days.
            licence_assign_manager(
                licence=due_licence, person=deputy, role=Role.DEPUTY,
                started_on=self.today - 165 * DAY, actor=None,
            )  # fmt: skip
            self.count("new deputies")

        expired = next(
            (
                a
                for licence in b[4:]
                for a in licence.assignments.filter(ended_on__isnull=True, role=Role.MANAGER)
                if a.started_on <= self.today - 400 * DAY
            ),
            None,
        )
        if (
            expired
            and not Attendance.objects.filter(
                person=expired.person, participant__isnull=True
            ).exists()
        ):
            # Attended (recorded before the system) four years and two months ago: expired.
            Attendance.objects.create(
                person=expired.person, attended_on=add_years(self.today, -4) - 60 * DAY,
                seminar_title="Ansvarlig vertskap",
            )  # fmt: skip
            self.count("attendances")

        regional = self.session(
            "regional", bodo, days=20, title="Ansvarlig vertskap – regionalt kurs",
            place="Bodø rådhus, bystyresalen, Kongens gate 1", capacity=25, open_to=[saltdal],
            description=(
                "Regionalt kurs for skjenkesteder og butikker i Bodø og Saltdal. Kurset gir "
                "oppmøte som teller for bevillingsvilkåret, uansett kommune."
            ),
        )  # fmt: skip
        if regional is not None:
            for n, licence in enumerate(b[3:7]):
                self.registration(
                    regional,
                    f"regional-b{n}",
                    licence=licence,
                    people=self.people(licence),
                    days_before=15 - n,
                )
            if due_licence is not None:
                self.registration(
                    regional,
                    "regional-s",
                    licence=due_licence,
                    people=self.people(due_licence),
                    days_before=9,
                )
            self.registration(
                regional, "regional-new", venue="Nyåpnet Bistro", org_number="974760673",
                people=[("Ola Nyetablert", "holder"), ("Kari Kokk", "staff")], days_before=8,
            )  # fmt: skip

        small = self.session(
            "saltdal-small", saltdal, days=40, title="Ansvarleg vertskap – kveldskurs",
            place="Rognan samfunnshus", capacity=6, **NYNORSK,
            starts_at=_at(self.today + 40 * DAY, 18), ends_at=_at(self.today + 40 * DAY, 21),
        )  # fmt: skip
        if small is not None:
            plan = [
                ("a", 3, RegistrationStatus.CONFIRMED),
                ("b", 2, RegistrationStatus.CONFIRMED),
                ("c", 2, RegistrationStatus.WAITLISTED),  # one seat left: does not fit
                ("d", 1, RegistrationStatus.CONFIRMED),
                ("e", 1, RegistrationStatus.WAITLISTED),  # full
            ]
            for n, (key, size, status) in enumerate(plan):
                self.registration(
                    small, f"small-{key}", venue=f"Kafé Rognan {key.upper()}", org_number="974760673",
                    people=[(f"Deltaker {key.upper()}{i + 1}", "staff") for i in range(size)],
                    status=status, days_before=20 - n,
                )  # fmt: skip

        self.session(
            "online-en", bodo, days=60, title="Responsible serving (in English)",
            kind="Ansvarlig vertskap", online_url="https://meet.example/ansvarlig-vertskap",
            language="en", capacity=40,
            description="The responsible-serving seminar in English, online. Camera on for check-in.",
        )  # fmt: skip

        summary = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing new"
        self.stdout.write(f"  seminars: {summary}.")
        states: dict[str, int] = {}
        followed = Licence.objects.filter(
            municipality__in=[bodo, saltdal], status__in=("active", "suspended")
        )
        for result in seminar_compliance_for(followed, self.today).values():
            states[result.status] = states.get(result.status, 0) + 1
        self.stdout.write(
            "  seminar condition: " + ", ".join(f"{states.get(k, 0)} {k}" for k in (
                "not_required", "compliant", "pending", "due", "overdue"
            ))
        )  # fmt: skip


def seed(stdout, style) -> None:
    Seeder(stdout, style).run()
