from dataclasses import replace

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from eig.accounts.permissions import public
from eig.applications.selectors import call_status, current_application_call
from eig.content import legal
from eig.content.models import FaqAudience
from eig.content.selectors import (
    faq_items,
    menu_pages,
    page_for,
    post_for_detail,
    post_images,
    post_other_versions,
    posts_for_language,
    press_links,
)
from eig.core.pagination import breadcrumb, paginate
from eig.medialibrary.selectors import library_texts

PROGRAMME_SLUG = "programme"

# The pages the accessibility checks of tests/browser visit (one of each kind).
ACCESSIBILITY_CHECKED_PAGES = [
    ("core:home", _lazy("Accueil")),
    ("content:programme", _lazy("Le programme")),
    ("cohorts:list", _lazy("Promotions")),
    ("challenges:list", _lazy("Défis")),
    ("content:post_list", _lazy("Actualités")),
    ("events:list", _lazy("Événements")),
    ("applications:candidature", _lazy("Candidater")),
    ("content:faq", _lazy("Questions fréquentes")),
    ("content:site_map", _lazy("Plan du site")),
    ("content:accessibility", _lazy("Accessibilité")),
    ("content:legal_notice", _lazy("Mentions légales")),
    ("accounts:login", _lazy("Connexion")),
]


@public
def programme(request):
    """Public: anyone. The presentation of the programme (the page `programme`)."""
    return _page(request, PROGRAMME_SLUG)


@public
def page(request, slug: str):
    """Public: anyone. Another published page of the programme section."""
    return _page(request, slug)


def _page(request, slug: str):
    language = get_language()
    found = page_for(slug=slug, language=language)
    if found is None:
        raise Http404("No such page.")
    return render_page(request, found)


def render_page(request, found, *, extra: dict | None = None):
    """A page of the programme section, for `found` as given (published or,
    for the staff's preview, not yet)."""
    language = get_language()
    slug = found.slug
    links = [] if slug == PROGRAMME_SLUG else [(_("Le programme"), reverse("content:programme"))]
    context = {
        "page": found,
        "menu_pages": menu_pages(language),
        "breadcrumb_data": breadcrumb(found.title, *links),
        **(extra or {}),
    }
    if slug == PROGRAMME_SLUG:
        # The call's own dates, from its data: the page text states none.
        call = current_application_call()
        if call is not None:
            context["call"] = call
            context["call_status"] = call_status(call)
    return render(request, "content/page.html", context)


@public
def faq(request):
    """Public: anyone. Frequently asked questions, for candidates and administrations."""
    items = list(faq_items(get_language()))
    sections = []
    for audience in FaqAudience:
        questions = [item for item in items if item.audience == audience]
        if questions:
            sections.append({"audience": audience, "label": audience.label, "items": questions})
    context = {
        "sections": sections,
        "faq_language": items[0].language if items else get_language(),
        "breadcrumb_data": breadcrumb(_("Questions fréquentes")),
    }
    return render(request, "content/faq.html", context)


@public
def post_list(request):
    """Public: anyone. Published news, in the current language with a French fallback."""
    page_obj = paginate(request, posts_for_language(get_language()), 12)
    context = {"page_obj": page_obj, "breadcrumb_data": breadcrumb(_("Actualités"))}
    return render(request, "content/post_list.html", context)


@public
def post_detail(request, slug: str):
    """Public: anyone. A published news item (a draft answers 404)."""
    post = post_for_detail(slug=slug, language=get_language())
    if post is None:
        raise Http404("No such post.")
    return render_post(request, post)


def render_post(request, post, *, extra: dict | None = None):
    """The post's public page, for `post` as given (published or, for the
    staff's preview, not yet)."""
    versions = []
    for version in post_other_versions(post):
        with translation.override(version.language):
            url = reverse("content:post_detail", kwargs={"slug": version.slug})
        versions.append({"post": version, "url": url, "label": version.get_language_display()})
    context = {
        "post": post,
        "images": _with_library_texts(post_images(post)),
        "attachments": list(post.attachments.all()),
        "press_contact": _press_contact(post.press_contact),
        "versions": versions,
        "breadcrumb_data": breadcrumb(post.title, (_("Actualités"), reverse("content:post_list"))),
        **(extra or {}),
    }
    return render(request, "content/post_detail.html", context)


def _with_library_texts(images):
    """A picture from the media library shows the alt text and credit given there."""
    texts = library_texts(image.url for image in images)
    shown = []
    for image in images:
        alt, credit = texts.get(image.url, ("", ""))
        shown.append(
            replace(image, alt=image.alt or alt, caption=image.caption or credit)
            if image.url in texts
            else image
        )
    return shown


def _press_contact(contact) -> dict | None:
    if not contact or not isinstance(contact, dict):
        return None
    phones = contact.get("tel") or []
    if isinstance(phones, str):
        phones = [phones]
    return {
        "name": contact.get("name") or contact.get("nom") or "",
        "email": contact.get("email") or "",
        "phones": [str(phone) for phone in phones if phone],
    }


@public
def press(request):
    """Public: anyone. The press review: external articles grouped by year and section."""
    page_obj = paginate(request, press_links(), 100)
    context = {"page_obj": page_obj, "breadcrumb_data": breadcrumb(_("Revue de presse"))}
    return render(request, "content/press.html", context)


# The mandatory pages ------------------------------------------------------------


def _legal(request, slug: str, template: str, title: str, **extra):
    """A mandatory page: the managed text (Page `slug`, edited by staff; none
    yet is not an error) inside the facts computed by eig/content/legal.py."""
    context = {
        "page": page_for(slug=slug, language=get_language()),
        "title": title,
        "breadcrumb_data": breadcrumb(title),
        **extra,
    }
    return render(request, template, context)


@public
def legal_notice(request):
    """Public: anyone. Mentions légales: publisher, director of publication, host."""
    return _legal(
        request,
        "mentions-legales",
        "content/legal/legal_notice.html",
        _("Mentions légales"),
        publisher=legal.publisher(),
        host=legal.host(),
    )


@public
def accessibility(request):
    """Public: anyone. The RGAA 4.1 accessibility statement."""
    from eig.cohorts.models import Programme

    programme = Programme.objects.order_by("pk").first()
    checked_pages = []
    for name, label in ACCESSIBILITY_CHECKED_PAGES:
        try:
            checked_pages.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return _legal(
        request,
        "accessibilite",
        "content/legal/accessibility.html",
        _("Déclaration d'accessibilité"),
        level=legal.accessibility_level(),
        checked_on=legal.checked_on(),
        method=settings.EIG_ACCESSIBILITY_METHOD,
        checked_pages=checked_pages,
        contact_email=programme.contact_email if programme else "",
        publisher=legal.publisher(),
    )


@public
def site_map(request):
    """Public: anyone. Plan du site, generated from the URL names and the published content."""
    return _legal(
        request,
        "plan-du-site",
        "content/legal/site_map.html",
        _("Plan du site"),
        sections=legal.site_map(get_language()),
    )


@public
def cookies(request):
    """Public: anyone. The cookies the site sets, read from the settings."""
    return _legal(
        request,
        "gestion-des-cookies",
        "content/legal/cookies.html",
        _("Gestion des cookies"),
        cookies=legal.cookies(),
    )
