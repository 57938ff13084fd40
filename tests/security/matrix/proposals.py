"""The call for projects: agents see their organisation's proposals only,
jury members the proposals assigned to them without a conflict."""

from eig.proposals.models import ProposalState
from tests.security.matrix import Row, everyone, private

AGENTS = {"agent": 200, "agent_other": 200}
STAFF = private(staff=200)
ASSIGNED_JURY = private(jury=200, jury_conflict=404)


def proposal(w):
    return {"pk": w.proposal.pk}


def call(w):
    return {"pk": w.challenge_call.pk}


ROWS = {
    "proposals:call_public": Row(everyone(200)),
    "proposals:agent_list": Row(private(**AGENTS)),
    "proposals:agent_create": Row(
        private(agent=302, agent_other=302),
        "post",
        data=lambda w: {"call": w.challenge_call.pk, "organization": w.organization.pk},
    ),
    "proposals:agent_detail": Row(private(agent=200, agent_other=404), kwargs=proposal),
    "proposals:agent_submit": Row(private(agent=302, agent_other=404), "post", kwargs=proposal),
    "proposals:agent_step": Row(
        private(agent=200, agent_other=404),
        kwargs=lambda w: {"pk": w.proposal.pk, "step": "presentation"},
    ),
    "proposals:jury_list": Row(private(jury=200, jury_conflict=200)),
    "proposals:jury_review": Row(ASSIGNED_JURY, kwargs=proposal),
    "proposals:jury_conflict": Row(ASSIGNED_JURY, kwargs=proposal),
    "proposals:staff_call_create": Row(STAFF),
    "proposals:staff_call": Row(STAFF, kwargs=call),
    "proposals:staff_call_edit": Row(STAFF, kwargs=call),
    "proposals:staff_call_csv": Row(STAFF, kwargs=call),
    "proposals:staff_proposal": Row(STAFF, kwargs=proposal),
    "proposals:staff_proposal_assign": Row(
        private(staff=302),
        "post",
        kwargs=proposal,
        data=lambda w: {"reviewers": [w.people["jury"].pk]},
    ),
    "proposals:staff_proposal_transition": Row(
        private(staff=302), "post", kwargs=proposal, data={"to": ProposalState.SELECTED}
    ),
}
