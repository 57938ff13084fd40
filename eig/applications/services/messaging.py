"""The messages between a candidate and the team."""

from datetime import datetime
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationMessage,
    DocumentKind,
)
from eig.applications.selectors import team_addresses
from eig.applications.services.applying import _clean_name, _store_pdf
from eig.applications.services.scope import ApplicationError
from eig.applications.storage import private_storage
from eig.core.links import absolute_url
from eig.mail.services import mail_send


def message_post(
    *,
    application: Application,
    by: User,
    body: str,
    attachment: IO[bytes] | None = None,
    attachment_name: str = "",
    now: datetime | None = None,
) -> ApplicationMessage:
    """A message of the thread, from the candidate or the team; the other side is told.

    Allowed whatever the state and the deadline: it changes nothing of the
    application itself. An attachment follows the CV's rules.
    """
    now = now or timezone.now()
    from_team = bool(by.is_staff)
    if not from_team and application.candidate_id != by.pk:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ApplicationError(_("Écrivez votre message."))
    name = None
    info = None
    if attachment is not None:
        name, info = _store_pdf(attachment, attachment_name)
    try:
        with transaction.atomic():
            message = ApplicationMessage.objects.create(
                application=application, author=by, from_team=from_team, body=body, created_at=now
            )
            if name:
                ApplicationDocument.objects.create(
                    application=application,
                    message=message,
                    kind=DocumentKind.ATTACHMENT,
                    file=name,
                    original_name=_clean_name(attachment_name),
                    size=info.size,
                    sha256=info.sha256,
                    pages=info.pages,
                    uploaded_by=by,
                    uploaded_at=now,
                )
            _notify_message(application, message)
    except BaseException:
        if name:
            private_storage.delete(name)
        raise
    return message


def _notify_message(application: Application, message: ApplicationMessage):
    call = application.call
    context = {
        "candidate": str(application),
        "call": call.title,
        "body": message.body,
        "attachment": bool(message.attachments.exists()) if message.pk else False,
    }
    if message.from_team:
        context["url"] = absolute_url("applications:messages", pk=application.pk)
        mail_send(
            to=application.candidate.email,
            template="applications/message_to_candidate",
            context=context,
        )
        return
    context["url"] = absolute_url("applications:staff_detail", pk=application.pk)
    for address in team_addresses(call):
        mail_send(
            to=address,
            template="applications/message_to_team",
            context=context,
            about=application.candidate,
        )


def applications_bulk_message(
    *, applications, by: User, body: str, now: datetime | None = None
) -> int:
    """Staff: the same message to each application's thread (each candidate told)."""
    if not by.is_staff:
        raise PermissionDenied
    count = 0
    for application in applications:
        message_post(application=application, by=by, body=body, now=now)
        count += 1
    return count
