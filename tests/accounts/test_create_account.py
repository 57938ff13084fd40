import pytest
from django.core.management import CommandError, call_command

from eig.accounts.models import Role, User
from eig.accounts.selectors import user_roles
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_create_a_staff_member_and_a_juror():
    call_command(
        "create_account", "--email", "Equipe@Exemple.gouv.fr", "--staff", "--password", "x"
    )
    call_command("create_account", "--email", "jury@exemple.org", "--role", "jury")

    staff = User.objects.get(email="equipe@exemple.gouv.fr")
    assert staff.is_staff and staff.check_password("x") and staff.email_confirmed_at
    juror = User.objects.get(email="jury@exemple.org")
    assert user_roles(juror) == {Role.JURY}
    assert not juror.has_usable_password()


def test_an_agent_needs_an_existing_organisation():
    with pytest.raises(CommandError):
        call_command("create_account", "--email", "a@x.gouv.fr", "--role", "agent")
    organization = OrganizationFactory()
    call_command(
        "create_account",
        "--email",
        "a@x.gouv.fr",
        "--role",
        "agent",
        "--organization",
        organization.slug,
    )
    grant = User.objects.get().role_grants.get()
    assert grant.organization == organization and grant.verified_at
