"""Pictures: `{% picture src alt=… sizes=… %}`.

A picture stored by the import (eig/core/pictures.py) is an `<img>` with its
`srcset` of sizes, `width` and `height` (no layout shift) and
`loading="lazy"`, except with `eager=True` (the first picture of a page,
above the fold). A picture this site does not hold (a file the import did not
find, at the public address of the site it came from) is a link to it, never
a broken image; `fallback="none"` shows nothing instead (cards).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from eig.core.pictures import original_link, stored_picture

register = template.Library()

DEFAULT_SIZES = "(min-width: 62em) 792px, 100vw"


def picture_html(
    src,
    *,
    alt="",
    sizes=DEFAULT_SIZES,
    eager=False,
    css_class="fr-responsive-img",
    fallback="link",
) -> SafeString:
    src = str(src or "").strip()
    alt = str(alt or "")
    if not src:
        return SafeString("")
    loading = "eager" if eager else "lazy"
    stored = stored_picture(src)
    if stored is not None:
        srcset = stored.srcset if len(stored.sizes) > 1 else ""
        return format_html(
            '<img class="{}" src="{}"{} width="{}" height="{}" alt="{}" loading="{}"'
            ' decoding="async">',
            css_class,
            stored.url,
            format_html(' srcset="{}" sizes="{}"', srcset, sizes) if srcset else "",
            stored.width,
            stored.height,
            alt,
            loading,
        )
    link = original_link(src)
    if link:
        if fallback == "none":
            return SafeString("")
        label = _("Image : %(alt)s") % {"alt": alt} if alt else _("Voir l'image")
        return format_html(
            '<a class="fr-link fr-icon-image-line fr-link--icon-left" href="{}" hreflang="fr">'
            "{} {}</a>",
            link,
            label,
            _("(sur le site d'origine)"),
        )
    return format_html(
        '<img class="{}" src="{}" alt="{}" loading="{}" decoding="async">',
        css_class,
        src,
        alt,
        loading,
    )


@register.simple_tag
def picture(
    src,
    alt="",
    sizes=DEFAULT_SIZES,
    eager=False,
    css_class="fr-responsive-img",
    fallback="link",
):
    return picture_html(
        src, alt=alt, sizes=sizes, eager=eager, css_class=css_class, fallback=fallback
    )


@register.filter
def shown_picture(src) -> str:
    """`src` when it is a picture this site shows, else "" (for cards)."""
    src = str(src or "")
    return src if src and not original_link(src) else ""


@register.filter
def file_address(url) -> str:
    """Where to link a document: this site's own file or another address as
    is, a file of the original site's own tree (`/uploads/…`, which this site
    does not serve) at its public address."""
    url = str(url or "")
    return original_link(url) or url
