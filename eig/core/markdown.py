"""Markdown of the content (posts, pages, défis, bios) to safe DSFR HTML.

The original site was written for kramdown, whose block attribute lists
(`{: .lien-important}` on the line after a block) Python-Markdown does not
read on blockquotes. A small pre-processor turns a blockquote followed by such
a line into a marked `<div markdown="1">`, a tree processor turns the marked
blocks into design-system components, and the result is sanitised with nh3
against an allow-list: nothing from the content can run a script.
"""

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from markdown.treeprocessors import Treeprocessor

# Blocks the original site styled through kramdown classes, and what they become.
COMPONENT_CLASSES = ("lien-important", "encadre", "citation", "auteur-citation")
MARK_PREFIX = "eig-ial-"
ORIGINAL_HOSTS = {
    "entrepreneur-interet-general.etalab.gouv.fr",
    "eig.etalab.gouv.fr",
}

_IAL_LINE = re.compile(r"^ {0,3}(?:>[ \t]*)?\{:(?P<attrs>[^}]*)\}[ \t]*$")
_QUOTE_LINE = re.compile(r"^ {0,3}> ?")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_EMPTY_CLASS = re.compile(r' class=""')
# A list item at the left margin: a bullet, or a number and its dot.
_LIST_ITEM = re.compile(r"^ {0,3}(?:(?P<bullet>[*+-])|(?P<number>\d{1,9})[.)])[ \t]+\S")
_RULE = re.compile(r"^ {0,3}([*_-])(?:[ \t]*\1){2,}[ \t]*$")
# A list written directly in a list (`<ul><li>a</li><ul>…</ul></ul>`, as the old
# site's HTML has it): only `<li>` may be a list's child, so it goes into the item before.
_LIST_IN_LIST = re.compile(
    r"</li>(\s*)(<(ul|ol)\b[^>]*>(?:(?!<(?:ul|ol)\b).)*?</\3>)", re.IGNORECASE | re.DOTALL
)
_IFRAME = re.compile(
    r"<iframe\b[^>]*?\bsrc\s*=\s*[\"'](?P<src>https?://[^\"'\s<>]+)[\"'][^>]*>.*?</iframe\s*>",
    re.IGNORECASE | re.DOTALL,
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "title", "width", "height", "loading", "srcset", "sizes", "decoding"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
}
ALLOWED_CLASSES = {
    "div": {"fr-callout", "fr-highlight", "fr-table", "footnote"},
    "p": {"fr-callout__text", "fr-callout__title", "fr-quote__author", "fr-text--lg"},
    "h2": {"fr-callout__title"},
    "h3": {"fr-callout__title"},
    "h4": {"fr-callout__title"},
    "h5": {"fr-callout__title"},
    "h6": {"fr-callout__title"},
    "figure": {"fr-quote", "fr-quote--column"},
    "a": {"fr-link", "fr-icon-arrow-right-line", "fr-link--icon-right", "footnote-ref"},
    "img": {"fr-responsive-img"},
}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str) -> SafeString:
    """Keep only the allow-listed tags, attributes, classes and URL schemes."""
    cleaned = _EMPTY_CLASS.sub("", _CLEANER.clean(html or ""))
    nested = None
    while nested != cleaned:
        nested, cleaned = cleaned, _LIST_IN_LIST.sub(r"\1\2</li>", cleaned)
    return mark_safe(cleaned)  # noqa: S308 - cleaned just above


def render_markdown(text: str | None, *, top_heading: int = 2) -> SafeString:
    """Render the Markdown of the content as sanitised DSFR HTML.

    The content's highest heading becomes `h<top_heading>` (the page owns the
    h1; a text under a section heading starts one level lower).
    """
    if not text:
        return SafeString("")
    md = markdown.Markdown(
        extensions=[
            "extra",
            "attr_list",
            "sane_lists",
            "toc",
            _DsfrExtension(top_heading=min(max(top_heading, 2), 6)),
        ],
        output_format="html",
    )
    text = _separate_lists(_mark_kramdown_blocks(_iframes_to_links(text)))
    return sanitize_html(md.convert(text))


def _list_kind(line: str) -> str | None:
    match = _LIST_ITEM.match(line)
    if match is None or _RULE.match(line):
        return None
    return "bullet" if match["bullet"] else "number"


