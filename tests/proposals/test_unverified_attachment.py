"""Finding 12 of the outside test: an agent who signed up alone could file a
proposal under any ministry, and staff saw nothing of it. Staff now see
« Rattachement non vérifié » on the call's list and on the proposal, unless
the author is a verified agent of that organisation (`RoleGrant.verified_at`)."""

import html

import pytest

from eig.accounts.models import Role
from tests.accounts.factories import make_user
from tests.factories import OrganizationFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

MARK = "Rattachement non vérifié"


@pytest.fixture
def proposals():
    ministry = OrganizationFactory(name="Ministère témoin")
    unverified = make_user(Role.AGENT, organization=ministry, verified=False)
    verified = make_user(Role.AGENT, organization=ministry)
    elsewhere = make_user(Role.AGENT, organization=OrganizationFactory())
    doubtful = ProposalFactory(organization=ministry, author=unverified, title="Défi douteux")
    trusted = ProposalFactory(
        organization=ministry, author=verified, call=doubtful.call, title="Défi sûr"
    )
    foreign = ProposalFactory(
        organization=ministry, author=elsewhere, call=doubtful.call, title="Défi d'ailleurs"
    )
    return doubtful, trusted, foreign


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_staff_see_the_unverified_attachment_on_the_proposal(client, proposals):
    doubtful, trusted, foreign = proposals
    client.force_login(make_user(Role.STAFF))

    assert MARK in _page(client, f"/gestion/propositions/{doubtful.pk}/")
    assert MARK in _page(client, f"/gestion/propositions/{foreign.pk}/")
    page = _page(client, f"/gestion/propositions/{trusted.pk}/")
    assert "Défi sûr" in page and MARK not in page


def test_staff_see_the_unverified_attachment_on_the_calls_list(client, proposals):
    doubtful, _trusted, _foreign = proposals
    client.force_login(make_user(Role.STAFF))

    page = _page(client, f"/gestion/appels/{doubtful.call.pk}/")

    assert "Défi sûr" in page and "Défi douteux" in page
    assert page.count(MARK) == 2
