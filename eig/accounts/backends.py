from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from eig.accounts.throttling import client_ip, login_attempt_record, login_throttle


class ThrottledModelBackend(ModelBackend):
    """Django's e-mail/password check, refused while the account or the client
    address is slowed down or locked; every try is recorded.

    Covers every login form (ours and the Django admin's); our login form also
    asks `login_throttle` first to show *why* a try is refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.user_model().USERNAME_FIELD)
        ip = client_ip(request)
        if not login_throttle(email=username, ip=ip).allowed:
            raise PermissionDenied  # stops authenticate() for every backend
        user = super().authenticate(request, username=username, password=password, **kwargs)
        login_attempt_record(email=username, ip=ip, succeeded=user is not None)
        return user
