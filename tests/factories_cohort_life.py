"""Factories for cohort life: registrations, contracts, checklists, attendance,
outcomes.

WebinarFactory(full=True) has one place, already taken;
RegistrationFactory(waiting=True | pending=True | cancelled=True);
ContractFactory(fellow=…, cohort=…); FellowAccountFactory(fellow=…).
"""

import datetime

import factory
from django.utils import timezone

from eig.cohortlife.models import (
    Attendance,
    ChallengeOutcome,
    ChecklistItem,
    ChecklistTemplateItem,
    Contract,
    FellowAccount,
    OutcomeLink,
    OutcomeLinkKind,
    OutcomeStatus,
)
from eig.events.models import EventKind, Registration, RegistrationStatus
from tests.accounts.factories import UserFactory
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
)


class WebinarFactory(EventFactory):
    """A published webinar next week taking registrations on the platform."""

    kind = EventKind.WEBINAR
    registration_url = ""
    registration_enabled = True
    capacity = 2


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(WebinarFactory)
    name = factory.Sequence(lambda n: f"Personne inscrite {n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@exemple.fr")
    status = RegistrationStatus.CONFIRMED
    position = factory.Sequence(lambda n: n + 1)
    placed_at = factory.LazyFunction(timezone.now)

    class Params:
        waiting = factory.Trait(status=RegistrationStatus.WAITING)
        pending = factory.Trait(status=RegistrationStatus.PENDING, position=None, placed_at=None)
        cancelled = factory.Trait(
            status=RegistrationStatus.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now)
        )


class MentoringSessionFactory(EventFactory):
    """An unpublished mentoring session of a cohort, next week."""

    kind = EventKind.MENTORING
    title = factory.Sequence(lambda n: f"Session de mentoring n° {n}")
    slug = factory.Sequence(lambda n: f"session-mentoring-{n}")
    registration_url = ""
    is_published = False
    cohort = factory.SubFactory(CohortFactory)


class FellowAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FellowAccount

    fellow = factory.SubFactory(FellowFactory)
    user = factory.SubFactory(UserFactory)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    cohort = factory.SubFactory(CohortFactory)
    fellow = factory.SubFactory(FellowFactory)
    challenge = None
    starts_on = factory.LazyAttribute(lambda o: o.cohort.starts_on or datetime.date(2030, 1, 6))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=300))
    monthly_net_pay = 4000


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplateItem

    cohort = factory.SubFactory(CohortFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Étape d'accueil {n}")
    due_days = -7


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    contract = factory.SubFactory(ContractFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Étape {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(MentoringSessionFactory)
    fellow = factory.SubFactory(FellowFactory)
    present = True


class ChallengeOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeOutcome

    challenge = factory.SubFactory(ChallengeFactory)
    status = OutcomeStatus.IN_PRODUCTION
    summary = "Un service en ligne utilisé chaque jour par les agents."


class OutcomeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeLink

    outcome = factory.SubFactory(ChallengeOutcomeFactory)
    kind = OutcomeLinkKind.REPOSITORY
    title = "Dépôt du code"
    url = factory.Sequence(lambda n: f"https://github.com/exemple/projet-{n}")
    position = factory.Sequence(int)
