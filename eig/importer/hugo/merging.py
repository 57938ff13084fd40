"""One programme, not two: an entry of the current site matched with the
record of another source it is (see eig/importer/matching.py).
"""

from eig.challenges.models import Challenge as ChallengeModel
from eig.core.text import fold
from eig.importer.hugo.site import Entry, HugoSite, _relation_titles
from eig.importer.matching import Candidate, match_records


def _shared_records(site: HugoSite, name: str, records) -> tuple[dict, list]:
    """The records of another source already merged with an entry of the
    collection `name` (entry path -> record), and the records still free to
    match: neither made by this collection nor merged with one of its entries."""
    prefix = site.rel(site.schema[name].folder) + "/"
    shared, free = {}, []
    for record_ in records:
        if record_.source_key.startswith(prefix):
            continue
        mine = [key for key in record_.other_source_keys if key.startswith(prefix)]
        for key in mine:
            shared[key] = record_
        if not mine:
            free.append(record_)
    return shared, free


def _match(site: HugoSite, kind: str, records: dict[str, object], result) -> dict:
    """Report what `match_records` could not decide; entry path -> record."""
    for item in result.ambiguous:
        site.ctx.report.ambiguity(
            item.key,
            f"{kind} « {item.label} » : {item.reason} ({', '.join(item.candidates)}) : "
            "importé à part, à rapprocher à la main",
        )
    for item in result.near:
        site.ctx.report.warn(
            item.key,
            f"{kind} « {item.label} » : {item.reason} que {', '.join(item.candidates)} : "
            "gardés distincts",
        )
    return {rel: records[key] for rel, key in result.matched.items()}


def _entry_year(site: HugoSite, entry: Entry) -> int | None:
    for title in _relation_titles(site, entry, "promos"):
        cohort = site.cohorts.get(fold(title))
        if cohort is not None:
            return cohort.year
    return None


def _challenge_matches(site: HugoSite, entries: list[Entry], keys: set[str]) -> dict:
    """Entry path -> the défi of another source it is (see matching.py)."""
    shared, free = _shared_records(site, "defis", ChallengeModel.objects.prefetch_related("themes"))
    new = [entry for entry in entries if entry.rel not in keys and entry.rel not in shared]
    records = {str(challenge.pk): challenge for challenge in free}
    result = match_records(
        [
            Candidate(key=key, names=(c.title, c.source_key), year=c.year)
            for key, c in records.items()
        ],
        [
            Candidate(key=entry.rel, names=(entry.title, entry.stem), year=_entry_year(site, entry))
            for entry in new
        ],
    )
    return {**shared, **_match(site, "défi", records, result)}


def _with_other_key(values: dict, instance, rel: str) -> dict:
    """`values` for a record shared with another source: the entry's path is
    added to the record's other keys, and the record keeps its own key."""
    if instance is None or instance.source_key == rel:
        return values
    return {**values, "other_source_keys": sorted({*instance.other_source_keys, rel})}
