"""Absolute links for e-mails: the site's address and a French path."""

from django.urls import reverse
from django.utils import translation


def absolute_url(site_url: str, name: str, **kwargs) -> str:
    """`site_url` + the French path of the URL `name` (e-mails link to the French pages)."""
    with translation.override("fr"):
        return site_url.rstrip("/") + reverse(name, kwargs=kwargs)
