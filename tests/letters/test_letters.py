"""Every letter kind, in both languages, says what the law requires it to say.

Decisions (enkeltvedtak): the decision, reasons, legal basis, right of appeal, the
three-week deadline, where the appeal is sent, the appeal body and its legality-only
review, and access to the documents (fvl. §§ 18, 24-25, 27-29, alkoholloven § 1-16).
Advance notices (fvl. § 16): the intended decision, the facts and the deadline to comment.
"""

from __future__ import annotations

import pytest

from letters.kinds import RENDERERS, render_letter

from . import samples
from .pdftext import full_text, page_texts, reader

# Every letter: letterhead, references, date, case officer.
COMMON = {
    "nb": [
        "Bodø kommune",
        "Org.nr. 972 418 013",
        "Vår ref. 2026/1234-7",
        "Deres ref.",
        "Dato 22.11.2026",
        "Saksbehandler Siri Sæther",
        "siri.saether@bodo.kommune.no",
        "Med hilsen Siri Sæther Rådgiver, bevillinger",
        "Fjøsnæs Bryggeri og Spiseri AS Storgata 12 8006 Bodø",
    ],
    "en": [
        "Bodø kommune",
        "Org. no. 972 418 013",
        "Our ref. 2026/1234-7",
        "Your ref.",
        "Date 22 November 2026",
        "Case officer Siri Sæther",
        "siri.saether@bodo.kommune.no",
        "Kind regards Siri Sæther Rådgiver, bevillinger",
        "Fjøsnæs Bryggeri og Spiseri AS Storgata 12 8006 Bodø",
    ],
}

# Every decision: fvl. §§ 18, 24-25, 27-29 and alkoholloven § 1-16.
DECISION = {
    "nb": [
        "Vedtak",
        "Begrunnelse",
        "Rettslig grunnlag",
        "Klageadgang",
        "Vedtaket er et enkeltvedtak og kan påklages, jf. forvaltningsloven § 28",
        "Klagefristen er tre uker fra den dagen dette brevet kom fram til dere, "
        "jf. forvaltningsloven § 29",
        "Klagen sendes til Bodø kommune, som har fattet vedtaket",
        "sender vi klagen til Statsforvalteren i Nordland",
        "alkoholloven § 1-16",
        "Statsforvalteren i Nordland kan bare prøve lovligheten av vedtaket",
        "Det skjønnet vi har utøvd, kan ikke overprøves",
        "Innsyn i sakens dokumenter",
        "Dere har rett til å se sakens dokumenter, jf. forvaltningsloven §§ 18 og 19",
    ],
    "en": [
        "Decision",
        "Reasons",
        "Legal basis",
        "Right of appeal",
        "may be appealed, see the Public Administration Act § 28",
        "Deadline for appeal: three weeks from the day this letter reached you, see the "
        "Public Administration Act § 29",
        "the appeal is sent to Bodø kommune, which made the decision",
        "we send the appeal to Statsforvalteren i Nordland (the County Governor)",
        "the Alcohol Act § 1-16",
        "reviews the legality of the decision only",
        "It cannot review the discretion we have used",
        "Access to the case documents",
        "Public Administration Act §§ 18 and 19",
    ],
}

# Advance notices: fvl. § 16.
ADVANCE_NOTICE = {
    "nb": [
        "forhåndsvarsel etter forvaltningsloven § 16",
        "Varslet vedtak",
        "Frist for uttalelse",
        "må være kommet fram til oss innen 06.12.2026",
        "merket med vår referanse 2026/1234-7",
        "Dette forhåndsvarselet er ikke et vedtak og kan ikke påklages",
    ],
    "en": [
        "advance notice under the Public Administration Act § 16",
        "Intended decision",
        "Deadline for comments",
        "must reach us by 6 December 2026",
        "marked with our reference 2026/1234-7",
        "This advance notice is not a decision and cannot be appealed",
    ],
}

