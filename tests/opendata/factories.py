"""Factories for the public data (open data, API, feeds tests)."""

import datetime

import factory
from django.utils import timezone

from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Mentor,
    Skill,
    Theme,
)
from eig.cohorts.models import Cohort, Fellow, Programme
from eig.content.models import Post
from eig.events.models import Event, EventKind
from eig.organizations.models import Organization, OrganizationKind


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = "Entrepreneurs d'intérêt général"
    slug = "eig"
    acronym = "EIG"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"eig-{n + 1}")
    name = factory.Sequence(lambda n: f"EIG {n + 1}")
    year = factory.Sequence(lambda n: 2017 + n)
    starts_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 1, 15))
    ends_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 11, 15))

    class Params:
        draft = factory.Trait(is_published=False)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Direction numéro {n}")
    slug = factory.Sequence(lambda n: f"direction-{n}")
    kind = OrganizationKind.DIRECTORATE

    class Params:
        ministry = factory.Trait(kind=OrganizationKind.MINISTRY)


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
    profile = "developer"


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Défi numéro {n}")
    slug = factory.Sequence(lambda n: f"defi-{n}")
    cohort = factory.SubFactory(CohortFactory)
    year = factory.LazyAttribute(lambda c: c.cohort.year)
    pitch = "Mieux servir les usagers grâce aux données."
    organization = factory.SubFactory(OrganizationFactory)
    town = "Paris"

    class Params:
        draft = factory.Trait(is_published=False)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class FellowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fellow
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Camille Martin {n}")
    slug = factory.Sequence(lambda n: f"camille-martin-{n}")
    profile = "developer"
    profile_label = "Développeuse"

    class Params:
        private = factory.Trait(is_public=False)

    @factory.post_generation
    def cohorts(self, create, extracted, **kwargs):
        if create and extracted:
            self.cohorts.set(extracted)

    @factory.post_generation
    def challenges(self, create, extracted, **kwargs):
        if create and extracted:
            self.challenges.set(extracted)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    name = factory.Sequence(lambda n: f"Dominique Petit {n}")
    slug = factory.Sequence(lambda n: f"dominique-petit-{n}")
    position_title = "Cheffe de service"


class ChallengeMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeMentor

    challenge = factory.SubFactory(ChallengeFactory)
    mentor = factory.SubFactory(MentorFactory)
    kind = "operational"


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeKeyFigure

    challenge = factory.SubFactory(ChallengeFactory)
    amount = 1288
    description = "Déclarations analysées"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeProject

    challenge = factory.SubFactory(ChallengeFactory)
    title = "Une application"
    url = "https://example.org/app"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    language = "fr"
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(hours=n)
    )
    author = "L'équipe EIG"
    description = "Ce qui s'est passé."
    body = "Le contenu de l'actualité."

    class Params:
        draft = factory.Trait(is_published=False)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Webinaire numéro {n}")
    slug = factory.Sequence(lambda n: f"webinaire-{n}")
    kind = EventKind.WEBINAR
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2020, 3, 12, 17, 30, tzinfo=datetime.UTC) + datetime.timedelta(days=n)
        )
    )
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=1))
    location = "Paris"
    description = "Présentation des défis."

    class Params:
        draft = factory.Trait(is_published=False)
