"""Factories for the call for projects: ChallengeCallFactory(closed=True),
ProposalFactory(complete=True, state=…), ProposalReviewFactory(scored=True)."""

from datetime import timedelta

import factory
from django.utils import timezone

from eig.challenges.models import MentorKind
from eig.proposals.models import (
    ChallengeCall,
    Proposal,
    ProposalMentor,
    ProposalReview,
    ProposalState,
)
from tests.accounts.factories import UserFactory
from tests.factories import CohortFactory, OrganizationFactory


class ChallengeCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeCall

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Appel à projets n° {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=5)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=50)),
        )


class ProposalMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalMentor

    kind = MentorKind.OPERATIONAL
    name = factory.Sequence(lambda n: f"Alex Mentor {n}")
    position_title = "Cheffe de bureau"
    email = factory.Sequence(lambda n: f"mentor{n}@exemple.gouv.fr")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    call = factory.SubFactory(ChallengeCallFactory)
    organization = factory.SubFactory(OrganizationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Défi proposé n° {n}")
    state = ProposalState.DRAFT

    class Params:
        complete = factory.Trait(
            pitch="Détecter les fraudes aux aides publiques",
            context="Le service instruit 10 000 dossiers par an.",
            problem="Les contrôles sont faits à la main.",
            data_available="Les dossiers depuis 2015, en base PostgreSQL.",
            expected_outcome="Un outil de ciblage des contrôles.",
            location="Paris",
            developers=2,
            data_scientists=1,
            cofunding_commitment=True,
            operational=factory.RelatedFactory(
                ProposalMentorFactory, factory_related_name="proposal", kind="operational"
            ),
            strategic=factory.RelatedFactory(
                ProposalMentorFactory, factory_related_name="proposal", kind="strategic"
            ),
        )


class ProposalReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalReview

    proposal = factory.SubFactory(ProposalFactory)
    reviewer = factory.SubFactory(UserFactory)

    class Params:
        scored = factory.Trait(
            score_impact=4, score_feasibility=3, score_data=5, score_commitment=4, comment="Solide."
        )
        conflict = factory.Trait(
            conflict_declared_at=factory.LazyFunction(timezone.now),
            conflict_comment="J'ai travaillé dans ce service.",
        )
