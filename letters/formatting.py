"""Formatting of values inside letters, in the active language.

Letters are formatted explicitly rather than through Django's locale formats, so a
letter looks the same whatever FORMAT_MODULE_PATH or USE_L10N a site configures:
22.11.2026 in Norwegian, 22 November 2026 in English.
"""

from __future__ import annotations

from datetime import date, datetime, time
from html import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _english() -> bool:
    return (translation.get_language() or "nb").startswith("en")


NBSP = "\u00a0"


def format_date(value: date) -> str:
    if _english():
        # Day and month stay on one line.
        return f"{value.day}{NBSP}{_ENGLISH_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def format_time(value: time, *, closing: bool = False) -> str:
    """08:00 in English, 08.00 in Norwegian; a closing time of midnight is 24:00."""
    hour = 24 if closing and (value.hour, value.minute) == (0, 0) else value.hour
    separator = ":" if _english() else "."
    return f"{hour:02d}{separator}{value.minute:02d}"


def format_datetime_range(starts_at: datetime, ends_at: datetime | None) -> str:
    day = format_date(starts_at.date())
    start = format_time(starts_at.time())
    if ends_at is None:
        return _("%(date)s at %(start)s") % {"date": day, "start": start}
    end = format_time(ends_at.time(), closing=True)
    if ends_at.date() != starts_at.date():
        end = f"{format_date(ends_at.date())} {end}"
    return _("%(date)s, %(start)s–%(end)s") % {"date": day, "start": start, "end": end}


def format_org_number(value: str) -> str:
    """Group a 9-digit organisation number as 123 456 789; leave anything else alone."""
    digits = value.replace(" ", "")
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return value


def format_list(items: list[str] | tuple[str, ...]) -> str:
    """'a', 'a and b', 'a, b and c' ('og' in Norwegian)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def points_text(count: int) -> str:
    return ngettext("%(count)s penalty point", "%(count)s penalty points", count) % {"count": count}


def days_text(count: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def weeks_text(count: int) -> str:
    words = {
        1: pgettext("letter", "one week"),
        2: pgettext("letter", "two weeks"),
        3: pgettext("letter", "three weeks"),
        4: pgettext("letter", "four weeks"),
    }
    if count in words:
        return words[count]
    return ngettext("%(count)s week", "%(count)s weeks", count) % {"count": count}


def capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def tie(markup: str) -> str:
    """Keep "§ 10-3" and "kl. 18.00" together across line breaks (no-break spaces)."""
    return (
        markup.replace("§§ ", f"§§{NBSP}").replace("§ ", f"§{NBSP}").replace("kl. ", f"kl.{NBSP}")
    )


def esc(value: object) -> str:
    """Escape a plain value for reportlab's paragraph markup."""
    return escape(str(value), quote=False)


def text_to_markup(text: str) -> list[str]:
    """Free text to paragraph markup: blank lines split paragraphs, newlines break lines."""
    paragraphs = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [esc(line.strip()) for line in block.strip().split("\n")]
        if any(lines):
            paragraphs.append("<br/>".join(lines))
    return paragraphs
