"""The Norwegian catalogue is complete and compiled from the current .po file."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib

import letters

LC_MESSAGES = Path(letters.__file__).parent / "locale" / "nb" / "LC_MESSAGES"


def po_entries() -> list[dict[str, str]]:
    """The catalogue's entries as dicts (msgctxt, msgid, msgid_plural, msgstr[n], flags)."""
    entries = []
    for e in polib.pofile(str(LC_MESSAGES / "django.po")):
        if e.obsolete or not e.msgid:
            continue
        entry = {"msgid": e.msgid, "flags": ", ".join(e.flags)}
        if e.msgctxt:
            entry["msgctxt"] = e.msgctxt
        if e.msgid_plural:
            entry["msgid_plural"] = e.msgid_plural
            for index, text in e.msgstr_plural.items():
                entry[f"msgstr[{index}]"] = text
        else:
            entry["msgstr"] = e.msgstr
        entries.append(entry)
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = po_entries()

    assert len(entries) > 100
    for entry in entries:
        assert "fuzzy" not in entry.get("flags", ""), entry
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert translations and all(translations), entry


def test_compiled_catalogue_matches_the_po_file():
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)

    for entry in po_entries():
        if "msgid_plural" in entry:
            assert (
                catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 1) == (entry["msgstr[0]"])
            )
            assert (
                catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 2) == (entry["msgstr[1]"])
            )
        elif "msgctxt" in entry:
            assert catalogue.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_placeholders_survive_translation():
    for entry in po_entries():
        source = set(re.findall(r"%\(\w+\)s", entry["msgid"] + entry.get("msgid_plural", "")))
        for key, value in entry.items():
            if key.startswith("msgstr"):
                assert set(re.findall(r"%\(\w+\)s", value)) <= source, entry["msgid"]
