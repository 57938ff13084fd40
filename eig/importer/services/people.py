"""People of the Jekyll site (personnes.yml and _communaute/): EIG and mentors."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from eig.challenges.models import ChallengeMentor, Mentor
from eig.cohorts.models import Cohort, Fellow, Profile
from eig.core.text import fold
from eig.importer.parsers import (
    SourceError,
    as_list,
    clean_line,
    expand_permalink,
    parse_post_filename,
    path_slug,
    read_document,
    slug_from_title,
)
from eig.importer.services.programme import cohort_slug
from eig.importer.services.records import (
    MERGE_ORIGINAL_SITE,
    ImportContext,
    _unique_slug,
    merge_rule_for,
    record,
    save_record,
)
from eig.importer.services.site import Site, _load_data

FELLOW_PROFILES = {
    "developpeur": Profile.DEVELOPER,
    "developpeuse": Profile.DEVELOPER,
    "designer": Profile.DESIGNER,
    "designeuse": Profile.DESIGNER,
    "data scientist": Profile.DATA_SCIENTIST,
    "datascientist": Profile.DATA_SCIENTIST,
    "datascientiste": Profile.DATA_SCIENTIST,
    "data engineer": Profile.DATA_ENGINEER,
}
MENTOR_PROFILES = {"mentor", "accompagnement"}
TEAM_POSITION = "Équipe d'accompagnement du programme"
PLACEHOLDER_PHOTOS = ("sans-photo",)


@dataclass
class Person:
    key: str
    raw: dict
    name: str
    profile_label: str
    classes: list[str]
    fellow_links: list[str] = field(default_factory=list)  # défi keys, ordered
    mentor_links: dict[str, int] = field(default_factory=dict)  # défi key -> position

    @property
    def profile(self) -> str:
        return FELLOW_PROFILES.get(fold(self.profile_label), "")

    @property
    def is_mentor_profile(self) -> bool:
        return fold(self.profile_label) in MENTOR_PROFILES or "mentor" in self.classes

    @property
    def is_fellow(self) -> bool:
        return bool(self.profile) or bool(self.fellow_links)

    @property
    def is_mentor(self) -> bool:
        return self.is_mentor_profile or bool(self.mentor_links)

    @property
    def class_cohorts(self) -> set[str]:
        slugs = set()
        for tag in self.classes:
            if tag == "dig" or (tag.startswith("eig-") and tag[4:].isdigit()):
                slugs.add(cohort_slug(tag))
        return slugs


def _display_name(key: str, title: str) -> tuple[str, bool]:
    """A person's name: the `title`, unless it names someone else than the key.

    "Pierre–Alain Jachiet" (key, en dash) titled "Pierre-Alain Jachiet" is
    the same name; "Loïc Duflot" titled "Pierre Dubreuil" is not: the key,
    which every relation uses, wins. Returns (name, title_disagrees).
    """
    if not title or fold(title) == fold(key):
        return (title or key), False
    return key, True


def _read_biographies(ctx: ImportContext, site: Site, people: dict) -> dict[str, str]:
    """_communaute/*.md biographies, by person key (front-matter `nom`, else
    the address of the file, like `link_to`)."""
    by_address: dict[str, list[str]] = defaultdict(list)
    for key, raw in people.items():
        by_address[clean_line(raw.get("link_to"))].append(key)
    bios: dict[str, str] = {}
    folder = site.root / "_communaute"
    if not folder.is_dir():
        return bios
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        name = site.rel(path)
        ctx.tick(path.name)
        try:
            doc = read_document(path, name)
        except SourceError as exc:
            ctx.report.error(name, exc.reason)
            continue
        keys = []
        nom = clean_line(doc.meta.get("nom"))
        if nom in people:
            keys.append(nom)
        try:
            parsed = parse_post_filename(path.name)
            address = expand_permalink(
                site.permalinks["communaute"], date=parsed.date, title=parsed.slug
            )
            keys.extend(k for k in by_address.get(address, []) if k not in keys)
        except SourceError:
            pass
        if not keys:
            ctx.report.warn(name, f"biographie de « {nom or path.stem} » : personne introuvable")
        for key in keys:
            bios.setdefault(key, doc.body)
    return bios


def _find_person(people: dict, name: str) -> str | None:
    name = clean_line(name)
    if name in people:
        return name
    matches = [key for key in people if fold(key) == fold(name)]
    return matches[0] if len(matches) == 1 else None


def _link_people(ctx: ImportContext, site: Site, people: dict[str, Person]) -> None:
    """Relations in both directions: défis' eigs/mentors and people's défis."""
    for challenge_key, raw in site.raw_challenges.items():
        for role in ("eigs", "mentors"):
            for position, name in enumerate(as_list(raw.get(role))):
                person_key = _find_person(people, str(name))
                if person_key is None:
                    ctx.report.warn(
                        "_data/defis.yml",
                        f"défi « {challenge_key} » : {'EIG' if role == 'eigs' else 'mentor'} "
                        f"« {name} » introuvable dans personnes.yml",
                    )
                    continue
                person = people[person_key]
                if role == "eigs":
                    if challenge_key not in person.fellow_links:
                        person.fellow_links.append(challenge_key)
                else:
                    person.mentor_links.setdefault(challenge_key, position)
    for person in people.values():
        for title in as_list(person.raw.get("defis")):
            challenge = site.find_challenge(str(title))
            if challenge is None:
                ctx.report.warn(
                    "_data/personnes.yml", f"{person.key} : défi « {title} » introuvable"
                )
                continue
            key = challenge.source_key
            if key in person.fellow_links or key in person.mentor_links:
                continue
            if person.is_mentor_profile or not person.profile:
                person.mentor_links[key] = 100 + len(person.mentor_links)
            else:
                person.fellow_links.append(key)
        if person.profile and person.mentor_links and not person.fellow_links:
            for key in person.mentor_links:
                ctx.report.warn(
                    "_data/personnes.yml",
                    f"{person.key} : profil « {person.profile_label} » mais mentor du défi "
                    f"« {key} » : importé comme EIG et comme mentor",
                )


def import_people(*, ctx: ImportContext, site: Site) -> None:
    """personnes.yml (+ _communaute/*.md): fellows (EIG) and mentors."""
    data = _load_data(ctx, site, "personnes.yml", dict)
    if data is None:
        return
    file = "_data/personnes.yml"
    raw_people = {clean_line(key): raw for key, raw in data.items() if isinstance(raw, dict)}
    for key, raw in data.items():
        if not isinstance(raw, dict):
            ctx.report.error(file, f"{key} : un dictionnaire est attendu")
    bios = _read_biographies(ctx, site, raw_people)
    people: dict[str, Person] = {}
    for key, raw in raw_people.items():
        name, disagrees = _display_name(key, clean_line(raw.get("title")))
        if disagrees:
            ctx.report.warn(
                file, f"{key} : titre « {raw.get('title')} » différent du nom : le nom est gardé"
            )
        people[key] = Person(
            key=key,
            raw=raw,
            name=name,
            profile_label=clean_line(raw.get("profil")),
            classes=[fold(str(tag)).replace(" ", "-") for tag in as_list(raw.get("class"))],
        )
    _link_people(ctx, site, people)
    fellows = {
        fellow.source_key: fellow
        for fellow in Fellow.objects.filter(source_key__in=people).prefetch_related(
            "cohorts", "challenges"
        )
    }
    mentors = {
        mentor.source_key: mentor
        for mentor in Mentor.objects.filter(source_key__in=people).prefetch_related(
            "cohorts", "mentorships"
        )
    }
    with transaction.atomic():
        for key, person in people.items():
            with record(ctx, file, key):
                if not person.is_fellow and not person.is_mentor:
                    raise SourceError(
                        f"profil « {person.profile_label} » inconnu : ni EIG ni mentor"
                    )
                common = _profile_values(person, bios.get(key))
                if person.is_fellow:
                    _save_fellow(ctx, site, person, common, fellows.get(key), file)
                if person.is_mentor:
                    _save_mentor(ctx, site, person, common, mentors.get(key))


def _profile_values(person: Person, bio: str | None) -> dict:
    raw = person.raw
    photo = clean_line(raw.get("image_url"))
    if any(marker in photo for marker in PLACEHOLDER_PHOTOS):
        photo = ""
    values = {
        "name": person.name,
        "photo_url": photo,
        "github": clean_line(raw.get("github")),
        "gitlab": clean_line(raw.get("gitlab")),
        "linkedin": clean_line(raw.get("linkedin")),
        "twitter": clean_line(raw.get("twitter")),
        "website": clean_line(raw.get("website")),
        "legacy_path": clean_line(raw.get("link_to")),
    }
    if bio is not None:
        values["bio"] = bio
    return values


def _person_slug(model, person: Person) -> str:
    link_to = clean_line(person.raw.get("link_to"))
    base = path_slug(link_to) if link_to else slug_from_title(person.name)
    return _unique_slug(model, base)


def _save_fellow(ctx, site: Site, person: Person, common: dict, existing, file: str) -> None:
    challenges = [site.challenges[key] for key in person.fellow_links if key in site.challenges]
    challenge_cohorts = {challenge.cohort_id for challenge in challenges}
    mentored_cohorts = {
        site.challenges[key].cohort_id for key in person.mentor_links if key in site.challenges
    }
    cohort_ids = {challenge.cohort_id for challenge in challenges}
    for slug in person.class_cohorts:
        cohort = ctx.cohorts.get(slug) or Cohort.objects.filter(slug=slug).first()
        if cohort is None:
            ctx.report.warn(file, f"{person.key} : promotion « {slug} » introuvable")
            continue
        ctx.cohorts[slug] = cohort
        # A class tag of a cohort where the person only mentored (while a
        # fellow elsewhere) is the mentoring, not a second fellowship.
        if cohort.pk in mentored_cohorts and challenge_cohorts - {cohort.pk}:
            continue
        cohort_ids.add(cohort.pk)
    if not person.profile:
        ctx.report.warn(file, f"{person.key} : profil « {person.profile_label} » inconnu")
    save_record(
        ctx,
        Fellow,
        instance=existing,
        lookup={"source_key": person.key},
        values={**common, "profile": person.profile, "profile_label": person.profile_label},
        create_only={"slug": _person_slug(Fellow, person)} if existing is None else None,
        m2m={"cohorts": cohort_ids, "challenges": {c.pk for c in challenges}},
        merge=merge_rule_for(existing, MERGE_ORIGINAL_SITE),
    )


def _save_mentor(ctx, site: Site, person: Person, common: dict, existing) -> None:
    links = [
        (site.challenges[key], position)
        for key, position in person.mentor_links.items()
        if key in site.challenges
    ]
    cohort_ids = {challenge.cohort_id for challenge, _ in links}
    # The class tags of someone who is also a fellow describe the fellowship.
    if person.is_mentor_profile and not person.profile:
        for slug in person.class_cohorts:
            cohort = ctx.cohorts.get(slug) or Cohort.objects.filter(slug=slug).first()
            if cohort is not None:
                ctx.cohorts[slug] = cohort
                cohort_ids.add(cohort.pk)
    values = dict(common)
    if fold(person.profile_label) == "accompagnement":
        values["position_title"] = TEAM_POSITION
    rows = [
        {"challenge_id": challenge.pk, "kind": "", "position": position}
        for challenge, position in sorted(links, key=lambda link: link[0].pk)
    ]
    save_record(
        ctx,
        Mentor,
        instance=existing,
        lookup={"source_key": person.key},
        values=values,
        create_only={"slug": _person_slug(Mentor, person)} if existing is None else None,
        m2m={"cohorts": cohort_ids},
        children={"mentorships": (ChallengeMentor, rows)},
        merge=merge_rule_for(existing, MERGE_ORIGINAL_SITE),
    )
