"""Pagination, overflow, fonts and byte-for-byte determinism."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
import time_machine
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth

from letters.base import (
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    PAGE_WIDTH,
)
from letters.context import Party, ViolationPoints
from letters.kinds import render_letter

from . import samples
from .pdftext import full_text, page_texts, reader, text_runs


def _font(base_font: str) -> str:
    bold = "Bold" in base_font
    italic = "Oblique" in base_font or "Italic" in base_font
    return {
        (False, False): FONT,
        (True, False): FONT_BOLD,
        (False, True): FONT_ITALIC,
        (True, True): FONT_BOLD_ITALIC,
    }[bold, italic]


def assert_within_margins(pdf: bytes) -> None:
    """Every run of text starts and ends inside the left and right margins."""
    left, right = MARGIN_LEFT - 0.5, PAGE_WIDTH - MARGIN_RIGHT + 0.5
    for number, runs in enumerate(text_runs(pdf), start=1):
        for run in runs:
            width = stringWidth(run.text, _font(run.font), run.size)
            assert left <= run.x, f"page {number}: {run.text!r} starts at {run.x:.1f}"
            assert run.x + width <= right, (
                f"page {number}: {run.text!r} ends at {run.x + width:.1f} > {right:.1f}"
            )


# --- Determinism ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(samples.SAMPLES))
def test_same_context_gives_identical_bytes(kind):
    first = render_letter(samples.SAMPLES[kind]("nb"))
    render_letter(samples.SAMPLES["granted"]("en"))  # fonts are shared between documents
    second = render_letter(samples.SAMPLES[kind]("nb"))

    assert first == second


def test_output_does_not_depend_on_the_clock():
    context = samples.points_decision("nb")

    with time_machine.travel(datetime(2027, 3, 1, 12, 0), tick=False):
        earlier = render_letter(context)
    with time_machine.travel(datetime(2031, 7, 9, 23, 59), tick=False):
        later = render_letter(context)

    assert earlier == later


def test_different_content_gives_different_bytes():
    context = samples.points_decision("nb")

    assert render_letter(context) != render_letter(replace(context, our_reference="2026/99"))


# --- Pagination -----------------------------------------------------------------------


def test_forty_point_decisions_flow_onto_later_pages_with_the_header_repeated():
    context = samples.suspension_decision("nb", lines=40)

    pdf = render_letter(context)
    pages = page_texts(pdf)

    assert len(pages) >= 2
    table_pages = [text for text in pages if "2025/1" in text]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Bruddsdato Brudd Prikkvedtak Prikker" in text
    # Every decision is listed exactly once, none lost at a page break.
    text = full_text(pdf)
    for line in context.point_decisions:
        assert text.count(f"{line.reference} ") == 1
    assert f"Sum {context.total_points}" in text
    assert f"Side 1 av {len(pages)}" in pages[0]
    assert f"Side {len(pages)} av {len(pages)}" in pages[-1]
    assert_within_margins(pdf)


def test_forty_point_decisions_in_english_repeat_the_header_too():
    pdf = render_letter(samples.suspension_decision("en", lines=40))

    table_pages = [text for text in page_texts(pdf) if "2025/1" in text]

    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Date of breach Breach Point decision Points" in text


@pytest.mark.parametrize("kind", list(samples.SAMPLES))
@pytest.mark.parametrize("language", ["nb", "en"])
def test_sample_letters_stay_within_the_margins(kind, language):
    assert_within_margins(render_letter(samples.SAMPLES[kind](language)))


def test_long_names_wrap_instead_of_overflowing():
    long_name = "Øvre Ålesund Bryggeri, Vinstue, Spiseri og Selskapslokaler " * 3
    unbreakable = "Skjenkebevillingsvilkårsoverholdelseskontrollrapportanmerkningsgrunnlag" * 2
    context = samples.points_decision("nb")
    context = replace(
        context,
        recipient=Party(
            name=long_name.strip(),
            address_lines=("Co/ " + long_name.strip(), "8006 Bodø"),
            org_number="923609016",
        ),
        premises_name=long_name.strip(),
        violations=(
            ViolationPoints(
                code="licence_condition_breach",
                name=unbreakable,
                legal_reference="alkoholforskriften § 10-3 " + unbreakable,
                standard_points=1,
                points=1,
                observation=unbreakable,
            ),
        ),
        total_points_in_window=1,
    )

    pdf = render_letter(context)

    assert_within_margins(pdf)
    text = full_text(pdf).replace(" ", "")
    assert unbreakable[:40] in text


# --- Fonts and images -----------------------------------------------------------------


def test_text_uses_only_the_embedded_dejavu_fonts():
    pdf = render_letter(samples.points_decision("nb"))

    fonts = {run.font for runs in text_runs(pdf) for run in runs}

    assert fonts
    assert all("DejaVuSans" in font for font in fonts), fonts
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/TrueType":
                assert "/FontFile2" in font["/FontDescriptor"].get_object()


@pytest.mark.parametrize(
    "name",
    ["Ánde Ŋuolga-Čuđe", "Máret Šimić Žeželj", "Ŧomas Łukasz Dvořák", "Æsa Øye Åsen §«»–"],
)
def test_every_face_has_the_glyphs_of_sami_and_other_european_names(name):
    from reportlab.pdfbase import pdfmetrics

    from letters.base import FONT, FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC

    for face in (FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC):
        cmap = pdfmetrics.getFont(face).face.charToGlyph
        missing = [c for c in name if c != " " and ord(c) not in cmap]
        assert not missing, (face, missing)


def test_bold_markup_uses_the_bold_face():
    pdf = render_letter(samples.points_decision("nb"))

    bold_runs = [run.text for runs in text_runs(pdf) for run in runs if "Bold" in run.font]

    assert any("Vedtak" in text for text in bold_runs)
    assert any("Klagefrist" in text for text in bold_runs)


def test_letterhead_with_logo(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (20, 80, 140)).save(logo)
    letterhead = replace(samples.LETTERHEAD, logo_path=str(logo))
    context = replace(samples.granted("nb"), letterhead=letterhead)

    pdf = render_letter(context)

    first_page = reader(pdf).pages[0]
    images = [
        obj
        for obj in first_page["/Resources"]["/XObject"].values()
        if obj.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1
    assert "/XObject" not in reader(pdf).pages[1]["/Resources"]
    assert render_letter(context) == pdf
    assert_within_margins(pdf)


# --- A long letterhead name ----------------------------------------------------------------


def test_a_long_municipality_name_shrinks_instead_of_running_into_the_address():
    long_name = (
        "Indre Østfold og Vestre Hallingdal interkommunale bevillingskontor for Bodø, "
        "Saltdal og Gildeskål kommuner"
    )
    context = samples.granted("nb")
    context = replace(context, letterhead=replace(context.letterhead, name=long_name))

    first_page = text_runs(render_letter(context))[0]

    # The letterhead's last line (its address) stays above the recipient's name.
    address = min(run.y for run in first_page if run.text.startswith("8001 Bodø"))
    recipient = max(run.y for run in first_page if run.text.startswith("Fjøsnæs Bryggeri og"))
    assert address > recipient + 8
    assert "Gildeskål kommuner" in page_texts(render_letter(context))[0]
