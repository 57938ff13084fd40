"""Factories for people and their roles: UserFactory(staff=True),
AgentFactory(organization=…, unverified=True), JuryMemberFactory()."""

import factory
from django.utils import timezone

from eig.accounts.models import Role, RoleGrant, User
from tests.factories import OrganizationFactory

PASSWORD = "Un-mot-de-passe-solide-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.gouv.fr")
    first_name = factory.Sequence(lambda n: f"Dominique{n}")
    last_name = "Martin"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True)
        unconfirmed = factory.Trait(email_confirmed_at=None)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.CANDIDATE
    verified_at = factory.LazyFunction(timezone.now)


def make_user(role: Role | None = None, *, organization=None, verified=True, **kwargs) -> User:
    """A person holding one role (staff is a flag, the others are grants)."""
    if role == Role.STAFF:
        return UserFactory(staff=True, **kwargs)
    user = UserFactory(**kwargs)
    if role is not None:
        if role == Role.AGENT and organization is None:
            organization = OrganizationFactory()
        RoleGrantFactory(
            user=user,
            role=role,
            organization=organization if role == Role.AGENT else None,
            verified_at=timezone.now() if verified else None,
        )
    return user
