"""Who may use every private view: one table, every view × every persona.

A view added to the accounts, espace, gestion, proposals or mail URLs must be added to
`TABLE`, or `test_every_view_is_in_the_table` fails.
"""

import pytest
from django.urls import get_resolver, reverse

from eig.accounts.models import Role
from eig.mail.models import Email, EmailState
from eig.proposals.models import ProposalState
from tests.accounts.factories import make_user
from tests.proposals.factories import (
    ChallengeCallFactory,
    ProposalFactory,
    ProposalReviewFactory,
)

PERSONAS = [
    "anonymous",
    "candidate",
    "agent",  # verified agent of the proposal's organisation
    "agent_other",  # agent of another organisation
    "jury_assigned",
    "jury_unassigned",
    "jury_conflict",
    "mentor",
    "fellow",
    "staff",
]
LOGIN = "login"  # anonymous visitors are sent to the login page


def expect(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def private(allowed: dict, *, others=403):
    """Anonymous → login; listed personas → their status; everyone else → `others`."""
    return expect(others, anonymous=LOGIN, **allowed)


JURY_ALL = {"jury_assigned": 200, "jury_unassigned": 200, "jury_conflict": 200}
LOGGED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}
LOGGED_IN_REDIRECTED = {p: 302 for p in PERSONAS if p != "anonymous"}

# (url name, kwargs builder, method, data builder, expected status per persona)
TABLE = {
    # accounts
    "accounts:sign_up": ("get", expect(302, anonymous=200)),
    "accounts:sign_up_done": ("get", expect(200)),
    "accounts:confirm_email": ("get", expect(302)),
    "accounts:login": ("get", expect(302, anonymous=200)),
    "accounts:logout": ("post", expect(302)),
    "accounts:password_reset": ("get", expect(200)),
    "accounts:password_reset_done": ("get", expect(200)),
    "accounts:password_reset_confirm": ("get", expect(200)),
    "accounts:password_change": ("get", private(LOGGED_IN)),
    "accounts:email_change": ("get", private(LOGGED_IN)),
    "accounts:email_change_confirm": ("get", expect(302)),
    "accounts:invitation_accept": ("get", expect(302)),
    "espace:home": ("get", private(LOGGED_IN)),
    "accounts:people": ("get", private({"staff": 200})),
    "accounts:role_verify": ("post", private({"staff": 302})),
    # call for projects
    "proposals:call_public": ("get", expect(200)),
    "proposals:agent_list": ("get", private({"agent": 200, "agent_other": 200})),
    "proposals:agent_create": ("post", private({"agent": 302, "agent_other": 302})),
    "proposals:agent_detail": ("get", private({"agent": 200, "agent_other": 404})),
    "proposals:agent_submit": ("post", private({"agent": 302, "agent_other": 404})),
    "proposals:agent_step": ("get", private({"agent": 200, "agent_other": 404})),
    "proposals:jury_list": ("get", private(JURY_ALL)),
    "proposals:jury_review": (
        "get",
        private({"jury_assigned": 200, "jury_unassigned": 404, "jury_conflict": 404}),
    ),
    "proposals:jury_conflict": (
        "get",
        private({"jury_assigned": 200, "jury_unassigned": 404, "jury_conflict": 404}),
    ),
    "gestion:home": ("get", private({"staff": 200})),
    "proposals:staff_call_create": ("get", private({"staff": 200})),
    "proposals:staff_call": ("get", private({"staff": 200})),
    "proposals:staff_call_edit": ("get", private({"staff": 200})),
    "proposals:staff_call_csv": ("get", private({"staff": 200})),
    "proposals:staff_proposal": ("get", private({"staff": 200})),
    "proposals:staff_proposal_assign": ("post", private({"staff": 302})),
    "proposals:staff_proposal_transition": ("post", private({"staff": 302})),
    # recorded e-mails
    "mail:list": ("get", private({"staff": 200})),
    "mail:detail": ("get", private({"staff": 200})),
    "mail:html": ("get", private({"staff": 200})),
    "mail:attachment": ("get", private({"staff": 200})),
    "mail:retry": ("post", private({"staff": 302})),
}


