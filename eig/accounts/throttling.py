"""Slow down, then briefly lock, repeated failed logins; never for long.

Three rules, counted over the last `WINDOW` from the database (so they hold
across web processes); the stricter one wins:

* per account *and* address (the e-mail typed, from one address): after
  `PAIR_SLOW_AFTER` failures each new try waits a growing delay (4, 8, 16…
  seconds) after the previous failure; from `PAIR_LOCK_AFTER` failures that
  address may not try that account for `LOCK_DURATION` after the last one.
  A guesser is stopped without locking the owner, who logs in from elsewhere.
* per account (from any address): the same with `ACCOUNT_SLOW_AFTER` and
  `ACCOUNT_LOCK_AFTER`, higher, against a guesser spread over many addresses.
* per address (any account): the same with `ADDRESS_SLOW_AFTER` and
  `ADDRESS_LOCK_AFTER`, higher still, because a whole office may share one
  address.

Every wait is at most `MAX_WAIT` (15 minutes): refused tries are not counted,
so hammering a locked account does not lengthen its lock. A successful login
forgets the account's failures; so does a successful password reset (the
owner's way out of a lock, `login_failures_forget`).

Atomic: the backend first *records* the try as a failure
(`login_attempt_reserve`, one committed INSERT), then counts the failures
*other* than its own, then checks the password. Of N simultaneous tries, the
one committed k-th sees at least k - 1 others, so no more than the limit ever
get a password check, whatever the database (the count runs after the row is
committed; no request-wide transaction, ATOMIC_REQUESTS is off). A refused
try deletes its row; a right password marks it succeeded.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from eig.accounts.models import LoginAttempt

WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
MAX_WAIT = LOCK_DURATION
PAIR_SLOW_AFTER = 3
PAIR_LOCK_AFTER = 5
ACCOUNT_SLOW_AFTER = 10
ACCOUNT_LOCK_AFTER = 20
ADDRESS_SLOW_AFTER = 30
ADDRESS_LOCK_AFTER = 100
KEEP = timedelta(days=1)
# Former names, kept for callers that read them.
IP_SLOW_AFTER = ADDRESS_SLOW_AFTER
IP_LOCK_AFTER = ADDRESS_LOCK_AFTER


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

    def wait_minutes(self, now: datetime) -> int:
        return max(1, (self.wait_seconds(now) + 59) // 60)


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


def _delay(count: int, slow_after: int) -> timedelta:
    """4, 8, 16… seconds from `slow_after` failures, never beyond `MAX_WAIT`."""
    exponent = min(count - slow_after + 2, 20)
    return min(timedelta(seconds=2**exponent), MAX_WAIT)


def _throttle(failures, *, slow_after: int, lock_after: int, now: datetime) -> Throttle:
    figures = failures.aggregate(count=Count("pk"), last=Max("attempted_at"))
    count, last = figures["count"], figures["last"]
    if count >= lock_after:
        retry_at, locked = last + LOCK_DURATION, True
    elif count >= slow_after:
        retry_at, locked = last + _delay(count, slow_after), False
    else:
        return Throttle(allowed=True)
    retry_at = min(retry_at, now + MAX_WAIT)
    if retry_at <= now:
        return Throttle(allowed=True)
    return Throttle(allowed=False, retry_at=retry_at, locked=locked)


def login_throttle(
    *, email: str | None, ip: str | None, now: datetime | None = None, exclude: int | None = None
) -> Throttle:
    """May someone try to log in as `email` from `ip` now? The stricter rule wins.

    `exclude` is the id of the caller's own reserved try, not counted.
    """
    now = now or timezone.now()
    email = _normalise(email)
    since = now - WINDOW
    failures = LoginAttempt.objects.filter(succeeded=False, attempted_at__gt=since)
    if exclude is not None:
        failures = failures.exclude(pk=exclude)
    last_success = LoginAttempt.objects.filter(
        email=email, succeeded=True, attempted_at__gt=since
    ).aggregate(last=Max("attempted_at"))["last"]
    of_account = failures.filter(email=email, attempted_at__gt=max(since, last_success or since))
    rules = [
        _throttle(of_account, slow_after=ACCOUNT_SLOW_AFTER, lock_after=ACCOUNT_LOCK_AFTER, now=now)
    ]
    if ip:
        rules.append(
            _throttle(
                of_account.filter(ip_address=ip),
                slow_after=PAIR_SLOW_AFTER,
                lock_after=PAIR_LOCK_AFTER,
                now=now,
            )
        )
        rules.append(
            _throttle(
                failures.filter(ip_address=ip),
                slow_after=ADDRESS_SLOW_AFTER,
                lock_after=ADDRESS_LOCK_AFTER,
                now=now,
            )
        )
    refused = [t for t in rules if not t.allowed]
    if not refused:
        return Throttle(allowed=True)
    return max(refused, key=lambda t: (t.retry_at, t.locked))


def login_attempt_record(
    *, email: str | None, ip: str | None, succeeded: bool, now: datetime | None = None
) -> LoginAttempt:
    now = now or timezone.now()
    LoginAttempt.objects.filter(attempted_at__lt=now - KEEP).delete()
    return LoginAttempt.objects.create(
        email=_normalise(email), ip_address=ip, succeeded=succeeded, attempted_at=now
    )


def login_attempt_reserve(*, email: str | None, ip: str | None) -> LoginAttempt:
    """Record a try as failed *before* checking it (see the module's docstring)."""
    return login_attempt_record(email=email, ip=ip, succeeded=False)


def login_attempt_succeeded(attempt: LoginAttempt) -> None:
    LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)


def login_failures_forget(*, email: str) -> int:
    """The owner proved they hold the address (password reset): lift the account's locks."""
    return LoginAttempt.objects.filter(email=_normalise(email), succeeded=False).delete()[0]


def login_attempts_forget(*, emails) -> int:
    """Every try typed with these addresses, failed or not: the account is deleted."""
    addresses = {_normalise(email) for email in emails if email}
    return LoginAttempt.objects.filter(email__in=addresses).delete()[0]
