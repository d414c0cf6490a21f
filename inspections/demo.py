"""Demo data for inspections and penalty points. Runs after ``licensing.demo`` (which creates
Bodø 972418013 and Saltdal 964983194 with their licences) and ``seminars.demo``.

``seed(stdout, style)`` is idempotent: companies are looked up by organisation number,
users by username, inspectors by company and name, inspections by licence and start time,
findings by inspection, code and time, point decisions by licence, code and violation date,
suspensions by licence and advance-notice date. Dates are relative to today so every
dashboard list has something: a suspension candidate, licences approaching the threshold,
a suspension in force, an advance notice ready for a decision, reports not sent within a
week, a report awaiting the holder's comment and venues not inspected this year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from inspections.models import (
    ControlCompany,
    Finding,
    Inspection,
    Inspector,
    PointDecision,
    Suspension,
    ViolationType,
)
from inspections.selectors import INSPECTED_KINDS
from licensing.clock import today
from licensing.demo_accounts import password_note, set_demo_password
from licensing.models import DecisionMatter, Licence, LicenceStatus, Municipality
from licensing.rules.deadlines import REPORT_TO_HOLDER_DAYS, default_comment_deadline
from licensing.rules.points import suspension_days
from licensing.services.delegation import body_fields
from licensing.validators import ORG_NUMBER_WEIGHTS

BODO, SALTDAL = "972418013", "964983194"
DAY = dt.timedelta(days=1)


def org_number(n: int) -> str:
    """A valid organisation number (MOD11) derived from n."""
    base = 996_500_00 + n * 41
    while True:
        digits = f"{base:08d}"
        total = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return digits + str(check)
        base += 1


@dataclass(frozen=True)
class CompanySpec:
    name: str
    number: int
    municipality: str
    username: str
    user_name: tuple[str, str]
    inspectors: tuple[tuple[str, int], ...]  # (name, years since the inspectors' test)


COMPANIES = (
    CompanySpec("Nordland Kontroll AS", 1, BODO, "kontroll_a", ("Kari", "Kontroll"),
                (("Trine Kontrollør", 6), ("Petter Kontrollør", 4), ("Aslak Kontrollør", 1))),
    CompanySpec("Salten Skjenkekontroll AS", 2, SALTDAL, "kontroll_b", ("Kåre", "Kontroll"),
                (("Mona Kontrollør", 5), ("Halvard Kontrollør", 3))),
)  # fmt: skip

OBSERVATIONS = {
    "sale_to_minor": "Gjest som ved legitimasjonskontroll viste seg å være 17 år fikk kjøpe en "
    "halvliter pils i baren.",
    "sale_to_intoxicated": "Gjest som sjanglet, snøvlet og holdt seg i bardisken fikk servert "
    "en ny halvliter.",
    "hours_violation": "Det ble skjenket øl på uteserveringen, der skjenketiden i bevillingen "
    "slutter kl. 22.00; to gjester fikk servert.",
    "intoxicated_on_premises": "Åpenbart påvirket gjest ble sluppet inn i lokalet av døravvisningen.",
    "internal_control_deficient": "Internkontrollen for bevillingen kunne ikke legges fram.",
    "spirits_measure": "Brennevin ble servert i doble mål uten at det var bestilt.",
    "no_alcohol_free_options": "Det var ikke alkoholfrie alternativer på menyen.",
    "underage_server": "En ansatt på 17 år sto i baren og serverte øl.",
    "own_alcohol_consumed": "To gjester drakk fra en medbrakt flaske vin ved et bord ute.",
}


@dataclass
class Decided:
    """A decided point decision: code, violation and decision ``days ago``."""

    code: str
    violation_ago: int
    decided_ago: int
    points: int | None = None


@dataclass
class Scenario:
    municipality: str
    premises: str
    kind: str
    decided: list[Decided] = field(default_factory=list)
    suspension: str = ""  # "" | "in_force" | "notified" | "past"


SCENARIOS = (
    # Suspension candidate: 8 + 4 + 1 = 13 points alive; the 1 point of 745 days ago is
    # outside today's window but within two years of the latest violation, so the basis
    # is 14 points -> 9 days (§ 10-2 third paragraph); no notice yet.
    Scenario(BODO, "Nordlys Bar", "serving", [
        Decided("no_alcohol_free_options", 745, 700), Decided("sale_to_minor", 300, 250),
        Decided("hours_violation", 120, 80), Decided("spirits_measure", 60, 20),
    ]),
    # Late case handling (ADR 0090): 8 points for a violation 750 days ago and 4 for one
    # 75 days ago lie within two years of each other. Only 4 points are alive today, so the
    # old reading ("the two years before today") would have missed it; a suspension of
    # 7 days is due.
    Scenario(BODO, "Kjerringøy Handelssted", "sales", [
        Decided("sale_to_minor", 750, 710), Decided("hours_violation", 75, 40),
    ]),
    # Approaching the threshold: 4 + 4 + 2 = 10 points.
    Scenario(BODO, "Rorbua Pub", "serving", [
        Decided("sale_to_intoxicated", 260, 220), Decided("hours_violation", 150, 110),
        Decided("intoxicated_on_premises", 70, 30),
    ]),
    # A suspension in force (the licensing demo has set the licence suspended).
    Scenario(BODO, "Hundholmen Mat og Vin", "serving", [
        Decided("sale_to_minor", 200, 160), Decided("sale_to_intoxicated", 150, 110),
        Decided("hours_violation", 110, 80), Decided("intoxicated_on_premises", 100, 70),
        Decided("internal_control_deficient", 90, 60),
    ], suspension="in_force"),
    # Points used up by last year's suspension, then a new breach: 2 points now.
    Scenario(BODO, "Bryggerikaia Restaurant", "serving", [
        Decided("sale_to_minor", 600, 560), Decided("hours_violation", 590, 555),
        Decided("internal_control_deficient", 90, 40),
    ], suspension="past"),
    # Suspension candidate with an advance notice whose comment deadline has passed.
    Scenario(SALTDAL, "Rognan Kro", "serving", [
        Decided("sale_to_minor", 200, 150), Decided("hours_violation", 100, 60),
    ], suspension="notified"),
    # Approaching the threshold: 8 points.
    Scenario(SALTDAL, "Kafé Fjorden", "serving", [Decided("sale_to_minor", 180, 130)]),
    # A suspension in force (the licensing demo has set the licence suspended).
    Scenario(SALTDAL, "Nordnorsk Vinstue", "serving", [
        Decided("sale_to_minor", 300, 250), Decided("duty_to_assist", 200, 160),
        Decided("sale_to_intoxicated", 120, 90), Decided("hours_violation", 100, 70),
    ], suspension="in_force"),
)  # fmt: skip

# Venues left without an inspection this year (§ 9-7 shows them).
UNINSPECTED = {
    BODO: {"Kaikanten Sushi", "Rønvik Kro", "Løpsmark Nærkiosk", "Hunstad Handel",
           "Nordlandsbadet Kafé"},
    SALTDAL: {"Junkerdal Fjellstue", "Pothus Kafé"},
}  # fmt: skip


class Seeder:
    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.today = today()
        self.created: dict[str, int] = {}
        self.catalogue = {v.code: v for v in ViolationType.objects.all()}
        self.officers: dict[str, object] = {}
        self.decider = None

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    def ago(self, days: int) -> dt.date:
        return self.today - days * DAY

    def at(self, day: dt.date, hour: int = 22, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def save(self, obj, actor=None) -> None:
        obj.full_clean()
        obj._history_user = actor
        obj.save()

    # Companies ---------------------------------------------------------------------------

    def company(self, spec: CompanySpec, municipality: Municipality):
        number = org_number(spec.number)
        company = ControlCompany.objects.filter(org_number=number).first()
        if company is None:
            company = ControlCompany(
                name=spec.name, org_number=number, phone=f"75 50 {spec.number:02d} 00",
                email=f"post@{spec.name.split()[0].lower()}kontroll.example",
            )  # fmt: skip
            self.save(company)
            self.count("control companies")
        company.municipalities.add(municipality)
        user_model = get_user_model()
        user = user_model.objects.filter(username=spec.username).first()
        if user is None:
            user = user_model(
                username=spec.username, first_name=spec.user_name[0], last_name=spec.user_name[1],
                email=f"{spec.username}@demo.example",
            )  # fmt: skip
            set_demo_password(user)
            user.save()
            self.count("control-company users")
        company.users.add(user)
        inspectors = []
        for name, years in spec.inspectors:
            inspector = Inspector.objects.filter(company=company, name=name).first()
            if inspector is None:
                inspector = Inspector(
                    company=company, name=name,
                    knowledge_test_passed_on=self.today.replace(month=3, day=15)
                    - dt.timedelta(days=365 * years),
                )  # fmt: skip
                self.save(inspector)
                self.count("inspectors")
            inspectors.append(inspector)
        return company, user, inspectors

    # Inspections -------------------------------------------------------------------------

    def inspection(
        self, licence: Licence, company, user, inspectors, day: dt.date, *,
        findings: tuple[str, ...] = (), reviewed: bool = True, sent_after: int | None = 3,
        comment_after: int | None = None, hour: int = 22,
    ) -> Inspection:  # fmt: skip
        started_at = self.at(day, hour)
        inspection = Inspection.objects.filter(licence=licence, started_at=started_at).first()
        if inspection is not None:
            return inspection
        officer = self.officers.get(licence.municipality.org_number)
        inspection = Inspection(
            licence=licence, company=company, started_at=started_at,
            ended_at=started_at + dt.timedelta(minutes=50),
            mode="anonymous" if day.toordinal() % 3 == 0 else "open",
            guests_count=20 + day.toordinal() % 90, staff_count=2 + day.toordinal() % 6,
            person_in_charge="Styrer på vakt",
            observations="Kontrollen ble gjennomført uten merknader utover det som er nevnt."
            if findings else "Ingen merknader. Legitimasjon ble kontrollert i døra.",
            no_findings=not findings, submitted_by=user,
        )  # fmt: skip
        if reviewed:
            inspection.review_started_at = self.at(day + DAY, 9)
            inspection.reviewed_by = officer
        if reviewed and sent_after is not None and day + sent_after * DAY <= self.today:
            inspection.report_sent_on = day + sent_after * DAY
            if (
                comment_after is not None
                and inspection.report_sent_on + comment_after * DAY <= self.today
            ):
                inspection.holder_comment_on = inspection.report_sent_on + comment_after * DAY
                inspection.holder_comment = (
                    "Vi beklager forholdet. Personalet har fått ny opplæring i reglene, og vi har "
                    "innført rutine for ID-kontroll og avslutning av skjenkingen."
                )
        self.save(inspection, user)
        # ``submitted_at`` is set on creation; the demo backdates it to the morning after.
        Inspection.objects.filter(pk=inspection.pk).update(submitted_at=self.at(day + DAY, 8))
        minimum = 1 if licence.kind == "sales" else 2
        inspection.inspectors.set(inspectors[: minimum + day.toordinal() % 2])
        self.count("inspections")
        for index, code in enumerate(findings):
            finding = Finding(
                inspection=inspection, violation=self.catalogue[code],
                observed_at=started_at + dt.timedelta(minutes=15 + 10 * index),
                description=OBSERVATIONS.get(code, "Forholdet ble observert av begge kontrollørene."),
            )  # fmt: skip
            self.save(finding, user)
            self.count("findings")
        return inspection

    def routine(self, licences, company, user, inspectors, skip: set[str]) -> None:
        """Inspections without findings: two last year, one or two this year."""
        year_start = self.today.replace(month=1, day=1)
        for index, licence in enumerate(licences):
            if licence.kind not in INSPECTED_KINDS or licence.status not in ("active", "suspended"):
                continue
            venue = licence.premises.name if licence.premises_id else ""
            last_year = self.today.year - 1
            for day in (
                dt.date(last_year, 3 + index % 5, 1 + index * 3 % 27),
                dt.date(last_year, 9 + index % 3, 2 + index * 5 % 26),
            ):
                if licence.valid_from <= day <= licence.valid_to:
                    self.inspection(licence, company, user, inspectors, day, hour=21)
            if venue in skip:
                continue
            for n in range(1 + index % 2):
                day = max(
                    self.ago(20 + (index * 23 + n * 97) % 280),
                    max(year_start, licence.valid_from) + n * 9 * DAY,
                )
                if day < self.today:
                    self.inspection(licence, company, user, inspectors, day, hour=20 + n)

    # Points ------------------------------------------------------------------------------

    def decided(self, licence: Licence, spec: Decided, officer, inspection=None) -> PointDecision:
        violation = self.catalogue[spec.code]
        violation_on = self.ago(spec.violation_ago)
        decision = PointDecision.objects.filter(
            licence=licence, violation=violation, violation_on=violation_on
        ).first()
        if decision is not None:
            return decision
        notice = violation_on + 10 * DAY
        decision = PointDecision(
            licence=licence, inspection=inspection, violation=violation,
            violation_on=violation_on, standard_points=violation.standard_points,
            points=spec.points or violation.standard_points, status="decided",
            advance_notice_on=notice, comment_deadline_on=default_comment_deadline(notice),
            decided_on=max(self.ago(spec.decided_ago), notice + 22 * DAY),
            reference=f"{violation_on:%y}/{1000 + spec.violation_ago}-3",
            decided_by=self.decider or officer, case_officer=officer,
        )  # fmt: skip
        decision.__dict__.update(
            body_fields(licence.municipality_id, [DecisionMatter.POINTS], decision.decided_on)
        )
        self.save(decision, officer)
        self.count("point decisions")
        return decision

    def scenario(self, scenario: Scenario, licences, company, user, inspectors) -> None:
        licence = next(
            (
                lic for lic in licences
                if lic.premises_id and lic.premises.name == scenario.premises
                and lic.kind == scenario.kind
            ),
            None,
        )  # fmt: skip
        if licence is None:
            self.stdout.write(self.style.WARNING(f"  no licence for {scenario.premises}; skipped"))
            return
        officer = self.officers.get(scenario.municipality)
        decisions = []
        for spec in scenario.decided:
            day = self.ago(spec.violation_ago)
            if day < licence.granted_on:
                continue  # the licence did not exist yet
            inspection = self.inspection(
                licence, company, user, inspectors, day, findings=(spec.code,), hour=23,
            )  # fmt: skip
            decisions.append(self.decided(licence, spec, officer, inspection))
        if scenario.suspension:
            self.suspension(licence, decisions, scenario.suspension, officer)

    def suspension(self, licence: Licence, decisions, kind: str, officer) -> None:
        points = sum(
            d.points for d in decisions if kind != "past" or d.violation_on < self.ago(500)
        )
        rests_on = [d for d in decisions if kind != "past" or d.violation_on < self.ago(500)]
        days = suspension_days(points)
        if kind == "in_force":
            change = (
                licence.status_changes.filter(to_status=LicenceStatus.SUSPENDED)
                .order_by("-changed_on")
                .first()
            )
            starts_on = change.changed_on if change else self.ago(3)
            decided_on = starts_on - 14 * DAY
            notice = decided_on - 26 * DAY
            status = "decided"
        elif kind == "past":
            decided_on = self.ago(520)
            starts_on = decided_on + 14 * DAY
            notice = decided_on - 25 * DAY
            status = "decided"
        else:  # notified
            notice = self.ago(30)
            decided_on = None
            starts_on = notice + 35 * DAY
            status = "notified"
        if Suspension.objects.filter(licence=licence, advance_notice_on=notice).exists():
            return
        suspension = Suspension(
            licence=licence, status=status, points=points, days=days,
            advance_notice_on=notice, comment_deadline_on=default_comment_deadline(notice),
            decided_on=decided_on, starts_on=starts_on, ends_on=starts_on + (days - 1) * DAY,
            reference=f"{notice:%y}/{2000 + licence.pk}-9" if decided_on else "",
            reasons="", decided_by=(self.decider or officer) if decided_on else None,
            case_officer=officer if decided_on else None,
        )  # fmt: skip
        if decided_on:
            # The council or committee decides suspensions in the demo municipalities.
            suspension.__dict__.update(
                body_fields(
                    licence.municipality_id, [DecisionMatter.SUSPENSION], decided_on,
                    case_number=f"PS {40 + licence.pk % 50}/{decided_on:%y}",
                )
            )  # fmt: skip
        if status == "decided":
            # The licence status was changed when the period started (the licensing demo
            # for the one in force; before this system for last year's).
            suspension.status_applied_on = starts_on
            if suspension.ends_on < self.today and kind == "past":
                suspension.status_lifted_on = suspension.ends_on + DAY
        self.save(suspension, officer)
        suspension.point_decisions.set(rests_on)
        self.count("suspensions")

    def open_cases(self, number: str, licences, company, user, inspectors) -> None:
        """Reports and point decisions in every state of the workflow."""
        by_venue = {
            lic.premises.name: lic
            for lic in licences
            if lic.premises_id and lic.kind in INSPECTED_KINDS and lic.status == "active"
        }
        officer = self.officers.get(number)
        if number == BODO:
            # Proposed points (and a withdrawn proposal) after the holder's comment.
            if lic := by_venue.get("Sjøgata Bistro"):
                inspection = self.inspection(
                    lic, company, user, inspectors, self.ago(20),
                    findings=("hours_violation", "hours_violation", "own_alcohol_consumed"),
                    sent_after=4, comment_after=6,
                )  # fmt: skip
                self.proposal(lic, inspection, "hours_violation", officer)
                self.proposal(lic, inspection, "own_alcohol_consumed", officer,
                              withdrawn="Ikke tilstrekkelig dokumentert i rapporten.")  # fmt: skip
            # Advance notice sent, comment deadline passed: ready for a decision.
            if lic := by_venue.get("Kafé Kjelen"):
                inspection = self.inspection(
                    lic, company, user, inspectors, self.ago(45), findings=("sale_to_intoxicated",),
                    sent_after=5,
                )  # fmt: skip
                self.proposal(lic, inspection, "sale_to_intoxicated", officer, notified_ago=35)
            # An advance notice drafted long ago and never sent: its deadline has passed, so
            # the letter cannot be issued as it is (letters.demo sets a new deadline and
            # issues it, as the officer would on the letters page).
            if lic := by_venue.get("Aspmyra Sportsbar"):
                inspection = self.inspection(
                    lic, company, user, inspectors, self.ago(80), findings=("spirits_measure",),
                    sent_after=5,
                )  # fmt: skip
                self.proposal(lic, inspection, "spirits_measure", officer, notified_ago=70)
            # Reports not sent within a week.
            if lic := by_venue.get("Glasshuset Bar"):
                self.inspection(lic, company, user, inspectors,
                                self.ago(REPORT_TO_HOLDER_DAYS + 5),
                                findings=("underage_server",), sent_after=None)  # fmt: skip
            if lic := by_venue.get("Moloen Pizza"):
                self.inspection(lic, company, user, inspectors,
                                self.ago(REPORT_TO_HOLDER_DAYS + 2), reviewed=False)  # fmt: skip
            # Sent, waiting for the holder's comment.
            if lic := by_venue.get("Stormen Kafé"):
                self.inspection(lic, company, user, inspectors, self.ago(10),
                                findings=("no_alcohol_free_options",), sent_after=4)  # fmt: skip
            # Just submitted by the control company.
            if lic := by_venue.get("Jektefart Pub"):
                self.inspection(lic, company, user, inspectors, self.ago(2),
                                findings=("spirits_measure",), reviewed=False)  # fmt: skip
        else:
            if lic := by_venue.get("Saltdal Turistsenter"):
                self.inspection(lic, company, user, inspectors,
                                self.ago(REPORT_TO_HOLDER_DAYS + 4), reviewed=False)  # fmt: skip
            event = next(
                (lic for lic in licences if lic.kind == "serving_single_occasion" and lic.valid_from <= self.today),
                None,
            )  # fmt: skip
            if event is not None:
                self.inspection(event, company, user, inspectors, event.valid_from, hour=21)

    def proposal(self, licence, inspection, code, officer, *, withdrawn="", notified_ago=None):
        violation = self.catalogue[code]
        violation_on = timezone.localdate(inspection.started_at)
        if PointDecision.objects.filter(
            licence=licence, violation=violation, violation_on=violation_on
        ).exists():
            return
        decision = PointDecision(
            licence=licence, inspection=inspection, violation=violation, violation_on=violation_on,
            standard_points=violation.standard_points, points=violation.standard_points,
            status="withdrawn" if withdrawn else "proposed", withdrawal_reason=withdrawn,
        )  # fmt: skip
        if notified_ago is not None:
            decision.status = "notified"
            decision.advance_notice_on = self.ago(notified_ago)
            decision.comment_deadline_on = default_comment_deadline(decision.advance_notice_on)
        self.save(decision, officer)
        self.count("point decisions")

    # Run ---------------------------------------------------------------------------------

    def run(self) -> None:
        municipalities = {
            m.org_number: m for m in Municipality.objects.filter(org_number__in=(BODO, SALTDAL))
        }
        if len(municipalities) < 2:
            self.stdout.write(self.style.WARNING("  inspections: run licensing.demo first."))
            return
        user_model = get_user_model()
        for number, username in ((BODO, "bodo"), (SALTDAL, "saltdal")):
            self.officers[number] = user_model.objects.filter(username=username).first()
        # The officer who decides points under delegation (the case officer prepares them).
        self.decider = user_model.objects.filter(username="saksbehandler").first()
        for spec in COMPANIES:
            municipality = municipalities[spec.municipality]
            company, user, inspectors = self.company(spec, municipality)
            licences = list(
                Licence.objects.filter(municipality=municipality)
                .select_related("premises", "municipality")
                .order_by("number", "pk")
            )
            for scenario in SCENARIOS:
                if scenario.municipality == spec.municipality:
                    self.scenario(scenario, licences, company, user, inspectors)
            self.open_cases(spec.municipality, licences, company, user, inspectors)
            self.routine(licences, company, user, inspectors, UNINSPECTED[spec.municipality])
        summary = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing new"
        self.stdout.write(f"  inspections: {summary}.")
        self.stdout.write(
            f"  Control-company logins ({password_note()}): kontroll_a (Nordland Kontroll AS, "
            "Bodø), kontroll_b (Salten Skjenkekontroll AS, Saltdal); they use the API only."
        )


@transaction.atomic
def seed(stdout, style) -> None:
    Seeder(stdout, style).run()
    open_point_cases()


def open_point_cases() -> None:
    """Open point cases and suspensions of the demo that have neither a case nor a reference
    of their own get a case number, as their first letter would give them (one case per
    inspection), so that they appear in the case list and can be assigned."""
    from licensing.models import CaseKind
    from licensing.services.case_numbers import case_open

    from .models import PointDecision, Suspension

    groups: dict[tuple, list[PointDecision]] = {}
    for decision in PointDecision.objects.filter(case__isnull=True, reference="").select_related(
        "licence__municipality"
    ):
        key = (
            ("inspection", decision.inspection_id)
            if decision.inspection_id
            else ("pd", decision.pk)
        )
        groups.setdefault(key, []).append(decision)
    for decisions in groups.values():
        case = case_open(municipality=decisions[0].licence.municipality, kind=CaseKind.POINTS)
        PointDecision.objects.filter(pk__in=[d.pk for d in decisions]).update(case=case)
    for suspension in Suspension.objects.filter(case__isnull=True, reference="").select_related(
        "licence__municipality"
    ):
        case = case_open(municipality=suspension.licence.municipality, kind=CaseKind.SUSPENSION)
        Suspension.objects.filter(pk=suspension.pk).update(case=case)
