"""The retention purge: delete or anonymise what is past its period.

One function per kind (see retention.KINDS), each idempotent: a second run
finds nothing left to do. Work goes in batches of BATCH rows, each in its own
transaction, with files removed from storage once the batch is committed.
`purge_personal_data()` runs them all, writes one `AuditAction.PURGE` event per
kind with its count (not in a dry run), and returns the counts.

Other apps holding personal data about applications (reviews, audition
notes…) register a function with `register_application_anonymiser`: it gets
the ids of the applications being anonymised, in the same transaction.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from eig.accounts.models import LoginAttempt
from eig.applications.models import (
    Application,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationRevision,
    ApplicationState,
    ApplicationTransition,
    DocumentKind,
)
from eig.applications.storage import private_storage
from eig.audit.models import AuditAction, AuditEvent
from eig.audit.services import audit_anonymise, audit_record
from eig.mail.models import Email, EmailState
from eig.privacy.retention import KEYS, retention_days
from eig.security.models import RateLimitHit

BATCH = 500
# Applications whose selection is over without the candidate joining the
# programme (or left unfinished: by then the selection is long over).
UNSUCCESSFUL = [
    state
    for state in ApplicationState
    if state not in (ApplicationState.DRAFT, ApplicationState.LAUREATE)
]
# Free-text and identity fields of an application, emptied by the anonymisation.
PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "city": "",
    "experience": "",
    "skills": "",
    "general_interest": "",
    "code_url": "",
    "portfolio_url": "",
    "linkedin_url": "",
    "other_url": "",
    "availability_comment": "",
    "search_document": "",
}
DONE_EMAIL_STATES = (EmailState.SENT, EmailState.FAILED)
DOCUMENT_TYPE = ApplicationDocument._meta.label_lower

Progress = Callable[[str, int, int], None]
_application_anonymisers: list[Callable[[list[int]], None]] = []


def register_application_anonymiser(function: Callable[[list[int]], None]) -> None:
    """`function(application_ids)` empties what its app holds about those applications."""
    if function not in _application_anonymisers:
        _application_anonymisers.append(function)


@dataclass
class PurgeReport:
    dry_run: bool
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)
    cutoffs: dict[str, datetime] = field(default_factory=dict)


def _cutoff(key: str, now: datetime) -> datetime:
    return now - timedelta(days=retention_days(key))


def _batches(ids: list, progress: Progress | None, key: str):
    total = len(ids)
    for start in range(0, total, BATCH):
        yield ids[start : start + BATCH]
        if progress is not None:
            progress(key, min(start + BATCH, total), total)


def _delete_files_on_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            with contextlib.suppress(OSError):
                private_storage.delete(name)

    transaction.on_commit(delete)


def _delete_documents(documents) -> int:
    """Delete these documents' rows, then (once committed) their files."""
    names = [name for name in documents.values_list("file", flat=True) if name]
    count = documents.count()
    documents.delete()
    _delete_files_on_commit(names)
    return count


def _last_contact():
    """When the candidate last heard from the selection: the call's closing,
    the last change of state, or the last message, whichever is latest."""
    return Greatest(
        "call__closes_at",
        Coalesce(Max("transitions__at"), "call__closes_at"),
        Coalesce(Max("messages__created_at"), "call__closes_at"),
    )


# --- Each kind ---------------------------------------------------------------------


def purge_draft_applications(*, now, dry_run=False, progress=None) -> int:
    """Applications never submitted, once the call closed `draft_applications` days ago."""
    key = "draft_applications"
    ids = list(
        Application.objects.filter(
            state=ApplicationState.DRAFT, call__closes_at__lt=_cutoff(key, now)
        ).values_list("pk", flat=True)
    )
    if dry_run:
        return len(ids)
    for batch in _batches(ids, progress, key):
        with transaction.atomic():
            _delete_documents(ApplicationDocument.objects.filter(application_id__in=batch))
            Application.objects.filter(pk__in=batch, state=ApplicationState.DRAFT).delete()
        audit_anonymise(application_ids=batch)
    return len(ids)


def _unsuccessful_past(key: str, now: datetime):
    return (
        Application.objects.filter(state__in=UNSUCCESSFUL)
        .alias(last_contact=_last_contact())
        .filter(last_contact__lt=_cutoff(key, now))
    )


