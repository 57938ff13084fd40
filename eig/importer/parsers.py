"""Pure parsing of the original static site's files: no database here.

Every function either returns plain data or raises `SourceError` whose
`reason` (in French) is shown to staff next to the file name.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import nh3
import yaml
from django.utils.text import slugify

from eig.core.text import fold

PARIS = ZoneInfo("Europe/Paris")


class SourceError(Exception):
    """A file or a value that cannot be read; `reason` is what staff reads."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- YAML -------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text.

    PyYAML turns `2019-13-45` into a ValueError deep inside the loader; keeping
    dates as text lets `parse_datetime` report the value itself.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, *, first_line: int = 1):
    """Parse YAML text; `first_line` is the file line of the text's first line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is not None:
            raise SourceError(f"YAML invalide ligne {mark.line + first_line} : {problem}") from exc
        raise SourceError(f"YAML invalide : {problem}") from exc


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"fichier illisible : {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"encodage invalide (UTF-8 attendu) à l'octet {exc.start}") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml_file(path: Path):
    return load_yaml(read_text(path))


# --- Front matter -----------------------------------------------------------

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass
class Document:
    """A Markdown file: its front matter (empty when it has none) and body."""

    name: str
    meta: dict = field(default_factory=dict)
    body: str = ""
    has_front_matter: bool = True


def split_front_matter(text: str) -> tuple[dict | None, str]:
    """Split a `---` YAML block at the top from the body.

    Returns (None, body) when the text has no front matter at all.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text.strip("\n")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            meta = load_yaml(block, first_line=2) if block.strip() else {}
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                raise SourceError("front matter invalide : un dictionnaire YAML est attendu")
            return meta, body.strip("\n")
    raise SourceError("front matter non fermé : la ligne « --- » de fin manque")


def read_document(path: Path, name: str | None = None) -> Document:
    meta, body = split_front_matter(read_text(path))
    return Document(
        name=name or path.name,
        meta=meta or {},
        body=body,
        has_front_matter=meta is not None,
    )


# --- Dates ------------------------------------------------------------------

_DATETIME = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[Tt ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{1,2}(?::?\d{2})?)?)?$"
)


