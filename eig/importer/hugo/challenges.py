"""The `defis` collection: the défis and their host administrations."""

from collections import Counter

from django.db import transaction

from eig.challenges.models import Challenge as ChallengeModel
from eig.core.legacy import hugo_path
from eig.core.text import fold
from eig.importer.hugo.merging import _challenge_matches, _with_other_key
from eig.importer.hugo.site import (
    Entry,
    HugoSite,
    _body,
    _cohorts_of,
    _image,
    _organization_label,
    _relation_titles,
    _tally,
)
from eig.importer.parsers import SourceError, clean_line, slug_from_title
from eig.importer.services.challenges import _theme_id, import_organizations
from eig.importer.services.records import MERGE_CURRENT_SITE, _unique_slug, record, save_record


def import_challenges(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("defis")
    keys = [entry.rel for entry in entries]
    existing = {
        challenge.source_key: challenge
        for challenge in ChallengeModel.objects.filter(source_key__in=keys).prefetch_related(
            "themes"
        )
    }
    shared = _challenge_matches(site, entries, set(existing))
    ctx.report.merged["défis"] += len(shared)
    existing.update(shared)
    imported = 0
    titles: Counter = Counter(fold(entry.title) for entry in entries)
    with transaction.atomic():
        labels = [(label, "") for entry in entries if (label := _organization_label(entry))]
        host_ids = import_organizations(
            ctx=ctx, labels=labels, file=site.rel(site.schema["defis"].folder)
        )
        for entry in entries:
            with record(ctx, entry.rel, f"défi « {entry.title or entry.stem} »"):
                challenge = _import_challenge(site, entry, existing.get(entry.rel), host_ids)
                if titles[fold(challenge.title)] > 1:
                    ctx.report.warn(
                        entry.rel, f"titre « {challenge.title} » porté par plusieurs défis"
                    )
                else:
                    site.challenges[fold(challenge.title)] = challenge
                site.challenges_by_title[challenge.title] = challenge
                imported += 1
    for name, number in sorted(site.unknown_themes.items()):
        ctx.report.warn(
            site.rel(site.schema["defis"].folder),
            f"thématique « {name} » absente de themes/ : ignorée sur {number} défi(s)",
        )
    _tally(ctx, "Défis", len(entries), imported)


def _import_challenge(site: HugoSite, entry: Entry, existing, host_ids) -> ChallengeModel:
    ctx = site.ctx
    if not entry.title:
        raise SourceError("titre (« title ») manquant")
    cohorts = _cohorts_of(site, entry)
    if not cohorts:
        promos = ", ".join(_relation_titles(site, entry, "promos")) or "aucune"
        raise SourceError(f"aucune promotion connue (promos : {promos})")
    if len(cohorts) > 1:
        ctx.report.warn(
            entry.rel,
            f"plusieurs promotions : « {cohorts[0].name} » retenue "
            f"({', '.join(c.name for c in cohorts[1:])} ignorées)",
        )
    cohort = cohorts[0]
    label = _organization_label(entry)
    set_url = clean_line(entry.meta.get("urlSET"))
    values = {
        "title": entry.title,
        "cohort_id": cohort.pk,
        "year": cohort.year,
        "pitch": clean_line(entry.meta.get("description"))[:500],
        "body": _body(ctx, entry),
        "organization_id": host_ids.get(label),
        "organization_label": label,
        "town": clean_line(entry.meta.get("town")),
        "image": _image(entry.meta.get("image")),
        "is_startup_detat": entry.meta.get("isSET") is True,
        "startup_detat_url": set_url,
        "legacy_path": f"/defis/{hugo_path(entry.stem)}/",
    }
    theme_names = []
    for name in _relation_titles(site, entry, "themes"):
        known = site.themes.get(fold(name))
        if known is None:
            site.unknown_themes[name] += 1
        else:
            theme_names.append(known)
    m2m = {}
    # Themes are set on a défi that has none: staff may have changed them.
    if existing is None or not existing.themes.all():
        m2m["themes"] = {_theme_id(ctx, name) for name in theme_names}
    shared = existing is not None and existing.source_key != entry.rel
    return save_record(
        ctx,
        ChallengeModel,
        instance=existing,
        lookup={"pk": existing.pk} if shared else {"source_key": entry.rel},
        values=_with_other_key(values, existing, entry.rel),
        merge=MERGE_CURRENT_SITE if shared else None,
        create_only={
            "slug": _unique_slug(
                ChallengeModel, slug_from_title(entry.stem, max_length=190), year=cohort.year
            )
        }
        if existing is None
        else None,
        m2m=m2m,
    )
