"""Import the original static site, the seed documents and the curated facts.

`import_paths` is the entry point (used by `manage.py import_site` and
`manage.py import_demo_data`). It finds what each folder holds and imports,
in this order:

1. `programme.yml`: the programmes, selection criteria, cohort dates,
   application calls and events (curated facts, see demo_data/programme.yml);
2. `figures.yml`: the figures published per cohort (`Cohort.declared_*`);
3. a Jekyll site (`_data/`, `_defis/`, `_communaute/`, `_posts/`, `en/_posts/`);
4. a folder of seed documents (`*.txt`, `*.md`): posts, pages, press review;
5. the parts of `programme.yml` that point at imported records (funding of
   défis, old addresses of pages).

Each record is upserted by `source_key` (or a natural key) and saved only
when something changed, so a second run reports nothing created or updated.
Each file is imported inside its own transaction and each record inside a
savepoint: an unreadable file or record is reported with the reason and the
import goes on. Slugs are chosen when a record is created and never changed
by a later import (they are addresses). Records that disappeared from the
source are left alone.
"""

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.text import slugify

from eig.applications.models import ApplicationCall
from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Funding,
    Mentor,
    Skill,
    Theme,
)
from eig.cohorts.models import Cohort, Fellow, Profile, Programme, SelectionCriterion
from eig.content.models import (
    FaqAudience,
    FaqItem,
    Language,
    Page,
    Post,
    PostAttachment,
    PressLink,
    Testimonial,
)
from eig.core.text import fold
from eig.events.models import Event, EventKind
from eig.importer import media
from eig.importer import organizations as org_parser
from eig.importer.matching import merge_rows, merge_values
from eig.importer.media import ImportMedia
from eig.importer.parsers import (
    PARIS,
    Document,
    SourceError,
    as_list,
    clean_line,
    clean_text,
    dated_slug,
    derive_title,
    expand_permalink,
    find_french_date,
    parse_date,
    parse_datetime,
    parse_event_announcement,
    parse_post_filename,
    path_slug,
    read_document,
    read_yaml_file,
    sanitize_html,
    site_permalinks,
    slug_from_title,
    split_press_review,
    video_entry,
)
from eig.importer.report import ImportReport, Outcome, Tick, no_tick
from eig.importer.themes import themes_for
from eig.organizations.models import Organization

# --- Discovery ----------------------------------------------------------------


class FatalImportError(Exception):
    """Nothing can be imported at all (missing path, nothing recognised)."""


class PartKind(StrEnum):
    PROGRAMME = "programme"
    FIGURES = "figures"
    SITE = "site"
    HUGO = "hugo"
    SEEDS = "seeds"


PART_ORDER = [PartKind.PROGRAMME, PartKind.FIGURES, PartKind.SITE, PartKind.HUGO, PartKind.SEEDS]
SEED_SUFFIXES = {".txt", ".md", ".markdown"}
SEEDS_FOLDER = "seeds"

# What `import_site` says it used (French, like the interface).
FORMAT_LABELS = {
    PartKind.PROGRAMME: "faits du programme (programme.yml)",
    PartKind.FIGURES: "chiffres publiés (figures.yml)",
    PartKind.SITE: "site Jekyll d'origine (_config.yml, _data/)",
    PartKind.HUGO: "site Hugo/Decap CMS (site/static/admin/config.yml)",
    PartKind.SEEDS: "documents « seeds » (*.txt, *.md)",
}

UNKNOWN_FORMAT = (
    "« {path} » n'est dans aucun format connu : ni site Hugo/Decap CMS "
    "(site/static/admin/config.yml), ni site Jekyll (_config.yml ou _data/), "
    "ni dossier nommé « seeds », ni programme.yml ou figures.yml. Rien n'a été importé."
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
    it is named `seeds`; a file is programme.yml, figures.yml or a seed
    document inside a `seeds` folder. Nothing else is guessed.
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


# Folders of pictures and documents: not copied yet, listed once per folder.
MEDIA_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".svg",
    ".webp",
    ".ico",
    ".pdf",
    ".doc",
    ".docx",
    ".odt",
    ".ppt",
    ".pptx",
    ".odp",
    ".xls",
    ".xlsx",
    ".ods",
    ".zip",
    ".mp4",
    ".jfif",
    ".heic",
    ".tif",
    ".tiff",
    ".bmp",
    ".eps",
}
MEDIA_REASON = "images et documents que le contenu ne nomme pas : non copiés"


def report_unread(ctx: "ImportContext", root: Path, read: Iterable[Path], *, reasons=None) -> None:
    """Name, by path relative to `root`, every file of the source not in `read`.

    Media files are listed once per folder (with their number); `reasons`
    maps a file to the reason it was not read (default: format not read).
    """
    read = {path.resolve() for path in read}
    if ctx.media is not None:  # the files the media step read (stored or refused)
        read |= {path.resolve() for path in ctx.media.used}
    reasons = reasons or {}
    media: Counter = Counter()
    for path in sorted(_source_files(root)):
        if path.resolve() in read:
            continue
        rel = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            ctx.report.skip(rel, "fichier caché : ignoré")
        elif path in reasons:
            ctx.report.skip(rel, reasons[path])
        elif path.suffix.lower() in MEDIA_SUFFIXES:
            media[path.parent.relative_to(root).as_posix()] += 1
        else:
            ctx.report.skip(rel, f"fichier {path.suffix or 'sans extension'} non lu par ce format")
    for folder, number in sorted(media.items()):
        ctx.report.skip(f"{folder}/ ({number} fichiers)", MEDIA_REASON)


