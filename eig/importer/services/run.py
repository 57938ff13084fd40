"""The entry point: `import_paths` imports every part found, in order, and
`import_site_folder` a Jekyll site, one data file after the other.
"""

from collections.abc import Iterable
from pathlib import Path

from eig.importer import media
from eig.importer.parsers import SourceError, read_yaml_file, site_permalinks
from eig.importer.report import ImportReport, Tick, no_tick
from eig.importer.services.challenges import import_challenges
from eig.importer.services.discovery import (
    FORMAT_LABELS,
    PART_ORDER,
    UNKNOWN_FORMAT,
    FatalImportError,
    Part,
    PartKind,
    _source_files,
    discover,
)
from eig.importer.services.people import import_people
from eig.importer.services.posts import import_posts
from eig.importer.services.programme import (
    apply_programme_links,
    import_figures_file,
    import_programme_file,
)
from eig.importer.services.records import ImportContext, report_unread
from eig.importer.services.seeds import import_seed_folder
from eig.importer.services.site import Site, import_promotions, import_skills
from eig.importer.services.site_data import import_faq, import_testimonials, import_webinars
from eig.importer.services.translations import import_translation_folder


def import_paths(paths: Iterable[Path | str], *, tick: Tick = no_tick) -> ImportReport:
    """Import every part found in the paths; see the module docstring.

    A path in no known format is refused (FatalImportError) before anything
    is written.
    """
    parts: list[Part] = []
    skipped: list[tuple[Path, Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FatalImportError(f"chemin introuvable : {path}")
        found = discover(path)
        if not found.parts:
            raise FatalImportError(UNKNOWN_FORMAT.format(path=path))
        parts.extend(found.parts)
        skipped.extend((path, child, reason) for child, reason in found.skipped)
    parts.sort(key=lambda part: PART_ORDER.index(part.kind))
    ctx = ImportContext(tick=tick)
    for root, child, reason in skipped:
        ctx.report.skip(child.relative_to(root).as_posix(), reason)
    for part in parts:
        ctx.report.formats.append((str(part.path), FORMAT_LABELS[part.kind]))
        ctx.report.source_files += len(_source_files(part.path))
    programme_facts: list[tuple[Path, dict]] = []
    for part in parts:
        ctx.source = part.path.name
        if part.kind == PartKind.PROGRAMME:
            facts = import_programme_file(ctx=ctx, path=part.path)
            if facts is not None:
                programme_facts.append((part.path, facts))
        elif part.kind == PartKind.FIGURES:
            import_figures_file(ctx=ctx, path=part.path)
        elif part.kind == PartKind.SITE:
            ctx.media = media.for_site(ctx.report, part.path)
            import_site_folder(ctx=ctx, root=part.path)
            ctx.media = None
        elif part.kind == PartKind.HUGO:
            from eig.importer.hugo import import_hugo_site, site_root

            ctx.media = media.for_hugo(ctx.report, part.path, site_root(part.path) / "static")
            import_hugo_site(ctx=ctx, root=part.path)
            ctx.media = None
        elif part.kind == PartKind.TRANSLATIONS:
            import_translation_folder(ctx=ctx, path=part.path)
        else:
            import_seed_folder(ctx=ctx, path=part.path)
    for path, facts in programme_facts:
        apply_programme_links(ctx=ctx, path=path, facts=facts)
    from eig.importer.redirects import write_redirects

    write_redirects(ctx)
    return ctx.report


# Files of _data/ that hold navigation or interface text, not content.
IGNORED_DATA_FILES = {"nav.yml", "nav-en.yml", "traductions.yml"}
HANDLED_DATA_FILES = {
    "skills.yml",
    "promos.yml",
    "defis.yml",
    "personnes.yml",
    "temoignages.yml",
    "webinaires_eig4.yml",
}


def import_site_folder(*, ctx: ImportContext, root: Path) -> None:
    """A Jekyll site in the original format (see demo_data/README-data.md)."""
    config = {}
    config_path = root / "_config.yml"
    if config_path.is_file():
        try:
            config = read_yaml_file(config_path) or {}
        except SourceError as exc:
            ctx.report.error("_config.yml", f"{exc.reason} (adresses par défaut utilisées)")
    site = Site(root=root, permalinks=site_permalinks(config))
    data_dir = root / "_data"
    import_skills(ctx=ctx, site=site)
    import_promotions(ctx=ctx, site=site)
    import_challenges(ctx=ctx, site=site)
    import_people(ctx=ctx, site=site)
    import_posts(ctx=ctx, site=site)
    for path in sorted(data_dir.glob("faq-*.yml")):
        import_faq(ctx=ctx, site=site, path=path)
    import_testimonials(ctx=ctx, site=site)
    for path in sorted(data_dir.glob("webinaires_*.yml")):
        import_webinars(ctx=ctx, site=site, path=path)
    for path in sorted(data_dir.glob("*.yml")):
        if path.name in IGNORED_DATA_FILES:
            ctx.tick(path.name)
        elif path.name not in HANDLED_DATA_FILES and not path.name.startswith(
            ("faq-", "webinaires_")
        ):
            ctx.tick(path.name)
            ctx.report.warn(site.rel(path), "fichier non reconnu : ignoré")
    from eig.importer.redirects import read_site_redirects

    read_site_redirects(ctx, root)
    _report_unread_site_files(ctx, root)


def _report_unread_site_files(ctx: ImportContext, root: Path) -> None:
    read = [root / "_config.yml"]
    reasons = {}
    for path in (root / "_data").glob("*.yml"):
        if path.name in IGNORED_DATA_FILES:
            reasons[path] = "navigation ou textes d'interface : non importé"
        elif path.name in HANDLED_DATA_FILES or path.name.startswith(("faq-", "webinaires_")):
            read.append(path)
    for pattern in ("_defis/*", "_communaute/*", "_posts/*", "en/_posts/*"):
        read.extend(root.glob(pattern))
    for path in root.glob("*.html"):
        reasons[path] = "page Liquid/HTML du site : pas encore importée"
    read.append(root / "_redirects")
    report_unread(ctx, root, read, reasons=reasons)
