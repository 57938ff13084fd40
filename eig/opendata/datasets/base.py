"""What every dataset is made of: `Field`, `Dataset`, the `Context` of a
download, and the cells of CSV and JSON.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.links import absolute_link
from eig.opendata.public import mask_emails, page_path

LIST_SEPARATOR = ";"
CHUNK_SIZE = 2000
LICENSE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
}


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    description: str
    get: Callable[[Any, "Context"], Any]
    type: str = "string"
    format: str | None = None
    required: bool = False
    unique: bool = False
    enum: list[str] | None = None
    many: bool = False  # a list of values, one cell joined by LIST_SEPARATOR
    example: str | None = None

    def schema(self) -> dict:
        description = str(self.description)
        if self.many:
            description += f" Valeurs multiples séparées par « {LIST_SEPARATOR} »."
        spec: dict[str, Any] = {
            "name": self.name,
            "title": str(self.title),
            "description": description,
            "type": self.type,
        }
        if self.format:
            spec["format"] = self.format
        if self.example:
            spec["example"] = self.example
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = self.enum
        if constraints:
            spec["constraints"] = constraints
        return spec


@dataclass(frozen=True)
class Context:
    """What a row needs besides its object: the request, for absolute links."""

    request: Any

    def url(self, path: str | None) -> str | None:
        return absolute_link(path, self.request) or None


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: list[Field]
    queryset: Callable[[], QuerySet]
    primary_key: list[str]
    foreign_keys: list[dict] = field(default_factory=list)

    def count(self) -> int:
        return self.queryset().count()

    def records(self, context: Context) -> Iterator[dict[str, Any]]:
        """The rows as dicts in column order, read in chunks (flat memory)."""
        for obj in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield {f.name: clean(f.get(obj, context)) for f in self.fields}

    def table_schema(self, context: Context, *, references: bool = False) -> dict:
        """The Table Schema of the CSV.

        Foreign keys to other files are left out unless `references` is set
        (the data package): a lone CSV must validate against its own schema,
        and a validator given one file cannot look into another.
        """
        schema: dict[str, Any] = {
            "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
            "name": f"eig-{self.name}",
            "title": str(self.title),
            "description": str(self.description),
            "countryCode": "FR",
            "homepage": context.url(reverse("opendata:index")),
            "path": context.url(reverse("opendata:schema", kwargs={"name": self.name})),
            "licenses": [LICENSE],
            "version": "1.0.0",
            "missingValues": [""],
            "fields": [f.schema() for f in self.fields],
            "primaryKey": self.primary_key,
        }
        foreign_keys = [
            fk for fk in self.foreign_keys if references or fk["reference"]["resource"] == ""
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        return schema


def clean(value: Any) -> Any:
    """Mask e-mail addresses in every piece of text that leaves the site."""
    if isinstance(value, str):
        return mask_emails(value) or None
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, datetime.datetime):
        return json_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _attr(name: str) -> Callable[[Any, Context], Any]:
    return lambda obj, ctx: getattr(obj, name)


def _link(name: str) -> Callable[[Any, Context], Any]:
    """The link stored in (or computed by) attribute `name`, absolute."""
    return lambda obj, ctx: ctx.url(getattr(obj, name))


def _page_url(obj, ctx: Context) -> str | None:
    return ctx.url(page_path(obj))


def _challenge_key(challenge) -> str:
    return f"{challenge.year}/{challenge.slug}"


def _slug_or_none(obj) -> str | None:
    return obj.slug if obj is not None else None


def _fk(field_name: str, resource: str, target: str = "slug") -> dict:
    """A foreign key to another dataset ("" is the dataset itself)."""
    return {"fields": field_name, "reference": {"resource": resource, "fields": target}}


URL = Field(
    "url",
    _("Adresse"),
    _("Adresse de la page publique sur le site du programme."),
    _page_url,
    format="uri",
)
