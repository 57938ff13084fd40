"""Sending e-mail: record it, then deliver it from a background task."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from eig.mail.models import Email, EmailState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before attempt n+1 after attempt n failed (seconds); the last one repeats.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


def _render(template: str, context: dict) -> tuple[str, str, str]:
    with translation.override("fr"):
        subject = render_to_string(f"emails/{template}/subject.txt", context)
        text = render_to_string(f"emails/{template}/body.txt", context)
        html = render_to_string(f"emails/{template}/body.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


def mail_send(
    *,
    to: str,
    template: str,
    context: dict | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    about=None,
) -> Email:
    """Render and record an e-mail, and deliver it once the transaction commits.

    `template` names a folder under `templates/emails/` holding `subject.txt`,
    `body.txt` and `body.html`; `context` must be JSON-serialisable (it is
    kept on the record). `attachments` are text files as (filename, mimetype,
    content), kept on the record too. `about` is the person the mail concerns
    (by default the account of the address `to`): deleting their account
    deletes the record.
    """
    from eig.accounts.models import User

    if about is None:
        about = User.objects.filter(email__iexact=to).only("pk").first()
    context = dict(context or {})
    subject, text, html = _render(template, context)
    with transaction.atomic():
        email = Email.objects.create(
            to=to,
            about=about,
            subject=subject,
            template=template,
            context=context,
            body_text=text,
            body_html=html,
            attachments=[
                {"filename": filename, "mimetype": mimetype, "content": content}
                for filename, mimetype, content in attachments or []
            ],
        )
        if _tasks_in_database():
            # The task row commits (or rolls back) with the e-mail: a web process
            # killed just after the commit cannot leave an e-mail with no task.
            _enqueue(email.pk)
        else:
            transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _tasks_in_database() -> bool:
    from django_tasks_db.backend import DatabaseBackend

    from eig.mail.tasks import mail_deliver

    return isinstance(mail_deliver.get_backend(), DatabaseBackend)


def _enqueue(email_id: int, *, delay: timedelta | None = None) -> None:
    from eig.mail.tasks import mail_deliver

    task = mail_deliver
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(email_id)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1])


def mail_deliver_now(*, email_id: int) -> str:
    """Deliver one recorded e-mail; on failure schedule a retry or mark it failed.

    The record is claimed with a conditional UPDATE (queued → sending) so that
    two workers never send the same mail, and no transaction stays open while
    the mail server answers.
    """
    now = timezone.now()
    claimed = Email.objects.filter(pk=email_id, state=EmailState.QUEUED).update(
        state=EmailState.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    email = Email.objects.get(pk=email_id)
    if not claimed:
        return email.state
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except Exception as error:  # any failure of the mail backend: retry later
        email.last_error = f"{type(error).__name__}: {error}"
        if email.attempts >= MAX_ATTEMPTS:
            email.state = EmailState.FAILED
            logger.error("E-mail %s to %s failed for good: %s", email.pk, email.to, error)
        else:
            email.state = EmailState.QUEUED
        email.save(update_fields=["state", "last_error", "updated_at"])
        if email.state == EmailState.QUEUED:
            _enqueue(email.pk, delay=retry_delay(email.attempts))
        return email.state
    email.state = EmailState.SENT
    email.sent_at = timezone.now()
    email.save(update_fields=["state", "sent_at", "updated_at"])
    return email.state


def mail_retry(*, email: Email) -> Email:
    """Queue a failed e-mail again (staff action), with a fresh set of attempts."""
    updated = Email.objects.filter(pk=email.pk, state=EmailState.FAILED).update(
        state=EmailState.QUEUED, attempts=0
    )
    if updated:
        transaction.on_commit(lambda: _enqueue(email.pk))
    email.refresh_from_db()
    return email


# A task worker killed mid-task (SIGKILL, a lost machine) leaves its task
# "running" for ever, and the e-mail it held queued or sending: nobody would
# deliver it. Longer than any delivery takes (EMAIL_TIMEOUT bounds the SMTP talk).
STALE_AFTER = timedelta(minutes=10)
DELIVER_TASK = "eig.mail.tasks.mail_deliver"


def mail_resume(*, stale_after: timedelta = STALE_AFTER, now=None) -> int:
    """Queue again every e-mail that no live task will deliver; returns how many.

    Run by `manage.py mail_resume` (from cron, and when a worker starts). A
    task running for longer than `stale_after` is taken as dead and marked
    failed; an e-mail sending for that long goes back to the queue (at least
    once: the mail server may have taken it just before the worker died);
    an e-mail queued for that long with no task waiting for it is enqueued.
    """
    if not _tasks_in_database():
        return 0
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - stale_after
    tasks = DBTaskResult.objects.filter(task_path=DELIVER_TASK)
    tasks.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="FAILED",
        finished_at=now,
        exception_class_path="eig.mail.services.WorkerLost",
        traceback="The worker running this task stopped before it finished.",
    )
    Email.objects.filter(state=EmailState.SENDING, last_attempt_at__lt=cutoff).update(
        state=EmailState.QUEUED
    )
    waiting = {
        (row["args"] or [None])[0]
        for row in tasks.filter(status__in=["READY", "RUNNING"]).values_list(
            "args_kwargs", flat=True
        )
    }
    resumed = 0
    stranded = Email.objects.filter(state=EmailState.QUEUED, updated_at__lt=cutoff)
    for email_id in stranded.values_list("pk", flat=True).iterator():
        if email_id not in waiting:
            with transaction.atomic():
                _enqueue(email_id)
            resumed += 1
    return resumed
