"""A bare reportlab platypus letter: the baseline for ``bench_letters``.

The same length and shape as a real two-page points decision (letterhead and footer drawn
on each page, recipient and reference table, title, a table of four breaches with a sum
row, headings, bullet paragraphs, the appeal text, signature; about 4,000 characters of
Norwegian text on two A4 pages) in DejaVu Sans embedded from ``letters/fonts`` (TrueType
subsets, as the real letters). Everything a careful hand-written reportlab program would do
once is done once (fonts registered and styles built at import); per render it builds the
story, lays it out and writes the PDF. No Django, no translations, no database.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIR = Path(__file__).resolve().parent.parent / "letters" / "fonts"
FONT, BOLD = "BareSans", "BareSans-Bold"
for _name, _file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_name, str(FONT_DIR / _file)))
pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)

BODY = ParagraphStyle("BareBody", fontName=FONT, fontSize=9.5, leading=13.5, spaceAfter=5)
TITLE = ParagraphStyle("BareTitle", parent=BODY, fontName=BOLD, fontSize=13, leading=17)
HEADING = ParagraphStyle(
    "BareHeading", parent=BODY, fontName=BOLD, fontSize=10.5, spaceBefore=8, keepWithNext=1
)
BULLET = ParagraphStyle("BareBullet", parent=BODY, leftIndent=5 * mm, bulletIndent=1 * mm)
CELL = ParagraphStyle("BareCell", parent=BODY, fontSize=8.5, leading=11, spaceAfter=0)
CELL_RIGHT = ParagraphStyle("BareCellRight", parent=CELL, alignment=TA_RIGHT)
SMALL = ParagraphStyle("BareSmall", parent=BODY, fontSize=8, leading=10.5, textColor=colors.grey)

OBSERVED = (
    "Kontrollørene observerte forholdet fra baren i om lag ti minutter, og daglig leder ble "
    "orientert før kontrollørene forlot stedet."
)
BREACHES = [
    (
        "Salg/skjenking til person som er (eller må antas å bli) åpenbart påvirket",
        "alkoholforskriften §§ 3-1, 4-2",
        4,
    ),
    ("Brudd på salgs-, utleverings- og skjenketidene", "alkoholloven §§ 3-7, 4-4", 4),
    ("Mangler ved internkontrollen", "alkoholforskriften kap. 8", 2),
    ("Brudd på reglene om skjenkemengde for brennevin", "alkoholforskriften § 10-3", 1),
]
SECTIONS = [
    (
        "Prikker i toårsperioden",
        [
            "Med dette vedtaket har bevillingen til sammen 11 prikker i toårsperioden fra og "
            "med 21.07.2024 til og med 20.07.2026.",
            "Dersom bevillingen får 1 prikk til innenfor toårsperioden, slik at summen blir 12 "
            "prikker, skal kommunen inndra bevillingen for minst én uke, jf. "
            "alkoholforskriften § 10-2.",
        ],
    ),
    (
        "Rettslig grunnlag",
        [
            "Vedtaket er truffet med hjemmel i alkoholloven § 1-8 og alkoholforskriften "
            "§§ 10-1 til 10-3. Bestemmelsen som er brutt, står ved hvert brudd i tabellen over.",
        ],
    ),
    (
        "Klageadgang",
        [
            "Vedtaket er et enkeltvedtak og kan påklages, jf. forvaltningsloven § 28 og "
            "alkoholloven § 1-16.",
            "<b>Klagefrist:</b> Klagefristen er tre uker fra den dagen dette brevet kom fram "
            "til dere, jf. forvaltningsloven § 29.",
            "<b>Hvor klagen skal sendes:</b> Klagen sendes til Benchmark kommune, som har "
            "fattet vedtaket, per post eller til postmottak@benchmark.example, jf. "
            "forvaltningsloven § 32. Klagen skal være skriftlig og undertegnet, og den bør "
            "nevne vedtaket det klages over, den endringen som ønskes, og begrunnelsen for "
            "klagen.",
            "<b>Klageinstans:</b> Dersom kommunen ikke endrer vedtaket, sender den klagen til "
            "Statsforvalteren i Nordland, som avgjør klagen, jf. alkoholloven § 1-16. "
            "Statsforvalteren i Nordland kan bare prøve lovligheten av vedtaket: om det er "
            "innholdsmessig lovlig, truffet av rett organ og blitt til på lovlig måte. "
            "Kommunens frie skjønn kan ikke overprøves.",
        ],
    ),
    (
        "Innsyn i sakens dokumenter",
        [
            "Dere har rett til å se sakens dokumenter, jf. forvaltningsloven §§ 18 og 19. Ta "
            "kontakt med saksbehandleren dersom dere ønsker innsyn.",
        ],
    ),
]


def _page(canvas, doc) -> None:
    width, height = A4
    canvas.saveState()
    canvas.setFont(BOLD, 15)
    canvas.drawString(25 * mm, height - 20 * mm, "Benchmark kommune")
    canvas.setFont(FONT, 8)
    canvas.drawString(25 * mm, height - 25 * mm, "Rådhusgata 1, 8001 Bodø")
    canvas.drawRightString(width - 20 * mm, height - 20 * mm, "Org.nr. 999 000 001")
    canvas.drawRightString(width - 20 * mm, height - 24 * mm, "postmottak@benchmark.example")
    canvas.line(25 * mm, 16 * mm, width - 20 * mm, 16 * mm)
    canvas.drawString(25 * mm, 12 * mm, "Benchmark kommune · postmottak@benchmark.example")
    canvas.drawRightString(width - 20 * mm, 12 * mm, f"Side {doc.page}")
    canvas.restoreState()


def _story() -> list:
    references = Table(
        [
            [Paragraph(label, SMALL), Paragraph(value, CELL)]
            for label, value in (
                ("Vår ref.", "26/3001-6"),
                ("Deres ref.", ""),
                ("Dato", "03.12.2026"),
                ("Saksbehandler", "Siri Sæther"),
                ("Telefon", "75 00 00 00"),
                ("E-post", "siri.saether@benchmark.example"),
            )
        ],
        colWidths=[26 * mm, 48 * mm],
    )
    address = Paragraph("Fjøsnæs Bryggeri og Spiseri AS<br/>Storgata 12<br/>8006 Bodø", BODY)
    breaches = Table(
        [
            [Paragraph(f"<b>{h}</b>", CELL) for h in ("Brudd", "Prikker etter § 10-3", "Tildelt")],
            *[
                [
                    Paragraph(f"{name}<br/>{reference}", CELL),
                    Paragraph(str(points), CELL_RIGHT),
                    Paragraph(str(points), CELL_RIGHT),
                ]
                for name, reference, points in BREACHES
            ],
            [Paragraph("<b>Sum</b>", CELL), "", Paragraph("<b>11</b>", CELL_RIGHT)],
        ],
        colWidths=[105 * mm, 30 * mm, 30 * mm],
        style=TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        ),
    )
    story = [
        Table([[address, references]], colWidths=[91 * mm, 74 * mm]),
        Spacer(1, 11 * mm),
        Paragraph("Vedtak om tildeling av prikker – Fjøsnæs Bryggeri og Spiseri", TITLE),
        Paragraph("Vedtak", HEADING),
        Paragraph(
            "Benchmark kommune tildeler Fjøsnæs Bryggeri og Spiseri AS (org.nr. 923 000 000) "
            "11 prikker for brudd avdekket ved kontroll av Fjøsnæs Bryggeri og Spiseri "
            "(bevilling BENCH-0) 13.06.2026:",
            BODY,
        ),
        breaches,
        Spacer(1, 3 * mm),
    ]
    heading, paragraphs = SECTIONS[0]
    story += [Paragraph(heading, HEADING), *(Paragraph(p, BODY) for p in paragraphs)]
    story += [
        Paragraph("Begrunnelse", HEADING),
        Paragraph("Ved kontrollen 13.06.2026 observerte kontrollørene følgende:", BODY),
        *(Paragraph(f"{name}: {OBSERVED}", BULLET, bulletText="•") for name, _r, _p in BREACHES),
        Paragraph("Kommunen sendte forhåndsvarsel 20.06.2026.", BODY),
        Paragraph("Bevillingshaver har uttalt seg slik:", BODY),
        Paragraph("Vi beklager hendelsen. Bartenderen var ny og har fått opplæring.", BODY),
        Paragraph(
            "Kommunen legger til grunn at bruddene har funnet sted. Beviskravet er alminnelig "
            "sannsynlighetsovervekt. Antallet prikker for hvert brudd følger av "
            "alkoholforskriften § 10-3. Likeartede brudd avdekket ved samme kontroll regnes "
            "som ett brudd, jf. alkoholforskriften § 10-2.",
            BODY,
        ),
    ]
    for heading, paragraphs in SECTIONS[1:]:
        story += [Paragraph(heading, HEADING), *(Paragraph(p, BODY) for p in paragraphs)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph("Med hilsen", BODY),
        Paragraph("Siri Sæther<br/>Saksbehandler<br/>Benchmark kommune", BODY),
        Paragraph(
            "Brevet er godkjent elektronisk og har derfor ingen håndskrevet signatur.", SMALL
        ),
    ]
    return story


def render_bare_letter() -> bytes:
    """The baseline letter as PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=44 * mm,
        bottomMargin=22 * mm,
        title="Vedtak om tildeling av prikker",
        invariant=1,
    )
    doc.build(_story(), onFirstPage=_page, onLaterPages=_page)
    return buffer.getvalue()
