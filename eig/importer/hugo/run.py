"""The entry points: `import_hugo_site` (called by `services.import_paths`)
and `import_current_site` (for import_demo_data).
"""

from pathlib import Path

from eig.importer.hugo.challenges import import_challenges
from eig.importer.hugo.cohorts import import_cohorts, import_themes
from eig.importer.hugo.people import import_people
from eig.importer.hugo.posts import import_faq, import_posts
from eig.importer.hugo.schema import content_files, read_schema
from eig.importer.hugo.site import HugoSite
from eig.importer.hugo_pages import import_cms_pages
from eig.importer.parsers import SourceError
from eig.importer.redirects import note_current_site_pages
from eig.importer.report import ImportReport, Tick, no_tick
from eig.importer.services.discovery import (
    FatalImportError,
    PartKind,
    decap_schema_path,
    detect_format,
)
from eig.importer.services.records import ImportContext, report_unread
from eig.importer.services.run import import_paths

# Collections the platform has no model for yet: their files are listed.
NOT_IMPORTED = {
    "expertises": "taxonomie des expertises : pas encore de liste de profils (point 5)",
    "categories": "taxonomie des catégories d'articles : gardées sur chaque article",
}


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
    import_cms_pages(site)
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
