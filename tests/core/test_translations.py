"""Every interface string has a checked translation, and the catalogues follow the code.

The English catalogue is the project's only one today; the tests walk every
`.po` under `eig/` so that a new language or an app's own catalogue is covered
the day it appears.
"""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.core.pofile import messages

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUES = sorted((BASE_DIR / "eig").glob("**/locale/*/LC_MESSAGES/*.po"))
# The directories makemessages must not read (same as the documented command).
IGNORED = [".venv", "demo_data", "var", "node_modules"]


def _where(entry) -> str:
    return entry.references[0] if entry.references else f"line {entry.line}"


def test_there_is_an_english_catalogue():
    assert BASE_DIR / "eig/locale/en/LC_MESSAGES/django.po" in CATALOGUES
    assert len(messages(CATALOGUES[0])) > 1000


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_no_empty_or_fuzzy_translation(catalogue):
    entries = messages(catalogue)
    empty = [f"{_where(e)}: {e.msgid[:70]!r}" for e in entries if not e.is_translated]
    fuzzy = [f"{_where(e)}: {e.msgid[:70]!r}" for e in entries if "fuzzy" in e.flags]

    assert entries
    assert not empty, f"{len(empty)} message(s) without translation:\n" + "\n".join(empty[:40])
    assert not fuzzy, f"{len(fuzzy)} fuzzy message(s) to check:\n" + "\n".join(fuzzy[:40])


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_placeholders_kept(catalogue):
    """A translation keeps the named placeholders of its source (else a KeyError at runtime)."""
    named = re.compile(r"%\((\w+)\)[sdf]")
    wrong = []
    for entry in messages(catalogue):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = set().union(*(named.findall(source) for source in sources))
        for translation in entry.msgstr:
            if not set(named.findall(translation)) <= wanted:
                wrong.append(f"{_where(entry)}: {translation[:70]!r}")
        single = entry.msgid_plural is None and entry.msgstr
        if single and set(named.findall(entry.msgstr[0])) != set(named.findall(entry.msgid)):
            wrong.append(f"{_where(entry)}: {entry.msgstr[0][:70]!r}")
    assert not wrong, "placeholders differ from the source:\n" + "\n".join(wrong)


def test_english_catalogue_is_up_to_date(tmp_path, monkeypatch):
    """makemessages run now on a copy of the code finds no message the catalogue lacks,
    and none extra.

    A gettext string added to a template or to Python code without running
    makemessages (and translating it) fails here, naming the string. The code
    is copied so that makemessages cannot touch the real catalogue.
    """
    catalogue = BASE_DIR / "eig/locale/en/LC_MESSAGES/django.po"
    shutil.copytree(
        BASE_DIR / "eig",
        tmp_path / "eig",
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc", "*.mo"),
    )
    copy = tmp_path / "eig/locale/en/LC_MESSAGES/django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(catalogue, copy)
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["en"], ignore_patterns=IGNORED, verbosity=0)

    current = {entry.key: entry for entry in messages(catalogue)}
    fresh = {entry.key: entry for entry in messages(copy)}
    missing = [f"{_where(fresh[key])}: {key[1][:70]!r}" for key in fresh.keys() - current.keys()]
    stale = [f"{key[1][:70]!r}" for key in current.keys() - fresh.keys()]
    assert not missing, (
        "strings in the code but not in the catalogue (run makemessages and translate):\n"
        + "\n".join(sorted(missing))
    )
    assert not stale, "strings in the catalogue that the code no longer uses:\n" + "\n".join(stale)


def test_the_reader_sees_empty_fuzzy_and_plural_entries(tmp_path):
    """The checks above can fail: the reader finds an empty, a fuzzy and a half-done plural."""
    sample = tmp_path / "django.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: eig/a.py:1\nmsgid "Bonjour"\nmsgstr "Hello"\n\n'
        '#: eig/a.py:2\nmsgid "Vide"\nmsgstr ""\n\n'
        '#: eig/a.py:3\n#, fuzzy, python-format\nmsgid "Deviné"\nmsgstr "Guessed"\n\n'
        '#: eig/a.py:4\nmsgid "%(n)s défi"\nmsgid_plural "%(n)s défis"\n'
        'msgstr[0] "%(n)s challenge"\nmsgstr[1] ""\n\n'
        '#~ msgid "Ancien"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )

    entries = messages(sample)

    assert [e.msgid for e in entries] == ["Bonjour", "Vide", "Deviné", "%(n)s défi"]
    assert [e.is_translated for e in entries] == [True, False, True, False]
    assert [("fuzzy" in e.flags) for e in entries] == [False, False, True, False]
    assert entries[3].msgid_plural == "%(n)s défis"
