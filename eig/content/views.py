from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eig.accounts.permissions import public
from eig.content.models import FaqAudience
from eig.content.selectors import (
    faq_items,
    menu_pages,
    page_for,
    post_for_detail,
    post_image_urls,
    post_other_versions,
    posts_for_language,
    press_links,
)
from eig.core.pagination import breadcrumb, paginate

PROGRAMME_SLUG = "programme"


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
    links = [] if slug == PROGRAMME_SLUG else [(_("Le programme"), reverse("content:programme"))]
    context = {
        "page": found,
        "menu_pages": menu_pages(language),
        "breadcrumb_data": breadcrumb(found.title, *links),
    }
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
    context = {"sections": sections, "breadcrumb_data": breadcrumb(_("Questions fréquentes"))}
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
    versions = []
    for version in post_other_versions(post):
        with translation.override(version.language):
            url = reverse("content:post_detail", kwargs={"slug": version.slug})
        versions.append({"post": version, "url": url, "label": version.get_language_display()})
    context = {
        "post": post,
        "images": post_image_urls(post),
        "attachments": list(post.attachments.all()),
        "press_contact": _press_contact(post.press_contact),
        "versions": versions,
        "breadcrumb_data": breadcrumb(post.title, (_("Actualités"), reverse("content:post_list"))),
    }
    return render(request, "content/post_detail.html", context)


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
