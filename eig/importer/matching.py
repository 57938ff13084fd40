"""One programme, not two: the same défi or person in two sources is one record.

Pure functions, no database. The importer of the current site (hugo/)
gives `match_records` the records already on the platform (from the original
site) and its own entries; a pair is merged only when exactly one record
matches an entry and that record matches no other entry. Several candidates
are an ambiguity: reported, never merged.

A match is on a normalised title or name (`normalise`: accents, case,
punctuation and spaces folded) and, when both sides know it, the year (défis)
or a common cohort or défi (people).

`merge_values` keeps, field by field, the richer of two values, so that
importing both sources in any number of runs converges on the same record and
a second run changes nothing (see `richer`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from eig.core.text import fold


def normalise(text: str | None) -> str:
    """ "CC - API rapports" and "cc-API  Rapports" -> "ccapirapports"."""
    return fold(text).replace(" ", "")


@dataclass(frozen=True)
class Candidate:
    """A record or an entry as the matching sees it.

    `names`: its title or name, and any other name it is known by (a YAML key,
    a file name); `year`: the défi's year (None when unknown); `cohorts`: the
    cohorts of a person, by year (the two sites do not always agree on
    "promotion 3" and "DIG" for 2019); `links`: the normalised titles of
    their défis. Two people of the same name are one when they share a cohort
    or a défi, or when one side knows no cohort.
    """

    key: str
    names: tuple[str, ...]
    year: int | None = None
    cohorts: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.key

    def normalised(self) -> set[str]:
        return {normal for name in self.names if (normal := normalise(name))}


@dataclass(frozen=True)
class Ambiguity:
    """An entry with several candidate records (or a record claimed by
    several entries): listed in the report, not merged."""

    key: str
    label: str
    candidates: tuple[str, ...]
    reason: str


@dataclass
class MatchResult:
    matched: dict[str, str] = field(default_factory=dict)  # entry key -> record key
    ambiguous: list[Ambiguity] = field(default_factory=list)
    # Same name, but the year or cohorts differ: not the same record (reported).
    near: list[Ambiguity] = field(default_factory=list)


def _compatible(record: Candidate, entry: Candidate) -> bool:
    if record.year is not None and entry.year is not None and record.year != entry.year:
        return False
    if record.cohorts & entry.cohorts or record.links & entry.links:
        return True
    # Disjoint cohorts and no common défi: two people (or two défis).
    return not (record.cohorts and entry.cohorts)


def match_records(records: Iterable[Candidate], entries: Iterable[Candidate]) -> MatchResult:
    """Pair each entry with the one record it designates (see module docstring)."""
    records = list(records)
    by_name: dict[str, list[Candidate]] = {}
    for record in records:
        for name in record.normalised():
            by_name.setdefault(name, []).append(record)
    result = MatchResult()
    wanted: dict[str, list[Candidate]] = {}  # record key -> entries that chose it
    labels = {record.key: record.label for record in records}
    for entry in entries:
        same_name: dict[str, Candidate] = {}
        for name in entry.normalised():
            for record in by_name.get(name, []):
                same_name[record.key] = record
        fitting = [record for record in same_name.values() if _compatible(record, entry)]
        if len(fitting) == 1:
            wanted.setdefault(fitting[0].key, []).append(entry)
        elif len(fitting) > 1:
            result.ambiguous.append(
                Ambiguity(
                    key=entry.key,
                    label=entry.label,
                    candidates=tuple(sorted(labels[r.key] for r in fitting)),
                    reason="plusieurs enregistrements correspondent",
                )
            )
        elif same_name:
            result.near.append(
                Ambiguity(
                    key=entry.key,
                    label=entry.label,
                    candidates=tuple(sorted(labels[key] for key in same_name)),
                    reason="même nom, année ou promotion différente",
                )
            )
    for record_key, claimants in wanted.items():
        if len(claimants) == 1:
            result.matched[claimants[0].key] = record_key
            continue
        for entry in claimants:
            others = sorted(other.label for other in claimants if other is not entry)
            result.ambiguous.append(
                Ambiguity(
                    key=entry.key,
                    label=entry.label,
                    candidates=(labels[record_key],),
                    reason=f"enregistrement également désigné par {', '.join(others)}",
                )
            )
    result.ambiguous.sort(key=lambda item: item.key)
    result.near.sort(key=lambda item: item.key)
    return result


# --- Merging ------------------------------------------------------------------


def is_empty(value) -> bool:
    return value is None or value is False or (hasattr(value, "__len__") and len(value) == 0)


def _size(value) -> int:
    if isinstance(value, str):
        return len(value.strip())
    if hasattr(value, "__len__"):
        return len(value)
    return 0


def richer(current, incoming, *, prefer: str = ""):
    """The richer of two values of one field.

    An empty value never replaces a filled one; `prefer="incoming"` or
    `"current"` names the side that wins when both are filled (a field one
    source is known to hold best: the current site's pictures); otherwise the
    longer text or list wins, `True` wins over `False`, and a tie keeps the
    current value. The rule is a maximum, so applying it again to its own
    result changes nothing: re-importing either source is a no-op.
    """
    if is_empty(incoming):
        return current
    if is_empty(current):
        return incoming
    if prefer == "incoming":
        return incoming
    if prefer == "current":
        return current
    if isinstance(current, bool) or isinstance(incoming, bool):
        return current or incoming
    if _size(incoming) > _size(current):
        return incoming
    return current


def merge_values(current: dict, incoming: dict, *, prefer_incoming=(), prefer_current=()) -> dict:
    """`incoming` with each value replaced by the richer of it and `current`."""
    merged = {}
    for name, value in incoming.items():
        prefer = (
            "incoming" if name in prefer_incoming else "current" if name in prefer_current else ""
        )
        merged[name] = richer(current.get(name), value, prefer=prefer)
    return merged


def merge_rows(current: list[dict], incoming: list[dict], *, key: str) -> list[dict]:
    """The current rows, then the incoming rows whose `key` is not among them."""
    seen = {row[key] for row in current}
    return [*current, *(row for row in incoming if row[key] not in seen)]
