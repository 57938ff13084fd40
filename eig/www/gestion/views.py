from django.shortcuts import render

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.proposals import selectors as proposals
from eig.proposals.models import ProposalState


@role_required(Role.STAFF)
def home(request):
    """Staff: the back office's home, with the calls' proposals by state and
    the budgets per cohort."""
    calls = list(proposals.staff_calls())
    counts = proposals.calls_state_counts(calls)
    rows = [
        {
            "call": call,
            "by_state": [(s, counts.get(call.pk, {}).get(s.value, 0)) for s in ProposalState],
        }
        for call in calls
    ]
    return render(
        request,
        "proposals/staff_dashboard.html",
        {
            "rows": rows,
            "states": list(ProposalState),
            "cohort_budgets": proposals.cohort_budgets(),
        },
    )
