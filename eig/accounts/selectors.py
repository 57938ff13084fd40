from django.db.models import QuerySet

from eig.accounts.models import Role, RoleGrant, User
from eig.organizations.models import Organization


def user_roles(user) -> frozenset[Role]:
    """The roles a person holds, read once per request and cached on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_eig_roles", None)
    if cached is None:
        roles = {Role(value) for value in user.role_grants.values_list("role", flat=True)}
        if user.is_staff:
            roles.add(Role.STAFF)
        cached = frozenset(roles)
        user._eig_roles = cached
    return cached


def user_has_role(user, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def agent_organizations(user) -> QuerySet[Organization]:
    """Organisations a person is an agent of (verified or not)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        role_grants__user=user, role_grants__role=Role.AGENT
    ).distinct()


def agent_grants(user) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.agents().filter(user=user).select_related("organization")


def jury_members() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role_grants__role=Role.JURY).distinct()


def grants_to_verify() -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.agents()
        .filter(verified_at__isnull=True)
        .select_related("user", "organization")
        .order_by("granted_at")
    )
