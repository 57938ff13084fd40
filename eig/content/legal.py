"""The mandatory pages of a French public site: legal notice, accessibility
statement, site map, cookies.

Their text is a managed `Page` (slugs in LEGAL_PAGES) that staff edit; the
facts that must stay true are computed here and shown around it: the
publisher and host from settings, the cookies from the cookie settings, the
site map from the URL names and the published content.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# slug of the managed Page → URL name of the page that shows it
LEGAL_PAGES = {
    "mentions-legales": "content:legal_notice",
    "accessibilite": "content:accessibility",
    "plan-du-site": "content:site_map",
    "gestion-des-cookies": "content:cookies",
}

# The footer's mandatory bottom links, in the DSFR's order.
FOOTER_LEGAL = [
    ("content:site_map", gettext_lazy("Plan du site")),
    ("content:accessibility", None),  # "Accessibilité : <level>"
    ("content:legal_notice", gettext_lazy("Mentions légales")),
    ("privacy:notice", gettext_lazy("Données personnelles")),
    ("content:cookies", gettext_lazy("Gestion des cookies")),
]


# The three levels the RGAA allows a statement to claim, translated for the
# English site; any other value of EIG_ACCESSIBILITY_LEVEL is shown as written.
ACCESSIBILITY_LEVELS = {
    "non conforme": gettext_lazy("non conforme"),
    "partiellement conforme": gettext_lazy("partiellement conforme"),
    "totalement conforme": gettext_lazy("totalement conforme"),
}


NOT_COMPLIANT = "non conforme"


def accessibility_level() -> str:
    """The level the site may claim, translated. No audit date, no claim: the
    RGAA requires a site with no audit yet to be declared « non conforme »."""
    level = NOT_COMPLIANT if checked_on() is None else settings.EIG_ACCESSIBILITY_LEVEL
    return str(ACCESSIBILITY_LEVELS.get(level.strip().lower(), level))


def accessibility_label() -> str:
    return _("Accessibilité : %(level)s") % {"level": accessibility_level()}


def checked_on() -> date | None:
    """The date of the last audit (EIG_ACCESSIBILITY_CHECKED_ON), None if none was made."""
    try:
        return date.fromisoformat(settings.EIG_ACCESSIBILITY_CHECKED_ON)
    except (TypeError, ValueError):
        return None


def publisher() -> dict:
    return {
        "name": settings.EIG_PUBLISHER_NAME,
        "unit": settings.EIG_PUBLISHER_UNIT,
        "address": settings.EIG_PUBLISHER_ADDRESS,
        "phone": settings.EIG_PUBLISHER_PHONE,
        "siret": settings.EIG_PUBLISHER_SIRET,
        "director": settings.EIG_PUBLICATION_DIRECTOR,
    }


def host() -> dict:
    return {
        "name": settings.EIG_HOST_NAME,
        "address": settings.EIG_HOST_ADDRESS,
        "url": settings.EIG_HOST_URL,
    }


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str
    when: str


def _lifetime(seconds: int | None) -> str:
    if seconds is None:
        return _("jusqu'à la fermeture du navigateur")
    days, rest = divmod(seconds, 86400)
    if rest == 0 and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)s an", "%(count)s ans", years) % {"count": years}
    if rest == 0:
        return ngettext("%(count)s jour", "%(count)s jours", days) % {"count": days}
    hours = seconds // 3600
    return ngettext("%(count)s heure", "%(count)s heures", hours) % {"count": hours}


def cookies() -> list[Cookie]:
    """The cookies the site sets, read from the settings that name them.

    All are strictly needed for a service the visitor asks for (being logged
    in, sending a form safely, keeping a chosen language): none needs consent
    and there is no audience measurement or third-party cookie.
    """
    found = [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            _("Garder votre session ouverte une fois connecté·e."),
            _lifetime(
                None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
            ),
            _("quand vous vous connectez ou envoyez certains formulaires"),
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            _("Protéger les formulaires contre l'envoi par un autre site (jeton CSRF)."),
            _lifetime(settings.CSRF_COOKIE_AGE),
            _("quand vous affichez un formulaire"),
        ),
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            _("Retenir la langue que vous avez choisie."),
            _lifetime(settings.LANGUAGE_COOKIE_AGE),
            _("quand vous changez de langue"),
        ),
    ]
    storage = getattr(
        settings, "MESSAGE_STORAGE", "django.contrib.messages.storage.fallback.FallbackStorage"
    )
    if storage.endswith(("FallbackStorage", "CookieStorage")):
        found.append(
            Cookie(
                getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
                _("Afficher une confirmation après une action (par exemple « enregistré »)."),
                _("jusqu'à l'affichage du message"),
                _("après l'envoi d'un formulaire"),
            )
        )
    return found


@dataclass
class MapLink:
    label: str
    url: str
    children: list["MapLink"]


def _link(name: str, label, **kwargs) -> MapLink | None:
    try:
        return MapLink(str(label), reverse(name, kwargs=kwargs or None), [])
    except NoReverseMatch:
        return None  # that page's app is not installed


def site_map(language: str) -> list[MapLink]:
    """The public pages of the site, grouped as the menus group them, with the
    published programme pages and cohorts (a few queries, whatever the data)."""
    from eig.cohorts.models import Cohort
    from eig.content.menus import FOOTER_MENU, MAIN_MENU
    from eig.content.selectors import menu_pages

    sections: list[MapLink] = []
    home = _link("core:home", _("Accueil"))
    if home:
        sections.append(home)
    for name, label in MAIN_MENU:
        link = _link(name, label)
        if link is None:
            continue
        if name == "content:programme":
            for page in menu_pages(language):
                if page.slug != "programme":
                    link.children.append(MapLink(page.title, page.get_absolute_url(), []))
        elif name == "cohorts:list":
            for cohort in Cohort.objects.published().only("slug", "name").order_by("-year", "pk"):
                link.children.append(MapLink(cohort.name, cohort.get_absolute_url(), []))
        elif name == "applications:candidature":
            extra = _link("proposals:call_public", _("Proposer un défi"))
            if extra:
                link.children.append(extra)
        sections.append(link)
    about = MapLink(_("Informations"), "", [])
    for name, label in FOOTER_MENU:
        link = _link(name, label)
        if link and name != "privacy:notice":
            about.children.append(link)
    for name, label in FOOTER_LEGAL:
        link = _link(name, label or _("Accessibilité"))
        if link:
            about.children.append(link)
    sections.append(about)
    return sections
