"""Subresource integrity computed from the static files actually served.

django-dsfr ships fixed checksums of its own copies of the design system's
files; the production storage (whitenoise's compressed manifest storage)
rewrites the CSS files' ``url()`` references when it collects them, so the
files served no longer match those checksums and the browser refuses them: the
site shows no design. The checksum is therefore made here, once per process,
from the bytes the site serves: the collected (hashed) file in production, the
source file found by the finders in development.
"""

import base64
import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage


def _served_bytes(path: str) -> bytes | None:
    if settings.DEBUG:
        found = finders.find(path)
        if not found:
            return None
        with open(found, "rb") as handle:
            return handle.read()
    name = (
        staticfiles_storage.stored_name(path)
        if hasattr(staticfiles_storage, "stored_name")
        else path
    )
    if not staticfiles_storage.exists(name):
        return None
    with staticfiles_storage.open(name) as handle:
        return handle.read()


@lru_cache(maxsize=128)
def _integrity(path: str, debug: bool, storage: str) -> str:
    content = _served_bytes(path)
    if content is None:
        return ""
    digest = hashlib.sha384(content).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


def integrity(path: str) -> str:
    """``sha384-…`` of the static file served for ``path``; "" if it cannot be
    read (the page then loads it without an integrity check rather than not
    at all)."""
    return _integrity(path, settings.DEBUG, settings.STORAGES["staticfiles"]["BACKEND"])
