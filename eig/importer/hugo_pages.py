"""The pages of the current site's CMS that tell what the programme is today.

The Decap schema keeps each such page as one file of structured fields
(`site/content/program.md`: a presentation, "how it works", the fellow's
trajectory in steps, "and after", a quote). They become one managed `Page`
in Markdown, so that `/programme/` states the programme as it is now, not
the 2017 text of the seeds (which stays, as a dated page of its own).

What these files hold that the platform computes itself (the headline
figures: fellows, défis, partners) is not copied: copied figures go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eig.content.models import Language, Page
from eig.importer.page_text import consecutive_headings, dated_slug
from eig.importer.parsers import (
    SourceError,
    as_list,
    clean_line,
    clean_text,
    read_document,
)
from eig.importer.services import record, save_record
from eig.importer.services.records import _unique_slug

PROGRAMME_SLUG = "programme"


@dataclass(frozen=True)
class CmsPage:
    """A file page of the schema imported as a managed page."""

    name: str  # the file's name in the Decap schema
    slug: str


CMS_PAGES = (CmsPage(name="program", slug=PROGRAMME_SLUG),)


def _section(value) -> str:
    """The Markdown of a `{desc: …}` block ('' when absent)."""
    text = clean_text(value.get("desc")) if isinstance(value, dict) else clean_text(value)
    return consecutive_headings(text)


def _steps(value) -> str:
    """The fellow's trajectory: a heading, then each step with its duration."""
    if not isinstance(value, dict):
        return ""
    parts = []
    title = clean_line(value.get("title"))
    if title:
        parts.append(f"## {title}")
    for step in as_list(value.get("list")):
        if not isinstance(step, dict):
            continue
        name, heading = clean_line(step.get("step")), clean_line(step.get("title"))
        label = " : ".join(part for part in (name, heading) if part)
        if label:
            parts.append(f"### {label}")
        duration, dates = clean_line(step.get("duration")), clean_line(step.get("dates"))
        when = " · ".join(part for part in (duration, dates) if part)
        if when:
            parts.append(f"*{when}*")
        desc = clean_text(step.get("desc"))
        if desc:
            parts.append(desc)
    return "\n\n".join(parts)


def _quote(value) -> str:
    if not isinstance(value, dict) or not clean_line(value.get("quote")):
        return ""
    author = clean_line(value.get("name"))
    work = clean_line(value.get("desc"))
    signature = ", ".join(part for part in (author, f"*{work}*" if work else "") if part)
    quote = f"> {clean_line(value['quote'])}"
    return f"{quote}\n>\n> — {signature}" if signature else quote


def program_markdown(meta: dict) -> tuple[str, str]:
    """The lede and the body of the programme page, from its CMS fields."""
    lede = clean_text(meta.get("desc"))
    blocks = [
        _section(meta.get("how")),
        _steps(meta.get("steps")),
        _section(meta.get("then")),
        _quote(meta.get("quote")),
    ]
    return lede, "\n\n".join(block for block in blocks if block)


def _archive_slug(page: Page) -> str:
    """A slug for the earlier page that held `programme`, named after the
    latest year its text mentions (the 2017 presentation → programme-2017)."""
    base = dated_slug(page.slug, page.title, page.lede, page.body)
    return _unique_slug(Page, base, language=page.language)


def _take_slug(ctx, page: CmsPage, source_key: str, file: str) -> None:
    """The current site's page takes its slug; a page of another source that
    held it keeps its text at a dated address (nothing is lost)."""
    holder = (
        Page.objects.filter(language=Language.FR, slug=page.slug)
        .exclude(source_key=source_key)
        .first()
    )
    if holder is None:
        return
    slug = _archive_slug(holder)
    save_record(ctx, Page, instance=holder, lookup={"pk": holder.pk}, values={"slug": slug})
    ctx.report.warn(
        file,
        f"« /programme/ » présente désormais le programme actuel ; "
        f"l'ancienne page « {holder.title} » reste en ligne sous « {slug} »",
    )


def import_cms_pages(site) -> None:
    """Each page of `CMS_PAGES` found in the schema becomes a managed page."""
    ctx = site.ctx
    files: dict[str, Path] = {
        name: path
        for collection in site.schema.values()
        for name, path, _fields in collection.files
    }
    for page in CMS_PAGES:
        path = files.get(page.name)
        if path is None or not path.is_file():
            continue
        site.tick(path)
        site.read.add(path)
        rel = site.rel(path)
        try:
            doc = read_document(path, rel)
        except SourceError as exc:
            ctx.report.error(rel, exc.reason)
            continue
        with record(ctx, rel, f"page « {page.name} »"):
            title = clean_line(doc.meta.get("title"))
            if not title:
                raise SourceError("page sans « title »")
            lede, body = program_markdown(doc.meta)
            _take_slug(ctx, page, rel, rel)
            save_record(
                ctx,
                Page,
                lookup={"source_key": rel},
                values={
                    "title": title,
                    "language": Language.FR,
                    "layout": clean_line(doc.meta.get("layout")),
                    "lede": lede,
                    "body": body,
                    "slug": page.slug,
                    "legacy_path": "",
                },
            )
            if doc.meta.get("numbers"):
                ctx.report.skip(
                    f"{rel}#numbers",
                    "chiffres clés : la plateforme les calcule à partir de ses données",
                )
