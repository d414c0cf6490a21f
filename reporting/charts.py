"""Charts of the yearly report: inline SVG for the web page (no script, no style
attribute: presentation attributes only, so a strict Content-Security-Policy allows it).
The PDF draws the same data with reportlab.graphics (``reporting.pdf``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CURRENT = "#0b4f8a"
PREVIOUS = "#9cb8d6"


@dataclass(frozen=True)
class Bar:
    label: str
    current: float
    previous: float


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, current_label: str,
              previous_label: str) -> SafeString:  # fmt: skip
    """Horizontal bars, this year (dark) above the year before (light), with the numbers."""
    label_width, bar_width, row = 300, 280, 34
    width = label_width + bar_width + 60
    height = 30 + row * max(len(bars), 1)
    top = max([b.current for b in bars] + [b.previous for b in bars] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<rect x="{label_width}" y="4" width="12" height="12" fill="{CURRENT}"/>',
        f'<text x="{label_width + 16}" y="14" font-size="12">{escape(current_label)}</text>',
        f'<rect x="{label_width + 110}" y="4" width="12" height="12" fill="{PREVIOUS}"/>',
        f'<text x="{label_width + 126}" y="14" font-size="12">{escape(previous_label)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = 26 + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" font-size="12" text-anchor="end">'
            f"{escape(short_label(bar.label))}</text>"
        )
        for offset, value, colour in ((0, bar.current, CURRENT), (14, bar.previous, PREVIOUS)):
            length = bar_width * value / top
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length:.1f}" height="12" '
                f'fill="{colour}"/>'
                f'<text x="{label_width + length + 4:.1f}" y="{y + offset + 10}" '
                f'font-size="11">{escape(_number(value))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def short_label(label: str, limit: int = 40) -> str:
    """Labels longer than the label column end in an ellipsis (the full text is in the
    table below the charts)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
