"""The `personnes` collection: EIG (`participant`) and mentors (`agent-public`);
the programme team and the ecosystem have no model yet.
"""

from collections import Counter

from django.db import transaction

from eig.challenges.models import Challenge as ChallengeModel
from eig.challenges.models import ChallengeMentor, Mentor
from eig.cohorts.models import Fellow
from eig.core.legacy import TEAM_PAGE, hugo_path
from eig.core.text import fold
from eig.importer.hugo.merging import _match, _shared_records, _with_other_key
from eig.importer.hugo.site import (
    Entry,
    HugoSite,
    _body,
    _cohorts_of,
    _photo,
    _relation_titles,
    _tally,
)
from eig.importer.matching import Candidate, match_records, normalise
from eig.importer.parsers import SourceError, clean_line, clean_text, slug_from_title
from eig.importer.services.people import FELLOW_PROFILES
from eig.importer.services.records import (
    MERGE_CURRENT_SITE,
    ImportContext,
    _unique_slug,
    record,
    save_record,
)

ROLE_FELLOW = "participant"
ROLE_MENTOR = "agent-public"
TEAM_ROLES = {
    "agent-programme": "équipe du programme",
    "agent-programme-alumni": "ancienne équipe du programme",
    "agent-ecosysteme": "membre de l'écosystème",
}


def import_people(site: HugoSite) -> None:
    ctx = site.ctx
    entries = site.entries("personnes")
    keys = [entry.rel for entry in entries]
    fellows = {
        f.source_key: f
        for f in Fellow.objects.filter(source_key__in=keys).prefetch_related(
            "cohorts", "challenges"
        )
    }
    mentors = {
        m.source_key: m
        for m in Mentor.objects.filter(source_key__in=keys).prefetch_related(
            "cohorts", "mentorships"
        )
    }
    by_role: dict[str, list[Entry]] = {}
    for entry in entries:
        by_role.setdefault(clean_line(entry.meta.get("role")), []).append(entry)
    for model, role, found, kind in (
        (Fellow, ROLE_FELLOW, fellows, "EIG"),
        (Mentor, ROLE_MENTOR, mentors, "mentors"),
    ):
        shared = _person_matches(site, model, by_role.get(role, []), set(found), kind)
        ctx.report.merged[kind] += len(shared)
        found.update(shared)
    held: Counter = Counter()
    imported: Counter = Counter()
    with transaction.atomic():
        for entry in entries:
            role = clean_line(entry.meta.get("role"))
            if role in TEAM_ROLES:
                held["team"] += 1
                ctx.page_addresses[f"/personnes/{hugo_path(entry.stem)}/"] = (
                    TEAM_PAGE,
                    ctx.source,
                )
                site.skip(
                    entry.path,
                    f"rôle « {role} » ({TEAM_ROLES[role]}) : pas encore de page équipe",
                )
                continue
            if role not in (ROLE_FELLOW, ROLE_MENTOR):
                held["other"] += 1
                ctx.report.error(entry.rel, f"rôle « {role} » inconnu : ni EIG ni mentor")
                continue
            held[role] += 1
            with record(ctx, entry.rel, entry.title or entry.stem):
                if role == ROLE_FELLOW:
                    _save_person(
                        site,
                        entry,
                        fellows.get(entry.rel),
                        model=Fellow,
                        job_fields=_fellow_job,
                        challenges_as="challenges",
                    )
                else:
                    _save_person(
                        site,
                        entry,
                        mentors.get(entry.rel),
                        model=Mentor,
                        job_fields=_mentor_job,
                        challenges_as="mentorships",
                    )
                imported[role] += 1
    _tally(ctx, "EIG (participant)", held[ROLE_FELLOW], imported[ROLE_FELLOW])
    _tally(ctx, "Mentors (agent-public)", held[ROLE_MENTOR], imported[ROLE_MENTOR])
    _tally(ctx, "Équipe et écosystème", held["team"], 0)


def _person_challenges(person) -> list:
    if isinstance(person, Fellow):
        return list(person.challenges.all())
    return [mentorship.challenge for mentorship in person.mentorships.all()]


