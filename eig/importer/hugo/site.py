"""Reading the site: its entries (one document of a folder collection), the
fields read of each collection, and what every collection shares.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eig.challenges.models import Challenge as ChallengeModel
from eig.cohorts.models import Cohort
from eig.core.text import fold
from eig.importer.hugo.schema import Collection
from eig.importer.parsers import (
    PARIS,
    Document,
    SourceError,
    as_list,
    clean_line,
    hugo_shortcodes,
    parse_datetime,
    read_document,
)
from eig.importer.services.records import ImportContext

PLACEHOLDER_PHOTOS = ("placeholder", "sans-photo")

# Fields of each collection read here; the others are named in a warning.
READ_FIELDS = {
    "promos": {"title", "year"},
    "themes": {"title"},
    "defis": {
        "title",
        "description",
        "who",
        "place",
        "themes",
        "promos",
        "town",
        "image",
        "body",
        "visible",
        "isSET",
        "urlSET",
    },
    "personnes": {
        "title",
        "job",
        "desc",
        "promos",
        "role",
        "defis",
        "image",
        "linkedin",
        "github",
        "body",
    },
    "articles": {
        "title",
        "author",
        "date",
        "description",
        "image",
        "categories",
        "body",
        "visible",
        "published",
    },
}


@dataclass
class Entry:
    """One document of a folder collection."""

    path: Path
    rel: str
    doc: Document

    @property
    def meta(self) -> dict:
        return self.doc.meta

    @property
    def title(self) -> str:
        return clean_line(self.meta.get("title"))

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class HugoSite:
    root: Path
    ctx: ImportContext
    schema: dict[str, Collection]
    read: set[Path] = field(default_factory=set)
    reasons: dict[Path, str] = field(default_factory=dict)
    ticked: set[Path] = field(default_factory=set)
    cohorts: dict[str, Cohort] = field(default_factory=dict)  # folded title -> cohort
    challenges: dict[str, ChallengeModel] = field(default_factory=dict)  # folded title
    challenges_by_title: dict[str, ChallengeModel] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)  # folded title -> theme name
    unknown_themes: Counter = field(default_factory=Counter)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def tick(self, path: Path) -> None:
        if path not in self.ticked:
            self.ticked.add(path)
            self.ctx.tick(path.name)

    def skip(self, path: Path, reason: str) -> None:
        self.read.add(path)
        self.ctx.report.skip(self.rel(path), reason)

    def entries(self, name: str) -> list[Entry]:
        """The documents of a folder collection; index pages and hidden
        entries (the collection's `visible` filter) are listed as skipped."""
        collection = self.schema.get(name)
        if collection is None or collection.folder is None:
            self.ctx.report.error(
                "site/static/admin/config.yml", f"collection « {name} » absente du schéma"
            )
            return []
        if not collection.folder.is_dir():
            self.ctx.report.error(self.rel(collection.folder), "dossier de la collection absent")
            return []
        entries = []
        for path in sorted(collection.folder.iterdir()):
            if not path.is_file() or path.suffix.lower() != ".md":
                continue
            self.tick(path)
            self.read.add(path)
            rel = self.rel(path)
            if path.name == "_index.md":
                self.ctx.report.skip(rel, "page d'index de la rubrique (Hugo) : pas une entrée")
                continue
            try:
                doc = read_document(path, rel)
            except SourceError as exc:
                self.ctx.report.error(rel, exc.reason)
                continue
            if doc.meta.get("visible") is False:
                self.ctx.report.skip(rel, "« visible: false » : entrée masquée sur le site")
                continue
            entries.append(Entry(path=path, rel=rel, doc=doc))
        self._warn_unread_fields(name, entries)
        return entries

    def _warn_unread_fields(self, name: str, entries: list[Entry]) -> None:
        read = READ_FIELDS.get(name)
        if read is None or not entries:
            return
        used: Counter = Counter()
        for entry in entries:
            used.update(key for key in entry.meta if key not in read)
        if used:
            folder = self.rel(self.schema[name].folder)
            listing = ", ".join(f"{key} ({count})" for key, count in sorted(used.items()))
            self.ctx.report.warn(folder, f"champs non importés pour l'instant : {listing}")


def _image(value) -> str:
    """`img/x.jpg` or `/img/x.jpg` -> `/img/x.jpg` (its address on the site)."""
    path = clean_line(value)
    if not path or path.startswith(("http://", "https://", "/")):
        return path
    return "/" + path


def _photo(value) -> str:
    path = _image(value)
    return "" if any(marker in path for marker in PLACEHOLDER_PHOTOS) else path


def _published_at(value, *, rel: str, ctx: ImportContext) -> dt.datetime:
    """A Decap datetime; a bare year (`date: 2022`) is 1 January of that year."""
    text = clean_line(value)
    if text.isdigit() and len(text) == 4:
        ctx.report.warn(rel, f"date « {text} » sans jour : 1er janvier {text} retenu")
        return dt.datetime(int(text), 1, 1, tzinfo=PARIS)
    return parse_datetime(value)


def _cohort_slug(title: str) -> str:
    """ "Promotion 3 - DIG" -> "dig"; "Promotion 7" -> "7"."""
    folded = fold(title)
    if "dig" in folded.split():
        return "dig"
    digits = [word for word in folded.split() if word.isdigit()]
    if len(digits) != 1:
        raise SourceError(f"promotion « {title} » : numéro introuvable dans le titre")
    return digits[0]


def _tally(ctx: ImportContext, kind: str, held: int, imported: int) -> None:
    ctx.report.tally(kind, held=held, imported=imported)


def _relation_titles(site: HugoSite, entry: Entry, name: str) -> list[str]:
    return [clean_line(value) for value in as_list(entry.meta.get(name)) if clean_line(value)]


def _cohorts_of(site: HugoSite, entry: Entry) -> list[Cohort]:
    cohorts = []
    for title in _relation_titles(site, entry, "promos"):
        cohort = site.cohorts.get(fold(title))
        if cohort is None:
            site.ctx.report.warn(entry.rel, f"promotion « {title} » introuvable dans promos/")
        elif cohort not in cohorts:
            cohorts.append(cohort)
    return cohorts


def _organization_label(entry: Entry) -> str:
    who = clean_line(entry.meta.get("who"))
    place = clean_line(entry.meta.get("place"))
    return ", ".join(part for part in (who, place) if part)


def _body(ctx: ImportContext, entry: Entry) -> str:
    """The entry's text, its shortcodes as Markdown; an unknown one is reported."""
    body, unknown = hugo_shortcodes(entry.doc.body)
    for name in unknown:
        ctx.report.warn(entry.rel, f"code court « {name} » inconnu : retiré du texte")
    return body
