"""Links of a Markdown text to pages of this site that lead nowhere.

Before a text is published, staff are told which of its links and pictures
point to a page of this site that a visitor would find missing: an address
that no URL pattern takes, or a défi, post, page, cohort, person or event that
does not exist or is not published. The addresses of the original sites that
the redirects answer (eig/core/legacy.py, the import's `Redirect` table read
by `eig.www.middleware`) are alive, as long as the page they lead to is.

Links are read from the HTML the site renders (`eig.core.markdown`), so every
way of writing one (inline, reference, autolink, raw HTML, an address of the
original site made local) is seen as a visitor's browser will see it. The
number of queries does not grow with the number of links: each kind of
object is looked up once, with every slug the text names.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import CharField, Q, Value
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext

from eig.core.legacy import (
    FIXED_REDIRECTS,
    LEGACY_CHALLENGE,
    LEGACY_PERSON,
    redirect_candidates,
)
from eig.core.links import site_host
from eig.core.markdown import render_markdown

PROGRAMME_SLUG = "programme"  # the page shown at /programme/ (eig/content/views.py)

# URL name -> the kind of object its page shows (the page answers 404 without it).
OBJECT_PAGES = {
    "challenges:detail": "challenge",
    "challenges:mentor_detail": "mentor",
    "cohorts:detail": "cohort",
    "cohorts:fellow_detail": "fellow",
    "content:post_detail": "post",
    "content:page": "page",
    "content:programme": "page",
    "events:detail": "event",
}
LEGACY_URL_NAME = "core:legacy"


@dataclass(frozen=True)
class DeadLink:
    """A link (or picture) of the text to a page of this site that is missing.

    `url` is the address as the rendered text holds it, `path` the path on
    this site that was checked.
    """

    url: str
    path: str

    @property
    def message(self) -> str:
        return gettext("Ce lien ne mène nulle part : %(url)s") % {"url": self.url}


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src"}.get(tag)
        if wanted is None:
            return
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


def _site_hosts() -> set[str]:
    host = site_host()
    return {host, host.removeprefix("www."), "www." + host.removeprefix("www.")}


def site_path(url: str) -> str | None:
    """The path on this site that `url` leads to, or None: another site, a
    file (media, static), an e-mail address, a mere anchor, or an address
    relative to the page (its base is not known before the page exists)."""
    url = url.strip()
    if not url or url.startswith(("#", "?")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.scheme not in {"http", "https", ""} or parts.hostname not in _site_hosts():
            return None
    elif not url.startswith("/"):
        return None
    path = unquote(parts.path) or "/"
    if path.startswith((settings.MEDIA_URL, settings.STATIC_URL)):
        return None
    return path


def internal_links(markdown_text: str | None) -> list[tuple[str, str]]:
    """(url, path) of each link and picture of the text that leads to a page
    of this site, in the order of the text, each url once. No query."""
    parser = _LinkParser()
    parser.feed(str(render_markdown(markdown_text)))
    parser.close()
    found: dict[str, str] = {}
    for url in parser.urls:
        path = site_path(url)
        if path is not None and url not in found:
            found[url] = path
    return list(found.items())


def dead_internal_links(markdown_text: str | None) -> list[DeadLink]:
    """The links of the text to pages of this site that a visitor would find
    missing, in the order of the text (a bounded number of queries)."""
    links = internal_links(markdown_text)
    if not links:
        return []
    alive = _alive_paths(list(dict.fromkeys(path for _url, path in links)))
    return [DeadLink(url=url, path=path) for url, path in links if path not in alive]


def link_warnings(markdown_text: str | None) -> list[str]:
    """The French warning of each dead link of the text (« Ce lien ne mène nulle part : … »)."""
    return [dead.message for dead in dead_internal_links(markdown_text)]


# --- Resolution ----------------------------------------------------------------


def _language_of(path: str) -> str:
    """The language whose prefix the path carries (French has none)."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return code
    return settings.LANGUAGE_CODE


def _resolve(path: str):
    """The URL match of the path, in the language of its prefix; with a final
    slash added when only that form resolves (CommonMiddleware's APPEND_SLASH)."""
    forms = [path]
    if settings.APPEND_SLASH and not path.endswith("/"):
        forms.append(path + "/")
    with translation.override(_language_of(path)):
        for form in forms:
            try:
                return resolve(form)
            except Resolver404:
                continue
    return None


def _alive_paths(paths: list[str], *, follow_redirects: bool = True) -> set[str]:
    alive: set[str] = set()
    missing: list[str] = []
    objects: dict[str, dict[str, object]] = {}  # kind -> {path: key}
    legacy: dict[str, list[str]] = {}  # path -> the forms the legacy view looks up
    for path in paths:
        match = _resolve(path)
        if match is None:
            missing.append(path)
            continue
        kind = OBJECT_PAGES.get(match.view_name)
        if kind is not None:
            objects.setdefault(kind, {})[path] = _object_key(match)
        elif match.view_name == LEGACY_URL_NAME:
            bare = "/" + match.kwargs["path"].lstrip("/")
            if FIXED_REDIRECTS.get(bare.strip("/")):
                alive.add(path)
            else:
                legacy[path] = list(dict.fromkeys([path, bare]))
        else:
            alive.add(path)

    existing = _existing_objects({kind: set(keys.values()) for kind, keys in objects.items()})
    for kind, keys in objects.items():
        for path, key in keys.items():
            (alive.add if key in existing.get(kind, set()) else missing.append)(path)
    legacy_alive = _legacy_alive(legacy)
    alive |= legacy_alive
    missing += [path for path in legacy if path not in legacy_alive]

    if follow_redirects and missing:
        targets = _redirect_targets(missing)
        fixed = {path for path, target in targets.items() if target == ""}
        to_check = [target for target in targets.values() if target]
        target_alive = _alive_paths(list(dict.fromkeys(to_check)), follow_redirects=False)
        alive |= fixed
        alive |= {path for path, target in targets.items() if target and target in target_alive}
    return alive


