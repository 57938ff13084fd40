from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from eig.accounts.throttling import (
    client_ip,
    login_attempt_reserve,
    login_attempt_succeeded,
    login_throttle,
)


class ThrottledModelBackend(ModelBackend):
    """Django's e-mail/password check, refused while the account or the client
    address is slowed down or locked; every try is recorded.

    Covers every login form (ours and the Django admin's); our login form also
    asks `login_throttle` first to show *why* a try is refused, and reads
    `request.login_throttle` when a simultaneous try got there first.

    The try is recorded before it is counted and checked, so that simultaneous
    tries cannot all pass the count (eig/accounts/throttling.py).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_ip(request)
        attempt = login_attempt_reserve(email=username, ip=ip)
        throttle = login_throttle(email=username, ip=ip, exclude=attempt.pk)
        if not throttle.allowed:
            attempt.delete()
            if request is not None:
                request.login_throttle = throttle
            raise PermissionDenied  # stops authenticate() for every backend
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            login_attempt_succeeded(attempt)
        return user