SPECIFIC = {
    "fee_request": {
        "nb": [
            "Omsetningsoppgave for 2026 – Fjøsnæs Spiseri",
            "Vi ber om oppgave over antall liter solgt i 2026 under bevilling B-2026-017 "
            "(alkoholgruppe 1, 2, 3) innen 01.03.2027.",
            "https://bevilling.bodo.kommune.no/gebyr/oppgave/0f1e:sig/",
            "Fakturert på forventet omsetning 11 329 kr",
        ],
        "en": [
            "Sales report for 2026 – Fjøsnæs Spiseri",
            "by 1 March 2027",
            "Charged on the expected volume 11 329 kr",
        ],
    },
    "fee_statement": {
        "nb": [
            "Bevillingsgebyr 2026: endelig gebyr og etteroppgjør – Fjøsnæs Spiseri",
            "Endelig gebyr på faktisk omsetning 13 437 kr",
            "Etteroppgjør 2 108 kr",
            "3 150 5,19",
            "Vi ber om at tilleggsbeløpet på 2 108 kr betales innen 31.03.2027",
        ],
        "en": [
            "Final fee on the actual volume 13 437 kr",
            "3 150 5.19",
            "Please pay the further charge of 2 108 kr by 31 March 2027",
        ],
    },
    "fee_estimate": {
        "nb": [
            "Vedtak: omsetningen for 2026 fastsatt skjønnsmessig – Fjøsnæs Spiseri",
            "det endelige bevillingsgebyret for 2026 til 13 437 kr",
            "Ingen omsetningsoppgave er mottatt. Omsetningen er anslått ut fra 2025.",
            "Alkoholloven § 7-1",
        ],
        "en": [
            "Decision: sales volume 2026 set by estimate – Fjøsnæs Spiseri",
            "the final licence fee for 2026 at 13 437 kr",
        ],
    },
    "granted": {
        "nb": [
            "Vedtak om alminnelig skjenkebevilling – Fjøsnæs Spiseri",
            "Bodø kommune gir Fjøsnæs Bryggeri og Spiseri AS (org.nr. 923 609 016) følgende "
            "bevilling",
            "Bevillingsnummer B-2026-017",
            "Bevillingstype Alminnelig skjenkebevilling",
            "Skjenkested Fjøsnæs Spiseri Storgata 12, 8006 Bodø",
            "Alkoholgrupper 1, 2 og 3",
            "Bevillingsperiode fra og med 01.12.2026 til og med 30.09.2028",
            "Styrer Øystein Ås",
            "Stedfortreder Kjærsti Blåfjell",
            "Gruppe 1 over 2,5 og høyst 4,7 volumprosent alkohol 08.00–01.00",
            "Gruppe 3 fra og med 22 til og med 60 volumprosent alkohol 13.00–24.00",
            "Vilkår",
            "Uteserveringen skal være tydelig avgrenset med gjerde.",
            "kurs i ansvarlig vertskap innen 01.06.2027",
            "Søknaden ble mottatt 14.09.2026",
            "Søknaden er sendt på høring til politiet og sosialtjenesten, jf. alkoholloven § 1-7",
            "uklanderlig vandel",
            "alkoholloven §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 og 4-4",
            "Vilkårene er satt med hjemmel i alkoholloven § 4-3",
            "Kopi til: Politiet, Skatteetaten",
        ],
        "en": [
            "Decision on ordinary serving licence – Fjøsnæs Spiseri",
            "Bodø kommune grants Fjøsnæs Bryggeri og Spiseri AS (org. no. 923 609 016) the "
            "following licence",
            "Licence period from 1 December 2026 up to and including 30 September 2028",
            "Manager Øystein Ås",
            "Deputy manager Kjærsti Blåfjell",
            "Group 3 from 22 up to and including 60 per cent alcohol by volume 13:00–24:00",
            "responsible serving (Ansvarlig vertskap) by 1 June 2027",
            "the Alcohol Act §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 and 4-4",
        ],
    },
    "refused": {
        "nb": [
            "Avslag på søknad om salgsbevilling – Nærbutikken på Løding",
            "Bodø kommune avslår søknaden fra Fjøsnæs Bryggeri og Spiseri AS "
            "(org.nr. 923 609 016) om følgende bevilling",
            "Søknad mottatt 30.08.2026",
            "Faktiske forhold",
            "ubetalte skatter og avgifter på kr 412 000",
            "Vår vurdering",
            "ikke har uklanderlig vandel",
            "alkoholloven §§ 1-7 og 1-7a",
            "ingen har krav på bevilling",
            "Vedtaket bygger også på alkoholloven § 1-7b",
        ],
        "en": [
            "Refusal of application for sales licence – Nærbutikken på Løding",
            "Bodø kommune refuses the application from Fjøsnæs Bryggeri og Spiseri AS",
            "Application received 30 August 2026",
            "Facts",
            "Our assessment",
            "the Alcohol Act §§ 1-7 and 1-7a",
            "nobody has a right to a licence",
            "The decision also rests on alkoholloven § 1-7b",
        ],
    },
    "points_notice": {
        "nb": [
            "Forhåndsvarsel om tildeling av prikker – Fjøsnæs Spiseri",
            "Ved kontroll av Fjøsnæs Spiseri (bevilling B-2026-017) 07.11.2026",
            "Vi vurderer derfor å tildele dere 6 prikker, jf. alkoholforskriften §§ 10-2 og 10-3",
            "Det vises til kontrollrapport KR-2026-311",
            "Skjenking til person som er åpenbart påvirket Bestemmelse som er brutt: alkoholforskriften § 4-2 4 4",
            "Mangler ved internkontrollen Bestemmelse som er brutt: alkoholforskriften kapittel 8 2 2",
            "Sum 6",
            "Faktiske forhold",
            "En gjest med tydelig ustø gange og snøvlete tale fikk servert øl.",
            "Likeartede brudd avdekket ved samme kontroll regnes som ett brudd",
            "Bevillingen har fra før 2 prikker innenfor gjeldende toårsperiode",
        ],
        "en": [
            "Advance notice of penalty points – Fjøsnæs Spiseri",
            "At the inspection of Fjøsnæs Spiseri (licence B-2026-017) on 7 November 2026",
            "We therefore intend to give you 6 penalty points",
            "Serving to an obviously intoxicated person",
            "Total 6",
            "Facts",
        ],
    },
    "points_decision": {
        "nb": [
            "Vedtak om tildeling av prikker – Fjøsnæs Spiseri",
            "Bodø kommune tildeler Fjøsnæs Bryggeri og Spiseri AS (org.nr. 923 609 016) "
            "6 prikker for brudd avdekket ved kontroll av Fjøsnæs Spiseri (bevilling B-2026-017) "
            "07.11.2026",
            "Tildelte prikker",
            "Sum 6",
            "Prikker i toårsperioden",
            "til sammen 8 prikker i toårsperioden fra og med 23.11.2024 til og med 22.11.2026",
            "Dersom bevillingen får 4 prikker til innenfor toårsperioden, slik at summen blir "
            "12 prikker, skal kommunen inndra bevillingen",
            "Vi sendte dere forhåndsvarsel 10.11.2026",
            "Dere uttalte følgende: Vi beklager hendelsen.",
            "alminnelig sannsynlighetsovervekt",
            "alkoholloven § 1-8 og alkoholforskriften §§ 10-1 til 10-3",
        ],
        "en": [
            "Decision on penalty points – Fjøsnæs Spiseri",
            "gives Fjøsnæs Bryggeri og Spiseri AS (org. no. 923 609 016) 6 penalty points",
            "With this decision the licence has 8 penalty points within the two-year period "
            "from 23 November 2024 up to and including 22 November 2026",
            "If the licence is given 4 penalty points more within the two-year period",
            "the Alcohol Act § 1-8 and the Alcohol Regulations §§ 10-1 to 10-3",
        ],
    },
    "suspension_notice": {
        "nb": [
            "Forhåndsvarsel om inndragning av bevilling – Fjøsnæs Spiseri",
            "er tildelt til sammen 14 prikker i toårsperioden fra og med 23.11.2024 til og med "
            "22.11.2026",
            "Bodø kommune vurderer å inndra bevillingen til Fjøsnæs Bryggeri og Spiseri AS "
            "(org.nr. 923 609 016) for 9 dager",
            "Inndragningen er tenkt å starte 08.01.2027",
            "Prikkvedtak som ligger til grunn",
            "10.01.2025",
            "2025/100-3",
            "Sum 14",
            "14 prikker gir derfor inndragning i 9 dager",
        ],
        "en": [
            "Advance notice of suspension of licence – Fjøsnæs Spiseri",
            "intends to suspend the licence of Fjøsnæs Bryggeri og Spiseri AS "
            "(org. no. 923 609 016) for 9 days",
            "Point decisions the suspension rests on",
            "14 penalty points therefore give a suspension of 9 days",
        ],
    },
    "suspension_decision": {
        "nb": [
            "Vedtak om inndragning av bevilling – Fjøsnæs Spiseri",
            "Bodø kommune inndrar bevillingen til Fjøsnæs Bryggeri og Spiseri AS "
            "(org.nr. 923 609 016) for Fjøsnæs Spiseri (bevilling B-2026-017) i 9 dager, "
            "fra og med 08.01.2027 til og med 16.01.2027",
            "ikke tillatt å selge eller skjenke alkoholholdig drikk",
            "Bevillingen er tildelt til sammen 14 prikker i toårsperioden",
            "Bruddsdato Brudd Prikkvedtak Prikker",
            "Sum 14",
            "Vi sendte dere forhåndsvarsel 01.11.2026",
            "Vi har ikke mottatt noen uttalelse fra dere",
            "brukt opp og teller ikke med ved en senere inndragning",
            "alkoholloven § 1-8 og alkoholforskriften §§ 10-1 til 10-6",
            "utsettes til klagen er avgjort, jf. forvaltningsloven § 42",
        ],
        "en": [
            "Decision on suspension of licence – Fjøsnæs Spiseri",
            "for 9 days, from 8 January 2027 up to and including 16 January 2027",
            "Date of breach Breach Point decision Points",
            "Public Administration Act § 42",
        ],
    },
    "seminar_confirmation": {
        "nb": [
            "Bekreftelse på påmelding – Ansvarlig vertskap – høsten 2026",
            "påmeldt kurs i ansvarlig vertskap",
            "• Øystein Ås",
            "• Kjærsti Blåfjell",
            "Tidspunkt 03.12.2026 kl. 18.00–21.00",
            "Sted Bodø rådhus, Kongens gate 27, møterom Blåfjell",
            "Bevilling Fjøsnæs Spiseri (B-2026-017)",
            "Den personlige lenken deres",
            "https://bevilling.bodo.kommune.no/kurs/pamelding/7f3c9a1e5b2d4c8e9a0b1c2d3e4f5a6b",
            "påmelding alene oppfyller ikke vilkåret",
        ],
        "en": [
            "Confirmation of registration – Ansvarlig vertskap – høsten 2026",
            "Time 3 December 2026, 18:00–21:00",
            "Your personal link",
        ],
    },
    "attendance_certificate": {
        "nb": [
            "Kursbevis – Ansvarlig vertskap",
            "Åse Bjørnstad Ødegård Havnegata 3 8006 Bodø",
            "Det bekreftes at Åse Bjørnstad Ødegård deltok på kurset «Ansvarlig vertskap» "
            "19.11.2026",
            "Gyldig til og med 18.11.2030",
            "Deltakelsen er gyldig til og med 18.11.2030",
        ],
        "en": [
            "Certificate of attendance – Ansvarlig vertskap",
            "This is to certify that Åse Bjørnstad Ødegård attended the course "
            "“Ansvarlig vertskap” on 19 November 2026",
            "Valid up to and including 18 November 2030",
        ],
    },
}

