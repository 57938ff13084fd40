"""Blog posts of the Jekyll site (_posts/ and en/_posts/)."""

import datetime as dt
from pathlib import Path

from eig.content.models import Language, Post, PostAttachment
from eig.core.text import fold
from eig.importer.parsers import (
    PARIS,
    Document,
    SourceError,
    as_list,
    clean_line,
    clean_text,
    expand_permalink,
    parse_datetime,
    parse_post_filename,
    read_document,
    slug_from_title,
)
from eig.importer.services.programme import _names
from eig.importer.services.records import (
    MERGE_ORIGINAL_SITE,
    ImportContext,
    Merge,
    _unique_slug,
    merge_rule_for,
    record,
    save_record,
)
from eig.importer.services.site import Site

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
    existing: Post | None = None,
    rule: Merge | None = None,
) -> Post:
    """`existing`: the post of another source this one is (else looked up by
    its key); `rule`: how this source writes into a post shared with another."""
    if existing is None:
        existing = (
            Post.objects.filter(source_key=source_key).prefetch_related("attachments").first()
        )
    if not values["title"]:
        raise SourceError("titre (« title ») manquant")
    merge = merge_rule_for(existing, rule) if rule is not None else None
    if existing is not None and existing.source_key != source_key:
        values = {**values, "other_source_keys": sorted({*existing.other_source_keys, source_key})}
        merge = rule
    return save_record(
        ctx,
        Post,
        instance=existing,
        lookup={"pk": existing.pk} if existing is not None else {"source_key": source_key},
        values={**values, "language": language},
        create_only={"slug": _unique_slug(Post, slug, language=language)}
        if existing is None
        else None,
        children={"attachments": (PostAttachment, attachments)},
        merge=merge,
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
        rule=MERGE_ORIGINAL_SITE,
    )
    return post, ref
