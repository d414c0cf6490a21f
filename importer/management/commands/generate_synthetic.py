"""Generate a large, reproducible synthetic register for benchmarks and load tests.

    python manage.py generate_synthetic [--licences 20000] [--seed 1] [--municipalities 1]
                                        [--date YYYY-MM-DD]

Builds, in one or more municipalities named "Syntetisk kommune": holders, premises,
persons, licences of every kind, managers and deputies, five years of inspections (three
per licence per year: 300,000 for 20,000 licences) with findings on a realistic fraction,
point decisions (mostly decided), the suspensions the rules engine says those points lead
to, seminar policies and attendances, and one fee year (the last completed calendar year:
expected and actual volumes, reported on time, late or missing, and payments; the rates of
that year from ``fees/data`` or, when there is no file for it, the nearest year's figures).

The same ``--seed`` and ``--date`` give the same data (``random.Random(seed)``; ``--date``
defaults to today). Register records, point decisions, suspensions and attendances get
audit history rows (``bulk_create_with_history``); inspections and findings, the bulk of
the rows, are inserted without history, in batches of 5,000.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from tqdm import tqdm

from fees import rules as fee_rules
from fees.models import FeePayment, FeeRateYear, FeeYear, SalesReport
from fees.selectors import policy_for_year
from inspections.models import (
    ControlCompany,
    Finding,
    Inspection,
    PointDecision,
    Suspension,
    ViolationType,
)
from licensing import bulk_writes, clock
from licensing.models import (
    Holder,
    Licence,
    ManagerAssignment,
    Municipality,
    Person,
    Premises,
)
from licensing.rules.dates import add_years, licence_period_end, licence_period_start
from licensing.rules.points import POINT_SYSTEM_KINDS, SuspensionFact, points_in_window
from licensing.rules.points import PointDecisionFact as DecisionFact
from licensing.validators import ORG_NUMBER_WEIGHTS
from seminars.models import Attendance, SeminarPolicy

BATCH_SIZE = 5000
CHANGE_REASON = "generate_synthetic"
YEARS_OF_INSPECTIONS = 5
INSPECTIONS_PER_YEAR = 3
FINDING_RATE = 0.08  # share of inspections with at least one finding

KIND_WEIGHTS = {
    "serving": 55,
    "sales": 20,
    "serving_part_year": 10,
    "serving_single_occasion": 10,
    "serving_catering": 5,
}
# Relative frequency of violations found (common ones first).
VIOLATION_WEIGHTS = {
    "hours_violation": 20,
    "intoxicated_on_premises": 18,
    "internal_control_deficient": 14,
    "sale_to_intoxicated": 12,
    "spirits_measure": 6,
    "no_alcohol_free_options": 5,
    "alcohol_taken_out": 5,
    "own_alcohol_consumed": 4,
    "licence_condition_breach": 4,
    "sale_to_minor": 4,
    "spirits_to_under_20": 3,
    "underage_server": 2,
    "manager_deputy_breach": 2,
    "duty_to_assist": 1,
}
FIRST_NAMES = [
    *("Kari", "Ola", "Ingrid", "Per", "Anne", "Lars", "Marit", "Jon", "Silje", "Anders"),
    *("Hilde", "Erik", "Nora", "Emil", "Sara", "Jonas", "Maja", "Henrik", "Ida", "Magnus"),
    *("Thea", "Kristian", "Ane", "Sindre", "Linn", "Øystein", "Åse", "Bjørn", "Tone", "Håkon"),
]
LAST_NAMES = [
    *("Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen"),
    *("Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen"),
    *("Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen"),
    *("Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen"),
]
STREETS = [
    *("Storgata", "Kirkegata", "Havnegata", "Sjøgata", "Dronningens gate", "Kongens gate"),
    *("Torvgata", "Parkveien", "Strandveien", "Jernbanegata"),
]
VENUE_WORDS = [
    *("Brygga", "Kroa", "Puben", "Kafé", "Bistro", "Restaurant", "Vinbar", "Kjeller"),
    *("Loftet", "Hjørnet", "Fyret", "Bryggeri"),
]


def org_number(rng: random.Random, used: set[str]) -> str:
    """A random, unused, valid organisation number (MOD11 check digit)."""
    while True:
        digits = f"{rng.randrange(80_000_000, 99_999_999):08d}"
        total = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=True))
        check = (11 - total % 11) % 11
        if check == 10:
            continue
        number = digits + str(check)
        if number not in used:
            used.add(number)
            return number


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


@dataclass
class Stats:
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, float] = field(default_factory=dict)


class Command(BaseCommand):
    help = "Generate a reproducible synthetic register (default 20,000 licences)."

    def add_arguments(self, parser):
        parser.add_argument("--licences", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--municipalities", type=int, default=1)
        parser.add_argument(
            "--date", help="The last day of the generated history (default: today)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        n = options["licences"]
        k = options["municipalities"]
        if n < 1 or k < 1 or k > n:
            raise CommandError(
                "--licences and --municipalities must be positive, with at "
                "least one licence per municipality."
            )
        try:
            end = dt.date.fromisoformat(options["date"]) if options["date"] else clock.today()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}.") from None
        self.rng = random.Random(options["seed"])
        self.end = end
        self.tz = timezone.get_default_timezone()
        self.stats = Stats()
        self.codes = {
            code: (pk, points)
            for code, pk, points in ViolationType.objects.values_list(
                "code", "pk", "standard_points"
            )
        }
        missing = set(VIOLATION_WEIGHTS) - set(self.codes)
        if missing:
            raise CommandError(f"The violation catalogue lacks {', '.join(sorted(missing))}.")

        self.progress = tqdm(
            total=n * 2,
            unit="licence",
            desc="generate_synthetic",
            file=self.stderr._out,
            disable=options["no_progress"],
        )
        started = time.perf_counter()
        with transaction.atomic():
            municipalities = self._municipalities(k, options["seed"])
            per = [n // k + (1 if i < n % k else 0) for i in range(k)]
            for municipality, count in zip(municipalities, per, strict=True):
                self._register(municipality, count)
            for municipality, count in zip(municipalities, per, strict=True):
                self._inspections(municipality, count)
            for municipality in municipalities:
                self._fees(municipality)
            bulk_writes.announce()  # bulk writes send no model signals
        self.progress.close()
        # Statistics for the query planner: SQLite has none until ANALYZE runs, and without
        # them it picks worse plans for the new rows (the benchmarks read this register).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started

        self.stdout.write(
            f"Generated {n} licences in {k} municipalit{'y' if k == 1 else 'ies'} "
            f"(seed {options['seed']}, history up to {end.isoformat()}) in {elapsed:.1f} s:"
        )
        for name, rows in self.stats.rows.items():
            self.stdout.write(f"  {name:<22} {rows:>9,}")
        for stage, seconds in self.stats.seconds.items():
            self.stdout.write(f"  time {stage:<17} {seconds:>8.1f} s")
        self.stdout.write(
            "Inspections and findings were inserted without audit history (bulk, batches of "
            f"{BATCH_SIZE:,}); the other records have one history row each."
        )

    # --- fees ------------------------------------------------------------------------------

    def _fee_rates(self, year: int) -> fee_rules.Rates:
        rates = FeeRateYear.objects.filter(year=year).first()
        if rates is None:
            from fees import formats
            from fees.demo import DATA

            files = {int(p.stem.split("-")[1]): p for p in DATA.glob("rates-*.json")}
            nearest = min(files, key=lambda y: abs(y - year))
            parsed = formats.parse_rates(files[nearest].read_text(encoding="utf-8"))
            source = parsed.source if nearest == year else f"synthetic: the rates of {nearest}"
            rates = FeeRateYear.objects.create(year=year, source=source, **parsed.values)
        return rates.as_rules()

    def _fees(self, municipality: Municipality) -> None:
        """The last completed year: expected volumes for every sales and serving licence
        held in it, actual volumes (75 % on time, 15 % late, 10 % missing), payments of the
        charged fee (85 %) and of a positive settlement (60 %)."""
        started = time.perf_counter()
        rng = self.rng
        year = self.end.year - 1
        rates = self._fee_rates(year)
        policy = policy_for_year([], year)
        deadline = fee_rules.actual_deadline(year, policy)
        held = [
            lic
            for lic in municipality.synthetic_licences
            if lic.kind in fee_rules.YEARLY_KIND
            and fee_rules.held_days(year, lic.valid_from, lic.valid_to)
        ]
        fee_years = self._create(
            FeeYear,
            [FeeYear(licence=lic, year=year, reference=f"{year}-{lic.number}") for lic in held],
        )
        reports, payments = [], []
        for lic, fee_year in zip(held, fee_years, strict=True):
            scale = 40_000 if lic.kind == "sales" else 12_000
            expected = {g: rng.randrange(scale // (4 ** (g - 1))) for g in lic.alcohol_groups}
            reports.append(SalesReport(
                fee_year=fee_year, kind="expected", received_on=dt.date(year, 1, rng.randrange(5, 28)),
                source="import", **{f"litres_{g}": v for g, v in expected.items()},
            ))  # fmt: skip
            draw = rng.random()
            actual = None
            if draw < 0.9:
                actual = {g: int(v * rng.uniform(0.7, 1.3)) for g, v in expected.items()}
                late = draw >= 0.75
                received = deadline + dt.timedelta(
                    days=rng.randrange(1, 40) if late else -rng.randrange(0, 50)
                )
                reports.append(SalesReport(
                    fee_year=fee_year, kind="actual", received_on=min(received, self.end),
                    source="import", **{f"litres_{g}": v for g, v in actual.items()},
                ))  # fmt: skip
            facts = fee_rules.FeeFacts(
                licence_kind=lic.kind, year=year, valid_from=lic.valid_from, ended_on=lic.valid_to,
                expected=expected, actual=actual, actual_received_on=deadline,
            )  # fmt: skip
            outcome = fee_rules.fee_outcome(facts, rates, policy, self.end)
            if rng.random() < 0.85:
                for due_on, amount in outcome.instalments:
                    payments.append(FeePayment(fee_year=fee_year, amount=amount, reference=fee_year.reference,
                                               paid_on=due_on - dt.timedelta(days=rng.randrange(0, 10))))  # fmt: skip
                if outcome.settlement and outcome.settlement > 0 and rng.random() < 0.6:
                    payments.append(FeePayment(
                        fee_year=fee_year, amount=outcome.settlement, reference=fee_year.reference,
                        paid_on=min(self.end, outcome.settlement_due_on),
                    ))  # fmt: skip
        self._create(SalesReport, reports)
        self._create(FeePayment, payments)
        self._timed("fees", started)

    # --- helpers ---------------------------------------------------------------------------

    def _create(self, model, objs, *, history: bool = True) -> list:
        if not objs:
            return []
        if history:
            created = bulk_create_with_history(
                objs, model, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
            )
        else:
            created = model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        self.stats.rows[model.__name__] += len(objs)
        return created

    def _timed(self, stage: str, started: float) -> None:
        self.stats.seconds[stage] = self.stats.seconds.get(stage, 0.0) + (
            time.perf_counter() - started
        )

    def _person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _evening(self, day: dt.date) -> dt.datetime:
        minutes = self.rng.randrange(18 * 60, 23 * 60 + 30)
        naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
        return timezone.make_aware(naive, self.tz)

    # --- the register ----------------------------------------------------------------------

    def _municipalities(self, k: int, seed: int) -> list[Municipality]:
        used = set(Municipality.objects.values_list("org_number", flat=True))
        used |= set(ControlCompany.objects.values_list("org_number", flat=True))
        names = (
            ["Syntetisk kommune"] if k == 1 else [f"Syntetisk kommune {i + 1}" for i in range(k)]
        )
        names = [f"{name} (seed {seed})" for name in names]
        taken = set(Municipality.objects.filter(name__in=names).values_list("name", flat=True))
        if taken:
            raise CommandError(
                f"{', '.join(sorted(taken))} already exists; use another --seed or a fresh "
                "database."
            )
        municipalities = self._create(
            Municipality,
            [Municipality(name=name, org_number=org_number(self.rng, used)) for name in names],
        )
        policies = []
        for index, municipality in enumerate(municipalities):
            company = ControlCompany.objects.create(
                name=f"Kontrollselskap for {municipality.name}",
                org_number=org_number(self.rng, used),
            )
            company.municipalities.add(municipality)
            municipality.control_company = company
            # Every second municipality has a stricter policy than the default.
            policies.append(
                SeminarPolicy(
                    municipality=municipality,
                    valid_from=dt.date(2020, 1, 1),
                    deadline_months=6 if index % 2 == 0 else 3,
                )
            )
        self._create(SeminarPolicy, policies)
        self.used_org_numbers = used
        return municipalities

    def _register(self, municipality: Municipality, count: int) -> None:
        started = time.perf_counter()
        rng = self.rng
        end = self.end
        kinds = list(KIND_WEIGHTS)
        kind_weights = list(KIND_WEIGHTS.values())
        period_start = licence_period_start(end)

        holders = [
            Holder(
                municipality=municipality,
                org_number=org_number(rng, self.used_org_numbers),
                name=f"{rng.choice(VENUE_WORDS)} {rng.choice(LAST_NAMES)} {i + 1} AS",
                address_line=f"{rng.choice(STREETS)} {rng.randrange(1, 120)}",
                postal_code=f"{rng.randrange(1000, 9999)}",
                postal_place=municipality.name.split(" (")[0],
            )
            for i in range(max(1, count * 85 // 100))
        ]
        holders = self._create(Holder, holders)
        premises = self._create(
            Premises,
            [
                Premises(
                    municipality=municipality,
                    name=f"{rng.choice(VENUE_WORDS)} {i + 1}",
                    address_line=f"{rng.choice(STREETS)} {rng.randrange(1, 120)}",
                )
                for i in range(count)
            ],
        )

        licences = []
        for i in range(count):
            kind = rng.choices(kinds, kind_weights)[0]
            if kind in ("serving_single_occasion", "serving_catering"):
                valid_from = random_date(
                    rng, end - dt.timedelta(days=700), end + dt.timedelta(days=60)
                )
                valid_to = valid_from + dt.timedelta(
                    days=0 if kind == "serving_single_occasion" else rng.randrange(0, 3)
                )
                granted_on = valid_from - dt.timedelta(days=rng.randrange(14, 60))
                status = "expired" if valid_to < end else "active"
            else:
                # Most licences were renewed for the current period; some granted since.
                if rng.random() < 0.7:
                    granted_on = random_date(
                        rng,
                        period_start - dt.timedelta(days=120),
                        period_start - dt.timedelta(days=1),
                    )
                    valid_from = period_start
                else:
                    granted_on = random_date(rng, period_start, end)
                    valid_from = granted_on + dt.timedelta(days=rng.randrange(0, 15))
                valid_to = licence_period_end(valid_from)
                roll = rng.random()
                status = "active" if roll < 0.92 else "ceased" if roll < 0.97 else "revoked"
            groups = (
                (True, False, False)
                if kind == "sales"
                else rng.choice(
                    [
                        (True, True, False),
                        (True, True, True),
                        (True, True, True),
                        (True, False, False),
                    ]
                )
            )
            transferred_on = None
            if kind in POINT_SYSTEM_KINDS and rng.random() < 0.03 and granted_on < end:
                transferred_on = random_date(rng, granted_on, end)
            licences.append(
                Licence(
                    municipality=municipality,
                    number=f"S{valid_from.year}-{i + 1:06d}",
                    holder=holders[rng.randrange(len(holders))],
                    premises=premises[i],
                    kind=kind,
                    group_1=groups[0],
                    group_2=groups[1],
                    group_3=groups[2],
                    granted_on=granted_on,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    status=status,
                    transferred_on=transferred_on,
                    seminar_required=kind in POINT_SYSTEM_KINDS and rng.random() < 0.6,
                )
            )
        licences = self._create(Licence, licences)
        municipality.synthetic_licences = licences

        persons: list[Person] = []
        roles: list[tuple[int, int, str, dt.date, dt.date | None]] = []  # licence, person idx
        for index, licence in enumerate(licences):
            if licence.kind not in POINT_SYSTEM_KINDS:
                continue
            wanted = ["manager", "deputy"] if rng.random() < 0.85 else ["manager"]
            for role in wanted:
                if rng.random() < 0.1 and licence.granted_on + dt.timedelta(days=60) < end:
                    # A change of person: the first one left, the second one took over.
                    changed_on = random_date(rng, licence.granted_on + dt.timedelta(days=30), end)
                    persons.append(self._person(municipality))
                    roles.append(
                        (
                            index,
                            len(persons) - 1,
                            role,
                            licence.granted_on,
                            changed_on - dt.timedelta(days=1),
                        )
                    )
                    persons.append(self._person(municipality))
                    roles.append((index, len(persons) - 1, role, changed_on, None))
                else:
                    persons.append(self._person(municipality))
                    roles.append((index, len(persons) - 1, role, licence.granted_on, None))
        persons = self._create(Person, persons)
        self._create(
            ManagerAssignment,
            [
                ManagerAssignment(
                    licence=licences[index],
                    person=persons[person_index],
                    role=role,
                    started_on=started_on,
                    ended_on=ended_on,
                )
                for index, person_index, role, started_on, ended_on in roles
            ],
        )
        attendances = []
        for person in persons:
            roll = rng.random()
            if roll < 0.65:
                first = random_date(rng, add_years(end, -YEARS_OF_INSPECTIONS), end)
                attendances.append(Attendance(person=person, attended_on=first))
                if roll < 0.08 and first < end:
                    attendances.append(
                        Attendance(
                            person=person,
                            attended_on=random_date(rng, first + dt.timedelta(days=1), end),
                        )
                    )
        self._create(Attendance, attendances)
        self.progress.update(count)
        self._timed("register", started)

    def _person(self, municipality: Municipality) -> Person:
        rng = self.rng
        born = random_date(rng, dt.date(1955, 1, 1), dt.date(2002, 12, 31))
        return Person(
            municipality=municipality,
            name=self._person_name(),
            date_of_birth=born,
            knowledge_test_passed_on=random_date(rng, add_years(born, 20), self.end),
        )

    # --- inspections, findings, points and suspensions ----------------------------------

    def _inspections(self, municipality: Municipality, count: int) -> None:
        rng = self.rng
        end = self.end
        first_day = add_years(end, -YEARS_OF_INSPECTIONS) + dt.timedelta(days=1)
        company = municipality.control_company
        codes = list(VIOLATION_WEIGHTS)
        code_weights = list(VIOLATION_WEIGHTS.values())
        per_licence = YEARS_OF_INSPECTIONS * INSPECTIONS_PER_YEAR
        licences = municipality.synthetic_licences

        decisions_by_licence: dict[int, list[PointDecision]] = defaultdict(list)
        findings: list[Finding] = []
        batch: list[tuple[Licence, Inspection, list[str]]] = []

        def flush() -> None:
            started = time.perf_counter()
            self._create(Inspection, [inspection for _, inspection, _ in batch], history=False)
            self._timed("inspections", started)
            for licence, inspection, found in batch:
                for code in found:
                    findings.append(
                        Finding(
                            inspection=inspection,
                            violation_id=self.codes[code][0],
                            observed_at=inspection.started_at
                            + dt.timedelta(minutes=rng.randrange(5, 40)),
                            description="Syntetisk funn.",
                        )
                    )
                if licence.kind in POINT_SYSTEM_KINDS:
                    for code in dict.fromkeys(found):  # similar breaches count once (§ 10-2)
                        decision = self._decision(licence, inspection, code)
                        if decision is not None:
                            decisions_by_licence[licence.pk].append(decision)
            batch.clear()
            if len(findings) >= BATCH_SIZE:
                self._create(Finding, findings, history=False)
                findings.clear()

        for licence in licences:
            for _ in range(per_licence):
                day = random_date(rng, first_day, end)
                started_at = self._evening(day)
                found: list[str] = []
                if rng.random() < FINDING_RATE:
                    found = rng.choices(codes, code_weights, k=1 if rng.random() < 0.75 else 2)
                inspection = Inspection(
                    licence=licence,
                    company=company,
                    started_at=started_at,
                    ended_at=started_at + dt.timedelta(minutes=rng.randrange(20, 90)),
                    mode="anonymous" if rng.random() < 0.3 else "open",
                    no_findings=not found,
                    report_sent_on=min(day + dt.timedelta(days=rng.randrange(1, 7)), end),
                )
                batch.append((licence, inspection, found))
            if len(batch) >= BATCH_SIZE:
                flush()
            self.progress.update(1)
        flush()
        self._create(Finding, findings, history=False)

        started = time.perf_counter()
        decisions = [d for items in decisions_by_licence.values() for d in items]
        self._create(PointDecision, decisions)
        self._suspensions(licences, decisions_by_licence)
        self._timed("points", started)

    def _decision(
        self, licence: Licence, inspection: Inspection, code: str
    ) -> PointDecision | None:
        """A point decision for ``code`` found at ``inspection``: decided once its procedure
        (advance notice, two weeks for comments) fits before the end date."""
        rng = self.rng
        violation_on = timezone.localtime(inspection.started_at, self.tz).date()
        violation_id, standard = self.codes[code]
        notice_on = violation_on + dt.timedelta(days=rng.randrange(5, 11))
        deadline_on = notice_on + dt.timedelta(days=14)
        decided_on = deadline_on + dt.timedelta(days=rng.randrange(3, 30))
        points, justification = standard, ""
        if rng.random() < 0.04:
            points = max(1, standard // 2)
            justification = "Særlig formildende omstendigheter (§ 10-4)."
        values = {
            "licence": licence,
            "inspection": inspection,
            "violation_id": violation_id,
            "violation_on": violation_on,
            "standard_points": standard,
            "points": points,
            "justification": justification if points != standard else "",
            "reference": f"{violation_on:%y}/{licence.pk}-{rng.randrange(1, 99)}",
        }
        if notice_on > self.end:
            return PointDecision(status="proposed", **values)
        values.update(advance_notice_on=notice_on, comment_deadline_on=deadline_on)
        if decided_on > self.end:
            return PointDecision(status="notified", **values)
        if rng.random() < 0.05:
            return PointDecision(
                status="withdrawn", withdrawal_reason="Feil i kontrollrapporten.", **values
            )
        return PointDecision(status="decided", decided_on=decided_on, **values)

    def _suspensions(
        self, licences: list[Licence], decisions_by_licence: dict[int, list[PointDecision]]
    ) -> None:
        """The suspensions the rules engine says the decided points lead to: whenever a
        decision brings the window to the threshold, a suspension is decided 30 days later
        and carried out two weeks after that (alkoholforskriften §§ 10-2, 10-6)."""
        suspensions = []
        suspended = []
        for licence in licences:
            decided = sorted(
                (d for d in decisions_by_licence.get(licence.pk, ()) if d.status == "decided"),
                key=lambda d: (d.decided_on, d.violation_on),
            )
            facts: list[DecisionFact] = []
            decided_suspensions: list[SuspensionFact] = []
            for decision in decided:
                facts.append(
                    DecisionFact(
                        str(decision.violation_id),
                        decision.violation_on,
                        decision.points,
                        decision.decided_on,
                        decision.reference,
                    )
                )
                on = decision.decided_on
                if decided_suspensions and decided_suspensions[-1].decided_on >= on:
                    continue  # a suspension is already on its way
                result = points_in_window(
                    facts,
                    on,
                    transferred_on=licence.transferred_on,
                    suspensions=decided_suspensions,
                    kind=licence.kind,
                )
                if not result.revocation_candidate:
                    continue
                decided_on = on + dt.timedelta(days=30)
                if decided_on > self.end:
                    break
                starts_on = decided_on + dt.timedelta(days=14)
                ends_on = starts_on + dt.timedelta(days=result.suspension_days - 1)
                decided_suspensions.append(SuspensionFact(decided_on, starts_on, ends_on))
                suspensions.append(
                    Suspension(
                        licence=licence,
                        status="decided",
                        points=result.suspension_points,
                        days=result.suspension_days,
                        decided_on=decided_on,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        reference=f"{decided_on:%y}/{licence.pk}-S",
                    )
                )
                if starts_on <= self.end <= ends_on and licence.status == "active":
                    licence.status = "suspended"
                    suspended.append(licence)
        self._create(Suspension, suspensions)
        if suspended:
            bulk_update_with_history(
                suspended,
                Licence,
                ["status"],
                batch_size=BATCH_SIZE,
                default_change_reason=CHANGE_REASON,
            )
