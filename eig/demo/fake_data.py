"""A realistic programme N times larger than the real one, for load tests.

`generate_fake_data(scale=N)` creates, for each unit of scale, what the real
programme holds: one programme with 5 cohorts, about 71 défis hosted by about
70 administrations (ministries and their directorates), about 260 people
(fellows in teams of 2–3, mentors), 55 posts and 30 events, with their links
(themes, skills, teams, mentors, key figures, projects). Rows are written
with `bulk_create` in batches inside one transaction.

Every generated slug carries a run marker (`f<run>-…`), so that a run never
collides with the real data nor with a previous run.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Funding,
    Mentor,
    MentorKind,
    Skill,
    Theme,
)
from eig.cohorts.models import Cohort, Fellow, Profile, Programme
from eig.content.models import Language, Post
from eig.core.cache import content_changed
from eig.events.models import Event, EventKind
from eig.organizations.models import Organization, OrganizationKind

BATCH_SIZE = 2000
FAKE_PROGRAMME_PREFIX = "fictif-"

# What one unit of scale holds (the real programme, 2017–2021).
COHORTS_PER_UNIT = 5
CHALLENGES_PER_COHORT = (9, 13, 15, 17, 17)  # 71 défis
MINISTRIES_PER_UNIT = 14
DIRECTORATES_PER_UNIT = 56  # 70 administrations in all
MENTORS_PER_UNIT = 95  # with about 165 fellows: about 260 people
FRENCH_POSTS_PER_UNIT = 44  # 40 published, 4 drafts
ENGLISH_POSTS_PER_UNIT = 11  # translations: 55 posts in all
EVENTS_PER_UNIT = 30

MINISTRIES = [
    ("Ministère des Armées", "MINARM"),
    ("Ministère de la Culture", "MC"),
    ("Ministère de la Justice", "MJ"),
    ("Ministère de l'Intérieur", "MI"),
    ("Ministère de la Transition écologique", "MTE"),
    ("Ministère de l'Économie et des Finances", "MEF"),
    ("Ministère des Solidarités et de la Santé", "MSS"),
    ("Ministère du Travail", "MTRAV"),
    ("Ministère de l'Agriculture et de l'Alimentation", "MAA"),
    ("Ministère de l'Éducation nationale", "MEN"),
    ("Ministère de l'Enseignement supérieur et de la Recherche", "MESR"),
    ("Ministère de l'Europe et des Affaires étrangères", "MEAE"),
    ("Ministère de la Cohésion des territoires", "MCT"),
    ("Ministère des Sports", "MS"),
]
DIRECTORATE_HEADS = [
    ("Direction générale", OrganizationKind.DIRECTORATE),
    ("Direction interministérielle", OrganizationKind.DIRECTORATE),
    ("Service", OrganizationKind.DIRECTORATE),
    ("Agence nationale", OrganizationKind.AGENCY),
    ("Institut national", OrganizationKind.AGENCY),
    ("Observatoire", OrganizationKind.AGENCY),
]
DOMAINS = [
    "de la santé publique",
    "des finances publiques",
    "de la sécurité civile",
    "du patrimoine",
    "de l'eau et de la biodiversité",
    "des douanes",
    "de l'emploi",
    "de la prévention des risques",
    "des forêts",
    "de l'aménagement du territoire",
    "de la sécurité routière",
    "du logement",
    "des archives",
    "de la statistique",
    "des mobilités",
    "de l'alimentation",
]
THEMES = [
    ("santé", "sante"),
    ("justice", "justice"),
    ("environnement", "environnement"),
    ("culture", "culture"),
    ("sécurité", "securite"),
    ("économie", "economie"),
    ("emploi", "emploi"),
    ("territoires", "territoires"),
    ("transports", "transports"),
    ("éducation", "education"),
    ("agriculture", "agriculture"),
    ("fiscalité", "fiscalite"),
]
SKILLS = [
    ("dev", "Développement", Profile.DEVELOPER),
    ("design", "Design", Profile.DESIGNER),
    ("datascience", "Data science", Profile.DATA_SCIENTIST),
    ("dataengineering", "Data engineering", Profile.DATA_ENGINEER),
]
PROFILE_LABELS = {
    Profile.DEVELOPER: "Développeur·euse",
    Profile.DESIGNER: "Designer",
    Profile.DATA_SCIENTIST: "Data scientist",
    Profile.DATA_ENGINEER: "Data engineer",
}
TITLE_HEADS = ["Atlas", "Vigie", "Boussole", "Radar", "Signal", "Carto", "Open", "Lab", "Hub"]
TITLE_WORDS = [
    "Culture",
    "Santé",
    "Justice",
    "Eau",
    "Forêt",
    "Emploi",
    "Douane",
    "Risques",
    "Patrimoine",
    "Mobilité",
    "Logement",
    "Archives",
]
VERBS = [
    "Prévenir",
    "Détecter",
    "Cartographier",
    "Simplifier",
    "Anticiper",
    "Mesurer",
    "Mieux cibler",
    "Ouvrir",
    "Comprendre",
]
OBJECTS = [
    "les fraudes aux prestations sociales",
    "les risques d'inondation",
    "l'accès aux droits des usagers",
    "la qualité de l'eau potable",
    "les délais de traitement des dossiers",
    "les dynamiques culturelles territoriales",
    "les conflits d'intérêts dans le domaine médical",
    "les accidents de la route",
    "les incendies de forêt",
    "les besoins de formation des demandeurs d'emploi",
]
COMPLEMENTS = [
    "grâce aux données",
    "avec les agents de terrain",
    "dans les territoires",
    "pour les usagers",
    "par l'apprentissage automatique",
    "en ouvrant les données publiques",
]
TOWNS = ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Rennes", "Saint-Denis"]
POST_CATEGORIES = ["Actualité", "Communiqué de presse", "Retour d'expérience", "Événement"]
KEY_FIGURE_TEXTS = [
    "dossiers analysés chaque année",
    "heures gagnées par agent",
    "utilisateurs de l'outil",
    "jeux de données ouverts",
]


@dataclass
class Report:
    """What a run created, model by model, and how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _bulk(model, objects: list, progress: Callable[[str], None], label: str, report: Report):
    created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    report.counts[label] = report.counts.get(label, 0) + len(created)
    progress(f"  {label} : {len(created)}")
    return created


