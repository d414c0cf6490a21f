"""The elements the law asks of each letter (domain section 2; fvl. §§ 16, 18, 24-27, 42;
alkoholforskriften §§ 10-2 to 10-6), read back from the issued PDF with pypdf; and the
case and document numbers in "Vår referanse"."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from letters import services
from licensing.models import CaseKind
from licensing.services.case_numbers import case_open

from . import records
from .pdftext import full_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def issued_text(record, kind, officer, language="nb") -> tuple[str, str]:
    letter = services.letter_issue(source=record, kind=kind, language=language, actor=officer)
    return letter.our_reference, full_text(services.letter_download(letter))


def test_our_reference_is_the_document_number_in_the_case(bodo, officer):
    suspension = records.suspension(records.licence(bodo), decided=False)
    suspension.reference = ""
    suspension.case = case_open(municipality=bodo, kind=CaseKind.SUSPENSION)
    suspension.save()

    reference, text = issued_text(suspension, "suspension_advance_notice", officer)

    assert reference == "26/1-1"
    assert "Vår ref. 26/1-1" in text
    assert "inndragning/" not in text


def test_a_record_without_a_reference_gets_a_case_at_its_first_letter(bodo, officer):
    points = records.inspection_points(records.licence(bodo), decided=False)

    reference, text = issued_text(points[0], "points_advance_notice", officer)

    # One case for the two breaches of the inspection; the letter is its first document.
    points[1].refresh_from_db()
    assert points[1].case.number == "26/1"
    assert reference == "26/1-1"
    assert "merket med vår referanse 26/1-1" in text
    assert not re.search(r"prikker/\d", text)
    # A letter in another language is the next document in the same case.
    reference_en, _ = issued_text(points[0], "points_advance_notice", officer, "en")
    assert reference_en == "26/1-2"


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "nb",
            [
                "forhåndsvarsel etter forvaltningsloven § 16 og alkoholforskriften § 10-5",
                "Dere har rett til å se sakens dokumenter, jf. forvaltningsloven § 18",
                "innen 04.12.2026",
            ],
        ),
        (
            "en",
            [
                "advance notice under the Public Administration Act § 16 and the Alcohol "
                "Regulations § 10-5",
                "You have the right to see the documents of the case, see the Public "
                "Administration Act § 18",
            ],
        ),
    ],
)
def test_points_advance_notice_cites_10_5_and_access_to_documents(bodo, officer, language, phrases):
    points = records.inspection_points(records.licence(bodo), decided=False)
    _, text = issued_text(points[0], "points_advance_notice", officer, language)
    for phrase in phrases:
        assert phrase in text


def test_suspension_advance_notice_cites_10_6_and_explains_the_span(bodo, officer):
    suspension = records.suspension(records.licence(bodo), decided=False)
    _, text = issued_text(suspension, "suspension_advance_notice", officer)
    assert "alkoholforskriften §§ 10-2 og 10-6" in text
    assert "Det er tiden mellom overtredelsene som teller" in text
    assert "jf. forvaltningsloven § 18" in text
    # The span of the three violations 01.10.2025, 15.10.2025, 29.10.2025.
    assert "fra og med 30.10.2023 til og med 29.10.2025" in text


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "nb",
            [
                "Helt spesielle omstendigheter",
                "jf. alkoholforskriften § 10-4.",
                "Vi har ikke funnet slike omstendigheter, og standardlengden gjelder.",
                "Inndragningen starter 07.12.2026.",
                "innen fire uker etter vedtaket",
                "jf. forvaltningsloven § 42. Be om det før 07.12.2026",
                "kan dere også angripe prikkvedtakene den bygger på, også prikker dere ikke "
                "har klaget på tidligere",
                "Klagefristen er tre uker fra den dagen dette brevet kom fram til dere",
                "Statsforvalteren",
                "forvaltningsloven §§ 18 og 19",
            ],
        ),
        (
            "en",
            [
                "(the Alcohol Regulations § 10-4)",
                "The suspension starts on 7 December 2026.",
                "see the Public Administration Act § 42. Ask before 7 December 2026",
                "you may also challenge the point decisions it rests on, including points you "
                "did not appeal earlier",
            ],
        ),
    ],
)
def test_suspension_decision_elements(bodo, officer, language, phrases):
    suspension = records.suspension(records.licence(bodo))
    _, text = issued_text(suspension, "suspension_decision", officer, language)
    for phrase in phrases:
        assert phrase in text, phrase


def test_an_expired_attendance_certificate_says_so(bodo, officer):
    attendance = records.attendance(bodo)
    attendance.attended_on = dt.date(2022, 5, 2)  # valid through 01.05.2026
    attendance.save()
    _, text = issued_text(attendance, "attendance_certificate", officer)
    assert "Deltakelsen gikk ut 01.05.2026." in text
    assert "personen må ta kurset på nytt" in text
    assert "Deltakelsen er gyldig" not in text


def test_a_valid_attendance_certificate_gives_the_date(bodo, officer):
    _, text = issued_text(records.attendance(bodo), "attendance_certificate", officer)
    assert "Deltakelsen er gyldig til og med 18.11.2030" in text
