"""Reading rendered letters back: text per page, whitespace-normalised, and glyph runs."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def normalise(text: str) -> str:
    """Collapse line breaks and no-break spaces, so phrases match across wrapped lines."""
    return " ".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in reader(pdf).pages]


def full_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


@dataclass(frozen=True)
class Run:
    """One text run as drawn: where it starts, its font and effective size."""

    text: str
    x: float
    y: float
    font: str
    size: float


def text_runs(pdf: bytes) -> list[list[Run]]:
    pages = []
    for page in reader(pdf).pages:
        runs: list[Run] = []

        def visit(text, cm, tm, font_dict, font_size, runs=runs):
            if not text.strip():
                return
            # Position and scale in page space: text matrix, then current transform.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            runs.append(Run(text.strip(), x, y, font, font_size * tm[0] * cm[0]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages
