"""Who may use a view: every view is wrapped in one of these decorators.

`role_required(Role.STAFF)`: anonymous visitors are sent to the login page, a
logged-in person without any of the roles gets 403. Object-level scoping is
the queryset's job (`Proposal.objects.for_agent(user)`), so that a leak needs
two mistakes.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from eig.accounts.models import Role
from eig.accounts.selectors import user_has_role


def role_required(*roles: Role):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator


def login_required(view):
    """Any logged-in person, whatever their roles."""
    return role_required()(view)


def public(view):
    """Anyone, logged in or not (marks the view as reviewed)."""
    view.allowed_roles = None
    return view