NOT_DECISIONS = ("points_notice", "suspension_notice", "seminar_confirmation",
                 "attendance_certificate", "fee_request", "fee_statement")  # fmt: skip


def expected_phrases(kind: str, language: str) -> list[str]:
    phrases = list(COMMON[language]) + SPECIFIC[kind][language]
    if kind == "attendance_certificate":
        # Addressed to the person, not the company.
        phrases.remove("Fjøsnæs Bryggeri og Spiseri AS Storgata 12 8006 Bodø")
    if kind in samples.DECISIONS:
        phrases += DECISION[language]
    if kind in ("points_notice", "suspension_notice"):
        phrases += ADVANCE_NOTICE[language]
    return phrases


CASES = [(kind, language) for kind in samples.SAMPLES for language in ("nb", "en")]


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    return {(kind, lang): render_letter(samples.SAMPLES[kind](lang)) for kind, lang in CASES}


def test_every_context_has_a_renderer():
    assert {make("nb").__class__ for make in samples.SAMPLES.values()} == set(RENDERERS)


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_letter_contains_required_elements(rendered, kind, language):
    text = full_text(rendered[kind, language])

    missing = [phrase for phrase in expected_phrases(kind, language) if phrase not in text]

    assert missing == [], f"{kind}/{language} lacks {missing}\n---\n{text}"


