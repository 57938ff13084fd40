"""Text helpers shared by every app: search normalisation and slugs."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower-case, strip accents and collapse punctuation to single spaces.

    "Sécurité  civile !" -> "securite civile". Used both to build the stored
    search document and to normalise a query, so matching ignores accents and
    case the same way on SQLite and PostgreSQL.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", stripped).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query, in order, without duplicates."""
    seen: list[str] = []
    for word in fold(query).split():
        if word not in seen:
            seen.append(word)
    return seen
