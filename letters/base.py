"""The base PDF letter renderer: page templates, fonts, named styles, page x of y.

One renderer class per letter kind (see ``letters.kinds``) subclasses
``LetterRenderer`` and builds only the body of the story from a frozen context.
Everything around it (letterhead, recipient and reference block, title, signature,
footer, PDF metadata) lives here, once.

Output is deterministic: the same context gives byte-identical PDFs. The canvas runs in
reportlab's invariant mode (fixed document ID) and the creation date is the letter date,
so a stored letter can be regenerated and compared.

Pattern: pretix ``base/invoicing/pdf.py``.
"""

from __future__ import annotations

import io
from datetime import date
from functools import partial
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .context import LetterContext
from .formatting import esc, format_date, format_org_number

CREATOR = "Bevillingsforvaltning"

# --- Fonts ----------------------------------------------------------------------------
# DejaVu Sans (licensing/letters/fonts, with its licence) covers Latin-1 (æ, ø, å, §, «, »)
# and Latin Extended (the Sámi letters á, č, đ, ŋ, š, ŧ, ž; names such as Šarić or Łukasz).
# It is Bitstream Vera extended, with the same metrics, so the layout is Vera's. The fonts
# are embedded as subsets, so the letter looks the same on every reader. Registered once,
# at import, under our own names so nothing else in the process can replace them.

FONT = "LetterSans"
FONT_BOLD = "LetterSans-Bold"
FONT_ITALIC = "LetterSans-Italic"
FONT_BOLD_ITALIC = "LetterSans-BoldItalic"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    # The family mapping makes <b> and <i> in paragraph markup pick the right face.
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


_register_fonts()

# --- Page geometry --------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_BOTTOM = 22 * mm
FIRST_PAGE_TOP = 44 * mm  # room for the letterhead
LATER_PAGE_TOP = 26 * mm  # room for the short header
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FOOTER_Y = 12 * mm

GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#ececec")

# --- Styles ---------------------------------------------------------------------------