def _separate_lists(text: str) -> str:
    """A blank line before a list that follows a paragraph or a list of the
    other kind with none, as the sites' own renderers read them (Hugo's
    CommonMark, kramdown): Python-Markdown would run the items into the
    paragraph, leaving their stars as text. A numbered list interrupts a
    paragraph only when it starts at 1; lines inside a list are left alone."""
    out: list[str] = []
    in_fence = in_list = False
    previous = ""
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        kind = None if in_fence else _list_kind(line)
        if kind is not None and previous.strip():
            previous_kind = _list_kind(previous)
            if previous_kind is not None and previous_kind != kind:
                out.append("")
            elif previous_kind is None and not in_list:
                number = _LIST_ITEM.match(line)["number"]
                if number is None or int(number) == 1:
                    out.append("")
        if kind is not None:
            in_list = True
        elif in_list and previous == "" and line.strip() and not line[:1].isspace():
            in_list = False
        out.append(line)
        previous = line
    return "\n".join(out)


def _iframes_to_links(text: str) -> str:
    """An embedded player cannot be kept (no iframe); keep its address as a link."""
    label = gettext("Voir le contenu intégré")
    return _IFRAME.sub(lambda m: f"\n\n[{label}]({m['src']})\n\n", text)


def _mark_kramdown_blocks(text: str) -> str:
    """Wrap each blockquote that a kramdown IAL line follows into a marked div.

    Handles the IAL on its own line after the blockquote (`{: .encadre}`) and
    written as the blockquote's last line (`> {: .lien-important}`). An IAL
    after another kind of block is left to Python-Markdown's attr_list.
    """
    out: list[str] = []
    block_start = 0
    in_fence = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            out.append(line)
            continue
        match = _IAL_LINE.match(line)
        if match:
            block = out[block_start:]
            if block and _QUOTE_LINE.match(block[0]):
                classes = re.findall(r"\.([\w-]+)", match["attrs"])
                known = [c for c in classes if c in COMPONENT_CLASSES]
                inner = [_QUOTE_LINE.sub("", item, count=1) for item in block]
                del out[block_start:]
                if known:
                    out += ["", f'<div class="{MARK_PREFIX}{known[0]}" markdown="1">', ""]
                    out += [*inner, "", "</div>", ""]
                else:
                    out += ["", *block, ""]
            elif block:
                out.append(line.lstrip(" >"))
            block_start = len(out)
            continue
        out.append(line)
        if not line.strip():
            block_start = len(out)
    return "\n".join(out)


class _DsfrExtension(markdown.Extension):
    def __init__(self, *, top_heading: int):
        self.top_heading = top_heading
        super().__init__()

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # After the inline patterns (20) so that links and emphasis exist.
        md.treeprocessors.register(_DsfrTreeprocessor(md, self.top_heading), "eig_dsfr", 15)