def _person_matches(site: HugoSite, model, entries: list[Entry], keys: set[str], kind: str):
    """Entry path -> the EIG or mentor of another source this person is."""
    shared, free = _shared_records(
        site,
        "personnes",
        model.objects.prefetch_related(
            "cohorts", "challenges" if model is Fellow else "mentorships__challenge"
        ),
    )
    new = [entry for entry in entries if entry.rel not in keys and entry.rel not in shared]
    records = {str(person.pk): person for person in free}
    result = match_records(
        [
            Candidate(
                key=key,
                names=(person.name, person.source_key),
                cohorts=frozenset(str(cohort.year) for cohort in person.cohorts.all()),
                links=frozenset(normalise(c.title) for c in _person_challenges(person)),
            )
            for key, person in records.items()
        ],
        [
            Candidate(
                key=entry.rel,
                names=(entry.title, entry.stem),
                cohorts=frozenset(
                    str(site.cohorts[fold(title)].year)
                    for title in _relation_titles(site, entry, "promos")
                    if fold(title) in site.cohorts
                ),
                links=frozenset(normalise(t) for t in _relation_titles(site, entry, "defis")),
            )
            for entry in new
        ],
    )
    label = "EIG" if model is Fellow else "mentor"
    return {**shared, **_match(site, label, records, result)}


def _find_challenge(site: HugoSite, entry: Entry, title: str) -> list[ChallengeModel]:
    """The défi a relation names: its exact title (what Decap stores), else
    the same title but for case and accents (reported); a value holding
    several titles separated by commas is read as those titles (reported)."""
    challenge = site.challenges_by_title.get(title)
    if challenge is not None:
        return [challenge]
    challenge = site.challenges.get(fold(title))
    if challenge is not None:
        site.ctx.report.warn(
            entry.rel,
            f"défi « {title} » : écrit « {challenge.title} » dans defis/, rattaché à ce défi",
        )
        return [challenge]
    if "," in title:
        parts = [part.strip() for part in title.split(",") if part.strip()]
        site.ctx.report.warn(
            entry.rel, f"défi « {title} » : plusieurs titres dans une valeur, lus un à un"
        )
        return [found for part in parts for found in _find_challenge(site, entry, part)]
    site.ctx.report.warn(entry.rel, f"défi « {title} » introuvable parmi les défis : lien ignoré")
    return []


def _challenges_of(site: HugoSite, entry: Entry) -> list[ChallengeModel]:
    challenges = []
    for title in _relation_titles(site, entry, "defis"):
        for challenge in _find_challenge(site, entry, title):
            if challenge not in challenges:
                challenges.append(challenge)
    return challenges


def _person_values(ctx: ImportContext, entry: Entry) -> dict:
    meta = entry.meta
    body = _body(ctx, entry)
    return {
        "name": entry.title,
        "photo_url": _photo(meta.get("image")),
        "github": clean_line(meta.get("github")),
        "linkedin": clean_line(meta.get("linkedin")),
        "bio": body or clean_text(meta.get("desc")),
        "legacy_path": f"/personnes/{hugo_path(entry.stem)}/",
    }


def _fellow_job(job: str) -> dict:
    return {"profile": FELLOW_PROFILES.get(fold(job), ""), "profile_label": job[:100]}


def _mentor_job(job: str) -> dict:
    return {"position_title": job[:300]}


def _save_person(
    site: HugoSite, entry: Entry, existing, *, model, job_fields, challenges_as: str
) -> None:
    """One EIG (`Fellow`) or mentor (`Mentor`) of the current site.

    `job_fields` turns the entry's `job` into the model's fields;
    `challenges_as` says how the défis the entry names are linked: the EIG's
    `challenges`, or the mentor's `mentorships` (ChallengeMentor rows).
    """
    if not entry.title:
        raise SourceError("nom (« title ») manquant")
    challenges = _challenges_of(site, entry)
    cohort_ids = {cohort.pk for cohort in _cohorts_of(site, entry)}
    cohort_ids |= {challenge.cohort_id for challenge in challenges}
    m2m = {"cohorts": cohort_ids}
    children = None
    if challenges_as == "mentorships":
        rows = [
            {"challenge_id": challenge.pk, "kind": "", "position": position}
            for position, challenge in enumerate(challenges)
        ]
        children = {"mentorships": (ChallengeMentor, rows)}
    else:
        m2m["challenges"] = {c.pk for c in challenges}
    shared = existing is not None and existing.source_key != entry.rel
    values = {
        **_person_values(site.ctx, entry),
        **job_fields(clean_line(entry.meta.get("job"))),
    }
    save_record(
        site.ctx,
        model,
        instance=existing,
        lookup={"pk": existing.pk} if shared else {"source_key": entry.rel},
        values=_with_other_key(values, existing, entry.rel),
        merge=MERGE_CURRENT_SITE if shared else None,
        create_only={"slug": _unique_slug(model, slug_from_title(entry.title))}
        if existing is None
        else None,
        m2m=m2m,
        children=children,
    )
