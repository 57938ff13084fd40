"""Signed, expiring, single-use links sent by e-mail.

Each token carries the user id and a fingerprint of the account state it is
meant to change (the e-mail address, the password hash, the confirmation
date): once used, the state changes and the same link no longer works.
"""

from datetime import timedelta

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from eig.accounts.models import User

EMAIL_CONFIRMATION_MAX_AGE = timedelta(days=3)
EMAIL_CHANGE_MAX_AGE = timedelta(days=1)
INVITATION_MAX_AGE = timedelta(days=14)


class TokenError(Exception):
    """The link is malformed, expired or already used."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _fingerprint(user: User, purpose: str) -> str:
    state = f"{user.pk}|{user.email}|{user.password}|{user.email_confirmed_at}"
    return salted_hmac(f"eig.accounts.{purpose}", state).hexdigest()[:20]


def make_token(user: User, purpose: str, **extra) -> str:
    payload = {"u": user.pk, "f": _fingerprint(user, purpose), **extra}
    return signing.dumps(payload, salt=f"eig.accounts.{purpose}", compress=True)


def read_token(token: str, purpose: str, max_age: timedelta) -> tuple[User, dict]:
    """The user and payload of a valid token; TokenError otherwise."""
    try:
        payload = signing.loads(token, salt=f"eig.accounts.{purpose}", max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenError(expired=True) from error
    except signing.BadSignature as error:
        raise TokenError() from error
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(payload.get("f", ""), _fingerprint(user, purpose)):
        raise TokenError()
    return user, payload
