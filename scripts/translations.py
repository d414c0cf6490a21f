#!/usr/bin/env python
"""Missing Bokmål (nb) and Nynorsk (nn) translations, per catalogue.

    .venv/bin/python scripts/translations.py              # report: missing per catalogue
    .venv/bin/python scripts/translations.py --list       # ... and each missing msgid
    .venv/bin/python scripts/translations.py --update     # makemessages -l nb -l nn first
    .venv/bin/python scripts/translations.py --export missing.json
    .venv/bin/python scripts/translations.py --apply missing.json   # then compiles the .mo

A catalogue is an app's ``<app>/locale`` (its sources: the app folder) or the project's
``locale/`` (its sources: ``config/`` and ``templates/``). The report compares the msgids
found in the sources now (extracted by ``makemessages`` in a temporary copy, so the
catalogues are not touched) with each language's ``.po``: a msgid is missing when the
``.po`` lacks it, leaves its msgstr empty or marks it fuzzy. Exit status 1 when anything is
missing, so CI and ``tests/test_translations.py`` can use it.

After merging branches that add strings: ``--update`` (the .po files get the new msgids),
``--export`` (one JSON list of what is missing, with the English msgid and the Bokmål text
where there is one), fill in ``nb``/``nn`` in the JSON, ``--apply`` it (the .po files get
the texts, gettext's own formatting is kept with ``msgcat``, the .mo files are compiled).
See docs/operations.md (Development).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("nb", "nn")
#: Never sources of a catalogue.
SKIP = shutil.ignore_patterns("locale", "__pycache__", "migrations", "fonts", "*.pyc", "*.mo")


@dataclass(frozen=True)
class Catalogue:
    name: str  # the app folder, or "project"
    locale: Path  # the folder holding <language>/LC_MESSAGES/django.po
    sources: tuple[Path, ...]  # folders whose strings belong here

    def po_path(self, language: str) -> Path:
        return self.locale / language / "LC_MESSAGES" / "django.po"


def catalogues() -> list[Catalogue]:
    """The project's catalogue and one per app (a folder with ``apps.py``), whether or not
    it has a ``locale`` folder yet: an app with strings and no catalogue is missing them."""
    found = [Catalogue("project", ROOT / "locale", (ROOT / "config", ROOT / "templates"))]
    for apps_py in sorted(ROOT.glob("*/apps.py")):
        app = apps_py.parent
        found.append(Catalogue(app.name, app / "locale", (app,)))
    return found


def _django(*args: str, cwd: Path) -> None:
    """Run a django-admin command without the project's settings, so that makemessages
    writes only below ``cwd``."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-P", "-m", "django", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"makemessages failed in {cwd}:\n{done.stderr}")


Key = tuple[str, str]  # (msgctxt, msgid)


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid)


def source_messages(catalogue: Catalogue) -> dict[Key, polib.POEntry]:
    """The msgids in the catalogue's sources now (makemessages in a temporary copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "src"
        work.mkdir()
        for source in catalogue.sources:
            shutil.copytree(source, work / source.name, ignore=SKIP)
        if catalogue.name != "project":
            work = work / catalogue.name  # run inside the app, as the .po references say
        (work / "locale").mkdir()
        _django("makemessages", "-l", "nb", "--keep-pot", cwd=work)
        pot = polib.pofile(str(work / "locale" / "django.pot"))
        return {_key(entry): entry for entry in pot if not entry.obsolete}


def is_translated(entry: polib.POEntry | None) -> bool:
    if entry is None or entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def missing(catalogue: Catalogue, language: str, wanted: dict[Key, polib.POEntry]) -> list[Key]:
    """The msgids of ``wanted`` that the language's .po does not translate."""
    path = catalogue.po_path(language)
    entries = {}
    if path.exists():
        entries = {_key(e): e for e in polib.pofile(str(path)) if not e.obsolete}
    return [key for key in wanted if not is_translated(entries.get(key))]


def update(catalogue: Catalogue) -> None:
    """``makemessages -l nb -l nn`` for the catalogue (adds new msgids, drops old ones)."""
    catalogue.locale.mkdir(exist_ok=True)
    args = ["makemessages", "-l", "nb", "-l", "nn", "--no-obsolete"]
    if catalogue.name == "project":
        # From the project folder, but only config/ and templates/ (the apps have their own).
        for path in sorted(ROOT.iterdir()):
            if path.is_dir() and path.name not in ("config", "templates", "locale"):
                args += ["--ignore", f"{path.name}/*"]
        _django(*args, cwd=ROOT)
    else:
        _django(*args, cwd=catalogue.locale.parent)
    for language in LANGUAGES:
        _header(catalogue, language)
        compile_mo(catalogue.po_path(language))


TEAMS = {"nb": "Norwegian Bokmål", "nn": "Norwegian Nynorsk"}


