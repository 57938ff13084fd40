"""Pure helpers for the text of imported pages: their outline and their slug."""

import re

HEADING_MARKS = re.compile(r"^(#{1,6})(?=\s)", re.MULTILINE)


def consecutive_headings(text: str, *, top: int = 2) -> str:
    """The block's headings renumbered from `top` with no level skipped (the
    CMS text goes from `##` to `####`; a page's outline may not jump)."""
    levels = sorted({len(marks) for marks in HEADING_MARKS.findall(text)})
    wanted = {level: min(top + rank, 6) for rank, level in enumerate(levels)}
    return HEADING_MARKS.sub(lambda match: "#" * wanted[len(match.group(1))], text)


YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")


def dated_slug(base: str, *texts: str) -> str:
    """`base` followed by the latest year the texts mention (`programme-2017`),
    or by `archive`: the address of a page whose slug a newer one holds."""
    years = YEAR_IN_TEXT.findall(" ".join(texts))
    return f"{base}-{max(years)}" if years else f"{base}-archive"
