"""The refused action, the deadline and scope checks, and the helpers every write shares."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationRevision,
    ApplicationState,
)
from eig.applications.selectors import build_search_document
from eig.applications.workflow import EDITABLE
from eig.core.dates import paris_datetime


class ApplicationError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_call_open(call: ApplicationCall, now: datetime) -> None:
    """Raise unless `now` is within the call: from opening, until the deadline excluded."""
    if now < call.opens_at:
        raise ApplicationError(
            _("L'appel « %(call)s » ouvre le %(date)s (heure de Paris).")
            % {"call": call.title, "date": paris_datetime(call.opens_at)}
        )
    if now >= call.closes_at:
        raise ApplicationError(
            _(
                "L'appel à candidatures est clos depuis le %(date)s (heure de Paris) : la "
                "candidature ne peut plus être déposée ni modifiée. Votre brouillon est conservé."
            )
            % {"date": paris_datetime(call.closes_at)}
        )


def check_call_closed(call: ApplicationCall, now: datetime) -> None:
    """Raise while the call still takes applications: selection work waits for its close."""
    if now < call.closes_at:
        raise ApplicationError(
            _(
                "L'appel « %(call)s » reste ouvert aux candidatures jusqu'au %(date)s (heure "
                "de Paris) : la pré-sélection, les auditions et les décisions commencent à "
                "sa clôture."
            )
            % {"call": call.title, "date": paris_datetime(call.closes_at)}
        )


def _check_owner(application: Application, by: User) -> None:
    if application.candidate_id != by.pk:
        raise PermissionDenied


def check_editable(*, application: Application, by: User, now: datetime | None = None) -> None:
    """Raise unless `by` may change the application now (owner, state, deadline)."""
    _check_owner(application, by)
    if application.state not in EDITABLE:
        raise ApplicationError(
            _("Cette candidature est « %(state)s » : elle ne peut plus être modifiée.")
            % {"state": application.get_state_display()}
        )
    check_call_open(application.call, now or timezone.now())


def _locked(application: Application) -> Application:
    """The row, locked until the transaction ends (PostgreSQL; SQLite writes one at a time)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.call = application.call
    return locked


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _record_changes(application: Application, by: User, section: str, changes: dict, now) -> None:
    """Corrections after submission are kept; a draft's edits are not history."""
    if changes and application.state != ApplicationState.DRAFT:
        ApplicationRevision.objects.create(
            application=application, section=section, changes=changes, by=by, at=now
        )


def refresh_search_document(application: Application) -> None:
    """Rebuild the folded text the team's search reads (after each change)."""
    choices = ApplicationChoice.objects.filter(application=application).select_related("challenge")
    document = build_search_document(application, choices)
    Application.objects.filter(pk=application.pk).update(search_document=document)
    application.search_document = document