def _object_key(match):
    if match.view_name == "content:programme":
        return PROGRAMME_SLUG
    if match.view_name == "challenges:detail":
        return (int(match.kwargs["year"]), match.kwargs["slug"])
    return match.kwargs["slug"]


def _public_querysets() -> dict:
    """Each kind of object, as the public site shows it (what its page finds)."""
    from eig.challenges.models import Challenge, Mentor
    from eig.cohorts.models import Cohort, Fellow
    from eig.content.models import Page, Post
    from eig.events.models import Event

    return {
        "challenge": Challenge.objects.published(),
        "mentor": Mentor.objects.filter(is_public=True),
        "cohort": Cohort.objects.published(),
        "fellow": Fellow.objects.public(),
        "post": Post.objects.published(),
        "page": Page.objects.published(),
        "event": Event.objects.published(),
    }


def _existing_objects(wanted: dict[str, set]) -> dict[str, set]:
    """{kind: keys that exist and are public}: one query per kind asked for."""
    querysets = _public_querysets()
    found: dict[str, set] = {}
    for kind, keys in wanted.items():
        if not keys:
            continue
        if kind == "challenge":
            slugs = {slug for _year, slug in keys}
            rows = querysets[kind].filter(slug__in=slugs).values_list("year", "slug")
            found[kind] = set(rows) & keys
        else:
            found[kind] = set(querysets[kind].filter(slug__in=keys).values_list("slug", flat=True))
    return found


def _legacy_alive(legacy: dict[str, list[str]]) -> set[str]:
    """The original site's `.html` addresses that the legacy view redirects
    (eig/www/public/views.py `legacy_redirect`): an imported object found by its
    old address, a défi by its slug, a person by the slug of their old page.
    One query for them all."""
    if not legacy:
        return set()
    querysets = _public_querysets()
    every_form = sorted({form for forms in legacy.values() for form in forms})
    challenge_slugs, person_slugs = {}, {}
    for path, forms in legacy.items():
        bare = forms[-1]
        if match := LEGACY_CHALLENGE.match(bare):
            challenge_slugs[path] = match["slug"]
        if match := LEGACY_PERSON.match(bare):
            person_slugs[path] = match["slug"]

    def rows(queryset, kind: str):
        return queryset.values_list(
            Value(kind, output_field=CharField()), "slug", "legacy_path"
        ).order_by()

    by_path = Q(legacy_path__in=every_form)
    challenges = by_path | Q(slug__in=set(challenge_slugs.values()))
    people = by_path | Q(slug__in=set(person_slugs.values()), legacy_path="")
    union = rows(querysets["challenge"].filter(challenges), "challenge").union(
        rows(querysets["fellow"].filter(people), "fellow"),
        rows(querysets["mentor"].filter(people), "mentor"),
        rows(querysets["post"].filter(by_path), "post"),
        rows(querysets["page"].filter(by_path), "page"),
        rows(querysets["cohort"].filter(by_path), "cohort"),
        rows(querysets["event"].filter(by_path), "event"),
        all=True,
    )
    found = list(union)
    old_paths = {legacy_path for _kind, _slug, legacy_path in found if legacy_path}
    challenge_found = {slug for kind, slug, _legacy in found if kind == "challenge"}
    people_found = {
        slug for kind, slug, legacy in found if kind in {"fellow", "mentor"} and not legacy
    }
    alive = set()
    for path, forms in legacy.items():
        if (
            old_paths.intersection(forms)
            or challenge_slugs.get(path) in challenge_found
            or person_slugs.get(path) in people_found
        ):
            alive.add(path)
    return alive


def _redirect_targets(paths: list[str]) -> dict[str, str | None]:
    """{path: where the import's redirect leads}, for the paths it knows, as
    `eig.www.middleware.LegacyRedirectMiddleware` answers them: "" for a fixed
    address (a stored document), None when the page cannot be named any more
    (the middleware then leaves the 404). One query."""
    from eig.importer.models import Redirect

    forms = {path: redirect_candidates(path) for path in paths}
    rows = {
        old: (url_name, kwargs, target_path, language)
        for old, url_name, kwargs, target_path, language in Redirect.objects.filter(
            old_path__in={form for found in forms.values() for form in found}
        ).values_list("old_path", "url_name", "url_kwargs", "target_path", "language")
    }
    targets: dict[str, str | None] = {}
    for path, candidates in forms.items():
        first = next((rows[form] for form in candidates if form in rows), None)
        if first is None:
            continue
        url_name, kwargs, _target_path, language = first
        if not url_name:
            targets[path] = ""
            continue
        with translation.override(language or _language_of(path)):
            try:
                targets[path] = reverse(url_name, kwargs=kwargs)
            except NoReverseMatch:
                targets[path] = None
    return targets
