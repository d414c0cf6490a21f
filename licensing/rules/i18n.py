"""Translated message templates for the rules, memoised per language.

Django's ``gettext`` looks up the active language on every call (about 3 µs, mostly the
thread-local lookup), which dominates a batch of 20,000 licences. The rules instead look
up the active language once (``messages()``) and translate each template through a
``Messages`` object that memoises it. Templates are constants with %-style named
placeholders; the values are filled in afterwards, so the memo holds one entry per
template (and per number for plurals).

The templates are still found by ``makemessages`` (xgettext extracts ``x.gettext("...")``
and ``x.ngettext("...", "...", n)`` calls).
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.formats import date_format, get_format

# Formatted dates kept per language (a date a day for 30 years is about 11,000).
_MAX_DATES = 20_000


class Messages:
    """The translations of one language (``None``: translation deactivated)."""

    __slots__ = ("language", "_singular", "_plural", "_date_format", "_dates")

    def __init__(self, language: str | None) -> None:
        self.language = language
        self._singular: dict[str, str] = {}
        self._plural: dict[tuple[str, str, int], str] = {}
        self._date_format: str | None = None
        self._dates: dict[dt.date, str] = {}

    def date(self, value: dt.date) -> str:
        """``value`` as people read it in this language, day first: 03.12.2026 (nb, nn),
        03/12/2026 (en). Messages only: machine output (JSON, the API's fields) keeps ISO
        dates. The format is looked up once per language; the common ones are formatted
        without Django's date formatter (batches of 20,000 licences), and each date once:
        a batch names a few thousand distinct dates in about 50,000 places."""
        try:
            return self._dates[value]
        except KeyError:
            pass
        text = self._format_date(value)
        if len(self._dates) >= _MAX_DATES:
            self._dates.clear()
        self._dates[value] = text
        return text

    def _format_date(self, value: dt.date) -> str:
        if self._date_format is None:
            with translation.override(self.language):
                self._date_format = str(get_format("SHORT_DATE_FORMAT"))
        pattern = self._date_format
        if pattern == "d.m.Y":
            return f"{value.day:02d}.{value.month:02d}.{value.year}"
        if pattern == "d/m/Y":
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        with translation.override(self.language):
            return date_format(value, "SHORT_DATE_FORMAT")

    def gettext(self, message: str) -> str:
        """``message`` translated into this language."""
        try:
            return self._singular[message]
        except KeyError:
            with translation.override(self.language):
                translated = translation.gettext(message)
            self._singular[message] = translated
            return translated

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        """The singular or plural form for ``number``, translated into this language."""
        key = (singular, plural, number)
        try:
            return self._plural[key]
        except KeyError:
            with translation.override(self.language):
                translated = translation.ngettext(singular, plural, number)
            self._plural[key] = translated
            return translated


_BY_LANGUAGE: dict[str | None, Messages] = {}


def messages() -> Messages:
    """The ``Messages`` of the active language."""
    language = translation.get_language()
    found = _BY_LANGUAGE.get(language)
    if found is None:
        found = _BY_LANGUAGE.setdefault(language, Messages(language))
    return found