@pytest.mark.parametrize("kind", NOT_DECISIONS)
def test_only_decisions_carry_appeal_information(rendered, kind):
    assert "Klageadgang" not in full_text(rendered[kind, "nb"])
    assert "Right of appeal" not in full_text(rendered[kind, "en"])


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_every_page_is_numbered_x_of_y(rendered, kind, language):
    pages = page_texts(rendered[kind, language])
    label = "Side {} av {}" if language == "nb" else "Page {} of {}"

    for number, text in enumerate(pages, start=1):
        assert label.format(number, len(pages)) in text


def test_a_typical_decision_runs_to_two_pages(rendered):
    texts = page_texts(rendered["granted", "nb"])

    assert len(texts) == 2
    assert "Side 1 av 2" in texts[0]
    assert "Side 2 av 2" in texts[1]
    # Later pages carry the short header instead of the letterhead.
    assert "Vår ref. 2026/1234-7 Dato 22.11.2026" in texts[1]
    assert "Postboks 319" in texts[0]
    assert "Postboks 319" not in texts[1]


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_norwegian_letters_survive_the_round_trip(rendered, kind, language):
    text = full_text(rendered[kind, language])

    for word in ("Bodø", "Sæther", "Rådgiver"):
        assert word in text
    if language == "nb":
        assert any(
            word in text
            for word in (
                "Vedtak",
                "Forhåndsvarsel",
                "Bekreftelse",
                "Kurs",
                "Omsetningsoppgave",
                "Bevillingsgebyr",
            )
        )
        assert "Page 1 of" not in text


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_metadata(rendered, kind, language):
    metadata = reader(rendered[kind, language]).metadata

    assert metadata.author == "Bodø kommune"
    assert metadata.creator == "Bevillingsforvaltning"
    assert metadata.subject
    assert metadata["/Keywords"] == "2026/1234-7"
    # The letter date, not the clock: re-rendering later gives the same file.
    assert metadata.creation_date.date() == samples.LETTER_DATE
    # The title is the letter's own title line.
    assert metadata.title in full_text(rendered[kind, language])


def test_metadata_is_in_the_letters_language(rendered):
    nb = reader(rendered["points_decision", "nb"]).metadata
    en = reader(rendered["points_decision", "en"]).metadata

    assert nb.title == "Vedtak om tildeling av prikker – Fjøsnæs Spiseri"
    assert nb.subject == "Vedtak om prikktildeling"
    assert en.title == "Decision on penalty points – Fjøsnæs Spiseri"
    assert en.subject == "Decision on penalty points"
