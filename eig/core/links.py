"""Absolute links: for e-mails, calendars, the API and the open data.

Whatever leaves the site by another way than its own pages (an e-mail, an
.ics file, an API answer, a CSV cell) carries absolute addresses: a reader has
no page to resolve a relative one against. The site's address comes from one
setting, `EIG_SITE_URL`, never from a request: services, selectors, tasks and
commands build the same links whoever (or whatever) calls them.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri


def site_origin() -> str:
    """`EIG_SITE_URL` without its final "/" (e.g. "https://eig.numerique.gouv.fr")."""
    return settings.EIG_SITE_URL.rstrip("/")


def site_host() -> str:
    """The host name of `EIG_SITE_URL` (the right-hand side of calendar UIDs)."""
    return urlsplit(site_origin()).hostname or "localhost"


def absolute_link(value: str | None, request=None) -> str | None:
    """A stored link as it leaves the site.

    A path of this site (`/media/imports/…`, `/docs/…`, `uploads/…`) becomes
    an absolute address on this site (`EIG_SITE_URL`); an address with a
    scheme (another site, `mailto:`) is kept; an empty value stays what it is
    ("" or None). Spaces and non-ASCII characters are percent-encoded (an IRI
    becomes a URI). Only the web layer (the API, the open data) may pass its
    `request`: its answers then name the host they were asked on.
    """
    if not value:
        return value
    value = value.strip()
    if value.startswith("//"):  # scheme-relative
        return iri_to_uri("https:" + value)
    if urlsplit(value).scheme:
        return iri_to_uri(value)
    root = request.build_absolute_uri("/") if request is not None else site_origin() + "/"
    return iri_to_uri(urljoin(root, value.lstrip("/")))


def absolute_url(name: str, **kwargs) -> str:
    """The absolute address of the URL `name` (its French path: e-mails link to
    the French pages), through `absolute_link`."""
    with translation.override("fr"):
        path = reverse(name, kwargs=kwargs)
    return absolute_link(path)
