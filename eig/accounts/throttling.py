"""Slow down, then lock, repeated failed logins per account and per address.

Rules (counted over the last `WINDOW`, from the database so they hold across
web processes):

* per account (the e-mail typed): after `ACCOUNT_SLOW_AFTER` failures each new
  try must wait a growing delay (2, 4, 8… seconds) after the previous failure;
  from `ACCOUNT_LOCK_AFTER` failures the account is locked for `LOCK_DURATION`
  after the last one. A successful login resets the account's count.
* per IP address (any account): the same with `IP_SLOW_AFTER` and
  `IP_LOCK_AFTER`, higher because several people may share an address.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from eig.accounts.models import LoginAttempt

WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
ACCOUNT_SLOW_AFTER = 3
ACCOUNT_LOCK_AFTER = 5
IP_SLOW_AFTER = 10
IP_LOCK_AFTER = 30
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Throttle:
    """Whether a login may be tried now, and if not until when."""

    allowed: bool
    retry_at: datetime | None = None
    locked: bool = False

    def wait_seconds(self, now: datetime) -> int:
        if self.retry_at is None:
            return 0
        return max(1, int((self.retry_at - now).total_seconds() + 0.999))


def client_ip(request) -> str | None:
    """The client address, trusting `EIG_PROXY_COUNT` proxies in front of us."""
    if request is None:
        return None
    proxies = getattr(settings, "EIG_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _normalise(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def _throttle(failures, *, slow_after: int, lock_after: int, now: datetime) -> Throttle:
    figures = failures.aggregate(count=Count("pk"), last=Max("attempted_at"))
    count, last = figures["count"], figures["last"]
    if count >= lock_after:
        retry_at, locked = last + LOCK_DURATION, True
    elif count >= slow_after:
        retry_at, locked = last + timedelta(seconds=2 ** (count - 1)), False
    else:
        return Throttle(allowed=True)
    if retry_at <= now:
        return Throttle(allowed=True)
    return Throttle(allowed=False, retry_at=retry_at, locked=locked)


def login_throttle(*, email: str | None, ip: str | None, now: datetime | None = None) -> Throttle:
    """May someone try to log in as `email` from `ip` now? The stricter rule wins."""
    now = now or timezone.now()
    email = _normalise(email)
    since = now - WINDOW
    last_success = LoginAttempt.objects.filter(
        email=email, succeeded=True, attempted_at__gt=since
    ).aggregate(last=Max("attempted_at"))["last"]
    account = _throttle(
        LoginAttempt.objects.filter(
            email=email, succeeded=False, attempted_at__gt=max(since, last_success or since)
        ),
        slow_after=ACCOUNT_SLOW_AFTER,
        lock_after=ACCOUNT_LOCK_AFTER,
        now=now,
    )
    address = Throttle(allowed=True)
    if ip:
        address = _throttle(
            LoginAttempt.objects.filter(ip_address=ip, succeeded=False, attempted_at__gt=since),
            slow_after=IP_SLOW_AFTER,
            lock_after=IP_LOCK_AFTER,
            now=now,
        )
    refused = [t for t in (account, address) if not t.allowed]
    if not refused:
        return Throttle(allowed=True)
    return max(refused, key=lambda t: t.retry_at)


def login_attempt_record(
    *, email: str | None, ip: str | None, succeeded: bool, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    LoginAttempt.objects.filter(attempted_at__lt=now - KEEP).delete()
    LoginAttempt.objects.create(
        email=_normalise(email), ip_address=ip, succeeded=succeeded, attempted_at=now
    )