class _DsfrTreeprocessor(Treeprocessor):
    def __init__(self, md, top_heading: int):
        super().__init__(md)
        self.top_heading = top_heading

    def run(self, root: etree.Element) -> None:
        self._components(root)
        self._normalise_headings(root)
        for element in list(root.iter()):
            if element.tag == "a":
                _localise_link(element)
            elif element.tag == "img":
                if element.get("alt", "").strip().lower() in {"null", "none"}:
                    element.set("alt", "")
                _picture(element)
        _name_or_drop_empty_links(root)
        self._wrap_tables(root)

    def _components(self, parent: etree.Element) -> None:
        children = list(parent)
        skip: set[int] = set()
        for index, child in enumerate(children):
            if index in skip:
                continue
            kind = _mark_of(child)
            if kind is None:
                self._components(child)
                continue
            if kind == "lien-important":
                _as_callout(child)
            elif kind == "encadre":
                child.attrib.clear()
                child.set("class", "fr-highlight")
            elif kind == "citation":
                author = None
                if index + 1 < len(children) and _mark_of(children[index + 1]) == "auteur-citation":
                    author = children[index + 1]
                    skip.add(index + 1)
                _as_quote(parent, child, author)
            else:  # an author without a quote: a plain paragraph
                child.attrib.clear()
                child.tag = "div"

    def _normalise_headings(self, root: etree.Element) -> None:
        """The page owns the only h1: the content's top heading level becomes `top_heading`."""
        headings = [e for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag or "")]
        if not headings:
            return
        shift = self.top_heading - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{max(self.top_heading, min(int(element.tag[1]) + shift, 6))}"

    @staticmethod
    def _wrap_tables(root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = etree.Element("div", {"class": "fr-table"})
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


def is_legacy_file(src: str) -> bool:
    """A picture at an address of the original site's own tree (``/img/…``),
    which this site does not serve: neither its media nor its static files."""
    from django.conf import settings

    if not src.startswith("/") or src.startswith("//"):
        return False
    return not src.startswith((settings.MEDIA_URL, settings.STATIC_URL))


def original_address(src: str) -> str:
    """The public address of a file of the original site's own tree."""
    from django.conf import settings

    return settings.EIG_ORIGINAL_SITE_URL + src


# Pictures of a text: the width of the text column on a large screen.
BODY_PICTURE_SIZES = "(min-width: 62em) 792px, 100vw"


def _picture(image: etree.Element) -> None:
    """A stored picture gets its sizes (srcset), width, height and lazy
    loading; one this site does not hold becomes a link to it."""
    from eig.core.pictures import original_link, stored_picture

    src = image.get("src", "")
    stored = stored_picture(src)
    if stored is None:
        link = original_link(src)
        if link:
            _as_original_link(image, link)
            return
    else:
        if len(stored.sizes) > 1:
            image.set("srcset", stored.srcset)
            image.set("sizes", BODY_PICTURE_SIZES)
        image.set("width", str(stored.width))
        image.set("height", str(stored.height))
    image.set("loading", "lazy")
    image.set("decoding", "async")
    image.set("class", "fr-responsive-img")


def _as_original_link(image: etree.Element, href: str) -> None:
    """Never a broken image: a link to the picture at its public address on
    the site it came from, labelled with its alt text."""
    alt = (image.get("alt") or "").strip()
    label = gettext("Image : %(alt)s") % {"alt": alt} if alt else gettext("Voir l'image")
    tail = image.tail
    image.clear()
    image.tag = "a"
    image.set("href", href)
    image.set("hreflang", "fr")
    image.text = label + " " + gettext("(sur le site d'origine)")
    image.tail = tail


def _mark_of(element: etree.Element) -> str | None:
    classes = (element.get("class") or "").split()
    for css_class in classes:
        if css_class.startswith(MARK_PREFIX) and element.tag == "div":
            return css_class.removeprefix(MARK_PREFIX)
    return None


def _as_callout(element: etree.Element) -> None:
    element.attrib.clear()
    element.set("class", "fr-callout")
    for child in element:
        if re.fullmatch(r"h[1-6]", child.tag or ""):
            child.set("class", "fr-callout__title")
        elif child.tag == "p":
            child.set("class", "fr-callout__text")
            links = child.findall("a")
            only_a_link = (
                len(links) == 1
                and not (child.text or "").strip()
                and not (links[0].tail or "").strip()
                and len(child) == 1
            )
            if only_a_link:
                links[0].set("class", "fr-link fr-icon-arrow-right-line fr-link--icon-right")


def _as_quote(parent: etree.Element, quote: etree.Element, author: etree.Element | None) -> None:
    """`.citation` (+ `.auteur-citation`) -> DSFR quote: figure, blockquote, figcaption."""
    index = list(parent).index(quote)
    figure = etree.Element("figure", {"class": "fr-quote fr-quote--column"})
    blockquote = etree.SubElement(figure, "blockquote")
    for child in list(quote):
        blockquote.append(child)
    if author is not None:
        caption = etree.SubElement(figure, "figcaption")
        paragraph = etree.SubElement(caption, "p", {"class": "fr-quote__author"})
        paragraphs = [c for c in author if c.tag == "p"] or [author]
        source = paragraphs[0]
        paragraph.text = source.text
        for grandchild in list(source):
            paragraph.append(grandchild)
        parent.remove(author)
    parent.remove(quote)
    parent.insert(index, figure)


def _name_or_drop_empty_links(root: etree.Element) -> None:
    """A link with nothing to read (`[](https://…)` in the old sites' texts) is
    no link at all: dropped, its following text kept; a link holding only
    pictures without a text alternative is named after the address it leads to."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for link in [element for element in root.iter() if element.tag == "a"]:
        if "".join(link.itertext()).strip():
            continue
        pictures = [element for element in link.iter() if element.tag == "img"]
        if any((picture.get("alt") or "").strip() for picture in pictures):
            continue
        if pictures:
            host = urlsplit(link.get("href", "")).hostname or link.get("href", "")
            pictures[0].set("alt", gettext("Lien vers %(address)s") % {"address": host})
            continue
        parent = parents.get(link)
        if parent is None:
            continue
        siblings = list(parent)
        index = siblings.index(link)
        tail = link.tail or ""
        if index == 0:
            parent.text = (parent.text or "") + tail
        else:
            previous = siblings[index - 1]
            previous.tail = (previous.tail or "") + tail
        parent.remove(link)


def _localise_link(link: etree.Element) -> None:
    """Links to the original site become local so that the redirects take them."""
    href = link.get("href") or ""
    parts = urlsplit(href)
    if parts.scheme in {"http", "https"} and parts.hostname in ORIGINAL_HOSTS:
        path = parts.path or "/"
        if path == "/" or path.endswith((".html", "/")):
            link.set("href", path + (f"#{parts.fragment}" if parts.fragment else ""))
