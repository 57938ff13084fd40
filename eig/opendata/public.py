"""Helpers shared by every machine-readable publication (open data, API, feeds).

What leaves the site through them is public by construction: only published or
opted-in records (see the selectors), and free text with its e-mail addresses
masked, since imported bodies sometimes quote a person's address.
"""

import re

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import translation

EMAIL_MASK = "[adresse masquée]"

_EMAIL = re.compile(
    r"(?:mailto:)?[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def mask_emails(text: str) -> str:
    """Replace every e-mail address (and its `mailto:`) by a neutral mark."""
    if not text or "@" not in text:
        return text
    return _EMAIL.sub(EMAIL_MASK, text)


def page_path(obj) -> str | None:
    """The address of the object's public page, or None when it has none.

    Content with a language of its own (posts) gets the address in that
    language. None only while the page's route is not installed (the HTML
    pages live in other apps).
    """
    try:
        with translation.override(getattr(obj, "language", None) or settings.LANGUAGE_CODE):
            return obj.get_absolute_url()
    except NoReverseMatch:
        return None