def parse_datetime(value, *, default_time: dt.time = dt.time(0, 0)) -> dt.datetime:
    """An aware datetime from `2020-05-04 21:58:00 +02:00`, `2018-02-27`, …

    A value without an offset is Europe/Paris time; without a time of day,
    `default_time` is used.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=PARIS)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, default_time, tzinfo=PARIS)
    text = str(value).strip() if value is not None else ""
    match = _DATETIME.match(text)
    if not match:
        raise SourceError(f"date illisible : « {text} »")
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match["H"] is None:
            clock = default_time
        else:
            clock = dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError as exc:
        raise SourceError(f"date illisible : « {text} »") from exc
    tz = match["tz"]
    if not tz:
        tzinfo = PARIS
    elif tz == "Z":
        tzinfo = dt.UTC
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        hours = int(digits[:-2] or 0) if len(digits) > 2 else int(digits)
        minutes = int(digits[-2:]) if len(digits) > 2 else 0
        tzinfo = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return dt.datetime.combine(day, clock, tzinfo=tzinfo)


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(PARIS).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    return parse_datetime(value).date()


_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
_FRENCH_DATE = re.compile(
    r"(?:(?P<weekday>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"(?P<day>\d{1,2})(?:er)?\s+(?P<month>" + "|".join(_MONTHS) + r")(?:\s+(?P<year>\d{4}))?\b"
)


@dataclass(frozen=True)
class FrenchDate:
    date: dt.date
    start: int  # position of the date in the folded text
    end: int
    weekday_matches: bool


def find_french_date(text: str, *, default_year: int | None = None) -> FrenchDate | None:
    """The first date written in French in `text` ("mardi 12 mai", "1er juillet 2017")."""
    folded = _fold_keep_length(text)
    match = _FRENCH_DATE.search(folded)
    if not match:
        return None
    year = int(match["year"]) if match["year"] else default_year
    if year is None:
        raise SourceError(f"date sans année : « {text.strip()} »")
    try:
        day = dt.date(year, _MONTHS[match["month"]], int(match["day"]))
    except ValueError as exc:
        raise SourceError(f"date illisible : « {text.strip()} »") from exc
    weekday = match["weekday"]
    return FrenchDate(
        date=day,
        start=match.start(),
        end=match.end(),
        weekday_matches=weekday is None or _WEEKDAYS.index(weekday) == day.weekday(),
    )


def parse_french_date(text: str, *, default_year: int | None = None) -> dt.date:
    found = find_french_date(text, default_year=default_year)
    if found is None:
        raise SourceError(f"date illisible : « {text.strip()} »")
    return found.date


def _fold_keep_length(text: str) -> str:
    """Lower-case and strip accents character by character (positions kept)."""
    folded = (fold(char) for char in text)
    return "".join(f if len(f) == 1 else c.lower() for f, c in zip(folded, text, strict=True))


# --- File names and legacy addresses ----------------------------------------

_POST_NAME = re.compile(r"^(?P<draft>_)?(?P<date>\d{2,4}-\d{1,2}-\d{1,2})-(?P<slug>.+)\.[^.]+$")


@dataclass(frozen=True)
class PostFileName:
    date: dt.date
    slug: str
    is_draft: bool


def parse_post_filename(filename: str) -> PostFileName:
    """`18-02-27-titre.md` (2-digit year: 2018) or `2019-06-12-titre.md`.

    A leading `_` marks a draft that Jekyll never published.
    """
    match = _POST_NAME.match(filename)
    if not match:
        raise SourceError("nom de fichier sans date : « AAAA-MM-JJ-titre.md » attendu")
    year, month, day = match["date"].split("-")
    if len(year) == 3:
        raise SourceError(f"date illisible : « {match['date']} »")
    try:
        date = dt.date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError as exc:
        raise SourceError(f"date illisible : « {match['date']} »") from exc
    return PostFileName(date=date, slug=match["slug"], is_draft=bool(match["draft"]))


DEFAULT_PERMALINKS = {
    "posts": "/blog/:year/:month/:day/:title.html",
    "defis": "/defis/:year/:title.html",
    "communaute": "/communaute/:year/:title.html",
}


def site_permalinks(config: dict | None) -> dict[str, str]:
    """The address patterns of `_config.yml` (posts, défis, people)."""
    patterns = dict(DEFAULT_PERMALINKS)
    config = config if isinstance(config, dict) else {}
    if isinstance(config.get("permalink"), str):
        patterns["posts"] = config["permalink"]
    collections = config.get("collections") if isinstance(config.get("collections"), dict) else {}
    for name in ("defis", "communaute"):
        settings = collections.get(name)
        if isinstance(settings, dict) and isinstance(settings.get("permalink"), str):
            patterns[name] = settings["permalink"]
    return patterns


def expand_permalink(pattern: str, *, date: dt.date, title: str) -> str:
    values = {
        ":year": f"{date.year:04d}",
        ":month": f"{date.month:02d}",
        ":day": f"{date.day:02d}",
        ":title": title,
    }
    return re.sub(r":(?:year|month|day|title)", lambda m: values[m.group(0)], pattern)


def path_slug(address: str) -> str:
    """`/defis/2019/cartobio.html` -> `cartobio`."""
    return address.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")


# --- Text -------------------------------------------------------------------


def clean_line(value) -> str:
    """A one-line text: whitespace (including newlines) collapsed."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def clean_text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def as_list(value) -> list:
    """None -> [], a scalar -> [scalar], a list stays a list."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [item for item in value if item not in (None, "")]
    return [value]


# Words a cut slug should not end with ("…-promotion-d").
_SHORT_WORDS = {
    "a",
    "au",
    "aux",
    "d",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l",
    "la",
    "le",
    "les",
    "un",
    "une",
}
# A leading article is a whole word ("La ", "Les ") or an elided "L'": "Laure"
# and "Lesage" keep their first letters.
_LEADING_ARTICLE = re.compile(r"^(?:(?:le|la|les|un|une)\s+|l['’]\s*)", re.IGNORECASE)


def slug_from_title(title: str, *, max_length: int = 80, drop_article: bool = False) -> str:
    """A readable slug: apostrophes and dots split words, cut on a hyphen."""
    text = clean_line(title)
    if drop_article:
        text = _LEADING_ARTICLE.sub("", text, count=1)
    text = re.sub(r"[’'`.·•]", " ", text).replace("œ", "oe").replace("Œ", "Oe")
    slug = slugify(text)
    if len(slug) > max_length:
        words = slug[: max_length + 1].split("-")[:-1]
        while len(words) > 1 and words[-1] in _SHORT_WORDS:
            words.pop()
        slug = "-".join(words)
    return slug


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_INTRO_PHRASE = re.compile(
    r"^(?:le|la|les)\s+(?:principe|présentation|presentation)\s+(?:du|de la|des|de l['’])\s*",
    re.IGNORECASE,
)


def strip_inline_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return clean_line(text)


def derive_title(body: str, *, max_length: int = 120) -> str:
    """The title of a document that has no front matter.

    Rule: the text of its first Markdown heading, without an introductory
    "Le principe du / La présentation de…" (so "## Le principe du Programme
    EIG - Promotion 2" gives "Programme EIG - Promotion 2"); with no heading,
    its first sentence, cut on a word.
    """
    for line in body.split("\n"):
        match = _HEADING.match(line.strip())
        if match:
            text = strip_inline_markdown(match["text"])
            text = _INTRO_PHRASE.sub("", text)
            if text:
                return text[0].upper() + text[1:]
    paragraph = strip_inline_markdown(body.strip().split("\n\n", 1)[0])
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0].rstrip(" !?.")
    if len(sentence) > max_length:
        sentence = sentence[:max_length].rsplit(" ", 1)[0] + "…"
    return sentence


FAQ_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}


def sanitize_html(html: str) -> str:
    """Keep only the markup an FAQ answer needs; links keep their href."""
    return nh3.clean(str(html or ""), tags=FAQ_TAGS, attributes={"a": {"href"}}).strip()


# --- Videos -----------------------------------------------------------------

_VIDEO_URLS = {
    "dailymotion": "https://www.dailymotion.com/video/{id}",
    "vimeo": "https://vimeo.com/{id}",
    "youtube": "https://www.youtube.com/watch?v={id}",
    "loom": "https://www.loom.com/share/{id}",
}


def video_entry(kind: str, raw) -> dict:
    """{kind, url, label, platform, id, description, show} from a site video entry.

    `kind` is "intro" or "end_of_project"; `show` is false for the videos the
    original site listed but did not display.
    """
    if isinstance(raw, str):
        return {"kind": kind, "url": raw}
    if not isinstance(raw, dict):
        raise SourceError(f"vidéo illisible : « {raw} »")
    platform = clean_line(raw.get("platform")).lower()
    video_id = clean_line(raw.get("id"))
    template = _VIDEO_URLS.get(platform)
    url = clean_line(raw.get("url")) or (template.format(id=video_id) if template else "")
    description = clean_line(raw.get("description"))
    return {
        "kind": kind,
        "url": url,
        "label": description,
        "platform": platform,
        "id": video_id,
        "description": description,
        "show": bool(raw.get("show", True)),
    }


# --- Press review -----------------------------------------------------------

_REVIEW_HEADING = re.compile(r"^#{1,6}\s*revue de presse\b\s*(?P<year>\d{4})?", re.IGNORECASE)
_LIST_LINK = re.compile(r"^\s*[-*+]\s+\[(?P<text>.*?)\]\((?P<url>[^)\s]+)\)")


@dataclass
class PressItem:
    title: str
    url: str


@dataclass
class PressSection:
    title: str
    items: list[PressItem] = field(default_factory=list)


@dataclass
class PressReview:
    year: int | None
    sections: list[PressSection] = field(default_factory=list)


def split_press_review(body: str) -> tuple[str, PressReview | None]:
    """Cut a "## Revue de presse YYYY" part off a page body.

    Returns the page body without it and the review: each `#` heading below
    is a section, each list link an article.
    """
    lines = body.split("\n")
    matches = (_REVIEW_HEADING.match(line.strip()) for line in lines)
    start, match = next(
        ((index, found) for index, found in enumerate(matches) if found), (None, None)
    )
    if match is None:
        return body, None
    review = PressReview(year=int(match["year"]) if match["year"] else None)
    for line in lines[start + 1 :]:
        heading = _HEADING.match(line.strip())
        if heading:
            review.sections.append(PressSection(title=strip_inline_markdown(heading["text"])))
            continue
        link = _LIST_LINK.match(line)
        if link:
            if not review.sections:
                review.sections.append(PressSection(title="Revue de presse"))
            review.sections[-1].items.append(
                PressItem(title=clean_line(link["text"]), url=link["url"])
            )
    return "\n".join(lines[:start]).rstrip(), review


@dataclass(frozen=True)
class AnnouncedEvent:
    title: str
    date: dt.date
    location: str
    kind: str
    cohort_number: int | None


def parse_event_announcement(text: str) -> AnnouncedEvent | None:
    """`Titre : session d'informations, 10 octobre 2017, Lieu` -> its parts."""
    found = find_french_date(text)
    if found is None:
        return None
    title = text[: found.start].strip(" ,;–-")
    location = text[found.end :].strip(" ,;–-")
    folded = fold(text)
    if "restitution" in folded:
        kind = "restitution"
    elif "information" in folded:
        kind = "information_session"
    else:
        kind = "other"
    cohort = re.search(r"\bpromo(?:tion)?\s*(\d)\b", folded)
    return AnnouncedEvent(
        title=clean_line(title),
        date=found.date,
        location=clean_line(location),
        kind=kind,
        cohort_number=int(cohort.group(1)) if cohort else None,
    )


# --- Hugo shortcodes ---------------------------------------------------------

_SHORTCODE = re.compile(r"\{\{<\s*([a-zA-Z][\w-]*)\s*(.*?)\s*/?>\}\}", re.S)
_SHORTCODE_ARG = re.compile(r'(?:(\w+)=)?(?:"([^"]*)"|(\S+))')


def _shortcode_args(raw: str) -> tuple[list[str], dict[str, str]]:
    positional, named = [], {}
    for name, quoted, bare in _SHORTCODE_ARG.findall(raw):
        value = quoted if quoted or not bare else bare
        if name:
            named[name] = value
        else:
            positional.append(value)
    return positional, named


def hugo_shortcodes(text: str) -> tuple[str, list[str]]:
    """The current site's shortcodes as Markdown, and the names of those this
    function does not know (left out of the text, to be reported).

    `arrow-link url=… title=…` becomes a paragraph holding one link, which the
    Markdown renderer shows as the design system's call-out link;
    `dailymotion ID "Label"` becomes a paragraph linking to the video on its
    site (no third-party player or script).
    """
    unknown: list[str] = []

    def replace(match: re.Match) -> str:
        name, raw = match.group(1), match.group(2)
        positional, named = _shortcode_args(raw)
        if name == "arrow-link" and named.get("url"):
            title = named.get("title") or named["url"]
            return f"\n\n[{_link_text(title)}]({named['url']})\n\n"
        if name == "dailymotion" and positional:
            video_id = positional[0]
            label = positional[1] if len(positional) > 1 else "Vidéo"
            url = _VIDEO_URLS["dailymotion"].format(id=video_id)
            return f"\n\n[{_link_text(label)} (Dailymotion)]({url})\n\n"
        unknown.append(name)
        return ""

    converted = _SHORTCODE.sub(replace, text or "")
    return re.sub(r"\n{3,}", "\n\n", converted).strip(), unknown


def _link_text(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").strip()
