"""Défis of the Jekyll site (defis.yml and _defis/) and their host administrations."""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify

from eig.challenges.models import Challenge, ChallengeKeyFigure, ChallengeProject, Skill, Theme
from eig.core.text import fold
from eig.importer import organizations as org_parser
from eig.importer.parsers import (
    SourceError,
    as_list,
    clean_line,
    clean_text,
    expand_permalink,
    parse_post_filename,
    path_slug,
    read_document,
    slug_from_title,
    video_entry,
)
from eig.importer.services.programme import _int_or_none, _names, cohort_slug, ensure_cohort
from eig.importer.services.records import (
    MERGE_ORIGINAL_SITE,
    ImportContext,
    _unique_slug,
    merge_rule_for,
    record,
    save_record,
)
from eig.importer.services.site import Site, _load_data
from eig.importer.themes import themes_for
from eig.organizations.models import Organization

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
