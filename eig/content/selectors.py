"""Reads of the editorial content (pages, news, press review, FAQ) for the public site.

English pages show the English version of a text when there is one and fall
back to the French original otherwise.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from eig.content.models import FaqItem, Page, Post, PressLink, Testimonial
from eig.core.pictures import original_link

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def _language_first(language: str) -> Case:
    return Case(
        When(language=language, then=Value(0)),
        When(language=DEFAULT_LANGUAGE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def posts_for_language(language: str) -> QuerySet[Post]:
    """Published posts in `language`, plus the others that have no version in it."""
    translated_into = Post.objects.published().filter(
        language=language, translation_of=OuterRef("pk")
    )
    return (
        Post.objects.published()
        .filter(
            Q(language=language)
            | (
                ~Q(language=language)
                & ~Exists(translated_into)
                & ~Q(translation_of__language=language, translation_of__is_published=True)
            )
        )
        .order_by("-published_at", "-pk")
    )


def post_for_preview(pk: int) -> Post | None:
    """Any post, published or not, with what its page shows (the staff's preview)."""
    return (
        Post.objects.filter(pk=pk)
        .select_related("translation_of")
        .prefetch_related("attachments")
        .first()
    )


def post_for_detail(*, slug: str, language: str) -> Post | None:
    """The published post with this slug, in `language` if it exists (one query)."""
    return (
        Post.objects.published()
        .filter(slug=slug)
        .select_related("translation_of")
        .prefetch_related("attachments")
        .order_by(_language_first(language), "pk")
        .first()
    )


def post_other_versions(post: Post) -> list[Post]:
    """The published versions of `post` in other languages (one query)."""
    query = Q(translation_of=post)
    if post.translation_of_id:
        query |= Q(pk=post.translation_of_id) | Q(translation_of_id=post.translation_of_id)
    return list(
        Post.objects.published().filter(query).exclude(pk=post.pk).exclude(language=post.language)
    )


@dataclass(frozen=True)
class PostImage:
    """A picture of a post: shown when this site serves it, else a link to
    its public address on the site it came from (never a broken image)."""

    url: str
    original_url: str = ""
    alt: str = ""
    caption: str = ""


def post_images(post: Post) -> list[PostImage]:
    """The `une-ou-diaporama` images of a post, whatever shape the import gave them."""
    found: dict[str, dict] = {}
    for item in post.images or []:
        url = (item.get("image") or item.get("url")) if isinstance(item, dict) else item
        if url and str(url) not in found:
            found[str(url)] = item if isinstance(item, dict) else {}
    if not found and post.image and post.image not in post.body:
        found[post.image] = {}  # the main picture, unless the text already shows it
    return [
        PostImage(
            url=url,
            original_url=original_link(url),
            alt=str(item.get("alt") or ""),
            caption=str(item.get("caption") or item.get("legende") or ""),
        )
        for url, item in found.items()
    ]


def page_for(*, slug: str, language: str) -> Page | None:
    """The published page with this slug in `language`, else in French (one query)."""
    return (
        Page.objects.published().filter(slug=slug).order_by(_language_first(language), "pk").first()
    )


def menu_pages(language: str) -> list[Page]:
    """The published pages of the programme section, one per slug, in `language` first."""
    pages: dict[str, Page] = {}
    from eig.content.legal import LEGAL_PAGES

    candidates = (
        Page.objects.published()
        .exclude(slug__in=LEGAL_PAGES)
        .only("pk", "slug", "title", "language", "position")
        .order_by("position", "title", _language_first(language), "pk")
    )
    for page in candidates:
        current = pages.get(page.slug)
        if current is None or (current.language != language and page.language == language):
            pages[page.slug] = page
    return sorted(pages.values(), key=lambda page: (page.position, page.title))


def faq_items(language: str) -> QuerySet[FaqItem]:
    """Questions in `language`, or in French if there are none in it."""
    has_language = FaqItem.objects.filter(language=language)
    chosen = language if has_language.exists() else DEFAULT_LANGUAGE
    return FaqItem.objects.filter(language=chosen).order_by("audience", "position", "pk")


def press_links() -> QuerySet[PressLink]:
    return PressLink.objects.filter(is_published=True).order_by(
        "-year", "section_position", "section", "position", "pk"
    )


def testimonials(limit: int = 3) -> list[Testimonial]:
    return list(Testimonial.objects.order_by("position", "pk")[:limit])


def post_categories() -> list[str]:
    """The categories the posts already use, in alphabetical order."""
    used = set()
    for categories in Post.objects.values_list("categories", flat=True):
        if isinstance(categories, list):
            used.update(str(category) for category in categories if category)
    return sorted(used, key=str.casefold)
