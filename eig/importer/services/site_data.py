"""FAQ, testimonials and webinars of the Jekyll site (_data/)."""

import datetime as dt
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from eig.cohorts.models import Cohort
from eig.content.models import FaqAudience, FaqItem, Language, Testimonial
from eig.events.models import EventKind
from eig.importer.parsers import (
    PARIS,
    SourceError,
    as_list,
    clean_line,
    find_french_date,
    sanitize_html,
)
from eig.importer.services.programme import _cohort_for, _save_event, cohort_slug
from eig.importer.services.records import ImportContext, record, save_record
from eig.importer.services.site import Site, _load_data


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
