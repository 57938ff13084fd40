"""factory-boy factories for the content models, with traits for states.

PostFactory(draft=True), PostFactory(english=True),
ChallengeFactory(with_team=True), FellowFactory(private=True),
ApplicationCallFactory(open=True | upcoming=True | closed=True)
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from eig.applications.models import ApplicationCall
from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Mentor,
    MentorKind,
    Skill,
    Theme,
)
from eig.cohorts.models import Cohort, Fellow, Profile, Programme, SelectionCriterion
from eig.content.models import (
    FaqAudience,
    FaqItem,
    Page,
    Post,
    PostAttachment,
    PressLink,
    Testimonial,
)
from eig.events.models import Event, EventKind
from eig.organizations.models import Organization, OrganizationKind


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = "Entrepreneurs d'intérêt général"
    slug = "eig"
    acronym = "EIG"
    monthly_net_pay = Decimal("4000")
    duration_months = 10
    contact_email = "entrepreneur-interet-general@data.gouv.fr"


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(int)
    code = factory.Sequence(lambda n: f"critere-{n}")
    title = factory.Sequence(lambda n: f"Critère {n}")
    description = "Dynamisme, vision, esprit d'initiative, attitude positive."


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    slug = factory.LazyAttribute(lambda o: f"eig-{o.number}")
    name = factory.LazyAttribute(lambda o: f"Promotion {o.number}")
    year = factory.LazyAttribute(lambda o: 2016 + o.number)
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 15))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 15))
    is_published = True

    class Params:
        unpublished = factory.Trait(is_published=False)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Direction n° {n}")
    slug = factory.Sequence(lambda n: f"direction-{n}")
    kind = OrganizationKind.DIRECTORATE

    class Params:
        ministry = factory.Trait(
            kind=OrganizationKind.MINISTRY,
            name=factory.Sequence(lambda n: f"Ministère n° {n}"),
            slug=factory.Sequence(lambda n: f"ministere-{n}"),
        )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = "dev"
    label = "Développement"
    profile = Profile.DEVELOPER

    class Params:
        design = factory.Trait(code="design", label="Design", profile=Profile.DESIGNER)
        datascience = factory.Trait(
            code="datascience", label="Data science", profile=Profile.DATA_SCIENTIST
        )


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Défi {n}")
    slug = factory.Sequence(lambda n: f"defi-{n}")
    cohort = factory.SubFactory(CohortFactory)
    year = factory.LazyAttribute(lambda o: o.cohort.year)
    pitch = "Mieux servir les usagers grâce aux données"
    body = "Le **contexte** du défi."
    organization = factory.SubFactory(OrganizationFactory)
    town = "Paris (75007)"
    duration_months = 10
    is_published = True

    class Params:
        draft = factory.Trait(is_published=False)
        with_team = factory.Trait(
            team=factory.RelatedFactoryList(
                "tests.factories.FellowFactory",
                size=2,
                factory_related_name="challenge_for_team",
            ),
            mentors=factory.RelatedFactoryList(
                "tests.factories.ChallengeMentorFactory",
                size=1,
                factory_related_name="challenge",
            ),
        )

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.add(*extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class ChallengeKeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeKeyFigure

    challenge = factory.SubFactory(ChallengeFactory)
    position = factory.Sequence(int)
    amount = Decimal("1288")
    description = "Déclarations d'intérêts analysées en 2020"


class ChallengeProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeProject

    challenge = factory.SubFactory(ChallengeFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Réalisation {n}")
    description = "Une application web."
    url = "https://example.org/demo"
    call_to_action = "Voir la démo"


class FellowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fellow
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Camille Exemple {n}")
    slug = factory.Sequence(lambda n: f"camille-exemple-{n}")
    profile = Profile.DEVELOPER
    bio = "Développeuse passionnée de **logiciel libre**."
    github = "camille"
    is_public = True

    class Params:
        private = factory.Trait(is_public=False)
        designer = factory.Trait(profile=Profile.DESIGNER)
        data_scientist = factory.Trait(profile=Profile.DATA_SCIENTIST)

    @factory.post_generation
    def cohorts(self, create, extracted, **kwargs):
        if create and extracted:
            self.cohorts.add(*extracted)

    @factory.post_generation
    def challenges(self, create, extracted, **kwargs):
        if create and extracted:
            self.challenges.add(*extracted)

    @factory.post_generation
    def challenge_for_team(self, create, extracted, **kwargs):
        """Set by `ChallengeFactory(with_team=True)`: joins the défi and its cohort."""
        if create and extracted:
            self.challenges.add(extracted)
            self.cohorts.add(extracted.cohort)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    name = factory.Sequence(lambda n: f"Dominique Mentor {n}")
    slug = factory.Sequence(lambda n: f"dominique-mentor-{n}")
    position_title = "Cheffe de bureau"
    is_public = True

    class Params:
        private = factory.Trait(is_public=False)


class ChallengeMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeMentor

    challenge = factory.SubFactory(ChallengeFactory)
    mentor = factory.SubFactory(MentorFactory)
    kind = MentorKind.OPERATIONAL
    position = factory.Sequence(int)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    language = "fr"
    body = "Le programme **Entrepreneurs d'intérêt général**."
    layout = "page"
    is_published = True

    class Params:
        draft = factory.Trait(is_published=False)
        english = factory.Trait(language="en")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Actualité n° {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    published_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2019, 1, 16, 9, 58, tzinfo=datetime.UTC) - datetime.timedelta(days=n)
        )
    )
    author = "Équipe EIG"
    description = "Un résumé de l'actualité."
    body = "Le **contenu** de l'actualité."
    layout = "post"
    is_published = True

    class Params:
        draft = factory.Trait(is_published=False)
        english = factory.Trait(language="en")
        press_release = factory.Trait(
            categories=["Communiqué de presse"],
            tags=["entrepreneur.e d’intérêt général"],
            lede="Ils ont 10 mois pour relever le défi.",
            images=[{"image": "/uploads/entete.jpg"}],
            press_contact={
                "name": "Floriane Beaudron",
                "tel": ["01.71.21.12.50"],
                "email": "floriane.beaudron@modernisation.gouv.fr",
            },
            layout="communique",
        )


class PostAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostAttachment

    post = factory.SubFactory(PostFactory)
    position = factory.Sequence(int)
    url = "/uploads/communique.pdf"
    name = "Télécharger le communiqué de presse"


class PressLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressLink

    section = "Ailleurs dans la presse"
    title = factory.Sequence(lambda n: f"Article n° {n}")
    url = factory.Sequence(lambda n: f"https://presse.example.org/{n}")
    year = 2017
    position = factory.Sequence(int)


class FaqItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqItem

    audience = FaqAudience.CANDIDATES
    position = factory.Sequence(int)
    question = factory.Sequence(lambda n: f"Question n° {n} ?")
    answer = "<p>Le programme EIG est ouvert à toute personne ayant terminé son cursus.</p>"
    anchor = factory.Sequence(lambda n: f"question-{n}")

    class Params:
        english = factory.Trait(language="en")


class TestimonialFactory(factory.django.DjangoModelFactory):
    __test__ = False  # not a test class, despite its name

    class Meta:
        model = Testimonial

    position = factory.Sequence(int)
    text = "Sans hésiter je recommanderais à d'autres administrations de recourir au dispositif."
    author = "Daniel Ansellem"
    author_position = "ministère de l'Intérieur"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Webinaire n° {n}")
    slug = factory.Sequence(lambda n: f"webinaire-{n}")
    kind = EventKind.WEBINAR
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Liberté Living Lab, Paris"
    description = "Les porteurs des défis présentent leur projet."
    registration_url = "https://eig4-webinaire1.eventbrite.fr"
    is_published = True

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30)),
            replay_url="https://app.livestorm.co/webinaire-eig-1",
        )
        draft = factory.Trait(is_published=False)

    @factory.post_generation
    def challenges(self, create, extracted, **kwargs):
        if create and extracted:
            self.challenges.add(*extracted)


class ApplicationCallFactory(factory.django.DjangoModelFactory):
    """Dates relative to now: open by default (opened 10 days ago, closes in 20)."""

    class Meta:
        model = ApplicationCall

    cohort = factory.SubFactory(CohortFactory)
    title = factory.LazyAttribute(lambda o: f"Appel à candidatures — {o.cohort.name}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    is_published = True

    class Params:
        open = factory.Trait()
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30)),
        )
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30)),
        )


def bulk_challenges(count: int, *, cohorts: list[Cohort] | None = None) -> list[Challenge]:
    """`count` published défis in a few queries (bulk_create), spread over two
    cohorts, organisations, skills and themes: for the query-count tests."""
    cohorts = cohorts or [CohortFactory(), CohortFactory()]
    organizations = [OrganizationFactory(), OrganizationFactory()]
    skills = [SkillFactory(), SkillFactory(design=True)]
    themes = [ThemeFactory(), ThemeFactory()]
    start = Challenge.objects.count()
    challenges = Challenge.objects.bulk_create(
        Challenge(
            title=f"Défi en série {start + i}",
            slug=f"defi-en-serie-{start + i}",
            cohort=cohorts[i % len(cohorts)],
            year=cohorts[i % len(cohorts)].year,
            pitch="Améliorer la sécurité des données",
            organization=organizations[i % 2],
            town="Paris",
            search_document=f"defi en serie {start + i} ameliorer la securite des donnees",
        )
        for i in range(count)
    )
    Challenge.skills.through.objects.bulk_create(
        Challenge.skills.through(challenge_id=c.pk, skill_id=skills[i % 2].pk)
        for i, c in enumerate(challenges)
    )
    Challenge.themes.through.objects.bulk_create(
        Challenge.themes.through(challenge_id=c.pk, theme_id=themes[i % 2].pk)
        for i, c in enumerate(challenges)
    )
    return challenges
