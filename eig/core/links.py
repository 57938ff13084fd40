"""Absolute links: for e-mails, the API and the open data.

Whatever leaves the site by another way than its own pages (an e-mail, an
API answer, a CSV cell) carries absolute addresses: a reader has no page to
resolve a relative one against.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri


def absolute_url(site_url: str, name: str, **kwargs) -> str:
    """`site_url` + the French path of the URL `name` (e-mails link to the French pages)."""
    with translation.override("fr"):
        return site_url.rstrip("/") + reverse(name, kwargs=kwargs)


def site_root(request=None) -> str:
    """The site's address ending in "/": the request's host, else EIG_SITE_URL."""
    if request is not None:
        return request.build_absolute_uri("/")
    return settings.EIG_SITE_URL.rstrip("/") + "/"


def absolute_link(value: str | None, request=None) -> str | None:
    """A stored link as it leaves the site.

    A path of this site (`/media/imports/…`, `/docs/…`, `uploads/…`) becomes
    an absolute address on this site; an address with a scheme (another site,
    `mailto:`) is kept; an empty value stays what it is ("" or None). Spaces
    and non-ASCII characters are percent-encoded (an IRI becomes a URI).
    """
    if not value:
        return value
    value = value.strip()
    if value.startswith("//"):  # scheme-relative
        return iri_to_uri("https:" + value)
    if urlsplit(value).scheme:
        return iri_to_uri(value)
    return iri_to_uri(urljoin(site_root(request), value.lstrip("/")))
