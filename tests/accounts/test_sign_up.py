import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from eig.accounts.models import Role, RoleGrant, User
from eig.accounts.tokens import TokenError, read_token
from tests.accounts.factories import PASSWORD, UserFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, outbox, **overrides):
    organization = overrides.pop("organization", None) or OrganizationFactory()
    data = {
        "first_name": "Claude",
        "last_name": "Dupont",
        "email": "claude.dupont@agriculture.gouv.fr",
        "kind": "agent",
        "organization": organization.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    with outbox.capture():
        return client.post(reverse("accounts:sign_up"), data)


def _link(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0)


def test_an_agent_signs_up_and_receives_a_confirmation_link(client, outbox):
    organization = OrganizationFactory(name="Direction générale de l'alimentation")

    response = _sign_up(client, outbox, organization=organization)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_up_done")
    user = User.objects.get(email="claude.dupont@agriculture.gouv.fr")
    assert user.email_confirmed_at is None
    assert user.check_password(PASSWORD)
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.organization, grant.verified_at) == (Role.AGENT, organization, None)
    [message] = outbox.messages
    assert message.to == ["claude.dupont@agriculture.gouv.fr"]
    assert "/compte/confirmation/" in _link(message.body)


def test_the_confirmation_link_confirms_then_the_agent_can_log_in(client, outbox):
    _sign_up(client, outbox)
    link = _link(outbox.messages[0].body)

    response = client.get(link)

    assert response.status_code == 302
    assert User.objects.get().email_confirmed_at is not None
    response = client.post(
        reverse("accounts:login"),
        {"email": "Claude.Dupont@agriculture.gouv.fr", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")


def test_the_confirmation_link_works_only_once(client, outbox):
    _sign_up(client, outbox)
    link = _link(outbox.messages[0].body)
    client.get(link)

    response = client.get(link, follow=True)

    assert "a déjà été utilisé" in response.content.decode()


def test_before_confirming_login_is_refused_and_the_link_sent_again(client, outbox):
    _sign_up(client, outbox)

    with outbox.capture():
        response = client.post(
            reverse("accounts:login"),
            {"email": "claude.dupont@agriculture.gouv.fr", "password": PASSWORD},
        )

    assert response.status_code == 200
    assert "pas encore confirmée" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert len(outbox.messages) == 2


def test_a_candidate_needs_no_organisation(client, outbox):
    response = _sign_up(client, outbox, kind="candidate", organization="")
    assert response.status_code == 302
    assert RoleGrant.objects.get().role == Role.CANDIDATE


def test_an_agent_must_name_an_organisation_and_typed_values_are_kept(client):
    response = client.post(
        reverse("accounts:sign_up"),
        {
            "first_name": "Claude",
            "last_name": "Dupont",
            "email": "claude@exemple.gouv.fr",
            "kind": "agent",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez l&#x27;administration" in html
    assert 'value="claude@exemple.gouv.fr"' in html
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court1!", "trop court"),
        ("12345678901234", "entièrement numérique"),
        ("motdepasse", "trop courant"),
        ("agriculture.gouv", "trop semblable"),
    ],
)
def test_django_password_validators_apply_in_french(client, outbox, password, message):
    response = _sign_up(client, outbox, password1=password, password2=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_passwords_must_match(client, outbox):
    response = _sign_up(client, outbox, password2=PASSWORD + "x")
    assert "ne sont pas identiques" in response.content.decode()


def test_signing_up_again_with_a_known_address_reveals_nothing_and_warns_the_owner(client, outbox):
    owner = UserFactory(email="claude.dupont@agriculture.gouv.fr")

    response = _sign_up(client, outbox)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_up_done")
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # untouched (factory password)
    [message] = outbox.messages
    assert message.subject.startswith("Vous avez déjà un compte")


def test_an_expired_or_foreign_confirmation_token_is_refused(client, outbox):
    _sign_up(client, outbox)
    token = _link(outbox.messages[0].body).rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(TokenError) as error:
        read_token(token, "confirm", timedelta(seconds=-1))
    assert error.value.expired
    with pytest.raises(TokenError):
        read_token(token, "email_change", timedelta(days=1))  # another purpose
    assert signing.loads(token, salt="eig.accounts.confirm")["u"] == User.objects.get().pk
