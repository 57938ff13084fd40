"""Writing records: the import context, one savepoint per record, the upsert
that saves only what changed, the merge rule of a record present on both
sites, and the files of a source left unread.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction

from eig.applications.models import ApplicationCall
from eig.challenges.models import Challenge, Mentor, Skill, Theme
from eig.cohorts.models import Cohort, Fellow, Programme, SelectionCriterion
from eig.content.models import FaqItem, Page, Post, PressLink, Testimonial
from eig.events.models import Event
from eig.importer.matching import merge_rows, merge_values
from eig.importer.media import ImportMedia
from eig.importer.parsers import SourceError
from eig.importer.report import ImportReport, Outcome, Tick, no_tick
from eig.importer.services.discovery import _source_files
from eig.organizations.models import Organization

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
