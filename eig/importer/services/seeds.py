"""Seed documents (*.txt, *.md): posts, pages, press review, announced events."""

import datetime as dt
import re
from pathlib import Path

from eig.cohorts.models import Cohort
from eig.content.models import Language, Page, PressLink
from eig.core.text import fold
from eig.importer.page_text import dated_slug
from eig.importer.parsers import (
    PARIS,
    Document,
    SourceError,
    clean_line,
    clean_text,
    derive_title,
    parse_datetime,
    parse_event_announcement,
    read_document,
    slug_from_title,
    split_press_review,
)
from eig.importer.services.discovery import _seed_files
from eig.importer.services.posts import _attachments, _post_values, _save_post
from eig.importer.services.programme import _names, _save_event
from eig.importer.services.records import (
    ImportContext,
    _unique_slug,
    record,
    report_unread,
    save_record,
)

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
    slug = existing.slug if existing is not None else _seed_page_slug(title, body)
    save_record(
        ctx,
        Page,
        instance=existing,
        lookup={"source_key": source_key},
        values={
            "title": _dated_title(title, slug),
            "language": Language.FR,
            "layout": clean_line(doc.meta.get("layout")),
            "lede": clean_text(doc.meta.get("chapeau-text")),
            "body": body.strip(),
        },
        create_only={"slug": slug} if existing is None else None,
    )
    if review is not None:
        _import_press_review(ctx, doc.name, source_key, review)


def _dated_title(title: str, slug: str) -> str:
    """A page whose slug was dated (`programme-2017`) says its year in its
    title too, so that the menu does not show two « Le programme »."""
    base = slug_from_title(title, drop_article=True)
    dated = re.fullmatch(re.escape(base) + r"-(\d{4})", slug)
    return f"{title} ({dated.group(1)})" if dated else title


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
