"""What every page's layout needs: the site's name and its menus."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from eig.content.legal import FOOTER_LEGAL, accessibility_label
from eig.content.menus import FOOTER_MENU, MAIN_MENU


def _menu(entries, path: str) -> list[dict]:
    items = []
    for name, label in entries:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the page belongs to an app not installed yet
        active = path == url or (url != "/" and path.startswith(url))
        items.append({"url": url, "label": label, "active": active})
    return items


def _legal_menu(path: str) -> list[dict]:
    entries = [(name, label or accessibility_label()) for name, label in FOOTER_LEGAL]
    return _menu(entries, path)


def site(request):
    """What every page needs; no database query here."""
    return {
        "SITE_CONFIG": {
            "site_title": _("Entrepreneurs d'intérêt général"),
            "site_tagline": _("Des talents du numérique au service de l'État"),
        },
        "main_menu": _menu(MAIN_MENU, request.path),
        "footer_menu": _menu(FOOTER_MENU, request.path),
        "footer_legal": _legal_menu(request.path),
        "DEBUG": settings.DEBUG,
    }
