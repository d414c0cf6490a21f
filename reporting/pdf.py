"""The yearly report as a PDF for the council's case papers (reportlab, with its own
graphics for the charts; the letters' embedded DejaVu fonts for æ, ø, å and §)."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from letters.base import FONT, FONT_BOLD
from letters.formatting import esc

from .charts import CURRENT, PREVIOUS, short_label
from .figures import Report, breach_name
from .summary import LABELS, chart_series, fee_table, fmt

WIDTH = A4[0] - 40 * mm
BODY = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=13.5, spaceAfter=5)
TITLE = ParagraphStyle("Title", parent=BODY, fontName=FONT_BOLD, fontSize=16, leading=20)
HEADING = ParagraphStyle(
    "Heading", parent=BODY, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8
)
HEAD_RIGHT = ParagraphStyle(
    "HeadRight",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=8.5,
    leading=10.5,
    alignment=2,
    spaceAfter=0,
)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=8, leading=10.5, textColor=colors.grey)


def _chart(title: str, bars, current_label: str, previous_label: str) -> Drawing:
    rows = max(len(bars), 1)
    height = 30 + rows * 26
    drawing = Drawing(WIDTH, height + 22)
    drawing.add(String(0, height + 10, title, fontName=FONT_BOLD, fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 190, 20
    chart.width, chart.height = WIDTH - 230, height - 24
    # reportlab draws the first category at the bottom: reverse so the order reads down.
    chart.data = [
        [b.previous for b in reversed(bars)] or [0],
        [b.current for b in reversed(bars)] or [0],
    ]
    chart.categoryAxis.categoryNames = [short_label(b.label, 38) for b in reversed(bars)] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.bars[0].fillColor = colors.HexColor(PREVIOUS)
    chart.bars[1].fillColor = colors.HexColor(CURRENT)
    chart.bars.strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 190, 8
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.colorNamePairs = [
        (colors.HexColor(CURRENT), current_label),
        (colors.HexColor(PREVIOUS), previous_label),
    ]
    drawing.add(legend)
    return drawing


def _table(rows, widths, header=True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style += [("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5)]
    table.setStyle(TableStyle(style))
    return table


def render(report: Report, summary_sentences: list[str], title: str) -> bytes:
    now, before = report.current, report.previous
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=18 * mm, bottomMargin=18 * mm, title=title, author=", ".join(report.municipality_names),
        creator="Bevillingsforvaltning", invariant=True,
    )  # fmt: skip
    year, previous_year = str(now.year), str(before.year)
    story = [
        Paragraph(esc(title), TITLE),
        Paragraph(esc(", ".join(report.municipality_names)), BODY),
        Paragraph(
            esc(
                _("Figures as of %(date)s, compared with %(previous)s.")
                % {
                    "date": date_format(now.reference_date, "SHORT_DATE_FORMAT"),
                    "previous": previous_year,
                }
            ),
            SMALL,
        ),  # fmt: skip
        Paragraph(esc(_("Summary")), HEADING),
    ]
    story += [Paragraph(esc(sentence), BODY) for sentence in summary_sentences]
    story.append(Paragraph(esc(_("Key figures")), HEADING))
    rows = [[_("Figure"), year, previous_year, _("Difference")]]
    for row in report.comparison():
        change = row["change"]
        rows.append(
            [
                Paragraph(esc(str(LABELS[row["name"]])), BODY),
                fmt(row["current"]),
                fmt(row["previous"]),
                "–" if change is None else (f"+{fmt(change)}" if change > 0 else fmt(change)),
            ]
        )
    story.append(_table(rows, [WIDTH - 60 * mm, 20 * mm, 20 * mm, 20 * mm]))
    for _id, chart_title, bars in chart_series(report):
        story += [Spacer(1, 6 * mm), _chart(chart_title, bars, year, previous_year)]
    # Details
    kind_rows = [[_("Kind"), _("In force"), _("New"), _("Ended"), _("Transferred")]]
    from licensing.models import LicenceKind

    for kind, label in LicenceKind.choices:
        r = now.kinds[kind]
        kind_rows.append([Paragraph(esc(str(label)), BODY), r.in_force, r.new, r.ended,
                          r.transferred])  # fmt: skip
    story.append(
        KeepTogether(
            [Paragraph(esc(_("Licences by kind")), HEADING),
             _table(kind_rows, [WIDTH - 96 * mm, 20 * mm, 20 * mm, 24 * mm, 32 * mm])]
        )
    )  # fmt: skip
    group_rows = [[_("Alcohol groups"), _("In force"), _("New")]]
    for label in sorted(set(now.groups_in_force) | set(now.groups_new)):
        group_rows.append([label, now.groups_in_force.get(label, 0), now.groups_new.get(label, 0)])
    story.append(Spacer(1, 3 * mm))
    story.append(_table(group_rows, [WIDTH - 40 * mm, 20 * mm, 20 * mm]))
    if now.breaches:
        story.append(Paragraph(esc(_("Breaches by type (decided point decisions)")), HEADING))
        breach_rows = [[_("Breach"), _("Decisions"), _("Points")]]
        for row in now.breaches.values():
            name = breach_name(row)
            breach_rows.append([Paragraph(esc(name), BODY), row["count"], row["points"]])
        story.append(_table(breach_rows, [WIDTH - 40 * mm, 20 * mm, 20 * mm]))
    if now.venues_not_inspected:
        venue_rows = [[_("Venue"), _("Licence"), _("Municipality")]]
        venue_rows += [
            [Paragraph(esc(v["venue"]), BODY), v["licence_number"], v["municipality"]]
            for v in now.venues_not_inspected
        ]
        story.append(
            KeepTogether(
                [Paragraph(esc(_("Venues not inspected in the year")), HEADING),
                 _table(venue_rows, [WIDTH - 70 * mm, 30 * mm, 40 * mm])]
            )
        )  # fmt: skip
    fee_header, fee_rows = fee_table(now)
    if fee_rows:
        kinds = len(now.fees_by_kind)
        body = [[Paragraph(esc(r[0]), BODY), *r[1:]] for r in fee_rows]
        if fee_rows[kinds:]:
            body.insert(kinds, [Paragraph(esc(_("Per municipality")), HEADING), "", "", "", "", ""])
        story.append(
            KeepTogether(
                [Paragraph(esc(_("Licence fees of the year")), HEADING),
                 _table([[fee_header[0], *(Paragraph(esc(h), HEAD_RIGHT) for h in fee_header[1:])],
                         *body],
                        [WIDTH - 132 * mm, 24 * mm, 26 * mm, 26 * mm, 30 * mm, 26 * mm])]
            )
        )  # fmt: skip
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            esc(
                _("The definition of every figure is in the documentation (docs/annual-report.md).")
            ),
            SMALL,
        )
    )
    doc.build(story)
    return buffer.getvalue()
