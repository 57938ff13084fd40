"""The Jekyll site (the original site): its data files, its skills and cohorts."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from eig.challenges.models import Challenge, Skill
from eig.cohorts.models import Cohort, Profile
from eig.core.text import fold
from eig.importer.parsers import SourceError, clean_line, read_yaml_file
from eig.importer.services.programme import cohort_slug, ensure_cohort, ensure_programme
from eig.importer.services.records import ImportContext, record, save_record


@dataclass
class Site:
    root: Path
    permalinks: dict[str, str]
    challenges: dict[str, Challenge] = field(default_factory=dict)  # défi key -> défi
    challenge_titles: dict[str, list[str]] = field(default_factory=dict)  # folded -> keys
    raw_challenges: dict[str, dict] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def find_challenge(self, name: str) -> Challenge | None:
        """A défi by its key in defis.yml, else by its title if only one has it."""
        name = clean_line(name)
        if name in self.challenges:
            return self.challenges[name]
        keys = self.challenge_titles.get(fold(name), [])
        return self.challenges[keys[0]] if len(keys) == 1 else None


def _load_data(ctx: ImportContext, site: Site, name: str, expected: type):
    path = site.root / "_data" / name
    if not path.is_file():
        return None
    ctx.tick(name)
    try:
        data = read_yaml_file(path)
    except SourceError as exc:
        ctx.report.error(site.rel(path), exc.reason)
        return None
    if data is None:
        return expected()
    if not isinstance(data, expected):
        kind = "un dictionnaire" if expected is dict else "une liste"
        ctx.report.error(site.rel(path), f"{kind} YAML est attendu")
        return None
    return data


SKILL_PROFILES = {
    "dev": Profile.DEVELOPER,
    "design": Profile.DESIGNER,
    "datascience": Profile.DATA_SCIENTIST,
    "dataengineering": Profile.DATA_ENGINEER,
    "geomatique": "",
}


def import_skills(*, ctx: ImportContext, site: Site) -> None:
    data = _load_data(ctx, site, "skills.yml", dict)
    if not data:
        return
    with transaction.atomic():
        for code, label in data.items():
            with record(ctx, "_data/skills.yml", str(code)):
                save_record(
                    ctx,
                    Skill,
                    lookup={"code": str(code)},
                    values={
                        "label": clean_line(label) or str(code),
                        "profile": SKILL_PROFILES.get(str(code), ""),
                    },
                )


def import_promotions(*, ctx: ImportContext, site: Site) -> None:
    """promos.yml: the cohorts (slug 1–4 or dig, name, year)."""
    data = _load_data(ctx, site, "promos.yml", dict)
    if not data:
        return
    file = "_data/promos.yml"
    with transaction.atomic():
        for key, entry in data.items():
            with record(ctx, file, str(key)):
                if not isinstance(entry, dict) or entry.get("promotion") in (None, ""):
                    raise SourceError("entrée sans « promotion »")
                slug = cohort_slug(entry["promotion"])
                years = [int(w) for w in str(entry.get("class", "")).split() if w.isdigit()]
                if not years:
                    raise SourceError("année introuvable dans « class »")
                programme = "DIG" if slug == "dig" else "EIG"
                cohort = ensure_cohort(ctx, slug, year=years[0], programme=programme)
                save_record(
                    ctx,
                    Cohort,
                    instance=cohort,
                    lookup={"slug": slug},
                    values={
                        "year": years[0],
                        "number": int(slug) if slug.isdigit() else None,
                        "programme_id": ensure_programme(ctx, programme).pk,
                    },
                )
