"""Password reset and change, e-mail change, invitations by staff."""

import re

import pytest
from django.urls import reverse

from eig.accounts.models import Role, RoleGrant, User
from tests.accounts.factories import PASSWORD, UserFactory, make_user
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Encore-un-autre-secret-77"
SITE = "https://eig.exemple.gouv.fr"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """The links of the e-mails are built on EIG_SITE_URL, not on the request's host."""
    settings.EIG_SITE_URL = SITE


def _link(message) -> str:
    """The path of the message's link, which must be on EIG_SITE_URL."""
    return re.search(re.escape(SITE) + r"(/\S+)", message.body).group(1)


# Password reset ---------------------------------------------------------------


def test_password_reset_by_e_mail(client, outbox):
    user = UserFactory(email="camille@exemple.gouv.fr")
    with outbox.capture():
        response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = outbox.messages
    assert message.subject.startswith("Réinitialisation de votre mot de passe")

    page = client.get(_link(message), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # the link served once
    again = client.get(_link(message), follow=True)
    assert "Lien non valable" in again.content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same(client, outbox):
    with outbox.capture():
        response = client.post(reverse("accounts:password_reset"), {"email": "x@exemple.gouv.fr"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert outbox.messages == []


def test_password_reset_also_confirms_the_address(client, outbox):
    user = UserFactory(unconfirmed=True)
    with outbox.capture():
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    page = client.get(_link(outbox.messages[0]), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    user.refresh_from_db()
    assert user.email_confirmed_at is not None


def test_the_new_password_is_checked_by_the_validators(client, outbox):
    user = UserFactory()
    with outbox.capture():
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    page = client.get(_link(outbox.messages[0]), follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "123456789", "new_password2": "123456789"}
    )
    assert response.status_code == 200
    assert "entièrement numérique" in response.content.decode()


def test_changing_ones_password_keeps_this_session_only(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("espace:home")).status_code == 200


# E-mail change -----------------------------------------------------------------


def test_changing_the_e_mail_address_takes_a_confirmation(client, outbox):
    user = UserFactory(email="ancienne@exemple.gouv.fr")
    client.force_login(user)
    with outbox.capture():
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "Nouvelle@Exemple.gouv.fr", "password": PASSWORD},
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "ancienne@exemple.gouv.fr"  # not yet
    [message] = outbox.messages
    assert message.to == ["nouvelle@exemple.gouv.fr"]

    with outbox.capture():
        client.get(_link(message))

    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.gouv.fr"
    assert outbox.messages[-1].to == ["ancienne@exemple.gouv.fr"]  # the old address is told
    assert client.get(_link(message), follow=True).status_code == 200
    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.gouv.fr"


def test_changing_the_e_mail_needs_the_current_password(client, outbox):
    user = UserFactory()
    client.force_login(user)
    with outbox.capture():
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "nouvelle@exemple.gouv.fr", "password": "faux"},
        )
    assert response.status_code == 200
    assert "Mot de passe incorrect" in response.content.decode()
    assert outbox.messages == []


def test_an_address_taken_meanwhile_is_refused(client, outbox):
    user = UserFactory()
    client.force_login(user)
    with outbox.capture():
        client.post(
            reverse("accounts:email_change"),
            {"new_email": "prise@exemple.gouv.fr", "password": PASSWORD},
        )
    UserFactory(email="prise@exemple.gouv.fr")

    response = client.get(_link(outbox.messages[0]), follow=True)

    assert "déjà utilisée" in response.content.decode()
    user.refresh_from_db()
    assert user.email != "prise@exemple.gouv.fr"


# Invitations and roles --------------------------------------------------------------


def test_staff_invite_a_new_jury_member_who_sets_a_password(client, outbox):
    client.force_login(make_user(Role.STAFF))
    with outbox.capture():
        response = client.post(
            reverse("accounts:people"), {"email": "jury@exemple.org", "role": "jury"}
        )
    assert response.status_code == 302
    invited = User.objects.get(email="jury@exemple.org")
    assert not invited.has_usable_password()
    assert RoleGrant.objects.get(user=invited).role == Role.JURY
    [message] = outbox.messages
    link = _link(message)
    assert link.startswith("/compte/invitation/")

    client.logout()
    response = client.post(
        link,
        {
            "first_name": "Sacha",
            "last_name": "Juré",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response["Location"] == reverse("accounts:login")
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert invited.email_confirmed_at is not None
    assert client.get(link, follow=True).redirect_chain[-1][0] == reverse("accounts:login")


def test_inviting_an_agent_names_the_organisation_and_verifies_them(client, outbox):
    organization = OrganizationFactory()
    existing = UserFactory(email="agent@exemple.gouv.fr")
    client.force_login(make_user(Role.STAFF))
    with outbox.capture():
        client.post(
            reverse("accounts:people"),
            {"email": existing.email, "role": "agent", "organization": organization.pk},
        )
    grant = RoleGrant.objects.get(user=existing)
    assert (grant.organization, grant.verified_at is not None) == (organization, True)
    [message] = outbox.messages
    assert "/espace/" in message.body  # an existing account is just told


def test_an_agent_invitation_without_organisation_is_refused(client):
    client.force_login(make_user(Role.STAFF))
    response = client.post(
        reverse("accounts:people"), {"email": "a@exemple.gouv.fr", "role": "agent"}
    )
    assert response.status_code == 200
    assert "Un agent appartient à une administration." in response.content.decode()
    assert not User.objects.filter(email="a@exemple.gouv.fr").exists()


def test_staff_verify_an_agent_who_signed_up_alone(client):
    agent = make_user(Role.AGENT, verified=False)
    grant = agent.role_grants.get()
    client.force_login(make_user(Role.STAFF))
    assert grant.user.email in client.get(reverse("accounts:people")).content.decode()

    client.post(reverse("accounts:role_verify", kwargs={"pk": grant.pk}))

    grant.refresh_from_db()
    assert grant.verified_at is not None


def test_the_personal_space_shows_each_role_held(client):
    person = make_user(Role.AGENT)
    RoleGrant.objects.create(user=person, role=Role.JURY)
    client.force_login(person)

    html = client.get(reverse("espace:home")).content.decode()

    assert reverse("proposals:agent_list") in html
    assert reverse("proposals:jury_list") in html
    assert reverse("gestion:home") not in html


def test_the_header_offers_login_or_space_and_logout(client):
    html = client.get("/").content.decode()
    assert reverse("accounts:login") in html
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert reverse("espace:home") in html
    assert f'action="{reverse("accounts:logout")}" method="post"' in html