def import_paths(paths: Iterable[Path | str], *, tick: Tick = no_tick) -> ImportReport:
    """Import every part found in the paths; see the module docstring.

    A path in no known format is refused (FatalImportError) before anything
    is written.
    """
    parts: list[Part] = []
    skipped: list[tuple[Path, Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FatalImportError(f"chemin introuvable : {path}")
        found = discover(path)
        if not found.parts:
            raise FatalImportError(UNKNOWN_FORMAT.format(path=path))
        parts.extend(found.parts)
        skipped.extend((path, child, reason) for child, reason in found.skipped)
    parts.sort(key=lambda part: PART_ORDER.index(part.kind))
    ctx = ImportContext(tick=tick)
    for root, child, reason in skipped:
        ctx.report.skip(child.relative_to(root).as_posix(), reason)
    for part in parts:
        ctx.report.formats.append((str(part.path), FORMAT_LABELS[part.kind]))
        ctx.report.source_files += len(_source_files(part.path))
    programme_facts: list[tuple[Path, dict]] = []
    for part in parts:
        ctx.source = part.path.name
        if part.kind == PartKind.PROGRAMME:
            facts = import_programme_file(ctx=ctx, path=part.path)
            if facts is not None:
                programme_facts.append((part.path, facts))
        elif part.kind == PartKind.FIGURES:
            import_figures_file(ctx=ctx, path=part.path)
        elif part.kind == PartKind.SITE:
            ctx.media = media.for_site(ctx.report, part.path)
            import_site_folder(ctx=ctx, root=part.path)
            ctx.media = None
        elif part.kind == PartKind.HUGO:
            from eig.importer.hugo import import_hugo_site, site_root

            ctx.media = media.for_hugo(ctx.report, part.path, site_root(part.path) / "static")
            import_hugo_site(ctx=ctx, root=part.path)
            ctx.media = None
        else:
            import_seed_folder(ctx=ctx, path=part.path)
    for path, facts in programme_facts:
        apply_programme_links(ctx=ctx, path=path, facts=facts)
    from eig.importer.redirects import write_redirects

    write_redirects(ctx)
    return ctx.report


# --- Writing records ----------------------------------------------------------

_RECORD_ERRORS = (SourceError, ValidationError, IntegrityError, DataError, ValueError, TypeError)

# Names shown in the summary (French, like the interface).
KIND_LABELS = {
    Programme: "programmes",
    SelectionCriterion: "critères de sélection",
    Cohort: "promotions",
    Skill: "compétences",
    Theme: "thèmes",
    Organization: "administrations",
    Challenge: "défis",
    Fellow: "EIG",
    Mentor: "mentors",
    Post: "actualités",
    Page: "pages",
    PressLink: "revue de presse",
    FaqItem: "questions fréquentes",
    Testimonial: "témoignages",
    Event: "événements",
    ApplicationCall: "appels à candidatures",
}


@dataclass
class ImportContext:
    tick: Tick = no_tick
    report: ImportReport = field(default_factory=ImportReport)
    _pending: list[tuple[str, Outcome, object]] | None = None
    # Records looked up or created during the run (cleared when a record
    # fails: what it created was rolled back).
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    # The media step of the source being imported (eig/importer/media.py):
    # the files its values name are stored and their references rewritten.
    media: "ImportMedia | None" = None
    # Old addresses met during the run (see eig/importer/redirects.py): an
    # address -> its record, or -> another old address (a site's own
    # `_redirects`), or -> a fixed new address (a stored document).
    old_addresses: dict[str, tuple[object, str]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)
    fixed_addresses: dict[str, tuple[str, str]] = field(default_factory=dict)
    page_addresses: dict[str, tuple[str, str]] = field(default_factory=dict)
    source: str = ""

    def forget_cached(self) -> None:
        self.cohorts.clear()
        self.programmes.clear()
        self.themes.clear()

    def count(self, kind: str, outcome: Outcome, key: object = None) -> None:
        if self._pending is not None:
            self._pending.append((kind, outcome, key))
        else:
            self.report.count(kind, outcome, key)


def _reason(exc: Exception) -> str:
    if isinstance(exc, SourceError):
        return exc.reason
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return f"{type(exc).__name__} : {exc}"


@contextmanager
def record(ctx: ImportContext, file: str, label: str | None = None) -> Iterator[None]:
    """One record: saved entirely or not at all; a failure is reported."""
    outer, ctx._pending = ctx._pending, []
    try:
        with transaction.atomic():
            yield
    except _RECORD_ERRORS as exc:
        ctx.forget_cached()
        ctx.report.error(file, f"{label} : {_reason(exc)}" if label else _reason(exc))
    else:
        for entry in ctx._pending:
            if outer is not None:
                outer.append(entry)
            else:
                ctx.report.count(*entry)
    finally:
        ctx._pending = outer


def _unique_slug(model, base: str, *, max_length: int = 200, **scope) -> str:
    base = (base or "sans-titre")[:max_length].strip("-") or "sans-titre"
    taken = set(model.objects.filter(slug__startswith=base, **scope).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}"[:max_length] in taken:
        number += 1
    return f"{base[: max_length - len(str(number)) - 1]}-{number}"


def _m2m_ids(obj, name: str) -> set[int]:
    return {related.pk for related in getattr(obj, name).all()}


@dataclass(frozen=True)
class Merge:
    """How a source writes into a record it shares with another source.

    Each value becomes the richer of the record's and the source's
    (`matching.richer`), the side named by `prefer_incoming` or
    `prefer_current` winning for those fields when both are filled; related
    ids are added to the record's; the children named in `row_keys` (related
    name -> the field that identifies a row) are added when missing.
    """

    prefer_incoming: frozenset[str] = frozenset()
    prefer_current: frozenset[str] = frozenset()
    row_keys: dict[str, str] = field(default_factory=dict)

    def mirrored(self) -> "Merge":
        return Merge(
            prefer_incoming=self.prefer_current,
            prefer_current=self.prefer_incoming,
            row_keys=self.row_keys,
        )


# A défi or person present on both sites: the original site (imported first)
# keeps the identity fields (title, name, year, cohort, host, old address,
# slug); the current site brings its pictures and startup d'État link; every
# other field keeps the richer value. `MERGE_CURRENT_SITE` is the rule of the
# current site's importer, `MERGE_ORIGINAL_SITE` the same rule seen from the
# original site's importer, so that a second run of both changes nothing.
MERGE_CURRENT_SITE = Merge(
    prefer_incoming=frozenset({"image", "photo_url", "startup_detat_url", "other_source_keys"}),
    prefer_current=frozenset(
        {
            "title",
            "name",
            "year",
            "cohort_id",
            "legacy_path",
            "organization_id",
            "organization_label",
        }
    ),
    row_keys={"mentorships": "challenge_id"},
)
MERGE_ORIGINAL_SITE = MERGE_CURRENT_SITE.mirrored()


def merge_rule_for(instance, rule: Merge) -> Merge | None:
    """`rule` when `instance` is shared with another source, else None."""
    if instance is not None and getattr(instance, "other_source_keys", None):
        return rule
    return None


def save_record(
    ctx: ImportContext,
    model,
    *,
    instance=None,
    lookup: dict,
    values: dict,
    create_only: dict | None = None,
    m2m: dict[str, set[int]] | None = None,
    children: dict[str, tuple[type[models.Model], list[dict]]] | None = None,
    merge: Merge | None = None,
):
    """Create or update one record; save only what changed; count it.

    `instance` is the existing record when the caller preloaded it (None:
    looked up with `lookup`). `create_only` values are set on creation only
    (slugs, names staff may edit). `m2m` gives the wanted related ids,
    `children` the wanted rows of a reverse foreign key (replaced as a whole
    when they differ). `merge`: the record is shared with another source,
    see `Merge`.
    """
    kind = KIND_LABELS.get(model, model._meta.verbose_name_plural)
    old_address = values.get("legacy_path")
    if ctx.media is not None:
        values, children = ctx.media.rewrite(model, lookup, values, children, str(kind))
    if instance is None:
        instance = model.objects.filter(**lookup).first()
    changed = False
    if instance is not None and merge is not None:
        values = merge_values(
            {name: getattr(instance, name) for name in values},
            values,
            prefer_incoming=merge.prefer_incoming,
            prefer_current=merge.prefer_current,
        )
        m2m = {name: wanted | _m2m_ids(instance, name) for name, wanted in (m2m or {}).items()}
        merged_children = {}
        for related_name, (child_model, rows) in (children or {}).items():
            key = merge.row_keys.get(related_name)
            if key and rows:
                fields = list(rows[0])
                current = [
                    {f: getattr(child, f) for f in fields}
                    for child in getattr(instance, related_name).all()
                ]
                rows = merge_rows(current, rows, key=key)
            merged_children[related_name] = (child_model, rows)
        children = merged_children
    if instance is None:
        instance = model(**lookup, **(create_only or {}), **values)
        instance.save()
        outcome = Outcome.CREATED
    else:
        dirty = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in dirty:
            setattr(instance, name, values[name])
        if dirty:
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                dirty.append("updated_at")
            instance.save(update_fields=dirty)
            changed = True
        outcome = Outcome.UNCHANGED
    created = outcome == Outcome.CREATED
    related_changed = False
    for name, wanted in (m2m or {}).items():
        current = set() if created else _m2m_ids(instance, name)
        if current != wanted:
            getattr(instance, name).set(wanted)
            related_changed = related_changed or not created
    for related_name, (child_model, rows) in (children or {}).items():
        fk_name = getattr(model, related_name).field.name
        fields = list(rows[0]) if rows else []
        current_rows = [] if created else list(getattr(instance, related_name).all())
        current = sorted(tuple(getattr(child, f) for f in fields) for child in current_rows)
        wanted_rows = sorted(tuple(row[f] for f in fields) for row in rows)
        if len(current_rows) != len(rows) or current != wanted_rows:
            if current_rows:
                getattr(instance, related_name).all().delete()
                related_changed = True
            child_model.objects.bulk_create(
                [child_model(**{fk_name: instance}, **row) for row in rows]
            )
            related_changed = related_changed or not created
    has_updated_at = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    if related_changed and not changed and has_updated_at:
        # Only relations changed: still mark the record as modified.
        instance.save(update_fields=["updated_at"])
    if changed or related_changed:
        outcome = Outcome.UPDATED
    ctx.count(kind, outcome, instance.pk)
    if old_address:
        ctx.old_addresses[old_address] = (instance, ctx.source)
    return instance


# --- Programmes and cohorts ---------------------------------------------------

DEFAULT_PROGRAMME_NAMES = {
    "EIG": "Entrepreneurs d'intérêt général",
    "DIG": "Designers d'intérêt général",
}


def ensure_programme(ctx: ImportContext, acronym: str) -> Programme:
    acronym = acronym.upper()
    if acronym not in ctx.programmes:
        programme = Programme.objects.filter(slug=acronym.lower()).first()
        if programme is None:
            programme = save_record(
                ctx,
                Programme,
                lookup={"slug": acronym.lower()},
                values={},
                create_only={
                    "acronym": acronym,
                    "name": DEFAULT_PROGRAMME_NAMES.get(acronym, acronym),
                },
            )
        ctx.programmes[acronym] = programme
    return ctx.programmes[acronym]


def cohort_slug(value) -> str:
    """`3`, `"3"`, `eig-3`, `EIG 3` -> "3"; `dig`, `DIG` -> "dig"."""
    text = fold(str(value)).replace("eig", "").strip()
    return text or fold(str(value))


def cohort_default_name(slug: str) -> str:
    return f"Promotion {slug}" if slug.isdigit() else slug.upper()


def ensure_cohort(ctx: ImportContext, slug: str, *, year: int, programme: str = "") -> Cohort:
    """The cohort with this slug, created (with a default name) if missing."""
    if slug not in ctx.cohorts:
        cohort = Cohort.objects.filter(slug=slug).first()
        if cohort is None:
            acronym = programme or ("DIG" if slug == "dig" else "EIG")
            cohort = save_record(
                ctx,
                Cohort,
                lookup={"slug": slug},
                values={},
                create_only={
                    "programme": ensure_programme(ctx, acronym),
                    "number": int(slug) if slug.isdigit() else None,
                    "name": cohort_default_name(slug),
                    "year": year,
                    "source_key": slug,
                },
            )
        ctx.cohorts[slug] = cohort
    return ctx.cohorts[slug]


def _int_or_none(value, *, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SourceError(f"{what} : nombre attendu, « {value} » trouvé") from exc


FIGURE_FIELDS = {
    "fellows": "declared_fellows",
    "challenges": "declared_challenges",
    "candidates": "declared_candidates",
    "auditioned": "declared_auditioned",
    "mentors": "declared_mentors",
    "designers": "declared_designers",
    "developers": "declared_developers",
    "data_scientists": "declared_data_scientists",
    "challenges_cofunded": "declared_challenges_cofunded",
    "challenges_remarked": "declared_challenges_remarked",
    "challenge_proposals": "declared_challenge_proposals",
    "challenge_proposals_auditioned": "declared_challenge_proposals_auditioned",
}


def import_figures_file(*, ctx: ImportContext, path: Path) -> None:
    """figures.yml: the figures the programme published, per cohort."""
    name = path.name
    ctx.tick(name)
    try:
        data = read_yaml_file(path)
    except SourceError as exc:
        ctx.report.error(name, exc.reason)
        return
    if not isinstance(data, list):
        ctx.report.error(name, "une liste de promotions est attendue")
        return
    with transaction.atomic():
        for entry in data:
            label = f"promotion {entry.get('cohort')}" if isinstance(entry, dict) else str(entry)
            with record(ctx, name, label):
                if not isinstance(entry, dict) or entry.get("cohort") is None:
                    raise SourceError("entrée sans « cohort »")
                unknown = set(entry) - set(FIGURE_FIELDS) - {"cohort", "year", "programme"}
                if unknown:
                    ctx.report.warn(name, f"{label} : champs inconnus ignorés : {_names(unknown)}")
                year = _int_or_none(entry.get("year"), what="year")
                slug = cohort_slug(entry["cohort"])
                cohort = ensure_cohort(
                    ctx, slug, year=year or 0, programme=clean_line(entry.get("programme"))
                )
                values = {
                    field_name: _int_or_none(entry.get(key), what=key)
                    for key, field_name in FIGURE_FIELDS.items()
                }
                if year:
                    values["year"] = year
                save_record(ctx, Cohort, instance=cohort, lookup={"slug": slug}, values=values)


def _names(keys: Iterable) -> str:
    return ", ".join(sorted(str(key) for key in keys))


# --- programme.yml --------------------------------------------------------------


def import_programme_file(*, ctx: ImportContext, path: Path) -> dict | None:
    """programme.yml: programmes, criteria, cohorts, calls, events.

    Returns the facts so that `apply_programme_links` can use them once the
    défis and pages exist.
    """
    name = path.name
    ctx.tick(name)
    try:
        facts = read_yaml_file(path)
    except SourceError as exc:
        ctx.report.error(name, exc.reason)
        return None
    if not isinstance(facts, dict):
        ctx.report.error(name, "un dictionnaire YAML est attendu")
        return None
    with transaction.atomic():
        for entry in as_list(facts.get("programmes")):
            with record(ctx, name, f"programme {entry.get('acronym', '?')}"):
                _import_programme(ctx, entry, name)
        for entry in as_list(facts.get("cohorts")):
            with record(ctx, name, f"promotion {entry.get('slug', '?')}"):
                _import_cohort_facts(ctx, entry)
        for entry in as_list(facts.get("application_calls")):
            with record(ctx, name, f"appel {entry.get('key', '?')}"):
                _import_application_call(ctx, entry, name)
        for entry in as_list(facts.get("events")):
            with record(ctx, name, f"événement {entry.get('key', '?')}"):
                _import_event_fact(ctx, entry, name)
    return facts


def _import_programme(ctx: ImportContext, entry: dict, file: str) -> None:
    acronym = clean_line(entry.get("acronym")).upper()
    if not acronym:
        raise SourceError("programme sans « acronym »")
    slug = clean_line(entry.get("slug")) or acronym.lower()
    values = {
        "name": clean_line(entry.get("name")) or DEFAULT_PROGRAMME_NAMES.get(acronym, acronym),
        "acronym": acronym,
        "description": clean_text(entry.get("description")),
        "contact_email": clean_line(entry.get("contact_email")),
    }
    for key in ("duration_months", "cofunding_rate", "team_min_size", "team_max_size"):
        if entry.get(key) is not None:
            values[key] = _int_or_none(entry[key], what=key)
    for key in ("monthly_net_pay", "employer_cost_factor"):
        if entry.get(key) is not None:
            try:
                values[key] = Decimal(str(entry[key]))
            except InvalidOperation as exc:
                raise SourceError(f"{key} : nombre attendu, « {entry[key]} » trouvé") from exc
    programme = save_record(ctx, Programme, lookup={"slug": slug}, values=values)
    ctx.programmes[acronym] = programme
    for position, criterion in enumerate(as_list(entry.get("selection_criteria")), start=1):
        code = clean_line(criterion.get("code"))
        if not code:
            raise SourceError("critère sans « code »")
        save_record(
            ctx,
            SelectionCriterion,
            lookup={"programme": programme, "code": code},
            values={
                "position": position,
                "title": clean_line(criterion.get("title")),
                "description": clean_line(criterion.get("description")),
            },
        )


def _import_cohort_facts(ctx: ImportContext, entry: dict) -> None:
    slug = cohort_slug(entry.get("slug", ""))
    year = _int_or_none(entry.get("year"), what="year")
    cohort = ensure_cohort(ctx, slug, year=year or 0, programme=clean_line(entry.get("programme")))
    values: dict = {}
    if year:
        values["year"] = year
    for key in ("name", "description"):
        if entry.get(key) is not None:
            values[key] = clean_text(entry[key])
    for key in ("starts_on", "ends_on"):
        if key in entry:
            values[key] = parse_date(entry[key]) if entry[key] else None
    if entry.get("programme"):
        values["programme_id"] = ensure_programme(ctx, entry["programme"]).pk
    save_record(ctx, Cohort, instance=cohort, lookup={"slug": slug}, values=values)


def _cohort_for(ctx: ImportContext, value) -> Cohort:
    slug = cohort_slug(value)
    cohort = ctx.cohorts.get(slug) or Cohort.objects.filter(slug=slug).first()
    if cohort is None:
        raise SourceError(f"promotion « {value} » introuvable")
    ctx.cohorts[slug] = cohort
    return cohort


def _import_application_call(ctx: ImportContext, entry: dict, file: str) -> None:
    key = clean_line(entry.get("key"))
    if not key:
        raise SourceError("appel sans « key »")
    values = {
        "cohort_id": _cohort_for(ctx, entry.get("cohort")).pk,
        "title": clean_line(entry.get("title")),
        "opens_at": parse_datetime(entry.get("opens_at")),
        "closes_at": parse_datetime(entry.get("closes_at")),
        "description": clean_text(entry.get("description")),
    }
    if values["closes_at"] <= values["opens_at"]:
        raise SourceError("la clôture doit suivre l'ouverture")
    save_record(ctx, ApplicationCall, lookup={"source_key": f"{file}#{key}"}, values=values)


def _import_event_fact(ctx: ImportContext, entry: dict, file: str) -> None:
    key = clean_line(entry.get("key"))
    if not key:
        raise SourceError("événement sans « key »")
    kind = clean_line(entry.get("kind")) or EventKind.OTHER
    if kind not in EventKind.values:
        raise SourceError(f"type d'événement inconnu : « {kind} »")
    starts_at = parse_datetime(entry.get("starts_at"))
    values = {
        "title": clean_line(entry.get("title")),
        "kind": kind,
        "starts_at": starts_at,
        "ends_at": parse_datetime(entry["ends_at"]) if entry.get("ends_at") else None,
        "location": clean_line(entry.get("location")),
        "is_online": bool(entry.get("is_online", False)),
        "description": clean_text(entry.get("description")),
        "registration_url": clean_line(entry.get("registration_url")),
        "replay_url": clean_line(entry.get("replay_url")),
        "cohort_id": _cohort_for(ctx, entry["cohort"]).pk if entry.get("cohort") else None,
    }
    _save_event(ctx, source_key=f"{file}#{key}", values=values)


def _save_event(ctx: ImportContext, *, source_key: str, values: dict, challenges=None) -> Event:
    instance = Event.objects.filter(source_key=source_key).first()
    create_only = {}
    if instance is None:
        local = values["starts_at"].astimezone(PARIS)
        create_only["slug"] = _unique_slug(
            Event, f"{slug_from_title(values['title'], max_length=70)}-{local:%Y-%m-%d}"
        )
    return save_record(
        ctx,
        Event,
        instance=instance,
        lookup={"source_key": source_key},
        values=values,
        create_only=create_only,
        m2m={"challenges": set(challenges)} if challenges is not None else None,
    )


def apply_programme_links(*, ctx: ImportContext, path: Path, facts: dict) -> None:
    """The parts of programme.yml that point at défis and pages."""
    name = path.name
    with transaction.atomic():
        for entry in as_list(facts.get("challenge_funding")):
            with record(ctx, name, f"financement promotion {entry.get('cohort', '?')}"):
                _apply_funding(ctx, entry, name)
        pages = facts.get("pages") if isinstance(facts.get("pages"), dict) else {}
        for slug, settings in pages.items():
            with record(ctx, name, f"page {slug}"):
                # `source`: the page imported from that file, whatever its slug
                # has become since (the current site takes `programme`).
                source = settings.get("source") if isinstance(settings, dict) else None
                pages_found = (
                    Page.objects.filter(source_key=source)
                    if source
                    else Page.objects.filter(language=Language.FR, slug=slug)
                )
                page = pages_found.first()
                if page is None:
                    ctx.report.warn(name, f"page « {slug} » introuvable : ancienne adresse ignorée")
                    continue
                values = {}
                if isinstance(settings, dict) and "legacy_path" in settings:
                    values["legacy_path"] = clean_line(settings["legacy_path"])
                save_record(ctx, Page, instance=page, lookup={"pk": page.pk}, values=values)


def _apply_funding(ctx: ImportContext, entry: dict, file: str) -> None:
    cohort = _cohort_for(ctx, entry.get("cohort"))
    default = clean_line(entry.get("default"))
    explicit = {}
    for funding in (Funding.COFUNDED, Funding.REMARKED):
        for title in as_list(entry.get(str(funding))):
            explicit[fold(title)] = funding
    challenges = list(Challenge.objects.filter(cohort=cohort))
    by_title: dict[str, list[Challenge]] = defaultdict(list)
    for challenge in challenges:
        by_title[fold(challenge.title)].append(challenge)
        by_title[fold(challenge.source_key)].append(challenge)
    for title in explicit:
        if title not in by_title:
            ctx.report.warn(
                file, f"financement : défi « {title} » introuvable en promotion {cohort.slug}"
            )
    for challenge in challenges:
        funding = explicit.get(fold(challenge.title)) or explicit.get(fold(challenge.source_key))
        funding = funding or default
        if funding not in Funding.values:
            raise SourceError(f"financement inconnu : « {funding} »")
        save_record(
            ctx,
            Challenge,
            instance=challenge,
            lookup={"pk": challenge.pk},
            values={"funding": funding},
        )


# --- The Jekyll site --------------------------------------------------------------


@dataclass
class Site:
    root: Path
    permalinks: dict[str, str]
    challenges: dict[str, Challenge] = field(default_factory=dict)  # défi key -> défi
    challenge_titles: dict[str, list[str]] = field(default_factory=dict)  # folded -> keys
    raw_challenges: dict[str, dict] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def find_challenge(self, name: str) -> Challenge | None:
        """A défi by its key in defis.yml, else by its title if only one has it."""
        name = clean_line(name)
        if name in self.challenges:
            return self.challenges[name]
        keys = self.challenge_titles.get(fold(name), [])
        return self.challenges[keys[0]] if len(keys) == 1 else None


# Files of _data/ that hold navigation or interface text, not content.
IGNORED_DATA_FILES = {"nav.yml", "nav-en.yml", "traductions.yml"}
HANDLED_DATA_FILES = {
    "skills.yml",
    "promos.yml",
    "defis.yml",
    "personnes.yml",
    "temoignages.yml",
    "webinaires_eig4.yml",
}


def import_site_folder(*, ctx: ImportContext, root: Path) -> None:
    """A Jekyll site in the original format (see demo_data/README-data.md)."""
    config = {}
    config_path = root / "_config.yml"
    if config_path.is_file():
        try:
            config = read_yaml_file(config_path) or {}
        except SourceError as exc:
            ctx.report.error("_config.yml", f"{exc.reason} (adresses par défaut utilisées)")
    site = Site(root=root, permalinks=site_permalinks(config))
    data_dir = root / "_data"
    import_skills(ctx=ctx, site=site)
    import_promotions(ctx=ctx, site=site)
    import_challenges(ctx=ctx, site=site)
    import_people(ctx=ctx, site=site)
    import_posts(ctx=ctx, site=site)
    for path in sorted(data_dir.glob("faq-*.yml")):
        import_faq(ctx=ctx, site=site, path=path)
    import_testimonials(ctx=ctx, site=site)
    for path in sorted(data_dir.glob("webinaires_*.yml")):
        import_webinars(ctx=ctx, site=site, path=path)
    for path in sorted(data_dir.glob("*.yml")):
        if path.name in IGNORED_DATA_FILES:
            ctx.tick(path.name)
        elif path.name not in HANDLED_DATA_FILES and not path.name.startswith(
            ("faq-", "webinaires_")
        ):
            ctx.tick(path.name)
            ctx.report.warn(site.rel(path), "fichier non reconnu : ignoré")
    from eig.importer.redirects import read_site_redirects

    read_site_redirects(ctx, root)
    _report_unread_site_files(ctx, root)


def _report_unread_site_files(ctx: ImportContext, root: Path) -> None:
    read = [root / "_config.yml"]
    reasons = {}
    for path in (root / "_data").glob("*.yml"):
        if path.name in IGNORED_DATA_FILES:
            reasons[path] = "navigation ou textes d'interface : non importé"
        elif path.name in HANDLED_DATA_FILES or path.name.startswith(("faq-", "webinaires_")):
            read.append(path)
    for pattern in ("_defis/*", "_communaute/*", "_posts/*", "en/_posts/*"):
        read.extend(root.glob(pattern))
    for path in root.glob("*.html"):
        reasons[path] = "page Liquid/HTML du site : pas encore importée"
    read.append(root / "_redirects")
    report_unread(ctx, root, read, reasons=reasons)


def _load_data(ctx: ImportContext, site: Site, name: str, expected: type):
    path = site.root / "_data" / name
    if not path.is_file():
        return None
    ctx.tick(name)
    try:
        data = read_yaml_file(path)
    except SourceError as exc:
        ctx.report.error(site.rel(path), exc.reason)
        return None
    if data is None:
        return expected()
    if not isinstance(data, expected):
        kind = "un dictionnaire" if expected is dict else "une liste"
        ctx.report.error(site.rel(path), f"{kind} YAML est attendu")
        return None
    return data


SKILL_PROFILES = {
    "dev": Profile.DEVELOPER,
    "design": Profile.DESIGNER,
    "datascience": Profile.DATA_SCIENTIST,
    "dataengineering": Profile.DATA_ENGINEER,
    "geomatique": "",
}


def import_skills(*, ctx: ImportContext, site: Site) -> None:
    data = _load_data(ctx, site, "skills.yml", dict)
    if not data:
        return
    with transaction.atomic():
        for code, label in data.items():
            with record(ctx, "_data/skills.yml", str(code)):
                save_record(
                    ctx,
                    Skill,
                    lookup={"code": str(code)},
                    values={
                        "label": clean_line(label) or str(code),
                        "profile": SKILL_PROFILES.get(str(code), ""),
                    },
                )


def import_promotions(*, ctx: ImportContext, site: Site) -> None:
    """promos.yml: the cohorts (slug 1–4 or dig, name, year)."""
    data = _load_data(ctx, site, "promos.yml", dict)
    if not data:
        return
    file = "_data/promos.yml"
    with transaction.atomic():
        for key, entry in data.items():
            with record(ctx, file, str(key)):
                if not isinstance(entry, dict) or entry.get("promotion") in (None, ""):
                    raise SourceError("entrée sans « promotion »")
                slug = cohort_slug(entry["promotion"])
                years = [int(w) for w in str(entry.get("class", "")).split() if w.isdigit()]
                if not years:
                    raise SourceError("année introuvable dans « class »")
                programme = "DIG" if slug == "dig" else "EIG"
                cohort = ensure_cohort(ctx, slug, year=years[0], programme=programme)
                save_record(
                    ctx,
                    Cohort,
                    instance=cohort,
                    lookup={"slug": slug},
                    values={
                        "year": years[0],
                        "number": int(slug) if slug.isdigit() else None,
                        "programme_id": ensure_programme(ctx, programme).pk,
                    },
                )


# --- Défis ----------------------------------------------------------------------

CHALLENGE_KEYS = {
    "image",
    "title",
    "link_to",
    "skills",
    "description",
    "year",
    "promotion",
    "duration_months",
    "ville",
    "administration",
    "administration_website",
    "eigs",
    "mentors",
    "key_figures",
    "projects",
    "source_code",
    "intro_videos",
    "end_of_project_videos",
    "poster",
    "website",
}


def import_organizations(
    *, ctx: ImportContext, labels: list[tuple[str, str]], file: str
) -> dict[str, int]:
    """Organizations named in `administration` strings (with their website).

    Returns the host organization id of each label. An existing organization
    is only completed (empty website, acronym or ministry), never
    overwritten: staff may have corrected it.
    """
    variants: dict[str, Counter] = defaultdict(Counter)
    specs: dict[str, org_parser.OrgPart] = {}
    acronyms: dict[str, Counter] = defaultdict(Counter)
    ministries: dict[str, Counter] = defaultdict(Counter)
    websites: dict[str, Counter] = defaultdict(Counter)
    parsed: dict[str, org_parser.ParsedLabel] = {}
    for label, website in labels:
        result = org_parser.parse_label(label)
        parsed[label] = result
        for part in result.parts:
            variants[part.key][part.name] += 1
            specs.setdefault(part.key, part)
            if part.acronym:
                acronyms[part.key][part.acronym] += 1
            if result.ministry and not part.is_ministry:
                ministries[part.key][result.ministry.key] += 1
        if result.host and website:
            websites[result.host.key][website] += 1
    existing = {org.source_key: org for org in Organization.objects.filter(source_key__in=specs)}
    ids: dict[str, int] = {}
    # Ministries first: the others point at them.
    ordered = sorted(specs, key=lambda key: (not specs[key].is_ministry, key))
    for key in ordered:
        spec = specs[key]
        with record(ctx, file, f"administration « {spec.name} »"):
            wanted = {
                "acronym": _most_common(acronyms[key]),
                "website": _most_common(websites[key]),
                "parent_id": ids.get(_most_common(ministries[key])),
            }
            org = existing.get(key)
            if org is None:
                create_only = {
                    "name": org_parser.preferred_name(variants[key]),
                    "kind": spec.kind,
                    "slug": _unique_slug(Organization, slug_from_title(spec.name, max_length=190)),
                }
                values = {name: value for name, value in wanted.items() if value}
            else:
                create_only = {}
                values = {n: v for n, v in wanted.items() if v and not getattr(org, n)}
            org = save_record(
                ctx,
                Organization,
                instance=org,
                lookup={"source_key": key},
                values=values,
                create_only=create_only,
            )
            ids[key] = org.pk
    return {
        label: ids.get(result.host.key)
        for label, result in parsed.items()
        if result.host is not None
    }


def _most_common(counter: Counter):
    if not counter:
        return ""
    return min(counter, key=lambda value: (-counter[value], str(value)))


def _read_challenge_bodies(ctx: ImportContext, site: Site, data: dict) -> dict[str, str]:
    """Long descriptions from _defis/*.md, by défi key.

    A file is matched by its front-matter title (a key of defis.yml), else by
    its address (the file name gives year and slug, like `link_to`).
    """
    by_address = {
        clean_line(raw.get("link_to")): key for key, raw in data.items() if isinstance(raw, dict)
    }
    bodies: dict[str, str] = {}
    folder = site.root / "_defis"
    if not folder.is_dir():
        return bodies
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        name = site.rel(path)
        ctx.tick(path.name)
        try:
            doc = read_document(path, name)
        except SourceError as exc:
            ctx.report.error(name, exc.reason)
            continue
        key = clean_line(doc.meta.get("title"))
        if key not in data:
            key = None
            try:
                parsed = parse_post_filename(path.name)
                address = expand_permalink(
                    site.permalinks["defis"], date=parsed.date, title=parsed.slug
                )
                key = by_address.get(address)
            except SourceError:
                pass
        if key is None:
            ctx.report.warn(
                name, f"aucun défi « {doc.meta.get('title', path.stem)} » dans defis.yml"
            )
            continue
        bodies[key] = doc.body
    return bodies


def _video_list(ctx: ImportContext, raw: dict, file: str, label: str) -> list[dict]:
    videos = []
    for kind, key in (("intro", "intro_videos"), ("end_of_project", "end_of_project_videos")):
        for item in as_list(raw.get(key)):
            try:
                videos.append(video_entry(kind, item))
            except SourceError as exc:
                ctx.report.warn(file, f"{label} : {exc.reason}")
    return videos


def _key_figures(ctx: ImportContext, raw: dict, file: str, label: str) -> list[dict]:
    rows = []
    for position, item in enumerate(as_list(raw.get("key_figures"))):
        if not isinstance(item, dict):
            ctx.report.warn(file, f"{label} : chiffre clé illisible : « {item} »")
            continue
        try:
            amount = Decimal(str(item.get("amount")).replace(" ", "").replace(",", "."))
        except InvalidOperation:
            ctx.report.warn(file, f"{label} : chiffre clé sans valeur numérique : « {item} »")
            continue
        rows.append(
            {
                "position": position,
                "amount": amount.quantize(Decimal("0.01")),
                "prefix": clean_line(item.get("before")),
                "suffix": clean_line(item.get("after")),
                "description": clean_line(item.get("description")),
            }
        )
    return rows


def _projects(ctx: ImportContext, raw: dict, file: str, label: str) -> list[dict]:
    rows = []
    for position, item in enumerate(as_list(raw.get("projects"))):
        if not isinstance(item, dict):
            ctx.report.warn(file, f"{label} : réalisation illisible : « {item} »")
            continue
        rows.append(
            {
                "position": position,
                "title": clean_line(item.get("title")),
                "description": clean_text(item.get("description")),
                "url": clean_line(item.get("url")),
                "image": clean_line(item.get("image")),
                "call_to_action": clean_line(item.get("call_to_action")),
            }
        )
    return rows


def import_challenges(*, ctx: ImportContext, site: Site) -> None:
    """defis.yml (+ _defis/*.md): the défis with their organization."""
    data = _load_data(ctx, site, "defis.yml", dict)
    if data is None:
        return
    file = "_data/defis.yml"
    data = {clean_line(key): raw for key, raw in data.items()}
    site.raw_challenges = {key: raw for key, raw in data.items() if isinstance(raw, dict)}
    bodies = _read_challenge_bodies(ctx, site, site.raw_challenges)
    skills = {skill.code: skill.pk for skill in Skill.objects.all()}
    existing = {
        challenge.source_key: challenge
        for challenge in Challenge.objects.filter(source_key__in=data).prefetch_related(
            "skills", "themes", "key_figures", "projects"
        )
    }
    with transaction.atomic():
        labels = [
            (clean_line(raw.get("administration")), clean_line(raw.get("administration_website")))
            for raw in site.raw_challenges.values()
            if clean_line(raw.get("administration"))
        ]
        host_ids = import_organizations(ctx=ctx, labels=labels, file=file)
        for key, raw in data.items():
            with record(ctx, file, f"défi « {key} »"):
                if not isinstance(raw, dict):
                    raise SourceError("un dictionnaire est attendu")
                challenge = _import_challenge(
                    ctx,
                    site,
                    key=key,
                    raw=raw,
                    file=file,
                    body=bodies.get(key),
                    existing=existing.get(key),
                    skills=skills,
                    host_ids=host_ids,
                )
                site.challenges[key] = challenge
    for key, challenge in site.challenges.items():
        site.challenge_titles.setdefault(fold(challenge.title), []).append(key)
        if fold(key) != fold(challenge.title):
            site.challenge_titles.setdefault(fold(key), []).append(key)


def _import_challenge(ctx, site, *, key, raw, file, body, existing, skills, host_ids) -> Challenge:
    label = f"défi « {key} »"
    unknown = set(raw) - CHALLENGE_KEYS
    if unknown:
        ctx.report.warn(file, f"{label} : champs inconnus ignorés : {_names(unknown)}")
    year = _int_or_none(raw.get("year"), what="year")
    if not year:
        raise SourceError("année (« year ») manquante")
    if raw.get("promotion") in (None, ""):
        raise SourceError("promotion manquante")
    cohort = ensure_cohort(ctx, cohort_slug(raw["promotion"]), year=year)
    title = clean_line(raw.get("title")) or key
    link_to = clean_line(raw.get("link_to"))
    slug_base = path_slug(link_to) if link_to else slug_from_title(title)
    legacy_path = link_to or expand_permalink(
        site.permalinks["defis"], date=dt.date(year, 1, 1), title=slug_base
    )
    organization_label = clean_line(raw.get("administration"))
    values = {
        "title": title,
        "cohort_id": cohort.pk,
        "year": year,
        "pitch": clean_line(raw.get("description"))[:500],
        "organization_id": host_ids.get(organization_label),
        "organization_label": organization_label,
        "town": clean_line(raw.get("ville")),
        "duration_months": _int_or_none(raw.get("duration_months"), what="duration_months"),
        "image": clean_line(raw.get("image")),
        "poster": clean_line(raw.get("poster")),
        "website": clean_line(raw.get("website")),
        "source_code": [clean_line(url) for url in as_list(raw.get("source_code"))],
        "videos": _video_list(ctx, raw, file, label),
        "legacy_path": legacy_path,
    }
    if body is not None:
        values["body"] = body
    elif existing is None:
        ctx.report.warn(file, f"{label} : aucune description longue dans _defis/")
    skill_ids = set()
    for code in as_list(raw.get("skills")):
        if str(code) in skills:
            skill_ids.add(skills[str(code)])
        else:
            ctx.report.warn(file, f"{label} : compétence « {code} » inconnue de skills.yml")
    m2m = {"skills": skill_ids}
    if existing is None or not existing.themes.all():
        m2m["themes"] = {
            _theme_id(ctx, name) for name in themes_for(title, values["pitch"], organization_label)
        }
    return save_record(
        ctx,
        Challenge,
        instance=existing,
        lookup={"source_key": key},
        values=values,
        create_only={"slug": _unique_slug(Challenge, slug_base, year=year)}
        if existing is None
        else None,
        m2m=m2m,
        children={
            "key_figures": (ChallengeKeyFigure, _key_figures(ctx, raw, file, label)),
            "projects": (ChallengeProject, _projects(ctx, raw, file, label)),
        },
        merge=merge_rule_for(existing, MERGE_ORIGINAL_SITE),
    )


def _theme_id(ctx: ImportContext, name: str) -> int:
    if name not in ctx.themes:
        theme = Theme.objects.filter(name=name).first() or save_record(
            ctx, Theme, lookup={"name": name}, values={}, create_only={"slug": slugify(name)}
        )
        ctx.themes[name] = theme.pk
    return ctx.themes[name]


# --- People ---------------------------------------------------------------------

FELLOW_PROFILES = {
    "developpeur": Profile.DEVELOPER,
    "developpeuse": Profile.DEVELOPER,
    "designer": Profile.DESIGNER,
    "designeuse": Profile.DESIGNER,
    "data scientist": Profile.DATA_SCIENTIST,
    "datascientist": Profile.DATA_SCIENTIST,
    "datascientiste": Profile.DATA_SCIENTIST,
    "data engineer": Profile.DATA_ENGINEER,
}
MENTOR_PROFILES = {"mentor", "accompagnement"}
TEAM_POSITION = "Équipe d'accompagnement du programme"
PLACEHOLDER_PHOTOS = ("sans-photo",)


@dataclass
class Person:
    key: str
    raw: dict
    name: str
    profile_label: str
    classes: list[str]
    fellow_links: list[str] = field(default_factory=list)  # défi keys, ordered
    mentor_links: dict[str, int] = field(default_factory=dict)  # défi key -> position

    @property
    def profile(self) -> str:
        return FELLOW_PROFILES.get(fold(self.profile_label), "")

    @property
    def is_mentor_profile(self) -> bool:
        return fold(self.profile_label) in MENTOR_PROFILES or "mentor" in self.classes

    @property
    def is_fellow(self) -> bool:
        return bool(self.profile) or bool(self.fellow_links)

    @property
    def is_mentor(self) -> bool:
        return self.is_mentor_profile or bool(self.mentor_links)

    @property
    def class_cohorts(self) -> set[str]:
        slugs = set()
        for tag in self.classes:
            if tag == "dig" or (tag.startswith("eig-") and tag[4:].isdigit()):
                slugs.add(cohort_slug(tag))
        return slugs


def _display_name(key: str, title: str) -> tuple[str, bool]:
    """A person's name: the `title`, unless it names someone else than the key.

    "Pierre–Alain Jachiet" (key, en dash) titled "Pierre-Alain Jachiet" is
    the same name; "Loïc Duflot" titled "Pierre Dubreuil" is not: the key,
    which every relation uses, wins. Returns (name, title_disagrees).
    """
    if not title or fold(title) == fold(key):
        return (title or key), False
    return key, True


def _read_biographies(ctx: ImportContext, site: Site, people: dict) -> dict[str, str]:
    """_communaute/*.md biographies, by person key (front-matter `nom`, else
    the address of the file, like `link_to`)."""
    by_address: dict[str, list[str]] = defaultdict(list)
    for key, raw in people.items():
        by_address[clean_line(raw.get("link_to"))].append(key)
    bios: dict[str, str] = {}
    folder = site.root / "_communaute"
    if not folder.is_dir():
        return bios
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        name = site.rel(path)
        ctx.tick(path.name)
        try:
            doc = read_document(path, name)
        except SourceError as exc:
            ctx.report.error(name, exc.reason)
            continue
        keys = []
        nom = clean_line(doc.meta.get("nom"))
        if nom in people:
            keys.append(nom)
        try:
            parsed = parse_post_filename(path.name)
            address = expand_permalink(
                site.permalinks["communaute"], date=parsed.date, title=parsed.slug
            )
            keys.extend(k for k in by_address.get(address, []) if k not in keys)
        except SourceError:
            pass
        if not keys:
            ctx.report.warn(name, f"biographie de « {nom or path.stem} » : personne introuvable")
        for key in keys:
            bios.setdefault(key, doc.body)
    return bios


def _find_person(people: dict, name: str) -> str | None:
    name = clean_line(name)
    if name in people:
        return name
    matches = [key for key in people if fold(key) == fold(name)]
    return matches[0] if len(matches) == 1 else None


def _link_people(ctx: ImportContext, site: Site, people: dict[str, Person]) -> None:
    """Relations in both directions: défis' eigs/mentors and people's défis."""
    for challenge_key, raw in site.raw_challenges.items():
        for role in ("eigs", "mentors"):
            for position, name in enumerate(as_list(raw.get(role))):
                person_key = _find_person(people, str(name))
                if person_key is None:
                    ctx.report.warn(
                        "_data/defis.yml",
                        f"défi « {challenge_key} » : {'EIG' if role == 'eigs' else 'mentor'} "
                        f"« {name} » introuvable dans personnes.yml",
                    )
                    continue
                person = people[person_key]
                if role == "eigs":
                    if challenge_key not in person.fellow_links:
                        person.fellow_links.append(challenge_key)
                else:
                    person.mentor_links.setdefault(challenge_key, position)
    for person in people.values():
        for title in as_list(person.raw.get("defis")):
            challenge = site.find_challenge(str(title))
            if challenge is None:
                ctx.report.warn(
                    "_data/personnes.yml", f"{person.key} : défi « {title} » introuvable"
                )
                continue
            key = challenge.source_key
            if key in person.fellow_links or key in person.mentor_links:
                continue
            if person.is_mentor_profile or not person.profile:
                person.mentor_links[key] = 100 + len(person.mentor_links)
            else:
                person.fellow_links.append(key)
        if person.profile and person.mentor_links and not person.fellow_links:
            for key in person.mentor_links:
                ctx.report.warn(
                    "_data/personnes.yml",
                    f"{person.key} : profil « {person.profile_label} » mais mentor du défi "
                    f"« {key} » : importé comme EIG et comme mentor",
                )


def import_people(*, ctx: ImportContext, site: Site) -> None:
    """personnes.yml (+ _communaute/*.md): fellows (EIG) and mentors."""
    data = _load_data(ctx, site, "personnes.yml", dict)
    if data is None:
        return
    file = "_data/personnes.yml"
    raw_people = {clean_line(key): raw for key, raw in data.items() if isinstance(raw, dict)}
    for key, raw in data.items():
        if not isinstance(raw, dict):
            ctx.report.error(file, f"{key} : un dictionnaire est attendu")
    bios = _read_biographies(ctx, site, raw_people)
    people: dict[str, Person] = {}
    for key, raw in raw_people.items():
        name, disagrees = _display_name(key, clean_line(raw.get("title")))
        if disagrees:
            ctx.report.warn(
                file, f"{key} : titre « {raw.get('title')} » différent du nom : le nom est gardé"
            )
        people[key] = Person(
            key=key,
            raw=raw,
            name=name,
            profile_label=clean_line(raw.get("profil")),
            classes=[fold(str(tag)).replace(" ", "-") for tag in as_list(raw.get("class"))],
        )
    _link_people(ctx, site, people)
    fellows = {
        fellow.source_key: fellow
        for fellow in Fellow.objects.filter(source_key__in=people).prefetch_related(
            "cohorts", "challenges"
        )
    }
    mentors = {
        mentor.source_key: mentor
        for mentor in Mentor.objects.filter(source_key__in=people).prefetch_related(
            "cohorts", "mentorships"
        )
    }
    with transaction.atomic():
        for key, person in people.items():
            with record(ctx, file, key):
                if not person.is_fellow and not person.is_mentor:
                    raise SourceError(
                        f"profil « {person.profile_label} » inconnu : ni EIG ni mentor"
                    )
                common = _profile_values(person, bios.get(key))
                if person.is_fellow:
                    _save_fellow(ctx, site, person, common, fellows.get(key), file)
                if person.is_mentor:
                    _save_mentor(ctx, site, person, common, mentors.get(key))


def _profile_values(person: Person, bio: str | None) -> dict:
    raw = person.raw
    photo = clean_line(raw.get("image_url"))
    if any(marker in photo for marker in PLACEHOLDER_PHOTOS):
        photo = ""
    values = {
        "name": person.name,
        "photo_url": photo,
        "github": clean_line(raw.get("github")),
        "gitlab": clean_line(raw.get("gitlab")),
        "linkedin": clean_line(raw.get("linkedin")),
        "twitter": clean_line(raw.get("twitter")),
        "website": clean_line(raw.get("website")),
        "legacy_path": clean_line(raw.get("link_to")),
    }
    if bio is not None:
        values["bio"] = bio
    return values


def _person_slug(model, person: Person) -> str:
    link_to = clean_line(person.raw.get("link_to"))
    base = path_slug(link_to) if link_to else slug_from_title(person.name)
    return _unique_slug(model, base)


def _save_fellow(ctx, site: Site, person: Person, common: dict, existing, file: str) -> None:
    challenges = [site.challenges[key] for key in person.fellow_links if key in site.challenges]
    challenge_cohorts = {challenge.cohort_id for challenge in challenges}
    mentored_cohorts = {
        site.challenges[key].cohort_id for key in person.mentor_links if key in site.challenges
    }
    cohort_ids = {challenge.cohort_id for challenge in challenges}
    for slug in person.class_cohorts:
        cohort = ctx.cohorts.get(slug) or Cohort.objects.filter(slug=slug).first()
        if cohort is None:
            ctx.report.warn(file, f"{person.key} : promotion « {slug} » introuvable")
            continue
        ctx.cohorts[slug] = cohort
        # A class tag of a cohort where the person only mentored (while a
        # fellow elsewhere) is the mentoring, not a second fellowship.
        if cohort.pk in mentored_cohorts and challenge_cohorts - {cohort.pk}:
            continue
        cohort_ids.add(cohort.pk)
    if not person.profile:
        ctx.report.warn(file, f"{person.key} : profil « {person.profile_label} » inconnu")
    save_record(
        ctx,
        Fellow,
        instance=existing,
        lookup={"source_key": person.key},
        values={**common, "profile": person.profile, "profile_label": person.profile_label},
        create_only={"slug": _person_slug(Fellow, person)} if existing is None else None,
        m2m={"cohorts": cohort_ids, "challenges": {c.pk for c in challenges}},
        merge=merge_rule_for(existing, MERGE_ORIGINAL_SITE),
    )


def _save_mentor(ctx, site: Site, person: Person, common: dict, existing) -> None:
    links = [
        (site.challenges[key], position)
        for key, position in person.mentor_links.items()
        if key in site.challenges
    ]
    cohort_ids = {challenge.cohort_id for challenge, _ in links}
    # The class tags of someone who is also a fellow describe the fellowship.
    if person.is_mentor_profile and not person.profile:
        for slug in person.class_cohorts:
            cohort = ctx.cohorts.get(slug) or Cohort.objects.filter(slug=slug).first()
            if cohort is not None:
                ctx.cohorts[slug] = cohort
                cohort_ids.add(cohort.pk)
    values = dict(common)
    if fold(person.profile_label) == "accompagnement":
        values["position_title"] = TEAM_POSITION
    rows = [
        {"challenge_id": challenge.pk, "kind": "", "position": position}
        for challenge, position in sorted(links, key=lambda link: link[0].pk)
    ]
    save_record(
        ctx,
        Mentor,
        instance=existing,
        lookup={"source_key": person.key},
        values=values,
        create_only={"slug": _person_slug(Mentor, person)} if existing is None else None,
        m2m={"cohorts": cohort_ids},
        children={"mentorships": (ChallengeMentor, rows)},
        merge=merge_rule_for(existing, MERGE_ORIGINAL_SITE),
    )


# --- Posts ----------------------------------------------------------------------

POST_KEYS = {
    "title",
    "date",
    "author",
    "twitter",
    "description",
    "image",
    "tags",
    "categories",
    "chapeau-text",
    "une-ou-diaporama",
    "files",
    "contact-presse",
    "layout",
    "lang-ref",
    "permalink",
    "published",
}


def _post_values(ctx: ImportContext, doc: Document, *, published_at: dt.datetime) -> dict:
    meta = doc.meta
    unknown = set(meta) - POST_KEYS
    if unknown:
        ctx.report.warn(doc.name, f"champs inconnus ignorés : {_names(unknown)}")
    images = []
    for item in as_list(meta.get("une-ou-diaporama")):
        if isinstance(item, dict) and item.get("image"):
            images.append({key: clean_line(value) for key, value in item.items()})
        elif isinstance(item, str):
            images.append({"image": clean_line(item)})
        else:
            ctx.report.warn(doc.name, f"image illisible dans une-ou-diaporama : « {item} »")
    contact = meta.get("contact-presse")
    press_contact = {}
    if isinstance(contact, dict):
        press_contact = {
            "name": clean_line(contact.get("name")),
            "email": clean_line(contact.get("email")),
            "tel": [clean_line(tel) for tel in as_list(contact.get("tel"))],
        }
    elif contact:
        ctx.report.warn(doc.name, f"contact-presse illisible : « {contact} »")
    published = meta.get("published", True)
    if isinstance(published, str):
        published = fold(published) not in {"false", "non", "no", "0"}
    return {
        "title": clean_line(meta.get("title")),
        "published_at": published_at,
        "author": clean_line(meta.get("author")),
        "author_twitter": clean_line(meta.get("twitter")),
        "description": clean_text(meta.get("description")),
        "lede": clean_text(meta.get("chapeau-text")),
        "body": doc.body.strip(),
        "image": clean_line(meta.get("image")) or (images[0]["image"] if images else ""),
        "images": images,
        "categories": [clean_line(c) for c in as_list(meta.get("categories"))],
        "tags": [clean_line(t) for t in as_list(meta.get("tags"))],
        "press_contact": press_contact,
        "layout": clean_line(meta.get("layout")),
        "is_published": bool(published),
    }


def _attachments(ctx: ImportContext, doc: Document) -> list[dict]:
    rows = []
    for position, item in enumerate(as_list(doc.meta.get("files"))):
        if isinstance(item, dict) and item.get("file"):
            rows.append(
                {
                    "position": position,
                    "url": clean_line(item["file"]),
                    "name": clean_line(item.get("nom")),
                }
            )
        elif isinstance(item, str):
            rows.append({"position": position, "url": clean_line(item), "name": ""})
        else:
            ctx.report.warn(doc.name, f"fichier joint illisible : « {item} »")
    return rows


def _save_post(
    ctx: ImportContext,
    *,
    source_key: str,
    language: str,
    slug: str,
    values: dict,
    attachments: list[dict],
) -> Post:
    existing = Post.objects.filter(source_key=source_key).prefetch_related("attachments").first()
    if not values["title"]:
        raise SourceError("titre (« title ») manquant")
    return save_record(
        ctx,
        Post,
        instance=existing,
        lookup={"source_key": source_key},
        values={**values, "language": language},
        create_only={"slug": _unique_slug(Post, slug, language=language)}
        if existing is None
        else None,
        children={"attachments": (PostAttachment, attachments)},
    )


def import_posts(*, ctx: ImportContext, site: Site) -> None:
    """_posts/*.md (French) then en/_posts/*.md (English, linked by lang-ref)."""
    by_ref: dict[str, Post] = {}
    for language, folder in (
        (Language.FR, site.root / "_posts"),
        (Language.EN, site.root / "en" / "_posts"),
    ):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            name = site.rel(path)
            ctx.tick(path.name)
            with record(ctx, name):
                post, ref = _import_site_post(ctx, site, path, name, language, by_ref)
                if language == Language.FR and ref:
                    by_ref[ref] = post


def _import_site_post(
    ctx, site: Site, path: Path, name: str, language: str, by_ref: dict
) -> tuple[Post, str]:
    parsed = parse_post_filename(path.name)
    doc = read_document(path, name)
    meta = doc.meta
    if meta.get("date"):
        published_at = parse_datetime(meta["date"])
    else:
        published_at = dt.datetime.combine(parsed.date, dt.time(0, 0), tzinfo=PARIS)
    values = _post_values(ctx, doc, published_at=published_at)
    if parsed.is_draft:
        values["is_published"] = False
    local = published_at.astimezone(PARIS).date()
    pattern = clean_line(meta.get("permalink")) or (
        "/en" + site.permalinks["posts"] if language == Language.EN else site.permalinks["posts"]
    )
    values["legacy_path"] = (
        "" if parsed.is_draft else expand_permalink(pattern, date=local, title=parsed.slug)
    )
    ref = clean_line(meta.get("lang-ref"))
    if language == Language.EN:
        original = by_ref.get(ref) if ref else None
        if original is None:
            ctx.report.warn(name, f"version française introuvable (lang-ref « {ref} »)")
        values["translation_of_id"] = original.pk if original else None
    post = _save_post(
        ctx,
        source_key=name,
        language=language,
        slug=slug_from_title(parsed.slug, max_length=190),
        values=values,
        attachments=_attachments(ctx, doc),
    )
    return post, ref


# --- FAQ, testimonials, webinars -------------------------------------------------


def import_faq(*, ctx: ImportContext, site: Site, path: Path) -> None:
    """faq-eig*.yml (candidates), faq-administrations*.yml; `-en`: English."""
    name = site.rel(path)
    stem = path.stem
    audience = FaqAudience.ADMINISTRATIONS if "administration" in stem else FaqAudience.CANDIDATES
    language = Language.EN if stem.endswith("-en") else Language.FR
    data = _load_data(ctx, site, path.name, list)
    if data is None:
        return
    with transaction.atomic():
        for position, item in enumerate(data):
            with record(ctx, name, f"question {position + 1}"):
                if not isinstance(item, dict) or not item.get("question"):
                    raise SourceError("question manquante")
                save_record(
                    ctx,
                    FaqItem,
                    lookup={"source_key": f"{name}#{position + 1}"},
                    values={
                        "audience": audience,
                        "language": language,
                        "position": position,
                        "question": clean_line(item["question"])[:500],
                        "answer": sanitize_html(item.get("reponse") or item.get("answer") or ""),
                        "anchor": slugify(clean_line(item.get("ancre")))[:100],
                    },
                )


def import_testimonials(*, ctx: ImportContext, site: Site) -> None:
    data = _load_data(ctx, site, "temoignages.yml", list)
    if not data:
        return
    file = "_data/temoignages.yml"
    seen: Counter = Counter()
    with transaction.atomic():
        for position, item in enumerate(data):
            with record(ctx, file, f"témoignage {position + 1}"):
                if not isinstance(item, dict) or not item.get("text"):
                    raise SourceError("texte manquant")
                author = clean_line(item.get("author"))
                seen[author] += 1
                key = f"{file}#{slugify(author) or position + 1}"
                if seen[author] > 1:
                    key += f"-{seen[author]}"
                save_record(
                    ctx,
                    Testimonial,
                    lookup={"source_key": key},
                    values={
                        "position": position,
                        "text": clean_line(item["text"]),
                        "author": author,
                        "author_position": clean_line(item.get("position"))[:500],
                    },
                )


WEBINAR_START = dt.time(12, 30)
WEBINAR_LENGTH = dt.timedelta(hours=1)


def import_webinars(*, ctx: ImportContext, site: Site, path: Path) -> None:
    """webinaires_eig4.yml: the webinars of a cohort, as events.

    The cohort comes from the file name (`…eig4` -> cohort 4) and gives the
    year of the French dates ("mardi 12 mai"). The source gives no time of
    day: WEBINAR_START and WEBINAR_LENGTH are used, and said in the event's
    description.
    """
    name = site.rel(path)
    data = _load_data(ctx, site, path.name, list)
    if data is None:
        return
    suffix = path.stem.rsplit("_", 1)[-1]
    slug = cohort_slug(suffix)
    try:
        cohort = _cohort_for(ctx, slug)
    except SourceError as exc:
        ctx.report.error(name, exc.reason)
        return
    with transaction.atomic():
        for number, item in enumerate(data, start=1):
            with record(ctx, name, f"webinaire {number}"):
                _import_webinar(ctx, site, item, number=number, cohort=cohort, file=name)


def _cohort_phrase(name: str) -> str:
    """ "de la promotion 4" from "Promotion 4" or "4" — never "promotion Promotion 4"."""
    name = name.strip()
    if name.casefold().startswith("promotion"):
        return f"de la promotion{name[len('promotion') :]}"
    return f"de la promotion {name}"


def _import_webinar(ctx, site: Site, item, *, number: int, cohort: Cohort, file: str) -> None:
    if not isinstance(item, dict):
        raise SourceError("un dictionnaire est attendu")
    theme = clean_line(item.get("theme"))
    found = find_french_date(str(item.get("date") or ""), default_year=cohort.year)
    if found is None:
        raise SourceError(f"date illisible : « {item.get('date')} »")
    if not found.weekday_matches:
        ctx.report.warn(
            file, f"webinaire {number} : « {item.get('date')} » : jour de la semaine faux"
        )
    starts_at = dt.datetime.combine(found.date, WEBINAR_START, tzinfo=PARIS)
    challenges = []
    for title in as_list(item.get("defis")):
        challenge = site.find_challenge(str(title))
        if challenge is None:
            ctx.report.warn(file, f"webinaire {number} : défi « {title} » introuvable")
        else:
            challenges.append(challenge)
    presented = ", ".join(challenge.title for challenge in challenges)
    description = f"Webinaire {_cohort_phrase(cohort.name)} : {theme}."
    if presented:
        description += f"\n\nDéfis présentés : {presented}."
    # The time was never published: a default one is used. That note is for the
    # import report only, never for the public page.
    ctx.report.warn(
        file,
        f"webinaire {number} : horaire non publié, {WEBINAR_START:%H h %M} (heure de Paris) "
        "indiqué par défaut",
    )
    _save_event(
        ctx,
        source_key=f"{file}#{number}",
        values={
            "title": f"Webinaire {cohort.name} : {theme}",
            "kind": EventKind.WEBINAR,
            "starts_at": starts_at,
            "ends_at": starts_at + WEBINAR_LENGTH,
            "is_online": True,
            "location": "",
            "theme": theme[:200],
            "cohort_id": cohort.pk,
            "description": description,
            "registration_url": clean_line(item.get("inscription_url")),
            "replay_url": clean_line(item.get("rediffusion_url")),
        },
        challenges={challenge.pk for challenge in challenges},
    )


# --- Seed documents -----------------------------------------------------------------

EVENT_DEFAULT_START = dt.time(12, 30)


def import_seed_folder(*, ctx: ImportContext, path: Path) -> None:
    """Seed documents: a file with a `date` is a post (press release), one
    without is a page; a file with no front matter is a page whose title
    comes from its content (see `derive_title`), with a warning."""
    seed_files = _seed_files(path)
    if path.is_dir():
        report_unread(
            ctx,
            path,
            seed_files,
            reasons={
                child: "documentation de la source : non importée"
                for child in path.iterdir()
                if child.name.lower() in {"readme.md", "readme-data.md"}
            },
        )
    for file_path in seed_files:
        name = file_path.name
        ctx.tick(name)
        with record(ctx, name):
            doc = read_document(file_path, name)
            source_key = f"seeds/{name}"
            if doc.has_front_matter and doc.meta.get("date"):
                values = _post_values(ctx, doc, published_at=parse_datetime(doc.meta["date"]))
                _save_post(
                    ctx,
                    source_key=source_key,
                    language=Language.FR,
                    slug=slug_from_title(values["title"]),
                    values=values,
                    attachments=_attachments(ctx, doc),
                )
            else:
                _import_seed_page(ctx, doc, source_key)


PAGE_KEYS = {"title", "layout", "lang", "permalink", "description", "chapeau-text"}


# A paragraph announcing one past call ("... débute le recrutement de sa
# deuxième promotion", "La fin des dépôts des candidatures est fixée au
# 25/09/2017"): dated text a page must not keep stating. What a page says about
# the current call comes from the call's own data (eig/content/views.py).
CALL_ANNOUNCEMENT = re.compile(
    r"débute le recrutement|fin des dépôts des candidatures|appel à candidatures? est ouvert",
    re.IGNORECASE,
)


def drop_call_announcement(body: str) -> tuple[str, bool]:
    """The body without its dated call announcement: from the first paragraph
    that announces a call to the next heading (or the end)."""
    kept: list[str] = []
    dropping = False
    dropped = False
    for block in re.split(r"\n\s*\n", body):
        if block.lstrip().startswith("#"):
            dropping = False
        if not dropping and CALL_ANNOUNCEMENT.search(block):
            dropping = dropped = True
        if not dropping:
            kept.append(block)
    return "\n\n".join(kept), dropped


def _import_seed_page(ctx: ImportContext, doc: Document, source_key: str) -> None:
    body, review = split_press_review(doc.body)
    body, dropped = drop_call_announcement(body)
    if dropped:
        ctx.report.warn(doc.name, "annonce datée d'un appel à candidatures retirée de la page")
    if doc.has_front_matter:
        title = clean_line(doc.meta.get("title"))
        unknown = set(doc.meta) - PAGE_KEYS
        if unknown:
            ctx.report.warn(doc.name, f"champs inconnus ignorés : {_names(unknown)}")
        if not title:
            title = derive_title(body)
            ctx.report.warn(doc.name, f"pas de titre : titre tiré du contenu « {title} »")
    else:
        title = derive_title(body)
        ctx.report.warn(
            doc.name, f"pas de front matter : importé comme page, titre tiré du contenu « {title} »"
        )
    if not title:
        raise SourceError("aucun titre trouvé")
    existing = Page.objects.filter(source_key=source_key).first()
    save_record(
        ctx,
        Page,
        instance=existing,
        lookup={"source_key": source_key},
        values={
            "title": title,
            "language": Language.FR,
            "layout": clean_line(doc.meta.get("layout")),
            "lede": clean_text(doc.meta.get("chapeau-text")),
            "body": body.strip(),
        },
        create_only={"slug": _seed_page_slug(title, body)} if existing is None else None,
    )
    if review is not None:
        _import_press_review(ctx, doc.name, source_key, review)


def _seed_page_slug(title: str, body: str) -> str:
    """The slug of a new seed page; when a page of the current site already
    holds it (the current `programme`), the seed's text is dated
    (`programme-2017`) rather than numbered."""
    base = slug_from_title(title, drop_article=True)
    if Page.objects.filter(language=Language.FR, slug=base).exists():
        base = dated_slug(base, title, body)
    return _unique_slug(Page, base, language=Language.FR)


def _import_press_review(ctx: ImportContext, file: str, source_key: str, review) -> None:
    existing = {
        link.source_key: link
        for link in PressLink.objects.filter(source_key__startswith=f"{source_key}#")
    }
    for section_position, section in enumerate(review.sections):
        is_events = "evenement" in fold(section.title)
        for position, item in enumerate(section.items):
            key = f"{source_key}#{section_position + 1}.{position + 1}"
            save_record(
                ctx,
                PressLink,
                instance=existing.get(key),
                lookup={"source_key": key},
                values={
                    "section": section.title[:200],
                    "section_position": section_position,
                    "position": position,
                    "title": item.title[:500],
                    "url": item.url,
                    "year": review.year,
                },
            )
            if is_events:
                _import_announced_event(ctx, file, key, item)


def _import_announced_event(ctx: ImportContext, file: str, key: str, item) -> None:
    announced = parse_event_announcement(item.title)
    if announced is None:
        ctx.report.warn(file, f"annonce sans date : « {item.title} » (aucun événement créé)")
        return
    cohort_id = None
    if announced.cohort_number is not None:
        cohort = (
            ctx.cohorts.get(str(announced.cohort_number))
            or Cohort.objects.filter(slug=str(announced.cohort_number)).first()
        )
        cohort_id = cohort.pk if cohort else None
    starts_at = dt.datetime.combine(announced.date, EVENT_DEFAULT_START, tzinfo=PARIS)
    _save_event(
        ctx,
        source_key=f"{key}#event",
        values={
            "title": announced.title[:300],
            "kind": announced.kind,
            "starts_at": starts_at,
            "ends_at": None,
            "location": announced.location[:300],
            "is_online": False,
            "description": f"Annoncé dans la revue de presse : « {item.title} ».",
            "registration_url": item.url,
            "replay_url": "",
            "cohort_id": cohort_id,
        },
    )
