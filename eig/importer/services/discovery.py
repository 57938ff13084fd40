"""What a source path holds: the parts of an import (programme.yml, figures.yml,
a Jekyll site, a Hugo site, seed documents, translations) and how many files
they have.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class FatalImportError(Exception):
    """Nothing can be imported at all (missing path, nothing recognised)."""


class PartKind(StrEnum):
    PROGRAMME = "programme"
    FIGURES = "figures"
    SITE = "site"
    HUGO = "hugo"
    SEEDS = "seeds"
    TRANSLATIONS = "translations"


# Translations last: they name the French pages the other parts create.
PART_ORDER = [
    PartKind.PROGRAMME,
    PartKind.FIGURES,
    PartKind.SITE,
    PartKind.HUGO,
    PartKind.SEEDS,
    PartKind.TRANSLATIONS,
]
SEED_SUFFIXES = {".txt", ".md", ".markdown"}
SEEDS_FOLDER = "seeds"
TRANSLATIONS_FOLDER = "translations"

# What `import_site` says it used (French, like the interface).
FORMAT_LABELS = {
    PartKind.PROGRAMME: "faits du programme (programme.yml)",
    PartKind.FIGURES: "chiffres publiés (figures.yml)",
    PartKind.SITE: "site Jekyll d'origine (_config.yml, _data/)",
    PartKind.HUGO: "site Hugo/Decap CMS (site/static/admin/config.yml)",
    PartKind.SEEDS: "documents « seeds » (*.txt, *.md)",
    PartKind.TRANSLATIONS: "traductions de pages (translations/<langue>/*.md)",
}

UNKNOWN_FORMAT = (
    "« {path} » n'est dans aucun format connu : ni site Hugo/Decap CMS "
    "(site/static/admin/config.yml), ni site Jekyll (_config.yml ou _data/), "
    "ni dossier nommé « seeds » ou « translations », ni programme.yml ou figures.yml. "
    "Rien n'a été importé."
)


@dataclass(frozen=True)
class Part:
    kind: PartKind
    path: Path


def _is_site(path: Path) -> bool:
    return (path / "_data").is_dir() or (path / "_config.yml").is_file()


def decap_schema_path(path: Path) -> Path | None:
    """The Decap CMS schema of a Hugo site (`site/static/admin/config.yml`)."""
    for candidate in (path / "site" / "static" / "admin", path / "static" / "admin"):
        for name in ("config.yml", "config.yaml"):
            if (candidate / name).is_file():
                return candidate / name
    return None


def _is_seed_file(child: Path) -> bool:
    return (
        child.is_file()
        and child.suffix.lower() in SEED_SUFFIXES
        and not child.name.startswith(".")
        and child.name.lower() not in {"readme.md", "readme-data.md"}
    )


def _seed_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(child for child in path.iterdir() if _is_seed_file(child))


def detect_format(path: Path) -> PartKind | None:
    """The format of one file or folder, or None when it is no known one.

    A folder is a Hugo/Decap site when it holds the Decap CMS schema, a
    Jekyll site when it holds `_config.yml` or `_data/`, seed documents when
    it is named `seeds`, translations when it is named `translations`; a file
    is programme.yml, figures.yml or a seed document inside a `seeds` folder.
    Nothing else is guessed.
    """
    if path.is_file():
        name = path.name.lower()
        if name == "programme.yml":
            return PartKind.PROGRAMME
        if name == "figures.yml":
            return PartKind.FIGURES
        if path.parent.name.lower() == SEEDS_FOLDER and _is_seed_file(path):
            return PartKind.SEEDS
        return None
    if decap_schema_path(path) is not None:
        return PartKind.HUGO
    if _is_site(path):
        return PartKind.SITE
    if path.name.lower() == SEEDS_FOLDER:
        return PartKind.SEEDS
    if path.name.lower() == TRANSLATIONS_FOLDER:
        return PartKind.TRANSLATIONS
    return None


def _is_container(path: Path) -> bool:
    """A folder of parts (like demo_data/): it holds programme.yml or figures.yml."""
    return path.is_dir() and any(
        (path / name).is_file() for name in ("programme.yml", "figures.yml")
    )


@dataclass
class Discovery:
    parts: list[Part] = field(default_factory=list)
    # (path, reason): what a folder of parts holds that is no known format.
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def discover(path: Path) -> Discovery:
    """What a path holds: one part in a known format, or (a folder holding
    programme.yml or figures.yml, like demo_data/) its parts one level down;
    what is in no known format is listed, never imported."""
    found = Discovery()
    kind = detect_format(path)
    if kind is not None:
        found.parts.append(Part(kind, path))
        return found
    if not _is_container(path):
        return found
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):
            continue
        child_kind = detect_format(child)
        if child_kind is not None:
            found.parts.append(Part(child_kind, child))
        elif child.is_dir():
            found.skipped.append((child, "dossier dans aucun format connu : ignoré"))
        elif child.name.lower().startswith("readme"):
            found.skipped.append((child, "documentation de la source : non importée"))
        else:
            found.skipped.append((child, "fichier dans aucun format connu : ignoré"))
    return found


def discover_parts(path: Path) -> list[Part]:
    return discover(path).parts


def count_files(parts: Iterable[Part]) -> int:
    """How many files an import will read (the length of the progress bar)."""
    total = 0
    for part in parts:
        if part.kind == PartKind.SITE:
            total += sum(
                1
                for pattern in (
                    "_data/*.yml",
                    "_defis/*",
                    "_communaute/*",
                    "_posts/*",
                    "en/_posts/*",
                    "_redirects",
                )
                for _ in part.path.glob(pattern)
            )
        elif part.kind == PartKind.HUGO:
            from eig.importer.hugo import content_files

            total += len(content_files(part.path))
        elif part.kind == PartKind.SEEDS:
            total += len(_seed_files(part.path))
        elif part.kind == PartKind.TRANSLATIONS:
            total += sum(1 for _ in part.path.glob("*/*.md"))
        else:
            total += 1
    return total


def _source_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [
        child
        for child in path.rglob("*")
        if child.is_file() and ".git" not in child.relative_to(path).parts
    ]
