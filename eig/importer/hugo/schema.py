"""The Decap CMS schema of the site (`site/static/admin/config.yml`): its
collections, their folders and fields, and the files of the site.
"""

from dataclasses import dataclass, field
from pathlib import Path

from eig.importer.parsers import SourceError, as_list, clean_line, read_yaml_file
from eig.importer.services.discovery import decap_schema_path


@dataclass(frozen=True)
class SchemaField:
    name: str
    widget: str = "string"
    collection: str = ""
    value_field: str = "title"
    multiple: bool = False
    fields: tuple["SchemaField", ...] = ()


@dataclass
class Collection:
    name: str
    label: str
    folder: Path | None
    fields: dict[str, SchemaField] = field(default_factory=dict)
    files: list[tuple[str, Path, dict[str, SchemaField]]] = field(default_factory=list)


def _schema_fields(raw) -> dict[str, SchemaField]:
    fields = {}
    for item in as_list(raw):
        if not isinstance(item, dict) or not item.get("name"):
            continue
        fields[str(item["name"])] = SchemaField(
            name=str(item["name"]),
            widget=str(item.get("widget") or "string"),
            collection=str(item.get("collection") or ""),
            value_field=str(item.get("value_field") or "title"),
            multiple=bool(item.get("multiple", False)),
            fields=tuple(_schema_fields(item.get("fields")).values()),
        )
    return fields


def read_schema(root: Path) -> dict[str, Collection]:
    """The collections of the Decap CMS schema, their folders and fields.

    Paths in the schema are relative to the repository root: the source root.
    """
    schema_path = decap_schema_path(root)
    data = read_yaml_file(schema_path)
    if not isinstance(data, dict) or not isinstance(data.get("collections"), list):
        raise SourceError("schéma Decap CMS sans « collections »")
    collections = {}
    for raw in data["collections"]:
        if not isinstance(raw, dict) or not raw.get("name"):
            continue
        name = str(raw["name"])
        collection = Collection(
            name=name,
            label=clean_line(raw.get("label")) or name,
            folder=root / raw["folder"] if raw.get("folder") else None,
            fields=_schema_fields(raw.get("fields")),
        )
        for item in as_list(raw.get("files")):
            if isinstance(item, dict) and item.get("file"):
                collection.files.append(
                    (
                        str(item.get("name") or item["file"]),
                        root / item["file"],
                        _schema_fields(item.get("fields")),
                    )
                )
        collections[name] = collection
    return collections


def site_root(root: Path) -> Path:
    """The Hugo site folder: the one whose `static/admin/` holds the schema."""
    return decap_schema_path(root).parent.parent.parent


def content_files(root: Path) -> list[Path]:
    """Every file of the Hugo content folder (the progress bar's length)."""
    content = site_root(root) / "content"
    if not content.is_dir():
        return []
    return sorted(path for path in content.rglob("*") if path.is_file())
