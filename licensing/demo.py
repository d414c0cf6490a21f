"""Demo data for the register: two small municipalities sharing the installation.

``seed(stdout, style)`` is idempotent: every record is looked up by its natural key
(municipality by organisation number, holder by municipality and organisation number,
premises and persons by municipality and name, licences by municipality and number,
applications by municipality, holder and kind, hearings by application and body) and
created only when missing, so a second run writes nothing, not even history rows.

Dates are relative to ``licensing.clock.today()`` so the demo stays fresh: licences of the
current licence period (alkoholloven § 1-6), some expiring within 90 days, expired ones of
the previous period, single occasions last month and next month, hearings on time, answered
and late. Licence numbers carry the year the current period started, so they stay stable
for the whole period. Records are written through the services (full validation); the
applications, hearings and decisions through the models after ``full_clean()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from licensing.clock import today
from licensing.demo_accounts import password_note, set_demo_password
from licensing.models import (
    KINDS_WITH_MANAGER,
    Application,
    CommentRequest,
    Decision,
    Delegation,
    Hearing,
    HearingBodyContact,
    Holder,
    Licence,
    Municipality,
    Person,
    Premises,
)
from licensing.rules.dates import add_years, licence_period_end, licence_period_start
from licensing.rules.deadlines import appeal_period_end
from licensing.services.delegation import application_matters, body_fields
from licensing.services.licences import licence_assign_manager, licence_create, licence_set_status
from licensing.services.register import holder_create, person_create, premises_create
from licensing.validators import ORG_NUMBER_WEIGHTS

APPEAL_BODY = "Statsforvalteren i Nordland"
#: The same body as a Nynorsk municipality writes its name (Statsforvaltaren).
APPEAL_BODY_NN = "Statsforvaltaren i Nordland"
DAY = dt.timedelta(days=1)

MUNICIPALITIES = {
    "972418013": {
        "name": "Bodø kommune",
        "address_line": "Postboks 319",
        "postal_code": "8001",
        "postal_place": "Bodø",
        "email": "postmottak@bodo.kommune.no",
        "phone": "75 55 50 00",
        "website": "https://bodo.kommune.no",
        "appeal_body": APPEAL_BODY,
        # Bodø publishes its decided points and suspensions in the public register.
        "publish_sanctions": True,
        # Bodø reminds its licence holders of seminar deadlines (off by default).
        "remind_seminar_holders": True,
    },
    "964983194": {
        "name": "Saltdal kommune",
        "address_line": "Postboks 33",
        "postal_code": "8251",
        "postal_place": "Rognan",
        "email": "postmottak@saltdal.kommune.no",
        "phone": "75 68 20 00",
        "website": "https://www.saltdal.kommune.no",
        "appeal_body": APPEAL_BODY_NN,
        # The demo's Nynorsk municipality: letters, e-mails and its seminar pages default
        # to Nynorsk (written standard, målform).
        "written_standard": "nn",
        # Local policy (alkoholloven §§ 3-7, 4-4): shorter serving, longer sales hours.
        "serving_group12_until": dt.time(0, 30),
        "serving_group3_until": dt.time(0, 30),
        "sales_weekday_until": dt.time(20, 0),
        "sales_saturday_until": dt.time(18, 0),
    },
}
BODO, SALTDAL = "972418013", "964983194"
# Where the demo municipalities send hearings and their reminders (Django admin).
HEARING_CONTACTS = {
    BODO: (
        ("police", "Bodø politistasjon", "politiet.bodo@demo.example"),
        ("social_services", "NAV Bodø", "nav.bodo@demo.example"),
    ),
    SALTDAL: (
        ("police", "Saltdal lensmannskontor", "politiet.saltdal@demo.example"),
        ("social_services", "NAV Saltdal", "nav.saltdal@demo.example"),
    ),
}

#: Each municipality's delegation (delegeringsreglement), in force from DELEGATION_FROM:
#: matter -> (body kind, body name, reference). Bodø keeps new licences, renewals,
#: transfers, refusals and suspensions for the executive committee (formannskapet) and
#: delegates the rest to the chief executive; Saltdal delegates the applications further
#: to an officer and keeps suspensions for the council.
DELEGATION_FROM = dt.date(2020, 1, 1)
_BODO_COMMITTEE = ("committee", "formannskapet", "delegeringsreglementet pkt. 2.3")
_BODO_CHIEF = ("chief_executive", "", "delegeringsreglementet pkt. 4.2")
_SALTDAL_OFFICER = (
    "officer",
    "enhetsleder for service og kultur",
    "delegeringsreglementet pkt. 5.1, jf. kommunedirektørens videredelegering pkt. 3",
)
DELEGATIONS = {
    BODO: {
        "new": _BODO_COMMITTEE,
        "renewal": _BODO_COMMITTEE,
        "transfer": _BODO_COMMITTEE,
        "refusal": _BODO_COMMITTEE,
        "suspension": _BODO_COMMITTEE,
        "manager_change": _BODO_CHIEF,
        "single_occasion": _BODO_CHIEF,
        "catering": _BODO_CHIEF,
        "points": _BODO_CHIEF,
        "fee_estimate": _BODO_CHIEF,
    },
    SALTDAL: {
        "new": _SALTDAL_OFFICER,
        "renewal": _SALTDAL_OFFICER,
        "transfer": _SALTDAL_OFFICER,
        "manager_change": _SALTDAL_OFFICER,
        "single_occasion": _SALTDAL_OFFICER,
        "catering": _SALTDAL_OFFICER,
        "refusal": ("committee", "formannskapet", "delegeringsreglementet pkt. 2.1"),
        "points": _SALTDAL_OFFICER,
        "fee_estimate": _SALTDAL_OFFICER,
        "suspension": ("council", "", ""),
    },
}

# (name, address, postal code, postal place) per municipality; the premises share the name
# without the company suffix.
HOLDERS = {
    BODO: [
        ("Bryggerikaia Restaurant AS", "Sjøgata 1", "8006", "Bodø"),
        ("Nordlys Bar AS", "Storgata 12", "8006", "Bodø"),
        ("Kafé Kjelen AS", "Dronningens gate 26", "8006", "Bodø"),
        ("Hundholmen Mat og Vin AS", "Tollbugata 5", "8006", "Bodø"),
        ("Rorbua Pub AS", "Sjøgata 21", "8006", "Bodø"),
        ("Sjøgata Bistro AS", "Sjøgata 15", "8006", "Bodø"),
        ("Fjæra Restaurant AS", "Havnegata 3", "8006", "Bodø"),
        ("Saltstraumen Brygge AS", "Knaplundsøya 1", "8056", "Saltstraumen"),
        ("Bodøsjøen Camping AS", "Kvernhusveien 1", "8013", "Bodø"),
        ("Stormen Kafé AS", "Storgata 1B", "8006", "Bodø"),
        ("Glasshuset Bar AS", "Storgata 8", "8006", "Bodø"),
        ("Tollboden Vertshus AS", "Tollbugata 13", "8006", "Bodø"),
        ("Moloen Pizza AS", "Moloveien 10", "8003", "Bodø"),
        ("Kaikanten Sushi AS", "Kaiveien 2", "8006", "Bodø"),
        ("Rønvik Kro AS", "Rønvikveien 40", "8010", "Bodø"),
        ("Kjerringøy Handelssted AS", "Kjerringøyveien 1502", "8093", "Kjerringøy"),
        ("Mørkved Dagligvare AS", "Mørkvedtråkket 2", "8028", "Bodø"),
        ("Løpsmark Nærkiosk AS", "Løpsmarkveien 50", "8009", "Bodø"),
        ("Hunstad Handel AS", "Hunstadmoen 7", "8012", "Bodø"),
        ("Bodø Sentrum Matsenter AS", "Jernbaneveien 7", "8006", "Bodø"),
        ("Jektefart Pub AS", "Sjøgata 9", "8006", "Bodø"),
        ("Nordlandsbadet Kafé AS", "Hålogalandsgata 78", "8011", "Bodø"),
        ("Aspmyra Sportsbar AS", "Plassmyrveien 2", "8008", "Bodø"),
        ("Skagen Hotell Drift AS", "Nyholmsgata 11", "8006", "Bodø"),
        ("Festivalen i Bodø AS", "Kongens gate 4", "8006", "Bodø"),
        ("Fest og Selskap Catering AS", "Industriveien 18", "8008", "Bodø"),
        ("Nord Catering AS", "Olav V gate 71", "8004", "Bodø"),
        ("Polarsirkelen Vinbar AS", "Professor Schyttes gate 3", "8006", "Bodø"),
        ("Havnepiren Tapas AS", "Havnepiren 4", "8006", "Bodø"),
    ],
    SALTDAL: [
        ("Rognan Kro AS", "Fjordgata 10", "8250", "Rognan"),
        ("Saltdal Turistsenter AS", "Saltdalsveien 3201", "8255", "Røkland"),
        ("Junkerdal Fjellstue AS", "Junkerdalsveien 112", "8255", "Røkland"),
        ("Rognan Dagligvare AS", "Storgata 22", "8250", "Rognan"),
        ("Saltdal Handel AS", "Sandbakkveien 4", "8250", "Rognan"),
        ("Kafé Fjorden AS", "Fjordgata 2", "8250", "Rognan"),
        ("Rognan Hotell Drift AS", "Fjordgata 1", "8250", "Rognan"),
        ("Pothus Kafé AS", "Pothusveien 8", "8255", "Røkland"),
        ("Saltdal Catering AS", "Industriveien 3", "8250", "Rognan"),
        ("Rognandagan Festival AS", "Fjordgata 14", "8250", "Rognan"),
        ("Nordnorsk Vinstue AS", "Storgata 5", "8250", "Rognan"),
        ("Rusånes Camping AS", "Rusånesveien 30", "8250", "Rognan"),
    ],
}

FIRST_NAMES = (
    "Kari", "Ola", "Ingrid", "Lars", "Marte", "Jonas", "Silje", "Henrik", "Nora", "Eirik",
    "Hanne", "Magnus", "Ida", "Sindre", "Tone", "Anders", "Camilla", "Øyvind", "Line",
    "Kristian", "Mari", "Thomas", "Hilde", "Espen", "Randi", "Bjørn", "Astrid", "Knut", "Liv",
    "Trond", "Heidi", "Geir", "Elin", "Stian", "Solveig", "Arne", "Berit",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Jakobsen", "Strand", "Bakken", "Solberg", "Nordvik", "Mikalsen", "Amundsen", "Moen",
    "Eliassen", "Kristoffersen", "Sørensen", "Edvardsen", "Jørgensen", "Rasmussen", "Bendiksen",
)  # fmt: skip


@dataclass(frozen=True)
class LicenceSpec:
    """One demo licence. ``period``: ``current`` (this licence period), ``previous`` (the one
    before, now expired), ``event_past`` / ``event_future`` (single occasions)."""

    holder: int
    kind: str
    groups: tuple[int, ...] = (1, 2)
    status: str = "active"
    seminar: bool = False
    period: str = "current"
    expiring: bool = False
    manager_changed: bool = False
    deputy: bool = True
    premises: str = ""  # defaults to the holder's venue
    granted_days_ago: int = 400
    hours: dict = field(default_factory=dict)
    conditions: str = ""


S, SP, SV = "sales", "serving_part_year", "serving"
SO, CA = "serving_single_occasion", "serving_catering"
LICENCES = {
    BODO: [
        LicenceSpec(0, SV, (1, 2, 3), seminar=True, granted_days_ago=780,
                    conditions="Uteservering til kl. 23.00."),
        LicenceSpec(0, SP, (1, 2), expiring=True, premises="Bryggerikaia uteservering",
                    granted_days_ago=150),
        LicenceSpec(1, SV, (1, 2, 3), manager_changed=True, granted_days_ago=760,
                    hours={"group12_from": dt.time(8), "group12_until": dt.time(2, 30),
                           "group3_from": dt.time(13), "group3_until": dt.time(2, 30)}),
        LicenceSpec(2, SV, (1, 2), seminar=True, hours={"group12_from": dt.time(10),
                                                        "group12_until": dt.time(23)}),
        LicenceSpec(3, SV, (1, 2, 3), status="suspended", granted_days_ago=700),
        LicenceSpec(4, SV, (1, 2), manager_changed=True, granted_days_ago=720),
        LicenceSpec(5, SV, (1, 2, 3), expiring=True, seminar=True, granted_days_ago=300),
        LicenceSpec(6, SV, (1, 2), status="revoked", granted_days_ago=690),
        LicenceSpec(7, SP, (1, 2), granted_days_ago=200),
        LicenceSpec(8, S, (1,), granted_days_ago=650),
        LicenceSpec(8, SP, (1, 2), premises="Bodøsjøen Camping kafé", granted_days_ago=180),
        LicenceSpec(9, SV, (1, 2), seminar=True, granted_days_ago=500),
        LicenceSpec(10, SV, (1, 2, 3), seminar=True, manager_changed=True, granted_days_ago=740),
        LicenceSpec(11, SV, (1, 2, 3), status="ceased", granted_days_ago=770),
        LicenceSpec(12, SV, (1, 2), deputy=False, granted_days_ago=420),
        LicenceSpec(13, SV, (1, 2), expiring=True, seminar=True, granted_days_ago=90),
        LicenceSpec(14, SV, (1, 2, 3), status="expired", period="previous"),
        LicenceSpec(15, S, (1,), granted_days_ago=760),
        LicenceSpec(16, S, (1,), seminar=True, granted_days_ago=610),
        LicenceSpec(17, S, (1,), status="suspended", granted_days_ago=560),
        LicenceSpec(18, S, (1,), deputy=False, granted_days_ago=540),
        LicenceSpec(19, S, (1,), expiring=True, granted_days_ago=120),
        LicenceSpec(20, SV, (1, 2, 3), seminar=True, granted_days_ago=60),
        LicenceSpec(20, SV, (1, 2), status="expired", period="previous",
                    premises="Jektefart Pub (gamle lokaler)"),
        LicenceSpec(21, SV, (1,), granted_days_ago=450),
        LicenceSpec(22, SV, (1, 2), seminar=True, manager_changed=True, granted_days_ago=730),
        LicenceSpec(23, SV, (1, 2, 3), seminar=True, granted_days_ago=775),
        LicenceSpec(23, CA, (1, 2, 3), premises="", granted_days_ago=500),
        LicenceSpec(24, SO, (1, 2), status="expired", period="event_past",
                    premises="Festivalområdet Stormen"),
        LicenceSpec(24, SO, (1, 2, 3), period="event_future", premises="Festivalområdet Stormen"),
        LicenceSpec(25, CA, (1, 2, 3), premises="", granted_days_ago=480),
        LicenceSpec(26, CA, (1, 2), premises="", granted_days_ago=330),
        LicenceSpec(27, SV, (1, 2), status="expired", period="previous"),
        LicenceSpec(2, S, (1,), status="ceased", premises="Kafé Kjelen butikk",
                    granted_days_ago=600),
        LicenceSpec(9, SP, (1, 2), premises="Stormen sommerscene", granted_days_ago=160,
                    expiring=True),
        LicenceSpec(21, SO, (1, 2), period="event_future", premises="Nordlandsbadet"),
        LicenceSpec(6, SV, (1, 2, 3), status="expired", period="previous",
                    premises="Fjæra Restaurant (gamle lokaler)"),
        LicenceSpec(12, S, (1,), status="revoked", premises="Moloen Kiosk",
                    granted_days_ago=640),
        LicenceSpec(1, SO, (1, 2, 3), status="expired", period="event_past",
                    premises="Nordlys Bar bakgården"),
        LicenceSpec(15, SV, (1, 2), seminar=True, premises="Kjerringøy Handelssted kafé",
                    granted_days_ago=520),
        LicenceSpec(3, SP, (1, 2), expiring=True, premises="Hundholmen takterrasse",
                    granted_days_ago=130),
        LicenceSpec(19, S, (1,), status="expired", period="previous",
                    premises="Bodø Sentrum Matsenter (gamle lokaler)"),
    ],
    SALTDAL: [
        LicenceSpec(0, SV, (1, 2, 3), seminar=True, granted_days_ago=770),
        LicenceSpec(1, SV, (1, 2), granted_days_ago=700),
        LicenceSpec(1, S, (1,), premises="Saltdal Turistsenter butikk", granted_days_ago=690),
        LicenceSpec(2, SP, (1, 2, 3), expiring=True, granted_days_ago=170),
        LicenceSpec(3, S, (1,), seminar=True, manager_changed=True, granted_days_ago=750),
        LicenceSpec(4, S, (1,), status="ceased", granted_days_ago=720),
        LicenceSpec(5, SV, (1, 2), deputy=False, granted_days_ago=380),
        LicenceSpec(6, SV, (1, 2, 3), seminar=True, granted_days_ago=765),
        LicenceSpec(6, CA, (1, 2, 3), premises="", granted_days_ago=400),
        LicenceSpec(7, SV, (1,), status="expired", period="previous"),
        LicenceSpec(8, CA, (1, 2), premises="", granted_days_ago=300),
        LicenceSpec(9, SO, (1, 2), status="expired", period="event_past",
                    premises="Rognan sentrum"),
        LicenceSpec(9, SO, (1, 2, 3), period="event_future", premises="Rognan sentrum"),
        LicenceSpec(10, SV, (1, 2), status="suspended", seminar=True, granted_days_ago=600),
        LicenceSpec(11, SV, (1, 2), status="revoked", granted_days_ago=650),
        LicenceSpec(5, SP, (1, 2), expiring=True, premises="Kafé Fjorden brygge",
                    granted_days_ago=140),
        LicenceSpec(4, S, (1,), status="expired", period="previous",
                    premises="Saltdal Handel Storjord"),
        LicenceSpec(1, CA, (1, 2), premises="", granted_days_ago=250),
    ],
}  # fmt: skip

STATUS_REASONS = {
    "suspended": "Inndragning etter prikktildeling (alkoholforskriften § 10-6); lengden står i "
    "inndragningsvedtaket.",
    "revoked": "Bevillingen er inndratt for resten av perioden etter gjentatte brudd "
    "(alkoholloven § 1-8).",
    "ceased": "Bevillingshaveren har meldt at virksomheten er nedlagt.",
    "expired": "Bevillingsperioden er utløpt.",
}


# Helpers ------------------------------------------------------------------------------------


def org_number(n: int) -> str:
    """A valid organisation number (MOD11) derived from n."""
    base = 998_000_00 + n * 37
    while True:
        digits = f"{base:08d}"
        total = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return digits + str(check)
        base += 1


def venue_name(holder_name: str) -> str:
    return holder_name.removesuffix(" AS").removesuffix(" Drift")


class Seeder:
    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.today = today()
        self.period_start = licence_period_start(self.today)
        self.period_end = licence_period_end(self.today)
        self.previous_start = licence_period_start(self.period_start - DAY)
        self.created: dict[str, int] = {}

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    # Municipalities and accounts ---------------------------------------------------------

    def municipalities(self) -> dict[str, Municipality]:
        result = {}
        for number, data in MUNICIPALITIES.items():
            municipality = Municipality.objects.filter(org_number=number).first()
            if municipality is None:
                municipality = Municipality(org_number=number, **data)
                municipality.full_clean()
                municipality.save()
                self.count("municipalities")
            result[number] = municipality
            for body, name, email in HEARING_CONTACTS[number]:
                _contact, created = HearingBodyContact.objects.get_or_create(
                    municipality=municipality, body=body, defaults={"name": name, "email": email}
                )
                if created:
                    self.count("hearing body contacts")
        return result

    def accounts(self, municipalities: dict[str, Municipality]) -> list[tuple[str, str]]:
        user_model = get_user_model()
        accounts = [
            ("bodo", "Berit", "Bodøsaksbehandler", [BODO], False),
            ("saltdal", "Sander", "Saltdalsaksbehandler", [SALTDAL], False),
            ("saksbehandler", "Siri", "Saksbehandler", [BODO, SALTDAL], False),
            ("admin", "Anne", "Administrator", [], True),
        ]
        logins = []
        for username, first, last, numbers, superuser in accounts:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(
                    username=username, first_name=first, last_name=last,
                    email=f"{username}@demo.example", is_superuser=superuser, is_staff=superuser,
                )  # fmt: skip
                set_demo_password(user)
                user.save()
                self.count("accounts")
            for number in numbers:
                municipalities[number].officers.add(user)
            where = ", ".join(municipalities[n].name for n in numbers) or "administrator"
            logins.append((username, where))
        return logins

    def delegations(self, municipality: Municipality) -> None:
        for matter, (kind, name, reference) in DELEGATIONS[municipality.org_number].items():
            if Delegation.objects.filter(municipality=municipality, matter=matter).exists():
                continue
            delegation = Delegation(
                municipality=municipality, matter=matter, body_kind=kind, body_name=name,
                reference=reference, valid_from=DELEGATION_FROM,
            )  # fmt: skip
            delegation.full_clean()
            delegation.save()
            self.count("delegations")

    # Register ----------------------------------------------------------------------------

    def holder(self, municipality: Municipality, index: int, offset: int) -> Holder:
        name, address, postal_code, place = HOLDERS[municipality.org_number][index]
        number = org_number(offset + index)
        holder = Holder.objects.filter(municipality=municipality, org_number=number).first()
        if holder is None:
            slug = venue_name(name).lower().replace(" ", "").replace("ø", "o").replace("å", "a")
            slug = slug.replace("æ", "ae").replace("é", "e")
            holder = holder_create(
                municipality=municipality, org_number=number, name=name, address_line=address,
                postal_code=postal_code, postal_place=place, email=f"post@{slug}.example",
                phone=f"75 {50 + index % 40:02d} {10 + index:02d} {20 + index:02d}",
                contact_name=self.person_name(offset * 3 + index + 500), actor=None,
            )  # fmt: skip
            self.count("holders")
        return holder

    def premises(self, municipality: Municipality, name: str, holder_index: int) -> Premises:
        premises = Premises.objects.filter(municipality=municipality, name=name).first()
        if premises is None:
            _, address, postal_code, place = HOLDERS[municipality.org_number][holder_index]
            premises = premises_create(
                municipality=municipality, name=name, address_line=address,
                postal_code=postal_code, postal_place=place, actor=None,
            )  # fmt: skip
            self.count("premises")
        return premises

    @staticmethod
    def person_name(n: int) -> str:
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 7 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
        return f"{first} {last}"

    def person(
        self, municipality: Municipality, name: str, n: int, *,
        born: dt.date | None = None, test_on: dt.date | None | bool = True,
    ) -> Person:  # fmt: skip
        person = Person.objects.filter(municipality=municipality, name=name).first()
        if person is None:
            if born is None:
                born = dt.date(1962 + (n * 5) % 33, 1 + n % 12, 1 + (n * 11) % 28)
            if test_on is True:
                # Well before any grant of the demo (the previous period started 4 years ago).
                test_on = self.previous_start - dt.timedelta(days=120 + (n * 53) % 1500)
                test_on = max(test_on, add_years(born, 18) + dt.timedelta(days=45))
            slug = name.lower().replace(" ", ".").replace("ø", "o").replace("å", "a")
            person = person_create(
                municipality=municipality, name=name, date_of_birth=born,
                email=f"{slug.replace('æ', 'ae')}@demo.example", phone=f"9{n % 10}{n:06d}"[:8],
                knowledge_test_passed_on=test_on or None, actor=None,
            )  # fmt: skip
            self.count("persons")
        return person

    def unqualified_persons(self, municipality: Municipality, offset: int) -> None:
        """People the register knows who cannot be manager or deputy (yet), to show why."""
        self.person(municipality, f"Emma Ung {municipality.postal_place}", offset + 900,
                    born=add_years(self.today, -20) + dt.timedelta(days=30))  # fmt: skip
        self.person(municipality, f"Jonas Ung {municipality.postal_place}", offset + 901,
                    born=add_years(self.today, -18) - dt.timedelta(days=40), test_on=False)  # fmt: skip
        self.person(municipality, f"Per Uten Prøve {municipality.postal_place}", offset + 902,
                    test_on=False)  # fmt: skip

    # Licences ----------------------------------------------------------------------------

    def dates(self, spec: LicenceSpec, index: int) -> tuple[dt.date, dt.date, dt.date]:
        """(granted_on, valid_from, valid_to) for the spec, relative to today."""
        t = self.today
        if spec.period == "previous":
            granted = self.previous_start - dt.timedelta(days=15 + index % 10)
            return granted, self.previous_start, self.period_start - DAY
        if spec.period == "event_past":
            event = t - dt.timedelta(days=35 + index % 5)
            return event - dt.timedelta(days=21), event, event
        if spec.period == "event_future":
            event = t + dt.timedelta(days=25 + index % 5)
            return t - dt.timedelta(days=7), event, event
        granted = max(t - dt.timedelta(days=spec.granted_days_ago), self.period_start - 15 * DAY)
        valid_from = max(granted, self.period_start)
        valid_to = self.period_end
        if spec.expiring:
            valid_to = min(t + dt.timedelta(days=20 + (index * 9) % 60), self.period_end)
        if spec.kind == SP and not spec.expiring:
            valid_to = min(valid_from + dt.timedelta(days=150), self.period_end)
            if valid_to < t:  # a past season: the current one instead
                valid_from, valid_to = t - 30 * DAY, min(t + 120 * DAY, self.period_end)
                granted = min(granted, valid_from)
        return granted, valid_from, valid_to

    def licence(self, municipality: Municipality, spec: LicenceSpec, index: int, offset: int):
        number = f"{self.period_start.year}-{index + 1:03d}"
        if spec.period == "previous":
            number = f"{self.previous_start.year}-{index + 1:03d}"
        existing = Licence.objects.filter(municipality=municipality, number=number).first()
        if existing is not None:
            return existing
        holder = self.holder(municipality, spec.holder, offset)
        premises_name = spec.premises if spec.premises or spec.kind == CA else ""
        premises = self.premises(
            municipality, premises_name or venue_name(holder.name), spec.holder
        ) if spec.kind != CA else None  # fmt: skip
        granted, valid_from, valid_to = self.dates(spec, index)
        manager = deputy = None
        if spec.kind in KINDS_WITH_MANAGER:
            n = offset * 4 + index * 3
            manager = self.person(municipality, self.person_name(n), n)
            if spec.deputy:
                deputy = self.person(municipality, self.person_name(n + 1), n + 1)
        licence = licence_create(
            municipality=municipality, holder=holder, premises=premises, kind=spec.kind,
            groups=spec.groups, granted_on=granted, valid_from=valid_from, valid_to=valid_to,
            seminar_required=spec.seminar and spec.kind in KINDS_WITH_MANAGER,
            conditions=spec.conditions, number=number, manager=manager, deputy=deputy,
            actor=None, **spec.hours,
        )  # fmt: skip
        self.count("licences")
        if spec.manager_changed:
            n = offset * 4 + index * 3 + 2
            successor = self.person(municipality, self.person_name(n), n)
            licence_assign_manager(
                licence=licence, person=successor, role="manager",
                started_on=max(granted + 120 * DAY, self.today - 100 * DAY), actor=None,
            )  # fmt: skip
        if spec.status != "active":
            if spec.status == "expired":
                on = valid_to + DAY
            else:
                on = max(granted, min(self.today - 10 * DAY, valid_to))
            licence_set_status(licence=licence, status=spec.status, on=on,
                               reason=STATUS_REASONS[spec.status], actor=None)  # fmt: skip
        return licence

    # Applications, hearings, decisions ---------------------------------------------------

    def application(self, municipality, holder, kind, **data) -> Application:
        application = Application.objects.filter(
            municipality=municipality, holder=holder, kind=kind
        ).first()
        if application is not None:
            return application
        hearings = data.pop("hearings", [])
        decision = data.pop("decision", None)
        comments = data.pop("comments", {})
        received_on = data["received_on"]
        count = Application.objects.filter(
            municipality=municipality, received_on__year=received_on.year
        ).count()
        application = Application(
            municipality=municipality, holder=holder, kind=kind,
            reference=f"{received_on.year % 100:02d}/{(101 if municipality.org_number == BODO else 501) + count}",
            **data,
        )  # fmt: skip
        application.full_clean()
        application.save()
        self.count("applications")
        for body, sent_days_ago, deadline_in, replied_days_ago, gist in hearings:
            sent = self.today - dt.timedelta(days=sent_days_ago)
            hearing = Hearing(
                application=application, body=body, sent_on=sent,
                deadline_on=self.today + dt.timedelta(days=deadline_in),
                replied_on=None if replied_days_ago is None else self.today - dt.timedelta(days=replied_days_ago),
                gist=gist,
            )  # fmt: skip
            hearing.full_clean()
            hearing.save()
            self.count("hearings")
            if body in comments:
                # The statement sent to the applicant for comment (fvl. § 17 second
                # paragraph): sent, deadline, received (days ago) and the comment's gist.
                sent_ago, deadline_ago, received_ago, comment = comments[body]
                request = CommentRequest(
                    application=application, hearing=hearing,
                    sent_on=self.today - dt.timedelta(days=sent_ago),
                    deadline_on=self.today - dt.timedelta(days=deadline_ago),
                    received_on=None if received_ago is None else self.today - dt.timedelta(days=received_ago),
                    gist=comment,
                )  # fmt: skip
                request.full_clean()
                request.save()
                self.count("comments on statements")
        if decision is not None:
            decided_on = decision.pop("decided_on")
            # The case officer prepares the decision; another officer (or the committee,
            # in a meeting) decides it under the municipality's delegation.
            officer = municipality.officers.exclude(username="saksbehandler").first()
            decider = municipality.officers.filter(username="saksbehandler").first()
            body = body_fields(
                municipality.pk,
                application_matters(application, decision["outcome"]),
                decided_on,
                case_number=f"PS {20 + count}/{decided_on.year % 100:02d}",
            )
            record = Decision(
                municipality=municipality, application=application, kind=kind,
                decided_on=decided_on, appeal_deadline_on=appeal_period_end(decided_on),
                reference=f"{application.reference}-4", decided_by=decider or officer,
                case_officer=officer, **body, **decision,
            )  # fmt: skip
            record.full_clean()
            record.save()
            self.count("decisions")
        return application

    def applications(self, municipality: Municipality, licences: list[Licence], offset: int):
        t = self.today
        h = {
            i: self.holder(municipality, i, offset)
            for i in range(len(HOLDERS[municipality.org_number]))
        }
        persons = list(Person.objects.filter(municipality=municipality).order_by("pk")[:4])
        police_ok = "Politiet har ingen merknader til søknaden."
        social_ok = "Sosialtjenesten har ingen merknader."
        granted_reasons = (
            "Søker og styrer/stedfortreder oppfyller vandelskravet, og styrer og stedfortreder "
            "har bestått kunnskapsprøven. Politiet og sosialtjenesten har ingen merknader."
        )
        legal = "Alkoholloven §§ 1-7, 1-7a, 1-7b og 1-7c"
        if municipality.org_number == BODO:
            by_holder = {lic.holder_id: lic for lic in licences if lic.status == "active"}
            jektefart = by_holder[h[20].pk]
            festival = next(
                lic for lic in licences if lic.holder_id == h[24].pk and lic.status == "active"
            )
            sjogata = by_holder[h[5].pk]
            glasshuset = by_holder[h[10].pk]
            specs = [
                (
                    h[28],
                    "new",
                    {
                        "status": "received",
                        "received_on": t - 3 * DAY,
                        "licence_kind": SV,
                        "group_2": True,
                        "group_3": True,
                        "premises": self.premises(municipality, "Havnepiren Tapas", 28),
                        "proposed_manager": persons[0],
                        "proposed_deputy": persons[1],
                        "description": "Tapasrestaurant med 60 sitteplasser og uteservering.",
                    },
                ),
                (
                    h[5],
                    "renewal",
                    {
                        "status": "hearing",
                        "received_on": t - 14 * DAY,
                        "licence": sjogata,
                        "licence_kind": SV,
                        "group_2": True,
                        "group_3": True,
                        "premises": sjogata.premises,
                        "hearings": [
                            ("police", 10, 18, None, ""),
                            ("social_services", 10, 18, 2, social_ok),
                        ],
                    },
                ),
                (
                    h[10],
                    "manager_change",
                    {
                        "status": "hearing",
                        "received_on": t - 45 * DAY,
                        "licence": glasshuset,
                        "licence_kind": SV,
                        "group_2": True,
                        "group_3": True,
                        "proposed_manager": persons[2],
                        "hearings": [
                            ("police", 40, -12, None, ""),
                            ("social_services", 40, -12, 30, social_ok),
                        ],
                    },
                ),
                (
                    h[13],
                    "new",
                    {
                        "status": "assessment",
                        "received_on": t - 60 * DAY,
                        "licence_kind": SV,
                        "group_2": True,
                        "premises": self.premises(municipality, "Kaikanten Stormen", 13),
                        "proposed_manager": persons[3],
                        "hearings": [
                            ("police", 55, -27, 35, police_ok),
                            ("social_services", 55, -27, 40, social_ok),
                            ("tax", 55, -27, 33, "Ingen restanser på skatter og avgifter."),
                        ],
                    },
                ),
                (
                    h[20],
                    "new",
                    {
                        "status": "decided",
                        "received_on": t - 110 * DAY,
                        "licence_kind": SV,
                        "group_2": True,
                        "group_3": True,
                        "premises": jektefart.premises,
                        "hearings": [
                            ("police", 105, -77, 90, police_ok),
                            ("social_services", 105, -77, 85, social_ok),
                        ],
                        "decision": {
                            "outcome": "granted",
                            "decided_on": jektefart.granted_on,
                            "licence": jektefart,
                            "reasons": granted_reasons,
                            "legal_basis": legal,
                        },
                    },
                ),
                (
                    h[27],
                    "new",
                    {
                        "status": "decided",
                        "received_on": t - 90 * DAY,
                        "licence_kind": SV,
                        "group_2": True,
                        "premises": self.premises(municipality, "Polarsirkelen Vinbar", 27),
                        "hearings": [
                            (
                                "police",
                                85,
                                -57,
                                60,
                                "Politiet fraråder bevilling: gjentatte brudd på "
                                "skjenketidene i forrige periode.",
                            ),
                            ("social_services", 85, -57, 62, social_ok),
                        ],
                        "comments": {
                            "police": (
                                55,
                                41,
                                45,
                                "Søkeren bestrider ikke bruddene, men viser til at daglig "
                                "leder er byttet ut og at nye rutiner for stenging er innført.",
                            ),
                            # Sent too (every statement is); no comment came by the deadline.
                            "social_services": (55, 41, None, ""),
                        },
                        "decision": {
                            "outcome": "refused",
                            "decided_on": t - 20 * DAY,
                            "reasons": "Søkeren oppfyller ikke kravet til "
                            "uklanderlig vandel, jf. politiets uttalelse. Søkerens merknad om "
                            "ny daglig leder og nye rutiner er vurdert, men endrer ikke at "
                            "bruddene ble begått av det samme selskapet i forrige periode.",
                            "legal_basis": "Alkoholloven § 1-7b",
                        },
                    },
                ),
                (
                    h[24],
                    "single_occasion",
                    {
                        "status": "decided",
                        "received_on": t - 30 * DAY,
                        "licence_kind": SO,
                        "group_2": True,
                        "group_3": True,
                        "premises": festival.premises,
                        "requested_valid_from": festival.valid_from,
                        "requested_valid_to": festival.valid_to,
                        "decision": {
                            "outcome": "granted",
                            "decided_on": festival.granted_on,
                            "licence": festival,
                            "reasons": "Arrangementet er åpent og avgrenset.",
                            "legal_basis": "Alkoholloven § 1-6 fjerde ledd",
                        },
                    },
                ),
                (
                    h[25],
                    "catering",
                    {
                        "status": "withdrawn",
                        "received_on": t - 25 * DAY,
                        "licence_kind": CA,
                        "group_2": True,
                        "description": "Trukket: selskapet ble avlyst.",
                    },
                ),
            ]
        else:
            by_holder = {lic.holder_id: lic for lic in licences if lic.status == "active"}
            kro = by_holder[h[0].pk]
            dagligvare = by_holder[h[3].pk]
            specs = [
                (
                    h[11],
                    "new",
                    {
                        "status": "received",
                        "received_on": t - 5 * DAY,
                        "licence_kind": SV,
                        "group_2": True,
                        "premises": self.premises(municipality, "Rusånes Camping", 11),
                        "proposed_manager": persons[0],
                    },
                ),
                (
                    h[0],
                    "manager_change",
                    {
                        "status": "hearing",
                        "received_on": t - 35 * DAY,
                        "licence": kro,
                        "licence_kind": SV,
                        "group_2": True,
                        "group_3": True,
                        "proposed_deputy": persons[1],
                        "hearings": [
                            ("police", 30, 5, None, ""),
                            ("social_services", 30, -2, None, ""),
                        ],
                    },
                ),
                (
                    h[3],
                    "manager_change",
                    {
                        "status": "decided",
                        "received_on": t - 130 * DAY,
                        "licence": dagligvare,
                        "licence_kind": S,
                        "hearings": [
                            ("police", 125, -97, 110, police_ok),
                            ("social_services", 125, -97, 105, social_ok),
                        ],
                        "decision": {
                            "outcome": "granted",
                            "decided_on": t - 100 * DAY,
                            "licence": dagligvare,
                            "reasons": "Ny styrer er over 20 år og har bestått kunnskapsprøven.",
                            "legal_basis": "Alkoholloven § 1-7c",
                        },
                    },
                ),
                (
                    h[7],
                    "new",
                    {
                        "status": "assessment",
                        "received_on": t - 50 * DAY,
                        "licence_kind": SV,
                        "premises": self.premises(municipality, "Pothus Kafé", 7),
                        "proposed_manager": persons[2],
                        "proposed_deputy": persons[3],
                        "hearings": [
                            ("police", 45, -17, 20, police_ok),
                            ("social_services", 45, -17, 25, social_ok),
                        ],
                    },
                ),
            ]
        for holder, kind, data in specs:
            self.application(municipality, holder, kind, **data)

    # Run -----------------------------------------------------------------------------------

    def run(self) -> None:
        municipalities = self.municipalities()
        logins = self.accounts(municipalities)
        for offset, number in enumerate((BODO, SALTDAL)):
            municipality = municipalities[number]
            base = offset * 100
            self.delegations(municipality)
            for index in range(len(HOLDERS[number])):
                self.holder(municipality, index, base)
            licences = [
                self.licence(municipality, spec, index, base)
                for index, spec in enumerate(LICENCES[number])
            ]
            self.unqualified_persons(municipality, base)
            self.applications(municipality, licences, base)
        summary = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing new"
        self.stdout.write(f"  licensing: {summary}.")
        self.stdout.write(self.style.SUCCESS(f"  Demo logins ({password_note()}):"))
        for username, where in logins:
            self.stdout.write(f"    {username:<14} {where}")


@transaction.atomic
def seed(stdout, style) -> None:
    Seeder(stdout, style).run()


@transaction.atomic
def assign_cases(stdout, style) -> None:
    """Give the demo's unassigned cases a case officer (runs after every app's seeder, so
    point cases and suspensions are included): in each municipality, every other case to
    "saksbehandler" (officer of both), the rest to the municipality's own officer. Existing
    assignments stay (docs/adr/0185)."""
    from .models import Application, Case

    officers = {
        m.pk: [u for u in m.officers.order_by("username") if not u.is_superuser]
        for m in Municipality.objects.prefetch_related("officers")
    }
    assigned = 0
    for case in Case.objects.filter(assigned_to__isnull=True).order_by("pk"):
        candidates = officers.get(case.municipality_id) or []
        if not candidates:
            continue
        preferred = [u for u in candidates if u.username == "saksbehandler"]
        others = [u for u in candidates if u.username != "saksbehandler"] or preferred
        officer = (preferred or others)[0] if case.pk % 2 == 0 else others[0]
        case.assigned_to = officer
        case.save(update_fields=["assigned_to"])
        Application.objects.filter(case=case).update(case_officer=officer)
        assigned += 1
    # Applications registered with the archive's own number have no case: the officer is
    # on the application itself.
    for application in Application.objects.filter(
        case__isnull=True, case_officer__isnull=True
    ).order_by("pk"):
        candidates = officers.get(application.municipality_id) or []
        if candidates:
            pick = candidates[application.pk % len(candidates)]
            Application.objects.filter(pk=application.pk).update(case_officer=pick)
            assigned += 1
    stdout.write(f"  cases: {assigned} assigned to a case officer.")