def _next_run() -> int:
    return Programme.objects.filter(slug__startswith=FAKE_PROGRAMME_PREFIX).count() + 1


def _themes() -> list[Theme]:
    themes = []
    for name, slug in THEMES:
        theme = Theme.objects.filter(slug=slug).first() or Theme.objects.filter(name=name).first()
        if theme is None:
            theme = Theme.objects.create(name=name, slug=slug)
        themes.append(theme)
    return themes


def _skills() -> list[Skill]:
    return [
        Skill.objects.get_or_create(code=code, defaults={"label": label, "profile": profile})[0]
        for code, label, profile in SKILLS
    ]


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def generate_fake_data(
    *, scale: int, seed: int = 0, progress: Callable[[str], None] = lambda line: None
) -> Report:
    """Create a programme `scale` times the size of the real one; return the counts."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    started = time.perf_counter()
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    report = Report()

    with transaction.atomic():
        run = _next_run()
        mark = f"f{run}"
        themes = _themes()
        skills = _skills()

        progress(f"Programmes et promotions ({scale} × 5)")
        programmes = _bulk(
            Programme,
            [
                Programme(
                    name=f"Programme fictif {unit + 1} (essai {run})",
                    slug=f"{FAKE_PROGRAMME_PREFIX}{run}-{unit + 1}",
                    acronym="EIG",
                    description=fake.paragraph(nb_sentences=4),
                )
                for unit in range(scale)
            ],
            progress,
            "programmes",
            report,
        )
        cohorts = _bulk(
            Cohort,
            [
                Cohort(
                    programme=programme,
                    slug=f"{mark}-{unit + 1}-{number}",
                    number=number,
                    name=f"EIG {number} — programme fictif {unit + 1}",
                    year=2016 + number,
                    description=fake.paragraph(nb_sentences=3),
                    starts_on=datetime.date(2016 + number, 1, 15),
                    ends_on=datetime.date(2016 + number, 11, 15),
                    declared_challenges=CHALLENGES_PER_COHORT[number - 1],
                    source_key=f"fake:{mark}",
                )
                for unit, programme in enumerate(programmes)
                for number in range(1, COHORTS_PER_UNIT + 1)
            ],
            progress,
            "promotions",
            report,
        )

        progress(f"Administrations ({scale} × {MINISTRIES_PER_UNIT + DIRECTORATES_PER_UNIT})")
        ministries = _bulk(
            Organization,
            [
                Organization(
                    name=name,
                    acronym=acronym,
                    slug=f"{slugify(name)[:150]}-{mark}-{unit + 1}",
                    kind=OrganizationKind.MINISTRY,
                    website="https://www.gouvernement.fr",
                    source_key=f"fake:{mark}",
                )
                for unit in range(scale)
                for name, acronym in MINISTRIES[:MINISTRIES_PER_UNIT]
            ],
            progress,
            "ministères",
            report,
        )
        directorates = []
        for index in range(scale * DIRECTORATES_PER_UNIT):
            head, kind = rng.choice(DIRECTORATE_HEADS)
            name = f"{head} {rng.choice(DOMAINS)}"
            directorates.append(
                Organization(
                    name=name,
                    slug=f"{slugify(name)[:150]}-{mark}-{index + 1}",
                    kind=kind,
                    parent=ministries[index % len(ministries)],
                    source_key=f"fake:{mark}",
                )
            )
        directorates = _bulk(Organization, directorates, progress, "directions", report)
        hosts = ministries + directorates

        progress(f"Défis ({scale} × {sum(CHALLENGES_PER_COHORT)})")
        challenges: list[Challenge] = []
        for cohort in cohorts:
            for _ in range(CHALLENGES_PER_COHORT[cohort.number - 1]):
                index = len(challenges) + 1
                title = f"{rng.choice(TITLE_HEADS)} {rng.choice(TITLE_WORDS)}"
                pitch = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(COMPLEMENTS)}"
                host = rng.choice(hosts)
                challenge = Challenge(
                    title=title,
                    slug=f"{slugify(title)}-{mark}-{index}",
                    cohort=cohort,
                    year=cohort.year,
                    pitch=pitch,
                    body="\n\n".join(
                        [
                            "## Contexte",
                            fake.paragraph(nb_sentences=4),
                            "## Le défi",
                            f"{pitch}. {fake.paragraph(nb_sentences=3)}",
                            "## Les données",
                            fake.paragraph(nb_sentences=3),
                        ]
                    ),
                    organization=host,
                    organization_label=host.name,
                    town=rng.choice(TOWNS),
                    duration_months=10,
                    funding=rng.choice([Funding.COFUNDED, Funding.COFUNDED, Funding.REMARKED]),
                    website=f"https://{slugify(title)}.example.org",
                    source_code=[f"https://github.com/example/{slugify(title)}-{index}"],
                    is_published=rng.random() > 0.03,
                    source_key=f"fake:{mark}",
                )
                challenge.search_document = challenge.build_search_document()
                challenges.append(challenge)
        challenges = _bulk(Challenge, challenges, progress, "défis", report)

        progress("Thèmes, compétences, chiffres clés et réalisations des défis")
        theme_links, skill_links, figures, projects = [], [], [], []
        wanted: dict[int, list[Skill]] = {}
        for challenge in challenges:
            for theme in rng.sample(themes, rng.randint(1, 2)):
                theme_links.append(
                    Challenge.themes.through(challenge_id=challenge.pk, theme_id=theme.pk)
                )
            wanted[challenge.pk] = rng.sample(skills, rng.randint(2, 3))
            for skill in wanted[challenge.pk]:
                skill_links.append(
                    Challenge.skills.through(challenge_id=challenge.pk, skill_id=skill.pk)
                )
            for position in range(rng.randint(1, 3)):
                figures.append(
                    ChallengeKeyFigure(
                        challenge=challenge,
                        position=position,
                        amount=rng.choice([12, 30, 150, 1288, 20000, 2500000]),
                        description=rng.choice(KEY_FIGURE_TEXTS),
                    )
                )
            projects.append(
                ChallengeProject(
                    challenge=challenge,
                    title=challenge.title,
                    description=fake.paragraph(nb_sentences=2),
                    url=challenge.website,
                    call_to_action="Voir le projet",
                )
            )
        _bulk(Challenge.themes.through, theme_links, progress, "liens défi–thème", report)
        _bulk(Challenge.skills.through, skill_links, progress, "liens défi–compétence", report)
        _bulk(ChallengeKeyFigure, figures, progress, "chiffres clés", report)
        _bulk(ChallengeProject, projects, progress, "réalisations", report)

        progress("EIG (équipes de 2 à 3 par défi)")
        fellows, teams = [], []
        for challenge in challenges:
            for skill in wanted[challenge.pk][: rng.randint(2, 3)]:
                name = fake.name()
                fellows.append(
                    Fellow(
                        name=name,
                        slug=f"{slugify(name)}-{mark}-{len(fellows) + 1}",
                        profile=skill.profile,
                        profile_label=PROFILE_LABELS[skill.profile],
                        bio=fake.paragraph(nb_sentences=3),
                        github=slugify(name),
                        is_public=rng.random() > 0.1,
                        source_key=f"fake:{mark}",
                    )
                )
                teams.append(challenge)
        fellows = _bulk(Fellow, fellows, progress, "EIG", report)
        _bulk(
            Fellow.challenges.through,
            [
                Fellow.challenges.through(fellow_id=fellow.pk, challenge_id=challenge.pk)
                for fellow, challenge in zip(fellows, teams, strict=True)
            ],
            progress,
            "liens EIG–défi",
            report,
        )
        _bulk(
            Fellow.cohorts.through,
            [
                Fellow.cohorts.through(fellow_id=fellow.pk, cohort_id=challenge.cohort_id)
                for fellow, challenge in zip(fellows, teams, strict=True)
            ],
            progress,
            "liens EIG–promotion",
            report,
        )

        progress(f"Mentors ({scale} × {MENTORS_PER_UNIT})")
        mentors = []
        for index in range(scale * MENTORS_PER_UNIT):
            name = fake.name()
            mentors.append(
                Mentor(
                    name=name,
                    slug=f"{slugify(name)}-{mark}-{index + 1}",
                    position_title=f"{rng.choice(['Chef', 'Cheffe', 'Adjoint·e au chef'])} "
                    f"du service {rng.choice(DOMAINS)}",
                    source_key=f"fake:{mark}",
                )
            )
        mentors = _bulk(Mentor, mentors, progress, "mentors", report)
        mentorships, mentor_cohorts = [], set()
        per_unit = len(challenges) // scale
        for position, challenge in enumerate(challenges):
            unit = position // per_unit if per_unit else 0
            pool = mentors[unit * MENTORS_PER_UNIT : (unit + 1) * MENTORS_PER_UNIT] or mentors
            pair = rng.sample(pool, 2)
            for mentor, kind in zip(
                pair, [MentorKind.OPERATIONAL, MentorKind.STRATEGIC], strict=True
            ):
                mentorships.append(
                    ChallengeMentor(challenge=challenge, mentor=mentor, kind=kind, position=0)
                )
                mentor_cohorts.add((mentor.pk, challenge.cohort_id))
        _bulk(ChallengeMentor, mentorships, progress, "mentorats", report)
        _bulk(
            Mentor.cohorts.through,
            [
                Mentor.cohorts.through(mentor_id=mentor_id, cohort_id=cohort_id)
                for mentor_id, cohort_id in sorted(mentor_cohorts)
            ],
            progress,
            "liens mentor–promotion",
            report,
        )

        progress(f"Actualités ({scale} × {FRENCH_POSTS_PER_UNIT + ENGLISH_POSTS_PER_UNIT})")
        french = []
        for index in range(scale * FRENCH_POSTS_PER_UNIT):
            cohort = rng.choice(cohorts)
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} : retour sur {cohort.name}"
            published = _aware(
                datetime.date(cohort.year, 1, 1) + datetime.timedelta(days=rng.randrange(330)),
                rng.randint(8, 18),
            )
            french.append(
                Post(
                    title=title[:300],
                    slug=f"{slugify(title)[:150]}-{mark}-{index + 1}",
                    language=Language.FR,
                    published_at=published,
                    author=fake.name(),
                    description=fake.sentence(nb_words=14),
                    lede=fake.paragraph(nb_sentences=2),
                    body="\n\n".join(fake.paragraphs(nb=4)),
                    categories=[rng.choice(POST_CATEGORIES)],
                    tags=[slugify(rng.choice(TITLE_WORDS))],
                    is_published=index % FRENCH_POSTS_PER_UNIT >= 4,
                    source_key=f"fake:{mark}",
                )
            )
        french = _bulk(Post, french, progress, "actualités en français", report)
        originals = rng.sample(
            [post for post in french if post.is_published], scale * ENGLISH_POSTS_PER_UNIT
        )
        _bulk(
            Post,
            [
                Post(
                    title=f"[EN] {original.title}"[:300],
                    slug=original.slug,
                    language=Language.EN,
                    translation_of=original,
                    published_at=original.published_at,
                    author=original.author,
                    description=original.description,
                    body=original.body,
                    categories=original.categories,
                    source_key=f"fake:{mark}",
                )
                for original in originals
            ],
            progress,
            "actualités en anglais",
            report,
        )

        progress(f"Événements ({scale} × {EVENTS_PER_UNIT})")
        kinds = list(EventKind.values)
        events, shown = [], []
        by_cohort: dict[int, list[Challenge]] = {}
        for challenge in challenges:
            by_cohort.setdefault(challenge.cohort_id, []).append(challenge)
        for index in range(scale * EVENTS_PER_UNIT):
            cohort = rng.choice(cohorts)
            kind = rng.choice(kinds)
            starts = _aware(
                datetime.date(cohort.year, 1, 1) + datetime.timedelta(days=rng.randrange(330)),
                rng.choice([9, 10, 14, 17, 18]),
            )
            title = f"{EventKind(kind).label} — {cohort.name}"
            online = kind == EventKind.WEBINAR
            events.append(
                Event(
                    title=title,
                    slug=f"{slugify(title)[:150]}-{mark}-{index + 1}",
                    kind=kind,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=rng.choice([1, 2, 3])),
                    location="" if online else f"{rng.choice(TOWNS)}, {fake.street_address()}",
                    is_online=online,
                    description=fake.paragraph(nb_sentences=3),
                    cohort=cohort,
                    capacity=rng.choice([None, 50, 100, 300]),
                    is_published=rng.random() > 0.05,
                    source_key=f"fake:{mark}",
                )
            )
            shown.append(rng.sample(by_cohort[cohort.pk], min(3, len(by_cohort[cohort.pk]))))
        events = _bulk(Event, events, progress, "événements", report)
        _bulk(
            Event.challenges.through,
            [
                Event.challenges.through(event_id=event.pk, challenge_id=challenge.pk)
                for event, presented in zip(events, shown, strict=True)
                for challenge in presented
            ],
            progress,
            "liens événement–défi",
            report,
        )
        # bulk_create sends no signal: tell the page cache (eig/core/cache.py).
        content_changed()

    report.seconds = time.perf_counter() - started
    return report
