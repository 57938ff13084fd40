"""The `articles` collection (the blog posts) and the FAQ files of `pages`."""

from pathlib import Path

import markdown
from django.db import transaction

from eig.content.models import FaqAudience, FaqItem, Language, Post
from eig.core.legacy import hugo_path
from eig.importer.hugo.merging import _match, _shared_records
from eig.importer.hugo.site import Entry, HugoSite, _body, _image, _published_at, _tally
from eig.importer.matching import Candidate, match_records
from eig.importer.parsers import (
    PARIS,
    SourceError,
    as_list,
    clean_line,
    clean_text,
    read_document,
    sanitize_html,
    slug_from_title,
)
from eig.importer.services.posts import _save_post
from eig.importer.services.records import MERGE_CURRENT_SITE, record, save_record


def _post_matches(site: HugoSite, entries: list[Entry]) -> dict:
    """Entry path -> the French post of another source it is: the same title
    or file name, published the same year (see matching.py)."""
    posts = Post.objects.filter(language=Language.FR).prefetch_related("attachments")
    shared, free = _shared_records(site, "articles", posts)
    mine = set(
        Post.objects.filter(source_key__in=[e.rel for e in entries]).values_list(
            "source_key", flat=True
        )
    )
    new = [entry for entry in entries if entry.rel not in mine and entry.rel not in shared]
    records = {str(post.pk): post for post in free}
    result = match_records(
        [
            Candidate(
                key=key,
                names=(post.title, post.slug),
                year=post.published_at.astimezone(PARIS).year,
            )
            for key, post in records.items()
        ],
        [
            Candidate(
                key=entry.rel,
                names=(entry.title, entry.stem),
                year=_published_at(entry.meta.get("date"), rel=entry.rel, ctx=site.ctx)
                .astimezone(PARIS)
                .year,
            )
            for entry in new
            if entry.title
        ],
    )
    return {**shared, **_match(site, "article", records, result)}


def import_posts(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("articles")
    shared = _post_matches(site, entries)
    ctx.report.merged["articles"] += len(shared)
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
                    existing=shared.get(entry.rel),
                    rule=MERGE_CURRENT_SITE,
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
