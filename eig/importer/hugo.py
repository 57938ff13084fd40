"""Import a Hugo site edited with Decap CMS (the programme's current site).

The site is recognised by its Decap CMS schema (`site/static/admin/config.yml`,
see `services.detect_format`). The collections are known here by their names
in that schema (`promos`, `themes`, `defis`, `personnes`, `articles`); the
schema says where their files are (`folder`) and which files of its `pages`
collection are FAQ (a `questions` list of `title` + `desc`). Relations
(`widget: relation`) are matched on the title, the `value_field` of every
relation of this schema. In this order:

1. `promos`: the cohorts ("Promotion 1"… "Promotion 7", "Promotion 3 - DIG");
2. `themes`: the themes;
3. `defis`: the défis, each in the cohort its `promos` names (its year is the
   cohort's, never the publishing `date`), host administration from `who`
   and `place`, startup d'État from `isSET` / `urlSET`;
4. `personnes`: `participant` -> EIG of their cohorts and défis,
   `agent-public` -> mentor of their défis; the programme team and the
   ecosystem have no model yet and are listed as skipped;
5. `articles`: the blog posts;
6. the FAQ files of the `pages` collection (a `questions` list).

Every record is keyed on its file's path relative to the source, so two files
with the same name in different folders are two records and a second run
changes nothing. A name a relation gives that matches nothing is reported,
never invented. Every file of the source that was not read, or read and not
imported, is listed with the reason.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from django.db import transaction

from eig.challenges.models import Challenge as ChallengeModel
from eig.challenges.models import ChallengeMentor, Mentor, Theme
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import FaqAudience, FaqItem, Language
from eig.core.legacy import TEAM_PAGE, hugo_path
from eig.core.text import fold
from eig.importer.matching import Candidate, match_records, normalise
from eig.importer.parsers import (
    PARIS,
    Document,
    SourceError,
    as_list,
    clean_line,
    clean_text,
    hugo_shortcodes,
    parse_datetime,
    read_document,
    read_yaml_file,
    sanitize_html,
    slug_from_title,
)
from eig.importer.redirects import note_current_site_pages
from eig.importer.report import ImportReport, Tick, no_tick
from eig.importer.services.challenges import _theme_id, import_organizations
from eig.importer.services.discovery import (
    FatalImportError,
    PartKind,
    decap_schema_path,
    detect_format,
)
from eig.importer.services.people import FELLOW_PROFILES
from eig.importer.services.posts import _save_post
from eig.importer.services.programme import ensure_cohort, ensure_programme
from eig.importer.services.records import (
    MERGE_CURRENT_SITE,
    ImportContext,
    _unique_slug,
    record,
    report_unread,
    save_record,
)
from eig.importer.services.run import import_paths

# Collections the platform has no model for yet: their files are listed.
NOT_IMPORTED = {
    "expertises": "taxonomie des expertises : pas encore de liste de profils (point 5)",
    "categories": "taxonomie des catégories d'articles : gardées sur chaque article",
}

# The cohort records of the site give only a title ("Promotion 5"): the year
# of a cohort comes from a `year` field when the record has one, else from
# the cohort already on the platform (programme.yml, figures.yml, the original
# site), else from this table of the programme's published calendar (the
# candidates' FAQ: "En 2024, à compter de la 7ème promotion").
COHORT_YEARS = {
    "1": 2017,
    "2": 2018,
    "3": 2019,
    "dig": 2019,
    "4": 2020,
    "5": 2021,
    "6": 2022,
    "7": 2024,
}

ROLE_FELLOW = "participant"
ROLE_MENTOR = "agent-public"
TEAM_ROLES = {
    "agent-programme": "équipe du programme",
    "agent-programme-alumni": "ancienne équipe du programme",
    "agent-ecosysteme": "membre de l'écosystème",
}
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

# --- The schema ----------------------------------------------------------------


@dataclass(frozen=True)
class SchemaField:
    name: str
    widget: str = "string"
    collection: str = ""
    value_field: str = "title"
    multiple: bool = False
    fields: tuple["SchemaField", ...] = ()


@dataclass
class Collection:
    name: str
    label: str
    folder: Path | None
    fields: dict[str, SchemaField] = field(default_factory=dict)
    files: list[tuple[str, Path, dict[str, SchemaField]]] = field(default_factory=list)


def _schema_fields(raw) -> dict[str, SchemaField]:
    fields = {}
    for item in as_list(raw):
        if not isinstance(item, dict) or not item.get("name"):
            continue
        fields[str(item["name"])] = SchemaField(
            name=str(item["name"]),
            widget=str(item.get("widget") or "string"),
            collection=str(item.get("collection") or ""),
            value_field=str(item.get("value_field") or "title"),
            multiple=bool(item.get("multiple", False)),
            fields=tuple(_schema_fields(item.get("fields")).values()),
        )
    return fields


def read_schema(root: Path) -> dict[str, Collection]:
    """The collections of the Decap CMS schema, their folders and fields.

    Paths in the schema are relative to the repository root: the source root.
    """
    schema_path = decap_schema_path(root)
    data = read_yaml_file(schema_path)
    if not isinstance(data, dict) or not isinstance(data.get("collections"), list):
        raise SourceError("schéma Decap CMS sans « collections »")
    collections = {}
    for raw in data["collections"]:
        if not isinstance(raw, dict) or not raw.get("name"):
            continue
        name = str(raw["name"])
        collection = Collection(
            name=name,
            label=clean_line(raw.get("label")) or name,
            folder=root / raw["folder"] if raw.get("folder") else None,
            fields=_schema_fields(raw.get("fields")),
        )
        for item in as_list(raw.get("files")):
            if isinstance(item, dict) and item.get("file"):
                collection.files.append(
                    (
                        str(item.get("name") or item["file"]),
                        root / item["file"],
                        _schema_fields(item.get("fields")),
                    )
                )
        collections[name] = collection
    return collections


def site_root(root: Path) -> Path:
    """The Hugo site folder: the one whose `static/admin/` holds the schema."""
    return decap_schema_path(root).parent.parent.parent


def content_files(root: Path) -> list[Path]:
    """Every file of the Hugo content folder (the progress bar's length)."""
    content = site_root(root) / "content"
    if not content.is_dir():
        return []
    return sorted(path for path in content.rglob("*") if path.is_file())


# --- Reading ---------------------------------------------------------------------


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


# --- Import --------------------------------------------------------------------------


def import_hugo_site(*, ctx: ImportContext, root: Path) -> None:
    """The Hugo/Decap site at `root` (see the module docstring)."""
    schema_path = decap_schema_path(root)
    try:
        schema = read_schema(root)
    except SourceError as exc:
        ctx.report.error(schema_path.relative_to(root).as_posix(), exc.reason)
        return
    site = HugoSite(root=root, ctx=ctx, schema=schema)
    site.read.add(schema_path)
    note_current_site_pages(ctx)
    import_cohorts(site)
    import_themes(site)
    import_challenges(site)
    import_people(site)
    import_posts(site)
    import_faq(site)
    for name, reason in NOT_IMPORTED.items():
        collection = schema.get(name)
        if collection is not None and collection.folder is not None and collection.folder.is_dir():
            for path in sorted(collection.folder.iterdir()):
                if path.is_file():
                    site.tick(path)
                    site.skip(path, reason)
    for collection in schema.values():
        for name, path, _fields in collection.files:
            if path.is_file() and path not in site.read:
                site.tick(path)
                site.skip(path, f"page « {name} » du CMS : pas encore importée")
    for path in content_files(root):
        site.tick(path)
        if path not in site.read:
            site.reasons.setdefault(path, "hors des collections du schéma Decap : non lu")
    report_unread(ctx, root, site.read, reasons=site.reasons)


def _tally(ctx: ImportContext, kind: str, held: int, imported: int) -> None:
    ctx.report.tally(kind, held=held, imported=imported)


def import_cohorts(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("promos")
    imported = 0
    with transaction.atomic():
        for entry in entries:
            with record(ctx, entry.rel):
                slug = _cohort_slug(entry.title)
                existing = Cohort.objects.filter(slug=slug).first()
                year = entry.meta.get("year") or (existing.year if existing else None)
                if not year and COHORT_YEARS.get(slug):
                    year = COHORT_YEARS[slug]
                    ctx.report.warn(
                        entry.rel,
                        f"année non donnée par la promotion : {year} "
                        "(calendrier publié du programme)",
                    )
                if not year:
                    raise SourceError(f"année de la promotion « {entry.title} » inconnue")
                programme = "DIG" if slug == "dig" else "EIG"
                cohort = ensure_cohort(ctx, slug, year=int(year), programme=programme)
                if existing is None and cohort.name != entry.title:
                    cohort.name = entry.title
                    cohort.save(update_fields=["name", "updated_at"])
                values = {"year": int(entry.meta["year"])} if entry.meta.get("year") else {}
                if cohort.programme_id != ensure_programme(ctx, programme).pk:
                    values["programme_id"] = ensure_programme(ctx, programme).pk
                save_record(ctx, Cohort, instance=cohort, lookup={"slug": slug}, values=values)
                ctx.old_addresses[f"/promos/{hugo_path(entry.stem)}/"] = (cohort, ctx.source)
                site.cohorts[fold(entry.title)] = cohort
                imported += 1
    _tally(ctx, "Promotions", len(entries), imported)


def import_themes(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("themes")
    imported = 0
    names = set()
    with transaction.atomic():
        for entry in entries:
            with record(ctx, entry.rel):
                if not entry.title:
                    raise SourceError("thématique sans titre")
                names.add(entry.title)
                site.themes[fold(entry.title)] = entry.title
                existing = Theme.objects.filter(name=entry.title).first()
                if existing is not None:
                    save_record(
                        ctx, Theme, instance=existing, lookup={"pk": existing.pk}, values={}
                    )
                else:
                    _theme_id(ctx, entry.title)
                imported += 1
    _tally(ctx, "Thématiques", len(entries), imported)


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


# --- One programme, not two ------------------------------------------------------


def _shared_records(site: HugoSite, name: str, records) -> tuple[dict, list]:
    """The records of another source already merged with an entry of the
    collection `name` (entry path -> record), and the records still free to
    match: neither made by this collection nor merged with one of its entries."""
    prefix = site.rel(site.schema[name].folder) + "/"
    shared, free = {}, []
    for record_ in records:
        if record_.source_key.startswith(prefix):
            continue
        mine = [key for key in record_.other_source_keys if key.startswith(prefix)]
        for key in mine:
            shared[key] = record_
        if not mine:
            free.append(record_)
    return shared, free


def _match(site: HugoSite, kind: str, records: dict[str, object], result) -> dict:
    """Report what `match_records` could not decide; entry path -> record."""
    for item in result.ambiguous:
        site.ctx.report.ambiguity(
            item.key,
            f"{kind} « {item.label} » : {item.reason} ({', '.join(item.candidates)}) : "
            "importé à part, à rapprocher à la main",
        )
    for item in result.near:
        site.ctx.report.warn(
            item.key,
            f"{kind} « {item.label} » : {item.reason} que {', '.join(item.candidates)} : "
            "gardés distincts",
        )
    return {rel: records[key] for rel, key in result.matched.items()}


def _entry_year(site: HugoSite, entry: Entry) -> int | None:
    for title in _relation_titles(site, entry, "promos"):
        cohort = site.cohorts.get(fold(title))
        if cohort is not None:
            return cohort.year
    return None


def _challenge_matches(site: HugoSite, entries: list[Entry], keys: set[str]) -> dict:
    """Entry path -> the défi of another source it is (see matching.py)."""
    shared, free = _shared_records(site, "defis", ChallengeModel.objects.prefetch_related("themes"))
    new = [entry for entry in entries if entry.rel not in keys and entry.rel not in shared]
    records = {str(challenge.pk): challenge for challenge in free}
    result = match_records(
        [
            Candidate(key=key, names=(c.title, c.source_key), year=c.year)
            for key, c in records.items()
        ],
        [
            Candidate(key=entry.rel, names=(entry.title, entry.stem), year=_entry_year(site, entry))
            for entry in new
        ],
    )
    return {**shared, **_match(site, "défi", records, result)}


def _with_other_key(values: dict, instance, rel: str) -> dict:
    """`values` for a record shared with another source: the entry's path is
    added to the record's other keys, and the record keeps its own key."""
    if instance is None or instance.source_key == rel:
        return values
    return {**values, "other_source_keys": sorted({*instance.other_source_keys, rel})}


def import_challenges(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("defis")
    keys = [entry.rel for entry in entries]
    existing = {
        challenge.source_key: challenge
        for challenge in ChallengeModel.objects.filter(source_key__in=keys).prefetch_related(
            "themes"
        )
    }
    shared = _challenge_matches(site, entries, set(existing))
    ctx.report.merged["défis"] += len(shared)
    existing.update(shared)
    imported = 0
    titles: Counter = Counter(fold(entry.title) for entry in entries)
    with transaction.atomic():
        labels = [(label, "") for entry in entries if (label := _organization_label(entry))]
        host_ids = import_organizations(
            ctx=ctx, labels=labels, file=site.rel(site.schema["defis"].folder)
        )
        for entry in entries:
            with record(ctx, entry.rel, f"défi « {entry.title or entry.stem} »"):
                challenge = _import_challenge(site, entry, existing.get(entry.rel), host_ids)
                if titles[fold(challenge.title)] > 1:
                    ctx.report.warn(
                        entry.rel, f"titre « {challenge.title} » porté par plusieurs défis"
                    )
                else:
                    site.challenges[fold(challenge.title)] = challenge
                site.challenges_by_title[challenge.title] = challenge
                imported += 1
    for name, number in sorted(site.unknown_themes.items()):
        ctx.report.warn(
            site.rel(site.schema["defis"].folder),
            f"thématique « {name} » absente de themes/ : ignorée sur {number} défi(s)",
        )
    _tally(ctx, "Défis", len(entries), imported)


def _import_challenge(site: HugoSite, entry: Entry, existing, host_ids) -> ChallengeModel:
    ctx = site.ctx
    if not entry.title:
        raise SourceError("titre (« title ») manquant")
    cohorts = _cohorts_of(site, entry)
    if not cohorts:
        promos = ", ".join(_relation_titles(site, entry, "promos")) or "aucune"
        raise SourceError(f"aucune promotion connue (promos : {promos})")
    if len(cohorts) > 1:
        ctx.report.warn(
            entry.rel,
            f"plusieurs promotions : « {cohorts[0].name} » retenue "
            f"({', '.join(c.name for c in cohorts[1:])} ignorées)",
        )
    cohort = cohorts[0]
    label = _organization_label(entry)
    set_url = clean_line(entry.meta.get("urlSET"))
    values = {
        "title": entry.title,
        "cohort_id": cohort.pk,
        "year": cohort.year,
        "pitch": clean_line(entry.meta.get("description"))[:500],
        "body": _body(ctx, entry),
        "organization_id": host_ids.get(label),
        "organization_label": label,
        "town": clean_line(entry.meta.get("town")),
        "image": _image(entry.meta.get("image")),
        "is_startup_detat": entry.meta.get("isSET") is True,
        "startup_detat_url": set_url,
        "legacy_path": f"/defis/{hugo_path(entry.stem)}/",
    }
    theme_names = []
    for name in _relation_titles(site, entry, "themes"):
        known = site.themes.get(fold(name))
        if known is None:
            site.unknown_themes[name] += 1
        else:
            theme_names.append(known)
    m2m = {}
    # Themes are set on a défi that has none: staff may have changed them.
    if existing is None or not existing.themes.all():
        m2m["themes"] = {_theme_id(ctx, name) for name in theme_names}
    shared = existing is not None and existing.source_key != entry.rel
    return save_record(
        ctx,
        ChallengeModel,
        instance=existing,
        lookup={"pk": existing.pk} if shared else {"source_key": entry.rel},
        values=_with_other_key(values, existing, entry.rel),
        merge=MERGE_CURRENT_SITE if shared else None,
        create_only={
            "slug": _unique_slug(
                ChallengeModel, slug_from_title(entry.stem, max_length=190), year=cohort.year
            )
        }
        if existing is None
        else None,
        m2m=m2m,
    )


def import_people(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("personnes")
    keys = [entry.rel for entry in entries]
    fellows = {
        f.source_key: f
        for f in Fellow.objects.filter(source_key__in=keys).prefetch_related(
            "cohorts", "challenges"
        )
    }
    mentors = {
        m.source_key: m
        for m in Mentor.objects.filter(source_key__in=keys).prefetch_related(
            "cohorts", "mentorships"
        )
    }
    by_role: dict[str, list[Entry]] = {}
    for entry in entries:
        by_role.setdefault(clean_line(entry.meta.get("role")), []).append(entry)
    for model, role, found, kind in (
        (Fellow, ROLE_FELLOW, fellows, "EIG"),
        (Mentor, ROLE_MENTOR, mentors, "mentors"),
    ):
        shared = _person_matches(site, model, by_role.get(role, []), set(found), kind)
        ctx.report.merged[kind] += len(shared)
        found.update(shared)
    held: Counter = Counter()
    imported: Counter = Counter()
    with transaction.atomic():
        for entry in entries:
            role = clean_line(entry.meta.get("role"))
            if role in TEAM_ROLES:
                held["team"] += 1
                ctx.page_addresses[f"/personnes/{hugo_path(entry.stem)}/"] = (
                    TEAM_PAGE,
                    ctx.source,
                )
                site.skip(
                    entry.path,
                    f"rôle « {role} » ({TEAM_ROLES[role]}) : pas encore de page équipe",
                )
                continue
            if role not in (ROLE_FELLOW, ROLE_MENTOR):
                held["other"] += 1
                ctx.report.error(entry.rel, f"rôle « {role} » inconnu : ni EIG ni mentor")
                continue
            held[role] += 1
            with record(ctx, entry.rel, entry.title or entry.stem):
                if role == ROLE_FELLOW:
                    _save_fellow(site, entry, fellows.get(entry.rel))
                else:
                    _save_mentor(site, entry, mentors.get(entry.rel))
                imported[role] += 1
    _tally(ctx, "EIG (participant)", held[ROLE_FELLOW], imported[ROLE_FELLOW])
    _tally(ctx, "Mentors (agent-public)", held[ROLE_MENTOR], imported[ROLE_MENTOR])
    _tally(ctx, "Équipe et écosystème", held["team"], 0)


def _person_challenges(person) -> list:
    if isinstance(person, Fellow):
        return list(person.challenges.all())
    return [mentorship.challenge for mentorship in person.mentorships.all()]


def _person_matches(site: HugoSite, model, entries: list[Entry], keys: set[str], kind: str):
    """Entry path -> the EIG or mentor of another source this person is."""
    shared, free = _shared_records(
        site,
        "personnes",
        model.objects.prefetch_related(
            "cohorts", "challenges" if model is Fellow else "mentorships__challenge"
        ),
    )
    new = [entry for entry in entries if entry.rel not in keys and entry.rel not in shared]
    records = {str(person.pk): person for person in free}
    result = match_records(
        [
            Candidate(
                key=key,
                names=(person.name, person.source_key),
                cohorts=frozenset(str(cohort.year) for cohort in person.cohorts.all()),
                links=frozenset(normalise(c.title) for c in _person_challenges(person)),
            )
            for key, person in records.items()
        ],
        [
            Candidate(
                key=entry.rel,
                names=(entry.title, entry.stem),
                cohorts=frozenset(
                    str(site.cohorts[fold(title)].year)
                    for title in _relation_titles(site, entry, "promos")
                    if fold(title) in site.cohorts
                ),
                links=frozenset(normalise(t) for t in _relation_titles(site, entry, "defis")),
            )
            for entry in new
        ],
    )
    label = "EIG" if model is Fellow else "mentor"
    return {**shared, **_match(site, label, records, result)}


def _find_challenge(site: HugoSite, entry: Entry, title: str) -> list[ChallengeModel]:
    """The défi a relation names: its exact title (what Decap stores), else
    the same title but for case and accents (reported); a value holding
    several titles separated by commas is read as those titles (reported)."""
    challenge = site.challenges_by_title.get(title)
    if challenge is not None:
        return [challenge]
    challenge = site.challenges.get(fold(title))
    if challenge is not None:
        site.ctx.report.warn(
            entry.rel,
            f"défi « {title} » : écrit « {challenge.title} » dans defis/, rattaché à ce défi",
        )
        return [challenge]
    if "," in title:
        parts = [part.strip() for part in title.split(",") if part.strip()]
        site.ctx.report.warn(
            entry.rel, f"défi « {title} » : plusieurs titres dans une valeur, lus un à un"
        )
        return [found for part in parts for found in _find_challenge(site, entry, part)]
    site.ctx.report.warn(entry.rel, f"défi « {title} » introuvable parmi les défis : lien ignoré")
    return []


def _challenges_of(site: HugoSite, entry: Entry) -> list[ChallengeModel]:
    challenges = []
    for title in _relation_titles(site, entry, "defis"):
        for challenge in _find_challenge(site, entry, title):
            if challenge not in challenges:
                challenges.append(challenge)
    return challenges


def _body(ctx: ImportContext, entry: Entry) -> str:
    """The entry's text, its shortcodes as Markdown; an unknown one is reported."""
    body, unknown = hugo_shortcodes(entry.doc.body)
    for name in unknown:
        ctx.report.warn(entry.rel, f"code court « {name} » inconnu : retiré du texte")
    return body


def _person_values(ctx: ImportContext, entry: Entry) -> dict:
    meta = entry.meta
    body = _body(ctx, entry)
    return {
        "name": entry.title,
        "photo_url": _photo(meta.get("image")),
        "github": clean_line(meta.get("github")),
        "linkedin": clean_line(meta.get("linkedin")),
        "bio": body or clean_text(meta.get("desc")),
        "legacy_path": f"/personnes/{hugo_path(entry.stem)}/",
    }


def _save_fellow(site: HugoSite, entry: Entry, existing) -> None:
    if not entry.title:
        raise SourceError("nom (« title ») manquant")
    challenges = _challenges_of(site, entry)
    cohort_ids = {cohort.pk for cohort in _cohorts_of(site, entry)}
    cohort_ids |= {challenge.cohort_id for challenge in challenges}
    job = clean_line(entry.meta.get("job"))
    shared = existing is not None and existing.source_key != entry.rel
    values = {
        **_person_values(site.ctx, entry),
        "profile": FELLOW_PROFILES.get(fold(job), ""),
        "profile_label": job[:100],
    }
    save_record(
        site.ctx,
        Fellow,
        instance=existing,
        lookup={"pk": existing.pk} if shared else {"source_key": entry.rel},
        values=_with_other_key(values, existing, entry.rel),
        merge=MERGE_CURRENT_SITE if shared else None,
        create_only={"slug": _unique_slug(Fellow, slug_from_title(entry.title))}
        if existing is None
        else None,
        m2m={"cohorts": cohort_ids, "challenges": {c.pk for c in challenges}},
    )


def _save_mentor(site: HugoSite, entry: Entry, existing) -> None:
    if not entry.title:
        raise SourceError("nom (« title ») manquant")
    challenges = _challenges_of(site, entry)
    cohort_ids = {cohort.pk for cohort in _cohorts_of(site, entry)}
    cohort_ids |= {challenge.cohort_id for challenge in challenges}
    rows = [
        {"challenge_id": challenge.pk, "kind": "", "position": position}
        for position, challenge in enumerate(challenges)
    ]
    shared = existing is not None and existing.source_key != entry.rel
    values = {
        **_person_values(site.ctx, entry),
        "position_title": clean_line(entry.meta.get("job"))[:300],
    }
    save_record(
        site.ctx,
        Mentor,
        instance=existing,
        lookup={"pk": existing.pk} if shared else {"source_key": entry.rel},
        values=_with_other_key(values, existing, entry.rel),
        merge=MERGE_CURRENT_SITE if shared else None,
        create_only={"slug": _unique_slug(Mentor, slug_from_title(entry.title))}
        if existing is None
        else None,
        m2m={"cohorts": cohort_ids},
        children={"mentorships": (ChallengeMentor, rows)},
    )


def import_posts(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("articles")
    imported = 0
    with transaction.atomic():
        for entry in entries:
            with record(ctx, entry.rel):
                meta = entry.meta
                if not entry.title:
                    raise SourceError("titre (« title ») manquant")
                published = meta.get("published", True) is not False
                values = {
                    "title": entry.title,
                    "published_at": _published_at(meta.get("date"), rel=entry.rel, ctx=ctx),
                    "author": clean_line(meta.get("author"))[:200],
                    "description": clean_text(meta.get("description")),
                    "body": _body(ctx, entry),
                    "image": _image(meta.get("image")),
                    "categories": [clean_line(c) for c in as_list(meta.get("categories"))],
                    "is_published": published,
                    "legacy_path": f"/blog/{hugo_path(entry.stem)}/",
                }
                _save_post(
                    ctx,
                    source_key=entry.rel,
                    language=Language.FR,
                    slug=slug_from_title(entry.stem, max_length=190),
                    values=values,
                    attachments=[],
                )
                imported += 1
    _tally(ctx, "Articles", len(entries), imported)


def _faq_files(site: HugoSite) -> list[tuple[Path, str]]:
    """The files of the `pages` collection whose schema has a `questions` list
    of title + desc: the FAQ, for candidates or administrations."""
    found = []
    for collection in site.schema.values():
        for _name, path, fields in collection.files:
            questions = fields.get("questions")
            if questions is None or questions.widget != "list":
                continue
            subfields = {sub.name for sub in questions.fields}
            if {"title", "desc"} <= subfields:
                audience = (
                    FaqAudience.ADMINISTRATIONS
                    if "administration" in path.as_posix()
                    else FaqAudience.CANDIDATES
                )
                found.append((path, audience))
    return found


def import_faq(site: HugoSite) -> None:
    ctx = site.ctx
    held = imported = 0
    for path, audience in _faq_files(site):
        if not path.is_file():
            continue
        site.tick(path)
        site.read.add(path)
        rel = site.rel(path)
        try:
            doc = read_document(path, rel)
        except SourceError as exc:
            ctx.report.error(rel, exc.reason)
            continue
        questions = as_list(doc.meta.get("questions"))
        held += len(questions)
        with transaction.atomic():
            for position, item in enumerate(questions):
                with record(ctx, rel, f"question {position + 1}"):
                    if not isinstance(item, dict) or not clean_line(item.get("title")):
                        raise SourceError("question sans « title »")
                    question = clean_line(item["title"])
                    answer = markdown.markdown(clean_text(item.get("desc")))
                    save_record(
                        ctx,
                        FaqItem,
                        lookup={"source_key": f"{rel}#{position + 1}"},
                        values={
                            "audience": audience,
                            "language": Language.FR,
                            "position": position,
                            "question": question[:500],
                            "answer": sanitize_html(answer),
                            "anchor": slug_from_title(question, max_length=100),
                        },
                    )
                    imported += 1
    _tally(ctx, "Questions fréquentes", held, imported)


# --- For import_demo_data -------------------------------------------------------------


def import_current_site(path: Path, *, tick: Tick = no_tick) -> ImportReport:
    """Import the programme's current site (Hugo/Decap CMS) at `path`.

    What `import_demo_data` can call to add `site-eig-v3/` to the demo; a
    folder in another format is refused.
    """
    path = Path(path)
    if not path.exists():
        raise FatalImportError(f"chemin introuvable : {path}")
    if detect_format(path) != PartKind.HUGO:
        raise FatalImportError(
            f"« {path} » n'est pas un site Hugo/Decap CMS (site/static/admin/config.yml absent)"
        )
    return import_paths([path], tick=tick)
