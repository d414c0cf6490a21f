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

from django.utils import translation


class Messages:
    """The translations of one language (``None``: translation deactivated)."""

    __slots__ = ("language", "_singular", "_plural")

    def __init__(self, language: str | None) -> None:
        self.language = language
        self._singular: dict[str, str] = {}
        self._plural: dict[tuple[str, str, int], str] = {}

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
