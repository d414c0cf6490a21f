"""Every letter kind in Nynorsk, and a Nynorsk municipality's letters default to it.

The Nynorsk terms follow what Nynorsk municipalities write: løyve (bevilling), prikkar,
inndraging, klage, vedtak, saksbehandlar, and the Nynorsk names of the Acts: alkohollova,
alkoholforskrifta, forvaltningslova.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from django.core.management import call_command

from letters import services
from letters.kinds import render_letter
from letters.models import IssuedLetter, LetterKind
from letters.selectors import default_language, letter_items
from licensing.models import WrittenStandard

from . import records, samples
from .pdftext import full_text, reader

COMMON = [
    "Org.nr. 972 418 013",
    "Vår ref. 2026/1234-7",
    "Dykkar ref.",
    "Dato 22.11.2026",
    "Saksbehandlar Siri Sæther",
    "Med helsing Siri Sæther",
    "Brevet er godkjent elektronisk og har difor inga handskriven underskrift.",
]
DECISION = [
    "Vedtak",
    "Grunngiving",
    "Rettsleg grunnlag",
    "Klagerett",
    "Vedtaket er eit enkeltvedtak og kan klagast på, jf. forvaltningslova § 28 og "
    "alkohollova § 1-16.",
    "Klagefristen er tre veker frå den dagen dette brevet kom fram til dykk, jf. "
    "forvaltningslova § 29.",
    "Klaga blir send til Bodø kommune, som har gjort vedtaket",
    "sender vi klaga til Statsforvalteren i Nordland, som avgjer ho, jf. alkohollova § 1-16.",
    "Statsforvalteren i Nordland kan berre prøve lovlegheita av vedtaket",
    "Innsyn i dokumenta i saka",
    "De har rett til å sjå dokumenta i saka, jf. forvaltningslova §§ 18 og 19.",
]
NOTICE = [
    "Frist for fråsegn",
    "De har rett til å uttale dykk før vi gjer vedtak, jf. forvaltningslova § 16.",
    "Dette førehandsvarselet er ikkje eit vedtak og kan ikkje klagast på.",
]
KIND = {
    "granted": DECISION
    + [
        "Vedtak om alminneleg skjenkeløyve – Fjøsnæs Spiseri",
        "Løyvenummer B-2026-017",
        "Løyvehavar Fjøsnæs Bryggeri og Spiseri AS",
        "Løyveperiode frå og med 01.12.2026 til og med 30.09.2028",
        "Styrar Øystein Ås Stadfortredar Kjærsti Blåfjell",
        "Gruppe 1 over 2,5 og høgst 4,7 volumprosent alkohol 08.00–01.00",
        "kurset vårt i ansvarleg vertskap innan 01.06.2027",
        "De skal kvart år levere omsetningsoppgåve og betale løyvegebyr",
        "Vedtaket er gjort med heimel i alkohollova §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 og 4-4.",
    ],
    "refused": DECISION
    + [
        "Avslag på søknad om salsløyve – Nærbutikken på Løding",
        "avslår søknaden frå Fjøsnæs Bryggeri og Spiseri AS",
        "Vi har eit vidt skjønn",
        # The officer's own reference, written "alkoholloven", is cited in Nynorsk form.
        "Vedtaket byggjer også på alkohollova § 1-7b.",
    ],
    "points_notice": NOTICE
    + [
        "Førehandsvarsel om tildeling av prikkar – Fjøsnæs Spiseri",
        "Vi vurderer difor å tildele dykk 6 prikkar, jf. alkoholforskrifta §§ 10-2 og 10-3.",
        "Dette brevet er eit førehandsvarsel etter forvaltningslova § 16 og alkoholforskrifta "
        "§ 10-5.",
        "Skjenking til person som er openbert påverka Føresegn som er broten: alkoholforskrifta § 4-2 4 4",
        "Manglar ved internkontrollen Føresegn som er broten: alkoholforskrifta kapittel 8 2 2",
        "Likearta brot som blir avdekte ved same kontroll, blir rekna som eitt brot",
    ],
    "points_decision": DECISION
    + [
        "Vedtak om tildeling av prikkar – Fjøsnæs Spiseri",
        "tildeler Fjøsnæs Bryggeri og Spiseri AS (org.nr. 923 609 016) 6 prikkar for brot",
        "Prikkar i toårsperioden",
        "Det er beviskravet for prikkar (alminneleg sannsynsovervekt)",
        "Vedtaket er gjort med heimel i alkohollova § 1-8 og alkoholforskrifta §§ 10-1 til 10-3, som fastset prikkane.",
    ],
    "suspension_notice": NOTICE
    + [
        "Førehandsvarsel om inndraging av løyve – Fjøsnæs Spiseri",
        "Dette brevet er eit førehandsvarsel etter forvaltningslova § 16.",
        "vurderer å inndra løyvet til Fjøsnæs Bryggeri og Spiseri AS (org.nr. 923 609 016) "
        "i 9 dagar.",
        "Lengda på inndraginga",
        "14 prikkar gir difor inndraging i 9 dagar.",
    ],
    "suspension_decision": DECISION
    + [
        "Vedtak om inndraging av løyve – Fjøsnæs Spiseri",
        "inndreg løyvet til Fjøsnæs Bryggeri og Spiseri AS",
        "i 9 dagar, frå og med 08.01.2027 til og med 16.01.2027.",
        "Medan løyvet er inndrege, er det ikkje tillate å selje eller skjenkje",
        "Vedtaket gjeld sjølv om de klagar. De kan be om at gjennomføringa blir utsett til "
        "klaga er avgjord, jf. forvaltningslova § 42. Be om det før 08.01.2027, når "
        "inndraginga tek til.",
        "Inndraginga tek til 08.01.2027.",
    ],
    "seminar_confirmation": [
        "Stadfesting av påmelding – Ansvarlig vertskap – høsten 2026",
        "Vi stadfestar at desse personane er påmelde til kurs i ansvarleg vertskap:",
        "Tidspunkt 03.12.2026 kl. 18.00–21.00",
        "Det er oppmøtet som tel",
    ],
    "fee_request": [
        "Omsetningsoppgåve for 2026 – Fjøsnæs Spiseri",
        "Vi ber om oppgåve over talet på liter selde i 2026 under løyve B-2026-017 "
        "(alkoholgruppe 1, 2, 3) innan 01.03.2027.",
        "Bruk den private lenkja dykkar; de treng ingen brukarkonto:",
        "Fakturert på venta omsetnad 11 329 kr",
        "minst minstegebyret på 6 400 kr (alkoholforskrifta §§ 6-1 og 6-2)",
    ],
    "fee_estimate": DECISION
    + [
        "Vedtak: omsetnaden for 2026 fastsett skjønnsmessig – Fjøsnæs Spiseri",
        "det endelege løyvegebyret for 2026 til 13 437 kr",
        "Alkoholgruppe Liter Sats (kr/l) 1 12 000 0,61",
        "Omsetningsoppgåva for 2026 hadde frist 01.03.2027. Vi har ikkje motteke ho.",
        "Alkohollova § 7-1 og alkoholforskrifta kap. 6",
    ],
    "fee_statement": [
        "Løyvegebyr 2026: endeleg gebyr og etteroppgjer – Fjøsnæs Spiseri",
        "Endeleg gebyr på faktisk omsetnad 13 437 kr",
        "Etteroppgjer 2 108 kr",
        "3 150 5,19",
        "Vi ber om at tilleggsbeløpet på 2 108 kr blir betalt innan 31.03.2027",
    ],
    "attendance_certificate": [
        "Kursbevis – Ansvarlig vertskap",
        "Det blir stadfesta at Åse Bjørnstad Ødegård deltok på kurset «Ansvarlig vertskap» "
        "19.11.2026.",
        "Gyldig til og med 18.11.2030",
    ],
}
# What the Bokmål letters say instead; none of it belongs in a Nynorsk letter. (The sample
# contexts hold some Bokmål free text, as an officer may write it; these phrases are the
# letters' own.)
BOKMAL = [
    "Saksbehandler",
    "Med hilsen",
    "Deres ref.",
    "forvaltningsloven",
    "påklages",
    "Begrunnelse",
    "Rettslig grunnlag",
    "Forhåndsvarsel",
    "Bevillingshaver",
    "prikker",
    "inndragning",
    "Klagefristen er tre uker",
]


def assert_contains(text: str, phrases: list[str]) -> None:
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"missing {missing} in:\n{text}"


@pytest.mark.parametrize("kind", sorted(samples.SAMPLES))
def test_every_kind_in_nynorsk(kind):
    pdf = render_letter(samples.SAMPLES[kind]("nn"))

    text = full_text(pdf)
    assert_contains(text, COMMON + KIND[kind])
    assert [phrase for phrase in BOKMAL if phrase in text] == []
    assert reader(pdf).trailer["/Root"]["/Lang"] == "nn-NO"


def fee_reminder(language: str):
    """The reminder of the sales report: the request letter after its deadline."""
    return replace(samples.fee_request(language), reminder=True)


def test_the_sales_report_reminder_in_nynorsk():
    pdf = render_letter(fee_reminder("nn"))

    text = full_text(pdf)
    assert_contains(
        text,
        COMMON
        + [
            "Purring: omsetningsoppgåve for 2026 – Fjøsnæs Spiseri",
            "Vi har ikkje motteke omsetningsoppgåva for 2026 for løyve B-2026-017. "
            "Fristen var 01.03.2027.",
            "så snart som mogleg",
            "Bruk den private lenkja dykkar; de treng ingen brukarkonto:",
            "Fakturert på venta omsetnad 11 329 kr",
            "er også eit brot som gir 2 prikkar (alkoholforskrifta § 10-3)",
        ],
    )
    assert [phrase for phrase in BOKMAL if phrase in text] == []
    assert reader(pdf).trailer["/Root"]["/Lang"] == "nn-NO"


# Every letter kind and the Nynorsk test that covers it: a new kind fails here until it has one.
TESTED_IN_NYNORSK = {
    LetterKind.LICENCE_GRANTED: "granted",
    LetterKind.APPLICATION_REFUSED: "refused",
    LetterKind.POINTS_ADVANCE_NOTICE: "points_notice",
    LetterKind.POINTS_DECISION: "points_decision",
    LetterKind.SUSPENSION_ADVANCE_NOTICE: "suspension_notice",
    LetterKind.SUSPENSION_DECISION: "suspension_decision",
    LetterKind.SEMINAR_CONFIRMATION: "seminar_confirmation",
    LetterKind.ATTENDANCE_CERTIFICATE: "attendance_certificate",
    LetterKind.SALES_REPORT_REQUEST: "fee_request",
    LetterKind.SALES_REPORT_REMINDER: "fee_reminder",  # test_the_sales_report_reminder_in_nynorsk
    LetterKind.FEE_STATEMENT: "fee_statement",
    LetterKind.FEE_ESTIMATE_DECISION: "fee_estimate",
}


def test_the_kinds_tested_are_every_kind():
    from letters.kinds import RENDERERS

    assert len(samples.SAMPLES) == len(RENDERERS) == len(KIND)
    assert set(TESTED_IN_NYNORSK) == set(LetterKind)
    assert set(TESTED_IN_NYNORSK.values()) == set(KIND) | {"fee_reminder"}


# --- A Nynorsk municipality ---------------------------------------------------------------


@pytest.fixture
def nynorsk(bodo):
    bodo.written_standard = WrittenStandard.NYNORSK
    bodo.save()
    return bodo


@pytest.mark.django_db
def test_letters_default_to_the_municipalitys_written_standard(nynorsk, bodo, officer):
    decision = records.granted_decision(nynorsk)

    assert default_language(decision) == "nn"
    (item,) = letter_items(decision)
    assert item.form.initial["language"] == "nn"

    nynorsk.written_standard = WrittenStandard.NEUTRAL
    nynorsk.save()
    decision.municipality.refresh_from_db()
    assert default_language(decision) == "nb"


@pytest.mark.django_db
def test_the_officer_can_still_choose_another_language(nynorsk, officer, frozen_today):
    decision = records.granted_decision(nynorsk)

    letter = services.letter_issue(
        source=decision, kind="licence_granted", language="nb", actor=officer
    )

    assert letter.language == "nb"
    assert "Vedtak om alminnelig skjenkebevilling" in full_text(services.letter_download(letter))


@pytest.mark.django_db
def test_issue_letters_writes_each_municipality_in_its_written_standard(
    nynorsk, officer, frozen_today
):
    records.granted_decision(nynorsk)
    licence = records.licence(nynorsk, number="A-1")
    records.inspection_points(licence)
    out = io.StringIO()

    call_command("issue_letters", "--user", "officer", stdout=out, stderr=io.StringIO())

    assert "Issued 2 letters (nn)" in out.getvalue()
    assert set(IssuedLetter.objects.values_list("language", flat=True)) == {"nn"}
    points = IssuedLetter.objects.get(kind="points_decision")
    text = full_text(services.letter_download(points))
    # The catalogue's Nynorsk names and the Nynorsk form of the references.
    assert_contains(
        text,
        [
            "Vedtak om tildeling av prikkar",
            "Brot på sals-, utleverings- og skjenketidene Føresegn som er broten: alkohollova §§ 3-4a, 3-7 og 4-4",
            "Sal eller skjenking til person som er eller må reknast for å bli openbert påverka",
            "alkoholforskrifta § 3-1 og § 4-2 første ledd",
        ],
    )
