"""A small programme mixing public and private records, for the public-data tests."""

import datetime

from django.utils import timezone

from tests.opendata.factories import (
    ChallengeFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
    OrganizationFactory,
    PostFactory,
    SkillFactory,
    ThemeFactory,
)

SECRET_WORDS = [
    "Défi brouillon secret",
    "Défi de promotion cachée",
    "Promotion cachée",
    "Personne Privée",
    "Actualité brouillon",
    "Actualité future",
    "Événement brouillon",
    "Agence sans défi public",
]


def build_world() -> dict:
    """Public records next to private ones (drafts, opted-out, future) and e-mails."""
    cohort = CohortFactory(slug="eig-3", name="EIG 3", year=2019, number=3)
    hidden_cohort = CohortFactory(slug="eig-9", name="Promotion cachée", year=2030, draft=True)
    ministry = OrganizationFactory(
        slug="ministere-justice", name="Ministère de la Justice", ministry=True
    )
    directorate = OrganizationFactory(
        slug="dap", name="Direction de l'administration pénitentiaire", parent=ministry
    )
    lonely = OrganizationFactory(slug="agence-seule", name="Agence sans défi public")
    theme = ThemeFactory(slug="justice", name="Justice")
    dev = SkillFactory(code="dev", label="Développement", profile="developer")
    design = SkillFactory(code="design", label="Design", profile="designer")
    public = ChallengeFactory(
        title="Sécurité des détenus",
        slug="securite",
        cohort=cohort,
        organization=directorate,
        pitch="Écrire à contact.defi@justice.gouv.fr pour en savoir plus, ou à x@y.fr.",
        themes=[theme],
        skills=[dev, design],
        # Stored as the import stores them: paths of this site.
        image="/media/imports/ab/abcdef_200x200.svg",
        is_startup_detat=True,
        startup_detat_url="https://beta.gouv.fr/startups/securite.html",
    )
    draft = ChallengeFactory(
        title="Défi brouillon secret",
        slug="brouillon",
        cohort=cohort,
        organization=lonely,
        draft=True,
    )
    hidden = ChallengeFactory(title="Défi de promotion cachée", cohort=hidden_cohort)
    fellow = FellowFactory(
        name="Ada Lovelace",
        slug="ada-lovelace",
        cohorts=[cohort, hidden_cohort],
        challenges=[public, draft, hidden],
        github="ada",
        website="https://ada.example.org",
        photo_url="/media/imports/cd/ada lovelace.jpg",
    )
    private = FellowFactory(
        name="Personne Privée",
        slug="personne-privee",
        private=True,
        cohorts=[cohort],
        challenges=[public],
    )
    post = PostFactory(
        title="Bilan de la promotion",
        slug="bilan",
        description="Contact presse : presse@data.gouv.fr",
        categories=["Communiqué de presse"],
        tags=["bilan", "eig3"],
        press_contact={"name": "Service presse", "email": "presse-secret@data.gouv.fr"},
    )
    english = PostFactory(title="Cohort review", slug="bilan", language="en", translation_of=post)
    PostFactory(title="Actualité brouillon", slug="brouillon", draft=True)
    PostFactory(
        title="Actualité future",
        slug="futur",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    event = EventFactory(
        title="Webinaire défis EIG 3",
        slug="webinaire-eig3",
        starts_at=datetime.datetime(2020, 3, 12, 17, 30, tzinfo=datetime.UTC),
        cohort=cohort,
        description="Questions : mailto:webinaire@data.gouv.fr",
        registration_url="https://example.org/inscription",
    )
    event.challenges.set([public, draft])
    EventFactory(title="Événement brouillon", slug="brouillon", draft=True)
    return {
        "cohort": cohort,
        "ministry": ministry,
        "directorate": directorate,
        "challenge": public,
        "draft": draft,
        "hidden": hidden,
        "fellow": fellow,
        "private": private,
        "post": post,
        "english": english,
        "event": event,
        "theme": theme,
    }
