"""Issue 10, letter by letter: the provision breached per breach (from the catalogue, never
§ 10-3), singular and plural, what further points lead to, the seminar deadline per person
computed by the compliance engine's rule, and the duties of single-occasion licences.
Text read from the issued PDF with pypdf."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fees.models import FeeRateYear
from inspections.catalogue import CATALOGUE, PROVISIONS
from inspections.models import PointDecision, ViolationType
from letters import services
from licensing.models import ManagerAssignment
from seminars.selectors import seminar_compliance_for
from tests.factories.seminars import AttendanceFactory

from . import records
from .pdftext import full_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def text(record, kind, officer, language="nb") -> str:
    letter = services.letter_issue(source=record, kind=kind, language=language, actor=officer)
    return full_text(services.letter_download(letter))


# --- The catalogue ------------------------------------------------------------------------


def test_every_catalogue_line_names_the_provision_breached_with_its_source(db):
    """Migration 0008 filled every line; § 10-3 (which only sets the points) is never the
    provision breached."""
    lines = {v.code: v for v in ViolationType.objects.all()}
    assert set(lines) == {code for code, *_rest in CATALOGUE}
    for code, _points, _nb, _en, provision in CATALOGUE:
        line = lines[code]
        assert line.legal_reference == provision
        assert "10-3" not in line.legal_reference
        assert line.provision_source == PROVISIONS[code][0]
        assert line.provision_confirmed is PROVISIONS[code][1]
    assert lines["no_alcohol_free_options"].legal_reference == "alkoholforskriften § 4-6"
    assert lines["internal_control_deficient"].legal_reference == (
        "alkoholloven § 1-9 femte ledd og alkoholforskriften kapittel 8"
    )
    assert lines["own_alcohol_consumed"].legal_reference == "alkoholforskriften § 4-4"


def test_every_catalogue_line_is_confirmed_against_the_wording_of_10_3(db):
    """Migration 0011: § 10-3 names the provision breached on every line ("jf. ..."); the
    lines that were guessed are corrected, and the line for shops (§ 3-2) exists."""
    lines = {v.code: v for v in ViolationType.objects.all()}
    assert all(line.provision_confirmed for line in lines.values())
    assert all("10-3" in line.provision_source for line in lines.values())
    assert lines["shelf_placement"].legal_reference == "alkoholforskriften § 3-3"
    assert lines["repeated_drug_dealing"].legal_reference == "alkoholloven § 1-8 annet ledd"
    assert lines["repeated_discrimination"].legal_reference == "alkoholloven § 1-8 annet ledd"
    assert lines["hours_violation"].legal_reference == "alkoholloven §§ 3-4a, 3-7 og 4-4"
    assert lines["spirits_measure"].legal_reference == "alkoholforskriften § 4-5"
    assert lines["licence_condition_breach"].legal_reference == "alkoholloven §§ 3-2 og 4-3"
    shop = lines["drinking_in_shop"]
    assert (shop.standard_points, shop.legal_reference) == (1, "alkoholforskriften § 3-2")
    assert shop.name_nn.startswith("Brot på plikta")
    ordered = list(ViolationType.objects.values_list("code", flat=True))
    assert ordered.index("drinking_in_shop") == ordered.index("alcohol_taken_out") + 1
    assert len(set(ViolationType.objects.values_list("sort_order", flat=True))) == len(ordered)


# --- Decision on points -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_points_decision_gives_each_provision_and_what_further_points_lead_to(
    bodo, officer, language
):
    licence = records.licence(bodo)
    records.earlier_points(licence)
    decided = records.inspection_points(licence)

    body = text(decided[0], "points_decision", officer, language)

    if language == "nb":
        for phrase in [
            "26/3001-6",
            "Bestemmelse som er brutt: alkoholloven §§ 3-4a, 3-7 og 4-4",
            "Bestemmelse som er brutt: alkoholforskriften § 3-1 og § 4-2 første ledd",
            "til sammen 10 prikker i toårsperioden",
            "Hva flere prikker fører til",
            "Et brudd senest 29.02.2028 regnes sammen med 10 prikker (for brudd fra og med "
            "01.03.2026): 2 prikker til fører til inndragning i 7 dager.",
            "Et brudd senest 12.06.2028 regnes sammen med 8 prikker",
            "Et brudd etter 12.06.2028 regnes ikke sammen med noen av prikkene dere har nå.",
            "Vi finner det mer sannsynlig enn ikke at bruddene har skjedd.",
            "alminnelig sannsynlighetsovervekt",
            "står under hvert brudd i tabellen over",
            "Klagefristen er tre uker fra den dagen dette brevet kom fram til dere",
            "Statsforvalteren i Nordland",
            "Dere har rett til å se sakens dokumenter",
        ]:
            assert phrase in body, phrase
    else:
        for phrase in [
            "Provision breached: alkoholloven §§ 3-4a, 3-7 og 4-4",
            "What further points lead to",
            "A violation on or before 29 February 2028 counts together with 10 penalty points",
            "We find it more likely than not that the breaches took place.",
            "three weeks from the day this letter reached you",
        ]:
            assert phrase in body, phrase
    assert "Bestemmelse som er brutt: alkoholforskriften § 10-3" not in body
    assert "hours_violation" not in body and "sale_to_intoxicated" not in body


def test_one_breach_is_written_in_the_singular(bodo, officer):
    licence = records.licence(bodo)
    fee = records.earlier_points(licence)

    body = text(fee, "points_decision", officer)

    assert "2 prikker for et brudd på alkoholregelverket" in body or (
        "for brudd på alkoholregelverket" in body
    )
    assert "Vi finner det mer sannsynlig enn ikke at bruddet har skjedd." in body
    assert "Vi har registrert bruddet som er nevnt ovenfor (01.03.2026)" in body
    assert "står under bruddet i tabellen over" in body
    assert "bruddene" not in body


def test_advance_notice_singular_and_plural(bodo, officer):
    two = records.inspection_points(records.licence(bodo), decided=False)
    plural = text(two[0], "points_advance_notice", officer, "en")
    assert "we found breaches of the alcohol legislation" in plural
    assert "for these breaches:" in plural

    one = records.inspection_points(records.licence(bodo, number="B-2"), decided=False)
    PointDecision.objects.filter(pk=one[1].pk).delete()
    singular = text(one[0], "points_advance_notice", officer, "en")
    assert "we found a breach of the alcohol legislation" in singular
    assert "for this breach:" in singular
    # The comment deadline lies after the day of issue (22 November 2026).
    assert "by 4 December 2026" in singular
    assert "Date 22 November 2026" in singular
    assert "Public Administration Act § 18" in singular


# --- Licence granted: the seminar deadline per person -------------------------------------


def test_seminar_deadline_per_person_agrees_with_the_compliance_engine(bodo, officer):
    decision = records.granted_decision(bodo)
    licence = decision.licence
    # The deputy took the role later than the manager: their deadlines differ.
    deputy = ManagerAssignment.objects.get(licence=licence, role="deputy")
    deputy.started_on = dt.date(2026, 11, 1)
    deputy.save()

    body = text(decision, "licence_granted", officer)

    engine = seminar_compliance_for([licence.pk], dt.date(2026, 11, 1))[licence.pk]
    deadlines = {person.name: person.deadline for person in engine.missing}
    assert deadlines == {
        "Øystein Ås": dt.date(2027, 4, 20),
        "Kjærsti Blåfjell": dt.date(2027, 5, 1),
    }
    assert "Styrer Øystein Ås: innen 20.04.2027." in body
    assert "Stedfortreder Kjærsti Blåfjell: innen 01.05.2027." in body
    assert "Fristen for hver person regnes fra den dagen vedkommende gikk inn i rollen" in body


def test_a_person_with_a_valid_attendance_has_no_new_deadline(bodo, officer):
    decision = records.granted_decision(bodo)
    manager = ManagerAssignment.objects.get(licence=decision.licence, role="manager")
    AttendanceFactory(person=manager.person, attended_on=dt.date(2025, 5, 1))

    body = text(decision, "licence_granted", officer, "en")

    assert "Manager Øystein Ås: has a valid course attendance already." in body
    assert "Deputy manager Kjærsti Blåfjell: by 20 April 2027." in body


# --- Single-occasion and catering: no yearly sales report, fee per occasion ---------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_single_occasion_licence_has_no_sales_report_duty_and_a_fee_per_occasion(
    bodo, officer, language
):
    FeeRateYear.objects.create(
        year=2026,
        source="test",
        sales_rate_1=Decimal("0.25"),
        sales_rate_2=Decimal("0.70"),
        sales_minimum=Decimal("1900"),
        serving_rate_1=Decimal("0.58"),
        serving_rate_2=Decimal("1.52"),
        serving_rate_3=Decimal("4.99"),
        serving_minimum=Decimal("5700"),
        single_occasion=Decimal("390.00"),
        catering=Decimal("390.00"),
    )
    decision = records.granted_decision(
        bodo, kind="serving_single_occasion", seminar_required=False
    )

    body = text(decision, "licence_granted", officer, language)

    if language == "nb":
        assert "Bevillingsgebyret er 390 kr per anledning" in body
        assert "skal det ikke leveres årlig omsetningsoppgave" in body
        assert "hvert år levere omsetningsoppgave" not in body
        assert "Bevillingstype" in body
    else:
        assert "The licence fee is 390 kr per occasion" in body
        assert "There is no yearly sales report for this licence." in body
        assert "report the volume sold each year" not in body
        assert "Type of licence" in body and "Kind of licence" not in body


def test_the_legal_basis_is_not_repeated(bodo, officer):
    """The decision's own basis names only paragraphs the standard sentence names already."""
    decision = records.granted_decision(bodo)
    decision.legal_basis = "alkoholloven §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 og 4-4"
    decision.save()

    body = text(decision, "licence_granted", officer)

    assert "Vedtaket er truffet med hjemmel i alkoholloven §§ 1-6, 1-7, 1-7a" in body
    assert "Vedtaket bygger også på" not in body