@pytest.fixture
def world(db):
    call = ChallengeCallFactory()
    agent = make_user(Role.AGENT)
    organization = agent.role_grants.get().organization
    proposal = ProposalFactory(
        call=call,
        organization=organization,
        author=make_user(Role.AGENT, organization=organization),
        complete=True,
        state=ProposalState.UNDER_REVIEW,
    )
    people = {
        "anonymous": None,
        "candidate": make_user(Role.CANDIDATE),
        "agent": agent,
        "agent_other": make_user(Role.AGENT),
        "jury_assigned": make_user(Role.JURY),
        "jury_unassigned": make_user(Role.JURY),
        "jury_conflict": make_user(Role.JURY),
        "mentor": make_user(Role.MENTOR),
        "fellow": make_user(Role.FELLOW),
        "staff": make_user(Role.STAFF),
    }
    ProposalReviewFactory(proposal=proposal, reviewer=people["jury_assigned"])
    ProposalReviewFactory(proposal=proposal, reviewer=people["jury_conflict"], conflict=True)
    unverified = make_user(Role.AGENT, verified=False)
    failed = Email.objects.create(
        to="x@exemple.gouv.fr",
        subject="s",
        template="t",
        body_text="b",
        body_html="<p>b</p>",
        attachments=[{"filename": "e.ics", "mimetype": "text/calendar", "content": "BEGIN"}],
        state=EmailState.FAILED,
    )
    args = {
        "accounts:confirm_email": {"token": "pas-un-jeton"},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "pas-un-jeton"},
        "accounts:email_change_confirm": {"token": "pas-un-jeton"},
        "accounts:invitation_accept": {"token": "pas-un-jeton"},
        "accounts:role_verify": {"pk": unverified.role_grants.get().pk},
        "proposals:agent_detail": {"pk": proposal.pk},
        "proposals:agent_submit": {"pk": proposal.pk},
        "proposals:agent_step": {"pk": proposal.pk, "step": "presentation"},
        "proposals:jury_review": {"pk": proposal.pk},
        "proposals:jury_conflict": {"pk": proposal.pk},
        "proposals:staff_call": {"pk": call.pk},
        "proposals:staff_call_edit": {"pk": call.pk},
        "proposals:staff_call_csv": {"pk": call.pk},
        "proposals:staff_proposal": {"pk": proposal.pk},
        "proposals:staff_proposal_assign": {"pk": proposal.pk},
        "proposals:staff_proposal_transition": {"pk": proposal.pk},
        "mail:retry": {"pk": failed.pk},
        "mail:detail": {"pk": failed.pk},
        "mail:html": {"pk": failed.pk},
        "mail:attachment": {"pk": failed.pk, "index": 0},
    }
    data = {
        "proposals:agent_create": {"call": call.pk, "organization": organization.pk},
        "proposals:staff_proposal_assign": {"reviewers": [people["jury_unassigned"].pk]},
        "proposals:staff_proposal_transition": {"to": ProposalState.SELECTED},
    }
    return {"people": people, "args": args, "data": data}


# Views of these namespaces added since the site-wide permission matrix
# (tests/security/matrix/) exists are declared and proven there only.
MATRIX_ONLY = ("gestion:studio_", "gestion:media_", "gestion:markdown_")


def test_every_view_is_in_the_table():
    from tests.security.matrix import all_rows

    names = set()
    for namespace in ("accounts", "espace", "gestion", "proposals", "mail"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    matrix_only = {name for name in names if name.startswith(MATRIX_ONLY)}
    assert matrix_only, "the studio, media and Markdown views are found"
    assert matrix_only <= set(all_rows())  # each one declared in the site-wide matrix
    assert names - matrix_only == set(TABLE)


def _status(client, method, url, data):
    response = getattr(client, method)(url, data)
    if response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login") + "?next="
    ):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", list(TABLE))
def test_who_may_use_each_view(client, world, name):
    """Every persona in turn (personas other than staff change nothing)."""
    method, expected = TABLE[name]
    url = reverse(name, kwargs=world["args"].get(name))
    seen = {}
    for persona in PERSONAS:
        client.logout()
        if world["people"][persona] is not None:
            client.force_login(world["people"][persona])
        seen[persona] = _status(client, method, url, world["data"].get(name, {}))
    assert seen == expected


def test_the_django_admin_is_for_superusers_only(client, db):
    client.force_login(make_user(Role.STAFF))
    assert client.get("/admin/").status_code == 302  # sent to the admin's login
    superuser = make_user(Role.STAFF, is_superuser=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/proposals/proposal/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
