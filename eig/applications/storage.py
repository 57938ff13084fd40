"""Where candidates' files live: outside the web root, under random names.

Nothing in this storage has a URL: a file is read only through the download
view, which checks who asks (`ApplicationDocument.objects.visible_to`). On
S3 (settings.EIG_S3_BUCKET) the objects are private; the view streams them.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """`settings.PRIVATE_MEDIA_ROOT`, read at each use (tests point it elsewhere)."""

    def __init__(self):
        super().__init__(base_url="/private-files-have-no-url/")

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view.")


class _PrivateStorageProxy:
    """`storages["private"]` at each use: the disk (PrivateStorage) by default,
    S3 with a private ACL when settings.EIG_S3_BUCKET is set (settings.py)."""

    def __getattr__(self, name):
        return getattr(storages["private"], name)


private_storage = _PrivateStorageProxy()


def get_private_storage():
    return storages["private"]


def random_pdf_name(instance, filename: str) -> str:
    """A random name: the original one is kept apart, never used on disk."""
    return f"applications/{uuid.uuid4().hex}.pdf"
