"""Fake laureates for a cohort, to try team formation (demo and tests).

`make_laureates(cohort_ref="9")` gives a cohort what team formation reads: its
défis (17 made up when it has none, asking for developers and designers, 9 of
them for a data scientist too), a closed call for applications, a jury of
three, and 41 laureates (18 developers, 14 designers, 9 data scientists, as
cohort 4) with French names (Faker), three ranked défis each (popular défis
and défis asking for their profile more often) and the jury's reviews sent.
Everything it creates is marked: e-mail addresses `laureat-<cohort>-<n>@…` in
the reserved `example.org` domain, défis with `source_key` "demo:teams".
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from eig.accounts.models import Role, RoleGrant, User
from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationState,
)
from eig.challenges.models import Challenge, Skill
from eig.cohorts.models import Cohort, Profile, Programme
from eig.core.cache import content_changed
from eig.core.text import fold
from eig.demo.fake_data import (
    COMPLEMENTS,
    OBJECTS,
    TITLE_HEADS,
    TITLE_WORDS,
    TOWNS,
    VERBS,
)
from eig.organizations.models import Organization
from eig.selection.models import JuryMember, MemberKind, ReviewAssignment
from eig.selection.scoring import CRITERIA

# Cohort 4 (2020): 41 EIG, 17 défis, 18 developers, 14 designers, 9 data scientists.
MIX = ((Profile.DEVELOPER, 18), (Profile.DESIGNER, 14), (Profile.DATA_SCIENTIST, 9))
SKILLS = {
    Profile.DEVELOPER: ("dev", "Développement"),
    Profile.DESIGNER: ("design", "Design"),
    Profile.DATA_SCIENTIST: ("datascience", "Data science"),
}
SOURCE_KEY = "demo:teams"


class DemoError(Exception):
    pass


@dataclass
class DemoReport:
    cohort: Cohort
    cohort_created: bool
    challenges_created: int
    laureates: int
    reviews: int


def _cohort(ref: str) -> tuple[Cohort, bool]:
    query = Cohort.objects.filter(slug=ref)
    if ref.isdigit():
        query = Cohort.objects.filter(number=int(ref)) | query
    cohort = query.order_by("pk").first()
    if cohort is not None:
        return cohort, False
    if not ref.isdigit():
        raise DemoError(f"Promotion introuvable : {ref} (donnez un numéro pour en créer une).")
    number = int(ref)
    programme = Programme.objects.order_by("pk").first() or Programme.objects.create(
        name="Entrepreneurs d'intérêt général", slug="eig", acronym="EIG"
    )
    year = 2016 + number
    slug = f"eig-{number}"
    while Cohort.objects.filter(slug=slug).exists():
        slug += "-demo"
    cohort = Cohort.objects.create(
        programme=programme,
        number=number,
        slug=slug,
        name=f"Promotion {number}",
        year=year,
        starts_on=datetime.date(year, 1, 15),
        ends_on=datetime.date(year, 11, 14),
        is_published=True,
        source_key=SOURCE_KEY,
    )
    return cohort, True


def _skills() -> dict[str, Skill]:
    skills = {}
    for profile, (code, label) in SKILLS.items():
        skill, _created = Skill.objects.get_or_create(
            code=code, defaults={"label": label, "profile": profile}
        )
        skills[profile] = skill
    return skills


def _challenges(cohort: Cohort, count: int, rng: random.Random, fake: Faker) -> list[Challenge]:
    skills = _skills()
    hosts = list(Organization.objects.order_by("pk")[:40]) or [
        Organization.objects.create(name="Administration fictive", slug="administration-fictive")
    ]
    titles = rng.sample([f"{h} {w}" for h in TITLE_HEADS for w in TITLE_WORDS], count)
    with_data = set(range(round(count * 9 / 17)))
    created = []
    for index, title in enumerate(titles):
        pitch = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(COMPLEMENTS)}"
        host = rng.choice(hosts)
        slug = f"{slugify(title)}-p{cohort.number or cohort.pk}"
        while Challenge.objects.filter(year=cohort.year, slug=slug).exists():
            slug += "-bis"
        challenge = Challenge.objects.create(
            title=title,
            slug=slug,
            cohort=cohort,
            year=cohort.year,
            pitch=pitch,
            body=f"{pitch}.\n\n{fake.paragraph(nb_sentences=4)}",
            organization=host,
            organization_label=host.name,
            town=rng.choice(TOWNS),
            duration_months=10,
            is_published=True,
            source_key=SOURCE_KEY,
        )
        wanted = [skills[Profile.DEVELOPER], skills[Profile.DESIGNER]]
        if index in with_data:
            wanted.append(skills[Profile.DATA_SCIENTIST])
        challenge.skills.add(*wanted)
        created.append(challenge)
    return created


def _mix(count: int) -> list[str]:
    total = sum(n for _, n in MIX)
    sizes = [round(count * n / total) for _, n in MIX]
    sizes[0] += count - sum(sizes)
    return [
        profile.value for (profile, _), size in zip(MIX, sizes, strict=True) for _ in range(size)
    ]


@transaction.atomic
def make_laureates(
    *, cohort_ref: str, count: int = 41, challenges: int = 17, seed: int = 4, add: bool = False
) -> DemoReport:
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    cohort, cohort_created = _cohort(str(cohort_ref))
    already = Application.objects.filter(
        call__cohort=cohort, state=ApplicationState.LAUREATE
    ).count()
    if already and not add:
        raise DemoError(
            f"{cohort} compte déjà {already} lauréat·e(s) : ajoutez --add pour en créer d'autres."
        )
    defis = list(Challenge.objects.published().filter(cohort=cohort).prefetch_related("skills"))
    made = 0
    if not defis:
        defis = _challenges(cohort, challenges, rng, fake)
        made = len(defis)
    now = timezone.now()
    call = ApplicationCall.objects.filter(cohort=cohort).order_by("-opens_at").first()
    if call is None:
        call = ApplicationCall.objects.create(
            cohort=cohort,
            title=f"Appel à candidatures — {cohort.name}",
            opens_at=now - datetime.timedelta(days=120),
            closes_at=now - datetime.timedelta(days=90),
            is_published=False,
            source_key=SOURCE_KEY,
        )
    marker = f"{cohort.slug}-{already}"
    jury = []
    for n in range(3):
        user = User.objects.create_user(
            email=f"jury-{marker}-{n}@example.org",
            first_name=fake.first_name(),
            last_name=fake.last_name(),
        )
        RoleGrant.objects.create(user=user, role=Role.JURY, verified_at=now)
        jury.append(JuryMember.objects.create(call=call, user=user, kind=MemberKind.OUTSIDE))

    popularity = {d.pk: rng.uniform(0.3, 3.0) for d in defis}
    wanted = {d.pk: {s.profile for s in d.skills.all()} for d in defis}
    profiles = _mix(count)
    rng.shuffle(profiles)
    users, applications, choices, reviews = [], [], [], []
    for n in range(len(profiles)):
        first, last = fake.first_name(), fake.last_name()
        users.append(
            User(
                email=f"laureat-{marker}-{n}@example.org",
                first_name=first,
                last_name=last,
                email_confirmed_at=now,
                password="!",  # unusable: these people never log in
            )
        )
    users = User.objects.bulk_create(users)
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, role=Role.CANDIDATE, verified_at=now) for u in users]
    )
    submitted = call.closes_at - datetime.timedelta(days=3)
    for user, profile in zip(users, profiles, strict=True):
        applications.append(
            Application(
                call=call,
                candidate=user,
                state=ApplicationState.LAUREATE,
                first_name=user.first_name,
                last_name=user.last_name,
                city=rng.choice(TOWNS),
                profile=profile,
                experience=fake.paragraph(nb_sentences=3),
                skills=fake.sentence(nb_words=8),
                full_time=True,
                consent_at=submitted,
                submitted_at=submitted,
                search_document=fold(f"{user.first_name} {user.last_name} {profile}"),
            )
        )
    applications = Application.objects.bulk_create(applications)
    per_choice = min(call.max_choices, len(defis))
    for application in applications:
        weights = {
            d.pk: popularity[d.pk] * (3.0 if application.profile in wanted[d.pk] else 1.0)
            for d in defis
        }
        picked: list[int] = []
        while len(picked) < per_choice:
            pool = [pk for pk in weights if pk not in picked]
            picked.append(rng.choices(pool, weights=[weights[pk] for pk in pool])[0])
        choices.extend(
            ApplicationChoice(
                application=application,
                challenge_id=pk,
                rank=rank,
                motivation=fake.sentence(nb_words=12),
            )
            for rank, pk in enumerate(picked, start=1)
        )
        quality = rng.gauss(3.4, 0.7)
        for member in rng.sample(jury, 2 if rng.random() < 0.3 else 3):
            scores = {code: max(1, min(5, round(rng.gauss(quality, 0.6)))) for code in CRITERIA}
            reviews.append(
                ReviewAssignment(
                    member=member,
                    application=application,
                    submitted_at=submitted + datetime.timedelta(days=20),
                    comment=fake.sentence(nb_words=10),
                    **scores,
                )
            )
    ApplicationChoice.objects.bulk_create(choices)
    ReviewAssignment.objects.bulk_create(reviews)
    content_changed()
    return DemoReport(
        cohort=cohort,
        cohort_created=cohort_created,
        challenges_created=made,
        laureates=len(applications),
        reviews=len(reviews),
    )