def _build_stylesheet() -> StyleSheet1:
    sheet = StyleSheet1()
    # spaceShrinkage=0: reportlab would otherwise let a left-aligned line run up to 5 % of
    # its spaces into the margin.
    base = ParagraphStyle(
        "Body", fontName=FONT, fontSize=9.5, leading=13.5, spaceAfter=5, spaceShrinkage=0
    )
    sheet.add(base)
    sheet.add(ParagraphStyle("BodyTight", parent=base, spaceAfter=1))
    sheet.add(ParagraphStyle("Quote", parent=base, leftIndent=6 * mm, fontName=FONT_ITALIC))
    sheet.add(
        ParagraphStyle(
            "Bullet", parent=base, leftIndent=5 * mm, bulletIndent=1 * mm, bulletFontName=FONT
        )
    )
    sheet.add(
        ParagraphStyle(
            "Title", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17, spaceAfter=8
        )
    )
    sheet.add(
        ParagraphStyle(
            "Heading",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Subheading",
            parent=base,
            fontName=FONT_BOLD,
            spaceBefore=2,
            spaceAfter=1,
            keepWithNext=1,
        )
    )
    sheet.add(ParagraphStyle("Address", parent=base, fontSize=10, leading=13.5, spaceAfter=0))
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8, leading=10.5, textColor=GREY))
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0))
    sheet.add(ParagraphStyle("CellBold", parent=sheet["Cell"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("CellRight", parent=sheet["Cell"], alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("CellRightBold", parent=sheet["CellRight"], fontName=FONT_BOLD))
    sheet.add(
        ParagraphStyle("CellSmall", parent=sheet["Cell"], fontSize=7.5, leading=9.5, textColor=GREY)
    )
    sheet.add(
        ParagraphStyle(
            "RefLabel", parent=base, fontSize=8, leading=11, spaceAfter=0, textColor=GREY
        )
    )
    sheet.add(ParagraphStyle("RefValue", parent=sheet["RefLabel"], textColor=colors.black))
    sheet.add(
        ParagraphStyle(
            "LetterheadName",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=18,
            spaceAfter=0,
        )
    )
    sheet.add(
        ParagraphStyle(
            "LetterheadLine", parent=base, fontSize=8, leading=10.5, spaceAfter=0, textColor=GREY
        )
    )
    sheet.add(
        ParagraphStyle("LetterheadContact", parent=sheet["LetterheadLine"], alignment=TA_RIGHT)
    )
    return sheet


STYLES = _build_stylesheet()

# --- Canvas ---------------------------------------------------------------------------


def _pdf_date(value: date) -> str:
    return f"D:{value.year:04d}{value.month:02d}{value.day:02d}000000+00'00'"


class NumberedCanvas(Canvas):
    """A canvas that knows the page count when it draws "Page x of y".

    Pages are held back until ``save``; then each is finished with its label.
    """

    def __init__(
        self,
        *args: object,
        page_label: str,
        creation_date: str,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._saved_page_states: list[dict] = []
        # Creation and modification date: the letter date, not the clock.
        self.setDateFormatter(lambda *_args: creation_date)

    def showPage(self) -> None:
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_page_states)
        for state in self._saved_page_states:
            self.__dict__.update(state)
            self._draw_page_label(self._pageNumber, total)
            super().showPage()
        super().save()

    def _draw_page_label(self, page: int, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        self.drawRightString(
            PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y, self._page_label % {"page": page, "pages": total}
        )
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a one-line text with an ellipsis so it fits ``width``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _fitting_style(
    markup: str, style: ParagraphStyle, width: float, max_height: float, min_size: float = 9
) -> ParagraphStyle:
    """``style``, or a smaller copy of it, so that ``markup`` fits ``max_height``."""
    size = style.fontSize
    fitted = style
    while size > min_size and Paragraph(markup, fitted).wrap(width, PAGE_HEIGHT)[1] > max_height:
        size -= 1
        fitted = ParagraphStyle(
            f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.2
        )
    return fitted


def _draw_paragraph(
    canvas: Canvas, markup: str, style: ParagraphStyle, x: float, top: float, width: float
) -> float:
    """Draw a paragraph with its top edge at ``top``; return its height."""
    paragraph = Paragraph(markup, style)
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, top - height)
    return height


# --- Renderer -------------------------------------------------------------------------


class LetterRenderer:
    """Render one kind of letter. Subclasses implement ``title`` and ``body``."""

    styles = STYLES

    def title(self, context: LetterContext) -> str:
        raise NotImplementedError

    def body(self, context: LetterContext) -> list[Flowable]:
        raise NotImplementedError

    def get_subject(self, context: LetterContext) -> str:
        return self.title(context)

    # -- Public API --

    def render(self, context: LetterContext) -> bytes:
        """Render the letter in the context's language and return the PDF bytes."""
        with translation.override(context.language):
            buffer = io.BytesIO()
            title = self.title(context)
            doc = BaseDocTemplate(
                buffer,
                pagesize=A4,
                leftMargin=MARGIN_LEFT,
                rightMargin=MARGIN_RIGHT,
                topMargin=LATER_PAGE_TOP,
                bottomMargin=MARGIN_BOTTOM,
                title=title,
                author=context.letterhead.name,
                subject=self.get_subject(context),
                creator=CREATOR,
                keywords=[context.our_reference],
                invariant=1,
                lang={"nb": "nb-NO", "nn": "nn-NO"}.get(context.language, "en"),
                displayDocTitle=1,
            )
            doc.addPageTemplates(self._page_templates(context))
            canvasmaker = partial(
                NumberedCanvas,
                page_label=_("Page %(page)s of %(pages)s"),
                creation_date=_pdf_date(context.letter_date),
            )
            doc.build(self.story(context, title), canvasmaker=canvasmaker)
            return buffer.getvalue()

    # -- Story --

    def story(self, context: LetterContext, title: str) -> list[Flowable]:
        body = self.body(context)
        # The signature never stands alone on the last page: it takes the last paragraph
        # of the body along.
        keep_with = [body.pop()] if body and isinstance(body[-1], Paragraph) else []
        return [
            self.address_block(context),
            Spacer(1, 11 * mm),
            Paragraph(esc(title), self.styles["Title"]),
            *body,
            *self.closing(context, keep_with=keep_with),
        ]

    def address_block(self, context: LetterContext) -> Flowable:
        """Recipient on the left (in the envelope window), references on the right."""
        recipient = context.recipient
        address = "<br/>".join(esc(line) for line in (recipient.name, *recipient.address_lines))
        officer = context.case_officer
        rows = [
            (pgettext("letter", "Our ref."), context.our_reference),
            (pgettext("letter", "Your ref."), context.your_reference),
            (pgettext("letter", "Date"), format_date(context.letter_date)),
            (pgettext("letter", "Case officer"), officer.name),
            (pgettext("letter", "Phone"), officer.phone),
            (pgettext("letter", "Email"), officer.email),
        ]
        references = Table(
            [
                [
                    Paragraph(esc(label), self.styles["RefLabel"]),
                    Paragraph(esc(value), self.styles["RefValue"]),
                ]
                for label, value in rows
            ],
            colWidths=[26 * mm, 48 * mm],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            ),
        )
        return Table(
            [[Paragraph(address, self.styles["Address"]), references]],
            colWidths=[FRAME_WIDTH - 74 * mm, 74 * mm],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )

    def closing(
        self, context: LetterContext, keep_with: list[Flowable] | None = None
    ) -> list[Flowable]:
        signature = [
            Spacer(1, 4 * mm),
            Paragraph(esc(pgettext("letter", "Kind regards")), self.styles["Body"]),
            Spacer(1, 2 * mm),
            self.signatures(context),
            Spacer(1, 3 * mm),
            Paragraph(
                esc(
                    _(
                        "This letter has been approved electronically and therefore has "
                        "no handwritten signature."
                    )
                ),
                self.styles["Small"],
            ),
        ]
        flowables: list[Flowable] = [KeepTogether([*(keep_with or []), *signature])]
        if context.copy_to:
            label = pgettext("letter", "Copy to:")
            recipients = ", ".join(context.copy_to)
            flowables.append(
                Paragraph(f"<b>{esc(label)}</b> {esc(recipients)}", self.styles["Small"])
            )
        return flowables

    def signatures(self, context: LetterContext) -> Flowable:
        """The case officer; on a decision made under delegation by someone else, the
        one who decided too, side by side (domain section 2: a decision letter names both).
        A council's or committee's decision is signed by the case officer: the sentence
        on the decision names the body and its case number."""
        officer = context.case_officer
        made = getattr(context, "made", None)
        decider = made.decided_by if made is not None and not made.political else ""
        if decider and decider == officer.name:
            title = pgettext("letter", "Case officer and decision-maker")
            return Paragraph(
                "<br/>".join(esc(line) for line in (officer.name, title, context.letterhead.name)),
                self.styles["BodyTight"],
            )
        own = Paragraph(
            "<br/>".join(
                esc(line) for line in (officer.name, officer.title, context.letterhead.name) if line
            ),
            self.styles["BodyTight"],
        )
        if not decider:
            return own
        decided = Paragraph(
            "<br/>".join(
                esc(line)
                for line in (
                    decider,
                    pgettext("letter", "Decision-maker"),
                    context.letterhead.name,
                )
            ),
            self.styles["BodyTight"],
        )
        return Table(
            [[decided, own]],
            colWidths=[FRAME_WIDTH / 2, FRAME_WIDTH / 2],
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )

    # -- Page templates --

    def _page_templates(self, context: LetterContext) -> list[PageTemplate]:
        first = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            PAGE_HEIGHT - FIRST_PAGE_TOP - MARGIN_BOTTOM,
            id="first",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        later = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            PAGE_HEIGHT - LATER_PAGE_TOP - MARGIN_BOTTOM,
            id="later",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        return [
            PageTemplate(
                id="First",
                frames=[first],
                onPage=partial(self._draw_first_page, context),
                autoNextPageTemplate="Later",
            ),
            PageTemplate(
                id="Later", frames=[later], onPage=partial(self._draw_later_page, context)
            ),
        ]

    def _draw_first_page(self, context: LetterContext, canvas: Canvas, doc: object) -> None:
        letterhead = context.letterhead
        canvas.saveState()
        top = PAGE_HEIGHT - 14 * mm
        x = MARGIN_LEFT
        if letterhead.logo_path:
            logo = ImageReader(letterhead.logo_path)
            image_width, image_height = logo.getSize()
            height = 16 * mm
            width = min(height * image_width / image_height, 40 * mm)
            height = width * image_height / image_width
            canvas.drawImage(logo, x, top - height, width, height, mask="auto")
            x += width + 4 * mm
        contact_width = 62 * mm
        name_width = PAGE_WIDTH - MARGIN_RIGHT - contact_width - 4 * mm - x
        # A long name (an inter-municipal office) gets a smaller font rather than running
        # into the address block below the letterhead.
        address_height = len(letterhead.address_lines) * self.styles["LetterheadLine"].leading
        room = FIRST_PAGE_TOP - 14 * mm - 4 * mm - 1.5 * mm - address_height
        name_style = _fitting_style(
            esc(letterhead.name), self.styles["LetterheadName"], name_width, room
        )
        used = _draw_paragraph(canvas, esc(letterhead.name), name_style, x, top, name_width)
        if letterhead.address_lines:
            _draw_paragraph(
                canvas,
                "<br/>".join(esc(line) for line in letterhead.address_lines),
                self.styles["LetterheadLine"],
                x,
                top - used - 1.5 * mm,
                name_width,
            )
        contact_lines = [
            _("Org. no. %(number)s") % {"number": format_org_number(letterhead.org_number)},
            letterhead.phone and _("Phone %(phone)s") % {"phone": letterhead.phone},
            letterhead.email,
            letterhead.website,
        ]
        _draw_paragraph(
            canvas,
            "<br/>".join(esc(line) for line in contact_lines if line),
            self.styles["LetterheadContact"],
            PAGE_WIDTH - MARGIN_RIGHT - contact_width,
            top,
            contact_width,
        )
        self._draw_footer(context, canvas)
        canvas.restoreState()

    def _draw_later_page(self, context: LetterContext, canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        baseline = PAGE_HEIGHT - 15 * mm
        our_ref = pgettext("letter", "Our ref.")
        date_label = pgettext("letter", "Date")
        references = (
            f"{our_ref} {context.our_reference}   {date_label} {format_date(context.letter_date)}"
        )
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, baseline, references)
        room = FRAME_WIDTH - pdfmetrics.stringWidth(references, FONT, 8) - 6 * mm
        canvas.setFont(FONT_BOLD, 9)
        canvas.setFillColor(colors.black)
        canvas.drawString(MARGIN_LEFT, baseline, _fit(context.letterhead.name, FONT_BOLD, 9, room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, baseline - 3 * mm, PAGE_WIDTH - MARGIN_RIGHT, baseline - 3 * mm)
        self._draw_footer(context, canvas)
        canvas.restoreState()

    def _draw_footer(self, context: LetterContext, canvas: Canvas) -> None:
        letterhead = context.letterhead
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, FOOTER_Y + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y + 4 * mm)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        parts = [letterhead.name, letterhead.email, letterhead.website]
        text = "  ·  ".join(part for part in parts if part)
        # Leave room on the right for "Page x of y".
        canvas.drawString(MARGIN_LEFT, FOOTER_Y, _fit(text, FONT, 8, FRAME_WIDTH - 35 * mm))
