"""Addresses of the original static site (Jekyll) and where they lead now."""

import re
import unicodedata

# Pages of the original site, without the language prefix (`/en/…` is the same).
FIXED_REDIRECTS = {
    "index.html": "core:home",
    "presentation.html": "content:programme",
    "a-propos.html": "content:programme",
    "accompagnement.html": "content:programme",
    "realisations.html": "challenges:list",
    "defis.html": "challenges:list",
    "communaute.html": "cohorts:fellow_list",
    "blog.html": "content:post_list",
    "blog": "content:post_list",
    "revue-de-presse.html": "content:press",
    "faq.html": "content:faq",
    "faq-eig.html": "content:faq",
    "faq-administrations.html": "content:faq",
    "candidature-eig.html": "applications:candidature",
    "candidature.html": "applications:candidature",
    "evenements.html": "events:list",
    # The English pages of the original site had English names.
    "program-presentation.html": "content:programme",
    "coaching-provision.html": "content:programme",
    "achievements.html": "challenges:list",
    "challenges.html": "challenges:list",
    "community.html": "cohorts:fellow_list",
    "faq-entrepreneur.html": "content:faq",
    "faq-administration.html": "content:faq",
    "candidature-defi.html": "proposals:call_public",
    "contact.html": "content:legal_notice",
}

LEGACY_CHALLENGE = re.compile(r"^/defis/(?P<year>\d{4})/(?P<slug>[-\w]+)\.html$")
LEGACY_PERSON = re.compile(r"^/communaute/(?P<year>\d{4})/(?P<slug>[-\w]+)\.html$")


# Pages of the current site (Hugo), by their address without the slashes.
CURRENT_SITE_PAGES = {
    "programme": "content:programme",
    "defis": "challenges:list",
    "participants": "cohorts:fellow_list",
    "talents": "cohorts:fellow_list",
    "agents": "cohorts:fellow_list",
    "equipe": "content:programme",
    "participer": "applications:candidature",
    "participer/candidats": "applications:candidature",
    "participer/candidats/postuler": "applications:candidature",
    "participer/candidats/faq": "content:faq",
    "participer/administrations": "proposals:call_public",
    "participer/administrations/proposer": "proposals:call_public",
    "participer/administrations/faq": "content:faq",
    "personnes": "cohorts:fellow_list",
    "promos": "cohorts:list",
    "themes": "challenges:list",
    "expertises": "challenges:list",
    "categories": "content:post_list",
    "espace-presse": "content:press",
    "contact": "content:programme",
    "cgu": "content:legal_notice",
    "donnees-personnelles": "privacy:notice",
    "plan-du-site": "content:site_map",
    "accessibilite": "content:accessibility",
    "gestion-des-cookies": "content:cookies",
    "index.xml": "opendata:news_feed",
    "blog/index.xml": "opendata:news_feed",
}

# Where the people of the current site's team and ecosystem (no page of their
# own yet) lead: the programme's page.
TEAM_PAGE = "content:programme"

# Défis renamed on the original site after its own `_redirects` were written
# (`/defis/2018/archemse.html` is the Archifiltre défi, whose visual is still
# `9_ARCHEMSE.png`): the old slug -> the slug of the défi's page there.
RENAMED_CHALLENGES = {"archemse": "archifiltre"}

# The original site's posts had `/posts/<date>/<name>/` addresses before
# `/blog/<date>/<name>.html` (what its `_redirects` say of a few of them).
ORIGINAL_POST = re.compile(r"^/blog/(?P<date>\d{4}/\d{2}/\d{2})/(?P<name>[^/]+)\.html$")


def hugo_path(stem: str) -> str:
    """The address segment Hugo makes of a content file's name: lower case,
    accents removed (`removePathAccents`), only letters, digits, `.`, `_`
    and `-` kept, spaces as dashes (`1-élève-1-stage` -> `1-eleve-1-stage`,
    `albane-miron-de-l'espinay` -> `albane-miron-de-lespinay`)."""
    decomposed = unicodedata.normalize("NFD", stem.strip())
    kept = []
    for char in decomposed:
        if unicodedata.category(char).startswith("M"):
            continue
        if char == " ":
            kept.append("-")
        elif char.isalnum() or char in "._-":
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).lower()


def redirect_candidates(path: str) -> list[str]:
    """The stored forms `path` may have in the import's redirects
    (`eig.importer.models.Redirect.old_path`): with and without the English
    prefix, in lower case (the current site's addresses are), with and without
    the final slash."""
    forms = [path]
    if path == "/en" or path.startswith("/en/"):
        forms.append(path[3:] or "/")
    forms += [form.lower() for form in forms]
    found = []
    for form in forms:
        found.append(form)
        found.append(form.rstrip("/") if form.endswith("/") else form + "/")
    return [form for form in dict.fromkeys(found) if form]