def purge_cvs(*, now, dry_run=False, progress=None) -> int:
    """Files of unsuccessful applications `cvs` days after the last contact, and
    CVs replaced by a newer one `cvs` days ago."""
    key = "cvs"
    unsuccessful = _unsuccessful_past(key, now).values("pk")
    documents = ApplicationDocument.objects.filter(
        Q(application__in=unsuccessful) | Q(kind=DocumentKind.CV, replaced_at__lt=_cutoff(key, now))
    )
    ids = list(documents.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    for batch in _batches(ids, progress, key):
        with transaction.atomic():
            _delete_documents(ApplicationDocument.objects.filter(pk__in=batch))
        audit_anonymise(targets=[(DOCUMENT_TYPE, pk) for pk in batch])
    return len(ids)


def purge_unsuccessful_applications(*, now, dry_run=False, progress=None) -> int:
    """Anonymise unsuccessful applications `unsuccessful_applications` days
    after the last contact: identity, contact, texts, messages, history and
    files go; the state, profile, défis chosen and dates stay (statistics)."""
    key = "unsuccessful_applications"
    still_personal = (
        ~Q(**PERSONAL_FIELDS)
        | Q(documents__isnull=False)
        | Q(messages__isnull=False)
        | Q(revisions__isnull=False)
        | Q(choices__motivation__gt="")
        | Q(transitions__comment__gt="")
    )
    ids = list(
        _unsuccessful_past(key, now)
        .filter(pk__in=Application.objects.filter(still_personal).values("pk"))
        .values_list("pk", flat=True)
        .distinct()
    )
    if dry_run:
        return len(ids)
    for batch in _batches(ids, progress, key):
        with transaction.atomic():
            _delete_documents(ApplicationDocument.objects.filter(application_id__in=batch))
            ApplicationMessage.objects.filter(application_id__in=batch).delete()
            ApplicationRevision.objects.filter(application_id__in=batch).delete()
            ApplicationChoice.objects.filter(application_id__in=batch).update(motivation="")
            ApplicationTransition.objects.filter(application_id__in=batch).update(comment="")
            Application.objects.filter(pk__in=batch).update(**PERSONAL_FIELDS)
            for anonymise in _application_anonymisers:
                anonymise(batch)
        # The log may be in a database of its own: after the batch, on its alias.
        audit_anonymise(application_ids=batch)
    return len(ids)


def purge_event_registrations(*, now, dry_run=False, progress=None) -> int:
    """Registrations (name, address) `event_registrations` days after their event."""
    from eig.events.models import Registration

    cutoff = _cutoff("event_registrations", now)
    registrations = Registration.objects.alias(
        over=Coalesce("event__ends_at", "event__starts_at")
    ).filter(over__lt=cutoff)
    if dry_run:
        return registrations.count()
    return registrations.delete()[0]


def purge_login_attempts(*, now, dry_run=False, progress=None) -> int:
    cutoff = _cutoff("login_attempts", now)
    attempts = LoginAttempt.objects.filter(attempted_at__lt=cutoff)
    hits = RateLimitHit.objects.filter(at__lt=cutoff)
    count = attempts.count() + hits.count()
    if not dry_run:
        attempts.delete()
        hits.delete()
    return count


def purge_email_bodies(*, now, dry_run=False, progress=None) -> int:
    """Empty what sent (or failed) e-mails said; keep to whom, the subject and when."""
    emails = Email.objects.filter(
        created_at__lt=_cutoff("email_bodies", now), state__in=DONE_EMAIL_STATES
    ).filter(~Q(body_text="", body_html="", context={}, attachments=[]))
    ids = list(emails.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    for batch in _batches(ids, progress, "email_bodies"):
        Email.objects.filter(pk__in=batch).update(
            body_text="", body_html="", context={}, attachments=[]
        )
    return len(ids)


def purge_emails(*, now, dry_run=False, progress=None) -> int:
    emails = Email.objects.filter(
        created_at__lt=_cutoff("emails", now), state__in=DONE_EMAIL_STATES
    )
    if dry_run:
        return emails.count()
    return emails.delete()[0]


def purge_audit_log(*, now, dry_run=False, progress=None) -> int:
    cutoff = _cutoff("audit_log", now)
    if dry_run:
        return AuditEvent.objects.filter(at__lt=cutoff).count()
    return AuditEvent.objects.purge_before(cutoff)


# In this order: files before the anonymisation that would find them anyway.
PURGES = {
    "draft_applications": purge_draft_applications,
    "cvs": purge_cvs,
    "unsuccessful_applications": purge_unsuccessful_applications,
    "event_registrations": purge_event_registrations,
    "login_attempts": purge_login_attempts,
    "email_bodies": purge_email_bodies,
    "emails": purge_emails,
    "audit_log": purge_audit_log,
}
assert set(PURGES) == set(KEYS), "every kind of retention.KINDS has its purge"


def purge_personal_data(
    *, dry_run: bool = False, now: datetime | None = None, progress: Progress | None = None
) -> PurgeReport:
    """Run every purge; log one PURGE event per kind (except in a dry run)."""
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run, now=now)
    for key, purge in PURGES.items():
        count = purge(now=now, dry_run=dry_run, progress=progress)
        report.counts[key] = count
        report.cutoffs[key] = _cutoff(key, now)
        if not dry_run:
            audit_record(
                actor=None,
                action=AuditAction.PURGE,
                target=("privacy.retention", key),
                detail={
                    "count": count,
                    "retention_days": retention_days(key),
                    "before": report.cutoffs[key].isoformat(),
                },
            )
    return report
