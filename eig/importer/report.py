"""What an import did: counts per kind, warnings and errors per file."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Issue:
    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file} : {self.reason}"


_PRECEDENCE = {Outcome.UNCHANGED: 0, Outcome.UPDATED: 1, Outcome.CREATED: 2}


@dataclass
class ImportReport:
    """Counts per kind (in the order kinds were first met) and issues.

    A record met several times in one run (a cohort completed by several
    files) counts once, with its strongest outcome: created, else updated.
    """

    outcomes: dict[str, dict[object, Outcome]] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    # Files of the source that were not read, or read and not imported, by
    # their path relative to the source, with the reason.
    skipped: list[Issue] = field(default_factory=list)
    # (path, format) of each part imported, as recognised.
    formats: list[tuple[str, str]] = field(default_factory=list)
    source_files: int = 0
    # kind -> [how many the source holds, how many came in] (per source format
    # that declares them, e.g. the Hugo/Decap site).
    tallies: dict[str, list[int]] = field(default_factory=dict)
    # One programme, not two: entries of a source merged into the record of
    # another source (kind -> number), and the matches left undone because
    # several records fitted (listed, never merged blindly).
    merged: Counter = field(default_factory=Counter)
    ambiguous: list[Issue] = field(default_factory=list)

    def count(self, kind: str, outcome: Outcome, key: object = None) -> None:
        records = self.outcomes.setdefault(kind, {})
        if key is None:
            key = object()
        previous = records.get(key)
        if previous is None or _PRECEDENCE[outcome] > _PRECEDENCE[previous]:
            records[key] = outcome

    @property
    def counts(self) -> dict[str, Counter]:
        return {kind: Counter(records.values()) for kind, records in self.outcomes.items()}

    def warn(self, file: str, reason: str) -> None:
        issue = Issue(file, reason)
        if issue not in self.warnings:
            self.warnings.append(issue)

    def error(self, file: str, reason: str) -> None:
        self.errors.append(Issue(file, reason))

    def skip(self, file: str, reason: str) -> None:
        issue = Issue(file, reason)
        if issue not in self.skipped:
            self.skipped.append(issue)

    def ambiguity(self, file: str, reason: str) -> None:
        issue = Issue(file, reason)
        if issue not in self.ambiguous:
            self.ambiguous.append(issue)

    def tally(self, kind: str, *, held: int, imported: int) -> None:
        counts = self.tallies.setdefault(kind, [0, 0])
        counts[0] += held
        counts[1] += imported

    @property
    def met(self) -> int:
        """How many records the run met (created, updated or unchanged)."""
        return sum(len(records) for records in self.outcomes.values())

    def total(self, outcome: Outcome) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def created(self) -> int:
        return self.total(Outcome.CREATED)

    @property
    def updated(self) -> int:
        return self.total(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.total(Outcome.UNCHANGED)

    def rows(self) -> list[tuple[str, int, int, int]]:
        return [
            (kind, c[Outcome.CREATED], c[Outcome.UPDATED], c[Outcome.UNCHANGED])
            for kind, c in self.counts.items()
        ]


Tick = Callable[[str], None]


def no_tick(_label: str) -> None:
    """Progress callback that does nothing (tests, non-interactive runs)."""
