"""Reads of the media library: lists, search, and where a file is used."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from eig.medialibrary.models import MediaFile, MediaKind


def media_files(*, kind: str = "", query: str = ""):
    """The library, newest first, filtered by kind and by words of the title,
    alt text or credit (a queryset: ready for `paginate`)."""
    files = MediaFile.objects.select_related("uploaded_by")
    if kind in MediaKind.values:
        files = files.filter(kind=kind)
    for word in (query or "").split()[:10]:
        files = files.filter(
            Q(title__icontains=word) | Q(alt__icontains=word) | Q(credit__icontains=word)
        )
    return files


def library_images():
    """The pictures of the library, by title (what a picker offers)."""
    return MediaFile.objects.images().order_by("title", "pk")


def library_documents():
    """The documents of the library (PDF…), by title (what a picker offers)."""
    return MediaFile.objects.documents().order_by("title", "pk")


def library_texts(urls) -> dict[str, tuple[str, str]]:
    """{address: (alt text, credit)} of the library pictures among `urls`
    (one query): a page shows the alt text and credit given in the library."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    names = {}
    for url in urls:
        path = str(url).split("?", 1)[0]
        for prefix in (default_storage.url(""), settings.MEDIA_URL):
            if prefix and path.startswith(prefix):
                names[path.removeprefix(prefix)] = url
    if not names:
        return {}
    found = MediaFile.objects.filter(file__in=list(names)).values_list("file", "alt", "credit")
    return {names[name]: (alt, credit) for name, alt, credit in found}


def media_by_pk(pk: int) -> MediaFile | None:
    return MediaFile.objects.select_related("uploaded_by").filter(pk=pk).first()


@dataclass(frozen=True)
class Usage:
    """One content that holds a file's address."""

    kind: str  # the content's type, as staff read it
    title: str
    url: str  # its public page, "" when it has none
    fields: tuple[str, ...]  # the verbose names of the fields holding the address
    owner: object = None  # the content itself (the studio links to its edit page)


@dataclass(frozen=True)
class _Source:
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    json_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    owner: str = ""  # the attribute naming the content the row belongs to


# The public content whose fields hold file addresses or Markdown.
SOURCES = (
    _Source("content.Post", ("image", "body", "lede"), json_fields=("images",)),
    _Source("content.PostAttachment", ("url",), select_related=("post",), owner="post"),
    _Source("content.Page", ("body", "lede")),
    _Source("content.FaqItem", ("answer",)),
    _Source("content.PressLink", ("url",)),
    _Source("events.Event", ("description",)),
    _Source("challenges.Challenge", ("image", "poster", "body")),
    _Source(
        "challenges.ChallengeProject",
        ("image", "description", "url"),
        select_related=("challenge",),
        owner="challenge",
    ),
    _Source("challenges.Mentor", ("photo_url", "bio")),
    _Source("cohorts.Cohort", ("description",)),
    _Source("cohorts.Fellow", ("photo_url", "bio")),
)


def usage_needle(name: str) -> str:
    """What any address of a stored file holds, whatever its host or size:
    its storage name without the extension nor the `_<w>x<h>` of a picture."""
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    folder, _sep, base = stem.rpartition("/")
    if len(base) > 64 and base[64] == "_":  # <sha>_<width>x<height>
        base = base[:64]
    return f"{folder}/{base}" if folder else base


def _title(obj) -> str:
    for attribute in ("title", "name", "question"):
        value = getattr(obj, attribute, "")
        if value:
            return str(value)
    return str(obj)


def _public_url(obj) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except Exception:  # noqa: BLE001 - a page without an address (its slug reserved…)
        return ""


def media_usages(media: MediaFile) -> list[Usage]:
    """Where the file is used: one query per kind of content, whatever the
    number of contents (the fields are searched for the file's address)."""
    if not media.file or not media.file.name:
        return []
    needle = usage_needle(media.file.name)
    usages: list[Usage] = []
    for source in SOURCES:
        model = apps.get_model(source.model)
        condition = Q()
        rows = model.objects.all()
        for field in source.fields:
            condition |= Q(**{f"{field}__contains": needle})
        for field in source.json_fields:
            rows = rows.annotate(**{f"{field}_as_text": Cast(field, TextField())})
            condition |= Q(**{f"{field}_as_text__contains": needle})
        if source.select_related:
            rows = rows.select_related(*source.select_related)
        for row in rows.filter(condition).order_by("pk")[:50]:
            holding = tuple(
                str(model._meta.get_field(field).verbose_name)
                for field in (*source.fields, *source.json_fields)
                if needle in str(getattr(row, field) or "")
            )
            owner = getattr(row, source.owner) if source.owner else row
            label = owner._meta.verbose_name
            if source.owner:
                label = f"{label} ({model._meta.verbose_name})"
            usages.append(
                Usage(
                    kind=str(label),
                    title=_title(owner),
                    url=_public_url(owner),
                    fields=holding,
                    owner=owner,
                )
            )
    return usages
