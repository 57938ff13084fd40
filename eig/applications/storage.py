"""Where candidates' files live: outside the web root, under random names.

Nothing in this storage has a URL: a file is read only through the download
view, which checks who asks (`ApplicationDocument.objects.visible_to`).
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    return private_storage


def random_pdf_name(instance, filename: str) -> str:
    """A random name: the original one is kept apart, never used on disk."""
    return f"applications/{uuid.uuid4().hex}.pdf"
