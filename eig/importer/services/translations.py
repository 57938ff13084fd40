"""Translations written by the programme team: `translations/<language>/*.md`.

Each file is one page in another language than French, with a front matter
naming the French page it translates (`translation_of`, the page's slug) and
its `title` (and, optionally, its `lede`); its body is Markdown. The
translation takes the French page's slug and menu position, so that
`/en/<address>/` shows it where `/<address>/` shows the French page. A file
whose French page does not exist is reported, never imported on its own.
"""

from pathlib import Path

from eig.content.models import Language, Page
from eig.importer.parsers import SourceError, clean_line, clean_text, read_document
from eig.importer.services.records import ImportContext, record, report_unread, save_record

TRANSLATION_KEYS = {"title", "lede", "translation_of"}


def translation_files(path: Path) -> list[tuple[str, Path]]:
    """(language, file) for each Markdown file under a known language folder."""
    languages = {code for code in Language.values if code != Language.FR}
    return [
        (folder.name, file)
        for folder in sorted(path.iterdir())
        if folder.is_dir() and folder.name in languages
        for file in sorted(folder.glob("*.md"))
        if not file.name.startswith(".")
    ]


def import_translation_folder(*, ctx: ImportContext, path: Path) -> None:
    files = translation_files(path)
    report_unread(ctx, path, [file for _, file in files])
    for language, file_path in files:
        name = file_path.relative_to(path.parent).as_posix()
        ctx.tick(name)
        with record(ctx, name):
            doc = read_document(file_path, name)
            unknown = set(doc.meta) - TRANSLATION_KEYS
            if unknown:
                ctx.report.warn(name, f"champs inconnus ignorés : {', '.join(sorted(unknown))}")
            slug = clean_line(doc.meta.get("translation_of"))
            title = clean_line(doc.meta.get("title"))
            if not slug or not title:
                raise SourceError("« title » et « translation_of » sont obligatoires")
            original = Page.objects.filter(language=Language.FR, slug=slug).first()
            if original is None:
                raise SourceError(f"aucune page française « {slug} » à traduire")
            save_record(
                ctx,
                Page,
                lookup={"language": language, "slug": slug},
                values={
                    "source_key": f"translations/{language}/{file_path.name}",
                    "title": title,
                    "lede": clean_text(doc.meta.get("lede")),
                    "body": doc.body.strip(),
                    "translation_of": original,
                    "position": original.position,
                },
            )
