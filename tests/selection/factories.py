"""Factories for the jury review of applications.

    JuryMemberFactory()                       an outside member (Role.JURY granted)
    JuryMemberFactory(administration=True)    from an administration (with its organisation)
    JuryMemberFactory(mentored_challenges=[défi, …])
    ReviewAssignmentFactory(member=…, application=…)            assigned, nothing scored
    ReviewAssignmentFactory(..., submitted=True)                the six scores (default 3) and sent
    ReviewAssignmentFactory(..., submitted=True, scores={"dynamism": 5, …})
    ConflictFactory(member=…, application=…)

The member's call defaults to the application's when both are built by the
factory (`ReviewAssignmentFactory(application=a)` makes a member of `a.call`).
"""

import factory
from django.utils import timezone

from eig.accounts.models import Role
from eig.selection.models import (
    Conflict,
    JuryMember,
    MemberKind,
    ReviewAssignment,
    ReviewMessage,
    StaffNote,
)
from eig.selection.scoring import CRITERIA
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories import ApplicationCallFactory, OrganizationFactory


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember
        skip_postgeneration_save = True

    call = factory.SubFactory(ApplicationCallFactory)
    user = factory.LazyFunction(lambda: make_user(Role.JURY))
    kind = MemberKind.OUTSIDE
    organization = None

    class Params:
        administration = factory.Trait(
            kind=MemberKind.ADMINISTRATION,
            organization=factory.SubFactory(OrganizationFactory),
        )

    @factory.post_generation
    def mentored_challenges(self, create, extracted, **kwargs):
        if create and extracted:
            self.mentored_challenges.add(*extracted)


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    member = factory.LazyAttribute(lambda o: JuryMemberFactory(call=o.application.call))

    class Params:
        submitted = factory.Trait(
            submitted_at=factory.LazyFunction(timezone.now),
            comment="Un profil solide, motivé par le défi.",
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # `scores={"dynamism": 5, …}`: those criteria; a submitted review gets 3 for the others.
        scores = kwargs.pop("scores", None)
        if scores:
            for code, value in scores.items():
                kwargs[code] = value
        if kwargs.get("submitted_at") is not None:
            for code in CRITERIA:
                kwargs.setdefault(code, 3)
        return super()._create(model_class, *args, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("scores", None)
        return super()._build(model_class, *args, **kwargs)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    member = factory.LazyAttribute(lambda o: JuryMemberFactory(call=o.application.call))
    reason = "Ancien collègue de la personne candidate."


class ReviewMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMessage

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    author = factory.LazyFunction(lambda: make_user(Role.JURY))
    body = "Je rejoins l'avis sur la motivation."


class StaffNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffNote

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    author = factory.LazyFunction(lambda: make_user(Role.STAFF))
    body = "À rappeler pour préciser la disponibilité."
