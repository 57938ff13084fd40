"""Rate limits on the actions worth abusing: sign-up, password reset, submission,
messages on an application.

Each action ("scope") has limits per client address and per account, from
`settings.EIG_RATE_LIMITS` ({scope: {"ip": (count, seconds), "account": …}},
set from the environment, see eig/settings.py and docs/security.md). A
request is counted when it is allowed; once `count` requests of a key fall
within the last `seconds`, the next is refused until the oldest leaves the
window. Counted in the database, so that the limits hold across web
processes. Log-in has its own, finer rules (eig/accounts/throttling.py).

Views call `rate_limit()` before acting and, when refused, show their form
again as typed with `refusal.message` and the status 429.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import ngettext

from eig.accounts.throttling import client_ip
from eig.security.models import RateLimitHit

SIGN_UP = "sign_up"
PASSWORD_RESET = "password_reset"
SUBMIT = "application_submit"
MESSAGE = "application_message"


@dataclass(frozen=True)
class Refusal:
    """A request refused: until when, and what to tell the person."""

    retry_at: datetime
    now: datetime

    @property
    def wait_seconds(self) -> int:
        return max(1, math.ceil((self.retry_at - self.now).total_seconds()))

    @property
    def wait_minutes(self) -> int:
        return max(1, math.ceil(self.wait_seconds / 60))

    @property
    def message(self) -> str:
        minutes = self.wait_minutes
        return ngettext(
            "Trop de tentatives, réessayez dans %(minutes)d minute.",
            "Trop de tentatives, réessayez dans %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.wait_seconds)}


def _limits(scope: str) -> dict[str, tuple[int, int]]:
    if not getattr(settings, "EIG_RATE_LIMITS_ENABLED", True):
        return {}
    return settings.EIG_RATE_LIMITS.get(scope, {})


def _account_key(account) -> str | None:
    if account is None:
        return None
    if getattr(account, "pk", None) is not None:
        return f"account:{account.pk}"
    text = str(account).strip().lower()[:254]
    return f"account:{text}" if text else None


def rate_limit(request, scope: str, *, account=None, now: datetime | None = None) -> Refusal | None:
    """Count this request for `scope`, or refuse it (nothing counted) if a limit is reached.

    `account` is a user, or what identifies the account asked for (an e-mail
    address typed): it is limited as well as the client's address.
    """
    limits = _limits(scope)
    if not limits:
        return None
    now = now or timezone.now()
    keys = {}
    ip = client_ip(request)
    if ip and "ip" in limits:
        keys[f"ip:{ip}"] = limits["ip"]
    account_key = _account_key(account)
    if account_key and "account" in limits:
        keys[account_key] = limits["account"]
    refusals = []
    for key, (count, seconds) in keys.items():
        since = now - timedelta(seconds=seconds)
        figures = RateLimitHit.objects.filter(scope=scope, key=key, at__gt=since).aggregate(
            count=Count("pk"), first=Min("at")
        )
        if figures["count"] >= count:
            # The oldest hits leave the window one by one: wait for enough of them.
            oldest = list(
                RateLimitHit.objects.filter(scope=scope, key=key, at__gt=since)
                .order_by("at")
                .values_list("at", flat=True)[: figures["count"] - count + 1]
            )
            refusals.append(Refusal(retry_at=oldest[-1] + timedelta(seconds=seconds), now=now))
    if refusals:
        return max(refusals, key=lambda refusal: refusal.retry_at)
    longest = max(seconds for _count, seconds in limits.values())
    RateLimitHit.objects.filter(scope=scope, at__lt=now - timedelta(seconds=longest)).delete()
    RateLimitHit.objects.bulk_create([RateLimitHit(scope=scope, key=key, at=now) for key in keys])
    return None


def rate_limit_hits_delete_expired(*, now: datetime | None = None) -> int:
    """Delete every hit older than the longest window of its scope (the purge)."""
    now = now or timezone.now()
    deleted = 0
    scopes = set(RateLimitHit.objects.values_list("scope", flat=True).distinct())
    for scope in scopes:
        limits = settings.EIG_RATE_LIMITS.get(scope, {})
        longest = max((seconds for _count, seconds in limits.values()), default=0)
        deleted += RateLimitHit.objects.filter(
            scope=scope, at__lt=now - timedelta(seconds=longest)
        ).delete()[0]
    return deleted


def rate_limit_hits_forget(*, accounts) -> int:
    """Delete the hits counted for these accounts (users or addresses typed):
    their keys name the person, whose account is being deleted."""
    keys = {key for key in (_account_key(account) for account in accounts) if key}
    return RateLimitHit.objects.filter(key__in=keys).delete()[0]
