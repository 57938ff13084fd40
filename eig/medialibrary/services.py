"""Writes of the media library: upload, update, delete.

A file is checked by its content, never by its name nor its declared type
(eig/core/pictures.py): a picture must be read and verified by Pillow (or be
a drawing without anything active, for SVG), a document must start as its
format does. Each upload, change and deletion is written to the audit log,
with identifiers and codes only (no title, alt text nor file name).
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eig.audit.models import AuditAction
from eig.audit.services import audit_record
from eig.core import pictures
from eig.medialibrary.models import MediaFile, MediaKind

MEGABYTE = 1024 * 1024
MAX_IMAGE_BYTES = 10 * MEGABYTE
MAX_DOCUMENT_BYTES = 20 * MEGABYTE
MAX_UPLOAD_BYTES = max(MAX_IMAGE_BYTES, MAX_DOCUMENT_BYTES)

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "svg")
DOCUMENT_EXTENSIONS = tuple(suffix.lstrip(".") for suffix in pictures.DOCUMENT_MAGIC)

PICTURE_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "zip": "application/zip",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}


class MediaError(Exception):
    """A refused upload or change, with its reason in French and the field it concerns."""

    def __init__(self, message: str, *, field: str = "file"):
        super().__init__(message)
        self.message = message
        self.field = field


class MediaInUse(Exception):
    """A file still used by public content cannot be deleted."""

    def __init__(self, message: str, usages=()):
        super().__init__(message)
        self.message = message
        self.usages = list(usages)


def accepted_types_text() -> str:
    """The accepted types and their size limits, as the upload form says them."""
    return _(
        "Images : %(images)s, %(image_size)s au plus (texte alternatif obligatoire). "
        "Documents : %(documents)s, %(document_size)s au plus. "
        "Le type est vérifié d'après le contenu du fichier, pas d'après son nom."
    ) % {
        "images": ", ".join(ext.upper() for ext in IMAGE_EXTENSIONS),
        "image_size": size_text(MAX_IMAGE_BYTES),
        "documents": ", ".join(ext.upper() for ext in DOCUMENT_EXTENSIONS),
        "document_size": size_text(MAX_DOCUMENT_BYTES),
    }


def size_text(size: int) -> str:
    """A size limit as the forms say it: « 10 Mo » (Mo of 1024 × 1024 bytes)."""
    if size >= MEGABYTE and size % MEGABYTE == 0:
        return _("%(count)s Mo") % {"count": size // MEGABYTE}
    return filesizeformat(size)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def too_large_text(limit: int | None = None) -> str:
    """The refusal of a file past the largest limit (or `limit`)."""
    return _too_large(MAX_UPLOAD_BYTES if limit is None else limit)


def _too_large(limit: int) -> str:
    return _("Le fichier dépasse la taille maximale de %(size)s.") % {"size": filesizeformat(limit)}


def _read(uploaded_file, limit: int) -> bytes:
    """The file's bytes, at most `limit` (counted, not taken from a header)."""
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise MediaError(_too_large(limit))
    uploaded_file.seek(0)
    content = uploaded_file.read(limit + 1)
    if len(content) > limit:
        raise MediaError(_too_large(limit))
    if not content:
        raise MediaError(_("Le fichier est vide."))
    return content


@dataclass(frozen=True)
class _Checked:
    kind: str
    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None


def _check(uploaded_file) -> _Checked:
    name = uploaded_file.name or ""
    ext = _extension(name)
    if pictures.is_picture_name(name):
        content = _read(uploaded_file, MAX_IMAGE_BYTES)
        try:
            if ext == "svg":
                width, height = pictures.check_svg(content)
                return _Checked(MediaKind.IMAGE, content, "image/svg+xml", width, height)
            image, picture_format = pictures.check_picture(content)
        except pictures.RefusedFile as refused:
            raise MediaError(
                _("Ce fichier n'est pas une image acceptée (%(reason)s), quel que soit son nom.")
                % {"reason": refused.reason}
            ) from refused
        width, height = image.size
        content_type = PICTURE_CONTENT_TYPES[pictures.PICTURE_FORMATS[picture_format]]
        return _Checked(MediaKind.IMAGE, content, content_type, width, height)
    if pictures.is_document_name(name):
        content = _read(uploaded_file, MAX_DOCUMENT_BYTES)
        try:
            ext = pictures.check_document(content, name)
        except pictures.RefusedFile as refused:
            raise MediaError(
                _(
                    "Le contenu de ce fichier n'est pas celui d'un document %(ext)s : "
                    "enregistrez-le à nouveau dans ce format."
                )
                % {"ext": ext.upper()}
            ) from refused
        return _Checked(MediaKind.DOCUMENT, content, DOCUMENT_CONTENT_TYPES[ext])
    raise MediaError(
        _("Ce type de fichier n'est pas accepté. %(accepted)s")
        % {"accepted": accepted_types_text()}
    )


