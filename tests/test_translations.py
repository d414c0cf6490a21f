"""Every message of the source is translated into Bokmål and Nynorsk, and the compiled .mo
files are the .po files as they are.

The reference set is what ``makemessages`` extracts from the sources now (in a temporary
copy, see scripts/translations.py), so a string someone adds later fails here until it has
an nb and an nn translation: run ``scripts/translations.py --update`` and translate.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
translations = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("translations", translations)
_spec.loader.exec_module(translations)

CATALOGUES = {catalogue.name: catalogue for catalogue in translations.catalogues()}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[\w:]+\}")

# Bokmål words that Nynorsk writes differently: in an nn catalogue they are a Bokmål text
# left untranslated (the Nynorsk forms: ikkje, løyve, kva, kven, kvar, saksbehandlar, ...).
BOKMAL_ONLY = re.compile(
    r"\b(ikke|bevilling\w*|hvis|hva|hvem|hvor|hvordan|saksbehandler\w*|jeg|være|"
    r"alkoholloven|alkoholforskriften|forvaltningsloven|inndragning\w*|prikker|brudd|"
    r"forhåndsvarsel\w*|uttalelse\w*|begrunnelse|høring\w*|styrer|stedfortreder|"
    r"mottatt|vedtatt|allerede|ennå|noen|dere|deres|fra|uker|dager|navn)\b"
)


def test_every_app_with_strings_has_a_catalogue():
    assert {"project", "licensing", "inspections", "seminars", "letters", "api"} <= set(CATALOGUES)
    for catalogue in CATALOGUES.values():
        for language in translations.LANGUAGES:
            assert catalogue.po_path(language).exists(), catalogue.po_path(language)


@pytest.fixture(scope="module")
def source_messages():
    """The msgids of each catalogue's sources (one makemessages run per catalogue)."""
    return {name: translations.source_messages(c) for name, c in CATALOGUES.items()}


@pytest.mark.parametrize("language", translations.LANGUAGES)
@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_message_of_the_source_is_translated(source_messages, name, language):
    wanted = source_messages[name]
    if name in ("project", "licensing", "inspections", "seminars", "letters", "api"):
        assert len(wanted) > 10  # the extraction found the sources
    missing = translations.missing(CATALOGUES[name], language, wanted)
    assert missing == [], (
        f"{len(missing)} messages of {name} have no {language} translation (or a fuzzy one); "
        "run scripts/translations.py --update and translate them"
    )


def _entries(language: str):
    for catalogue in CATALOGUES.values():
        path = catalogue.po_path(language)
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield catalogue.name, entry


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_placeholders_survive_translation(language):
    for name, entry in _entries(language):
        expected = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            # The singular may spell out "one" instead of the count; the plural keeps all.
            assert set(PLACEHOLDER.findall(forms[-1])) == expected, (name, entry.msgid)
            assert set(PLACEHOLDER.findall(forms[0])) <= expected, (name, entry.msgid)
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == expected, (name, entry.msgid)


def test_nynorsk_catalogues_hold_no_bokmal_left_untranslated():
    found = []
    for name, entry in _entries("nn"):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            found += [(name, match, text) for match in BOKMAL_ONLY.findall(text)]
    assert found == []


@pytest.mark.parametrize("language", translations.LANGUAGES)
@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_compiled_catalogue_matches_the_po_file(name, language):
    po_path = CATALOGUES[name].po_path(language)
    po = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.pofile(str(po_path))
        if e.translated() and not e.obsolete
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
        if e.msgid
    }
    assert mo == po, f"recompile {po_path.with_suffix('.mo')} (scripts/translations.py)"
