"""Uploaded PDFs: the size counted while the body is read, the type checked by content.

Neither the file name, nor the declared type, nor the Content-Length header
is trusted: `LimitedUploadHandler` counts the bytes as they arrive and drops
the file past the limit; `check_pdf` reads the bytes themselves.
"""

import hashlib
import logging
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
TOO_LARGE_ATTRIBUTE = "_eig_uploads_too_large"


def max_upload_bytes() -> int:
    return settings.EIG_UPLOAD_MAX_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """First in the chain: counts each file's bytes and skips it past the limit.

    The skipped field is noted on the request, so the form can say why the
    file is missing. Install it before anything reads `request.POST`.
    """

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else max_upload_bytes()
        self.received = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            too_large = getattr(self.request, TOO_LARGE_ATTRIBUTE, set())
            too_large.add(self.field_name)
            setattr(self.request, TOO_LARGE_ATTRIBUTE, too_large)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers build the file


def fields_too_large(request) -> set[str]:
    return getattr(request, TOO_LARGE_ATTRIBUTE, set())


def too_large_message(limit: int | None = None) -> str:
    return _("Le fichier dépasse la taille maximale de %(size)s.") % {
        "size": filesizeformat(limit if limit is not None else max_upload_bytes())
    }


class InvalidPdf(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PdfInfo:
    size: int
    sha256: str
    pages: int


def check_pdf(file: IO[bytes], *, limit: int | None = None) -> PdfInfo:
    """Raise `InvalidPdf` unless `file` is a readable, unencrypted PDF within the limit."""
    limit = limit if limit is not None else max_upload_bytes()
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        if not head:
            head = chunk[:1024]
        size += len(chunk)
        if size > limit:
            raise InvalidPdf(too_large_message(limit))
        digest.update(chunk)
        tail = (tail + chunk)[-2048:]
    if size == 0:
        raise InvalidPdf(_("Le fichier est vide."))
    if not head.startswith(PDF_MAGIC):
        raise InvalidPdf(
            _("Ce fichier n'est pas un PDF (son contenu n'en est pas un, quel que soit son nom).")
        )
    if b"%%EOF" not in tail:
        raise InvalidPdf(_("Ce PDF est incomplet ou endommagé : enregistrez-le à nouveau."))
    pages = _count_pages(file)
    file.seek(0)
    return PdfInfo(size=size, sha256=digest.hexdigest(), pages=pages)


def _count_pages(file: IO[bytes]) -> int:
    from pypdf import PdfReader

    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise InvalidPdf(
                _("Ce PDF est protégé par un mot de passe : envoyez une version non protégée.")
            )
        pages = len(reader.pages)
    except InvalidPdf:
        raise
    except Exception as error:  # any parse failure of untrusted bytes means "not a PDF"
        logger.info("PDF refused: %s: %s", type(error).__name__, error)
        raise InvalidPdf(
            _("Ce PDF ne peut pas être lu : enregistrez-le à nouveau au format PDF.")
        ) from error
    if pages < 1:
        raise InvalidPdf(_("Ce PDF ne contient aucune page."))
    return pages
