"""The Norwegian catalogue is complete and compiled from the current .po file."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import letters

LC_MESSAGES = Path(letters.__file__).parent / "locale" / "nb" / "LC_MESSAGES"


def _unquote(value: str) -> str:
    return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")


def po_entries() -> list[dict[str, str]]:
    """A minimal reader for the catalogue (written without line wrapping)."""
    entries, entry = [], {}
    for line in (LC_MESSAGES / "django.po").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if entry:
                entries.append(entry)
            entry = {}
            continue
        if line.startswith("#,"):
            entry["flags"] = line
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
        if match:
            entry[match.group(1)] = _unquote(match.group(2))
    if entry:
        entries.append(entry)
    return [e for e in entries if e.get("msgid")]


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
