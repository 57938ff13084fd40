"""Filters and tags the templates share.

The `*_card` tags shape an object into the dict `{% dsfr_card %}` takes:
`{% challenge_card challenge as card %}{% dsfr_card card %}`.
"""

import html
from datetime import datetime
from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from eig.core.dates import format_date
from eig.core.dates import paris_datetime as _paris_datetime
from eig.core.markdown import render_markdown, sanitize_html
from eig.core.templatetags.eig_media import shown_picture

register = template.Library()

CARD_TEXT_LENGTH = 220
CONTENT_LANGUAGE = "fr"  # the language of the content that has no language field


def _other_language(language: str) -> bool:
    return (translation.get_language() or CONTENT_LANGUAGE).split("-")[0] != language


@register.filter(name="in_language")
def in_language(text, language: str = CONTENT_LANGUAGE):
    """Content written in `language` (French by default) inside a page in another
    language: wrapped in `<span lang="…">` so that screen readers (and the
    translation tests) know it. Unchanged when the page is in that language."""
    if text in (None, "") or not _other_language(language):
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


@register.simple_tag
def lang_attribute(language: str = CONTENT_LANGUAGE) -> str:
    """` lang="fr"` for an element holding French content on a page in another language."""
    return format_html(' lang="{}"', language) if _other_language(language) else ""


def _card_text(text: str | None, length: int):
    """A card's text, cut here (the card template's own cut would break the markup)."""
    return in_language(Truncator(text or "").chars(length)) if text else text


@register.filter(name="markdown")
def markdown_filter(text: str | None, top_heading: int = 2) -> SafeString:
    """`{{ post.body|markdown }}`: sanitised HTML with DSFR components.

    `{{ challenge.body|markdown:3 }}` when the text sits under an h2 of the page.
    """
    return render_markdown(text, top_heading=int(top_heading))


@register.filter
def sanitize(html: str | None) -> SafeString:
    """`{{ item.answer|sanitize }}`: HTML from the content, allow-listed."""
    return sanitize_html(html or "")


@register.filter
def number(value: Decimal | int | float | None) -> str:
    """`Decimal("20000000.00")` -> "20 000 000": grouped, decimals only when needed."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    decimals = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, decimal_pos=decimals, force_grouping=True)


@register.filter
def euros(amount: Decimal | int | None) -> str:
    """`4000` -> "4 000 €" (grouped the way the active language writes numbers)."""
    if amount is None:
        return ""
    return f"{number(amount)}\u00a0€"


@register.filter
def paris_datetime(value: datetime | None) -> str:
    """ "3 octobre 2018 à 16 h 30", Europe/Paris time."""
    return _paris_datetime(value) if value else ""


def _plain(text: str | None, length: int = CARD_TEXT_LENGTH) -> str:
    """Markdown or HTML to a short plain text for a card."""
    plain = " ".join(html.unescape(strip_tags(render_markdown(text))).split()) if text else ""
    return Truncator(plain).chars(length)


def _tags(labels, language: str | None = CONTENT_LANGUAGE) -> list[dict]:
    """Tags of content labels (skills, categories, cohorts), French unless said otherwise."""
    return [
        {
            "label": in_language(str(label), language) if language else str(label),
            "extra_classes": "fr-tag--sm",
        }
        for label in labels
        if label
    ]


@register.simple_tag
def challenge_card(challenge, heading_tag: str = "h3") -> dict:
    organization = challenge.organization
    host = organization.name if organization else challenge.organization_label
    detail = " · ".join(part for part in (challenge.cohort.name, host) if part)
    card = {
        "title": _card_text(challenge.title, 200),
        "description": _card_text(challenge.pitch or _plain(challenge.body), 300),
        "link": challenge.get_absolute_url(),
        "heading_tag": heading_tag,
        "title_max_length": 1000,
        "description_max_length": 1000,
        "top_detail": {
            "detail": {"text": in_language(detail), "icon_class": "fr-icon-government-line"},
            "tags": _tags(skill.label for skill in challenge.skills.all()),
        },
    }
    if shown_picture(challenge.image):
        card["image_url"] = challenge.image
        card["image_alt"] = challenge.title
    if challenge.town:
        card["bottom_detail"] = {"text": challenge.town, "icon_class": "fr-icon-map-pin-2-line"}
    return card


@register.simple_tag
def post_card(post, heading_tag: str = "h3") -> dict:
    card = {
        "title": in_language(Truncator(post.title).chars(400), post.language),
        "description": in_language(
            Truncator(_plain(post.description or post.lede or post.body)).chars(300),
            post.language,
        ),
        "link": post.get_absolute_url(),
        "heading_tag": heading_tag,
        "title_max_length": 1000,
        "description_max_length": 1000,
        "top_detail": {
            "detail": {
                "text": format_date(post.published_at),
                "icon_class": "fr-icon-calendar-line",
            },
            "tags": _tags(post.categories or [], post.language),
        },
    }
    if shown_picture(post.image):
        card["image_url"] = post.image
        card["image_alt"] = post.title
    return card


@register.simple_tag
def fellow_card(fellow, heading_tag: str = "h3") -> dict:
    profile = in_language(fellow.profile_label) or (
        fellow.get_profile_display() if fellow.profile else ""
    )
    cohorts = ", ".join(cohort.name for cohort in fellow.cohorts.all())
    challenges = ", ".join(challenge.title for challenge in fellow.challenges.all())
    card = {
        "title": fellow.name,
        "description": _card_text(challenges, 1000),
        "description_max_length": 1000,
        "link": fellow.get_absolute_url(),
        "heading_tag": heading_tag,
        "top_detail": {
            "detail": {"text": profile, "icon_class": "fr-icon-user-line"},
            "tags": _tags([cohorts]),
        },
    }
    if shown_picture(fellow.photo_url):
        card["image_url"] = fellow.photo_url
        card["image_alt"] = fellow.name
        card["image_class"] = "fr-responsive-img fr-ratio-1x1"
    return card


@register.simple_tag
def event_card(event, heading_tag: str = "h3") -> dict:
    card = {
        "title": _card_text(event.title, 300),
        "description": _card_text(_plain(event.description) or event.theme, 300),
        "link": event.get_absolute_url(),
        "heading_tag": heading_tag,
        "title_max_length": 1000,
        "description_max_length": 1000,
        "top_detail": {
            "detail": {
                "text": _paris_datetime(event.starts_at),
                "icon_class": "fr-icon-calendar-line",
            },
            "tags": _tags([event.get_kind_display()]),
        },
    }
    place = _("En ligne") if event.is_online else in_language(event.location)
    if place:
        card["bottom_detail"] = {"text": place, "icon_class": "fr-icon-map-pin-2-line"}
    return card


@register.simple_tag(takes_context=True)
def translated_path(context, language: str) -> str:
    """This page's address in `language` (the language switcher's `next`).

    Django's `set_language` can only translate an address it resolves in the
    language of the request that posts the form, which is not the page's
    language when no cookie says so: the form sends the translated address.
    """
    request = context.get("request")
    if request is None:
        return "/"
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except (AttributeError, NoReverseMatch):
            path = reverse("core:home")
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.filter
def error_on_the_group(bound_field):
    """A radio or checkbox group's error is named once, by its fieldset: its
    options are not also described by it (a screen reader would read it for each)."""
    bound_field.field.widget.attrs.pop("aria-describedby", None)
    return bound_field