def _header(catalogue: Catalogue, language: str) -> None:
    """Fill in the template header makemessages writes into a new catalogue."""
    path = catalogue.po_path(language)
    po = polib.pofile(str(path))
    if po.metadata.get("Language"):
        return
    po.header = f"{TEAMS[language]} translations of {catalogue.name}."
    po.metadata.update(
        {
            "Project-Id-Version": f"bevilling {catalogue.name}",
            "Last-Translator": "bevilling maintainers",
            "Language-Team": TEAMS[language],
            "Language": language,
            "PO-Revision-Date": po.metadata.get("POT-Creation-Date", ""),
        }
    )
    po.metadata_is_fuzzy = False
    po.save(str(path))
    _gettext("msgcat", "-o", str(path), str(path))


def export(report: dict[str, dict[str, list[Key]]], path: Path) -> int:
    """One JSON list of the missing messages, to be filled in and applied."""
    rows = []
    for catalogue in catalogues():
        wanted = report.get(catalogue.name)
        if not wanted:
            continue
        keys = sorted({key for keys in wanted.values() for key in keys})
        po = {}
        for language in LANGUAGES:
            found = catalogue.po_path(language)
            po[language] = {_key(e): e for e in polib.pofile(str(found))} if found.exists() else {}
        for context, msgid in keys:
            some = po["nb"].get((context, msgid)) or po["nn"].get((context, msgid))
            plural = some.msgid_plural if some is not None else ""
            row = {"catalogue": catalogue.name, "context": context, "msgid": msgid}
            if plural:
                row["msgid_plural"] = plural
            for language in LANGUAGES:
                entry = po[language].get((context, msgid))
                if plural:
                    forms = entry.msgstr_plural if entry is not None else {}
                    row[language] = [forms.get(0, ""), forms.get(1, "")]
                else:
                    row[language] = entry.msgstr if entry is not None else ""
            rows.append(row)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(rows)


def apply(path: Path) -> int:
    """Write the texts of an exported (and filled-in) JSON list into the .po files, keep
    gettext's formatting (msgcat) and compile the .mo files. Empty texts are skipped."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    by_catalogue = {c.name: c for c in catalogues()}
    written = 0
    for language in LANGUAGES:
        for name in sorted({row["catalogue"] for row in rows}):
            po_path = by_catalogue[name].po_path(language)
            po = polib.pofile(str(po_path))
            entries = {_key(e): e for e in po}
            changed = False
            for row in rows:
                text = row.get(language)
                if row["catalogue"] != name or not text or not any(text):
                    continue
                entry = entries.get((row.get("context", ""), row["msgid"]))
                if entry is None:
                    raise SystemExit(f"{po_path}: no msgid {row['msgid']!r}; run --update first")
                if entry.msgid_plural:
                    entry.msgstr_plural = dict(enumerate(text))
                else:
                    entry.msgstr = text
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgctxt = entry.previous_msgid = None
                entry.previous_msgid_plural = None
                changed = True
                written += 1
            if changed:
                po.save(str(po_path))
                _gettext("msgcat", "-o", str(po_path), str(po_path))
                compile_mo(po_path)
    return written


def compile_mo(po_path: Path) -> None:
    _gettext("msgfmt", "--check-format", "-o", str(po_path.with_suffix(".mo")), str(po_path))


def _gettext(tool: str, *args: str) -> None:
    """Run a GNU gettext tool (msgcat keeps gettext's own line wrapping of .po files)."""
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"{tool} not found: install gettext (apt-get install gettext).")
    subprocess.run([path, *args], check=True)  # noqa: S603 - a gettext tool, our arguments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="makemessages -l nb -l nn first")
    parser.add_argument("--list", action="store_true", help="print every missing msgid")
    parser.add_argument("--export", type=Path, metavar="FILE", help="write the missing as JSON")
    parser.add_argument("--apply", type=Path, metavar="FILE", help="write filled-in JSON")
    parser.add_argument("catalogue", nargs="*", help="only these (app folder or 'project')")
    options = parser.parse_args()

    if options.apply:
        print(f"Wrote {apply(options.apply)} translations and compiled the .mo files.")
        return 0
    chosen = [c for c in catalogues() if not options.catalogue or c.name in options.catalogue]
    report: dict[str, dict[str, list[Key]]] = {}
    total = 0
    for catalogue in chosen:
        if options.update:
            update(catalogue)
        wanted = source_messages(catalogue)
        counts = []
        for language in LANGUAGES:
            keys = missing(catalogue, language, wanted)
            report.setdefault(catalogue.name, {})[language] = keys
            total += len(keys)
            counts.append(f"{language}: {len(keys)} missing")
        print(f"{catalogue.name:12} {len(wanted):4} msgids; " + ", ".join(counts))
        if options.list:
            for language in LANGUAGES:
                for context, msgid in report[catalogue.name][language]:
                    where = f"[{context}] " if context else ""
                    print(f"  {language}: {where}{msgid}")
    if options.export:
        print(f"Exported {export(report, options.export)} messages to {options.export}.")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
