"""Programmes and cohorts, figures.yml and programme.yml (the curated facts)."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from eig.applications.models import ApplicationCall
from eig.challenges.models import Challenge, Funding
from eig.cohorts.models import Cohort, Programme, SelectionCriterion
from eig.content.models import Language, Page
from eig.core.text import fold
from eig.events.models import Event, EventKind
from eig.importer.parsers import (
    PARIS,
    SourceError,
    as_list,
    clean_line,
    clean_text,
    parse_date,
    parse_datetime,
    read_yaml_file,
    slug_from_title,
)
from eig.importer.services.records import ImportContext, _unique_slug, record, save_record

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
