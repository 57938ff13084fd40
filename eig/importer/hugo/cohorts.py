"""The `promos` (cohorts) and `themes` collections."""

from django.db import transaction

from eig.challenges.models import Theme
from eig.cohorts.models import Cohort
from eig.core.legacy import hugo_path
from eig.core.text import fold
from eig.importer.hugo.site import HugoSite, _cohort_slug, _tally
from eig.importer.parsers import SourceError
from eig.importer.services.challenges import _theme_id
from eig.importer.services.programme import ensure_cohort, ensure_programme
from eig.importer.services.records import record, save_record

# The cohort records of the site give only a title ("Promotion 5"): the year
# of a cohort comes from a `year` field when the record has one, else from
# the cohort already on the platform (programme.yml, figures.yml, the original
# site), else from this table of the programme's published calendar (the
# candidates' FAQ: "En 2024, à compter de la 7ème promotion").
COHORT_YEARS = {
    "1": 2017,
    "2": 2018,
    "3": 2019,
    "dig": 2019,
    "4": 2020,
    "5": 2021,
    "6": 2022,
    "7": 2024,
}


def import_cohorts(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("promos")
    imported = 0
    with transaction.atomic():
        for entry in entries:
            with record(ctx, entry.rel):
                slug = _cohort_slug(entry.title)
                existing = Cohort.objects.filter(slug=slug).first()
                year = entry.meta.get("year") or (existing.year if existing else None)
                if not year and COHORT_YEARS.get(slug):
                    year = COHORT_YEARS[slug]
                    ctx.report.warn(
                        entry.rel,
                        f"année non donnée par la promotion : {year} "
                        "(calendrier publié du programme)",
                    )
                if not year:
                    raise SourceError(f"année de la promotion « {entry.title} » inconnue")
                programme = "DIG" if slug == "dig" else "EIG"
                cohort = ensure_cohort(ctx, slug, year=int(year), programme=programme)
                if existing is None and cohort.name != entry.title:
                    cohort.name = entry.title
                    cohort.save(update_fields=["name", "updated_at"])
                values = {"year": int(entry.meta["year"])} if entry.meta.get("year") else {}
                if cohort.programme_id != ensure_programme(ctx, programme).pk:
                    values["programme_id"] = ensure_programme(ctx, programme).pk
                save_record(ctx, Cohort, instance=cohort, lookup={"slug": slug}, values=values)
                ctx.old_addresses[f"/promos/{hugo_path(entry.stem)}/"] = (cohort, ctx.source)
                site.cohorts[fold(entry.title)] = cohort
                imported += 1
    _tally(ctx, "Promotions", len(entries), imported)


def import_themes(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("themes")
    imported = 0
    names = set()
    with transaction.atomic():
        for entry in entries:
            with record(ctx, entry.rel):
                if not entry.title:
                    raise SourceError("thématique sans titre")
                names.add(entry.title)
                site.themes[fold(entry.title)] = entry.title
                existing = Theme.objects.filter(name=entry.title).first()
                if existing is not None:
                    save_record(
                        ctx, Theme, instance=existing, lookup={"pk": existing.pk}, values={}
                    )
                else:
                    _theme_id(ctx, entry.title)
                imported += 1
    _tally(ctx, "Thématiques", len(entries), imported)