def _clean(text: str) -> str:
    return " ".join((text or "").split())


@transaction.atomic
def upload_media(*, actor, uploaded_file, title: str, alt: str = "", credit: str = "") -> MediaFile:
    """Check and store an uploaded file and add it to the library.

    MediaError (French message, `field` the form field) when the file is
    refused (type by content, size) or an image comes without alt text.
    """
    if uploaded_file is None:
        raise MediaError(_("Choisissez un fichier."))
    checked = _check(uploaded_file)
    title, alt, credit = _clean(title), _clean(alt), _clean(credit)
    if not title:
        raise MediaError(_("Donnez un titre au fichier."), field="title")
    if checked.kind == MediaKind.IMAGE and not alt:
        raise MediaError(
            _("Le texte alternatif est obligatoire pour une image : décrivez ce qu'elle montre."),
            field="alt",
        )
    try:
        name = pictures.store_file_name(checked.content, uploaded_file.name)
    except pictures.RefusedFile as refused:  # checked above; a storage problem
        raise MediaError(
            _("Le fichier n'a pas pu être enregistré (%(reason)s).") % {"reason": refused.reason}
        ) from refused
    media = MediaFile(
        kind=checked.kind,
        title=title,
        alt=alt,
        credit=credit,
        size=len(checked.content),
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    media.file.name = name
    media.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEDIA_UPLOADED,
        target=media,
        detail={"kind": media.kind, "size": media.size},
    )
    return media


@transaction.atomic
def update_media(
    media: MediaFile, *, actor, title: str, alt: str = "", credit: str = ""
) -> MediaFile:
    """Change a file's title, alt text and credit (MediaError as for an upload)."""
    title, alt, credit = _clean(title), _clean(alt), _clean(credit)
    if not title:
        raise MediaError(_("Donnez un titre au fichier."), field="title")
    if media.is_image and not alt:
        raise MediaError(
            _("Le texte alternatif est obligatoire pour une image : décrivez ce qu'elle montre."),
            field="alt",
        )
    changed = sorted(
        field
        for field, value in (("title", title), ("alt", alt), ("credit", credit))
        if getattr(media, field) != value
    )
    if not changed:
        return media
    media.title, media.alt, media.credit = title, alt, credit
    media.save(update_fields=["title", "alt", "credit", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEDIA_UPDATED,
        target=media,
        detail={"kind": media.kind, "changed": dict.fromkeys(changed, True)},
    )
    return media


def stored_names(name: str) -> list[str]:
    """The storage names of a file and of its smaller sizes, if a picture."""
    names = [name]
    picture = pictures.stored_picture("/" + name)
    if picture is not None:
        names += [url.lstrip("/") for url, _width in picture.sizes[:-1]]
    return names


@transaction.atomic
def delete_media(media: MediaFile, *, actor) -> None:
    """Delete a file of the library; MediaInUse when public content uses it.

    The stored file (and its sizes) leaves the storage too, unless another
    entry of the library holds the same content.
    """
    from eig.medialibrary.selectors import media_usages

    usages = media_usages(media)
    if usages:
        raise MediaInUse(
            ngettext(
                "Ce fichier est utilisé par %(count)s contenu du site : retirez-le de ce "
                "contenu avant de le supprimer.",
                "Ce fichier est utilisé par %(count)s contenus du site : retirez-le de ces "
                "contenus avant de le supprimer.",
                len(usages),
            )
            % {"count": len(usages)},
            usages,
        )
    name = media.file.name
    pk, kind = media.pk, media.kind
    media.delete()
    audit_record(
        actor=actor,
        action=AuditAction.MEDIA_DELETED,
        target=("medialibrary.mediafile", pk),
        detail={"kind": kind},
    )
    if name and not MediaFile.objects.filter(file=name).exists():
        transaction.on_commit(lambda: _remove_stored(name))


def _remove_stored(name: str) -> None:
    for stored in stored_names(name):
        if default_storage.exists(stored):
            default_storage.delete(stored)
