from django.shortcuts import render

from eig.accounts.models import Role
from eig.accounts.permissions import login_required
from eig.accounts.selectors import agent_grants, user_roles
from eig.proposals.selectors import space_summary
from eig.selection.selectors import reviewer_progress


@login_required
def home(request):
    """Logged-in: the personal space, one section per role held."""
    roles = user_roles(request.user)
    context = {
        "roles": roles,
        "Role": {role.name: role.value for role in Role},
        "role_labels": [role.label for role in Role if role in roles],
        "agent_grants": list(agent_grants(request.user)) if Role.AGENT in roles else [],
        "summary": space_summary(request.user, roles),
    }
    if Role.JURY in roles:
        context["reviewer_progress"] = reviewer_progress(request.user)
    return render(request, "accounts/space.html", context)
