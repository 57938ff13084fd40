"""Writes of the call for applications: calls, applications, their lifecycle,
documents, messages, and the candidate's personal data."""

from eig.applications.services.applying import (
    _clean_name,
    _delete_files_on_commit,
    _store_pdf,
    application_choices_save,
    application_cv_upload,
    application_start,
    application_update,
)
from eig.applications.services.calls import (
    _check_call_fields,
    _check_challenges_published,
    application_call_open,
    application_call_update,
)
from eig.applications.services.lifecycle import (
    _actors,
    _after_transition,
    _check_complete,
    _elsewhere,
    application_submit,
    application_transition,
    application_withdraw,
    applications_bulk_transition,
)
from eig.applications.services.messaging import (
    _notify_message,
    applications_bulk_message,
    message_post,
)
from eig.applications.services.personal_data import (
    _registrations_delete,
    candidate_account_delete,
)
from eig.applications.services.scope import (
    ApplicationError,
    _check_owner,
    _json_value,
    _locked,
    _record_changes,
    check_call_closed,
    check_call_open,
    check_editable,
    refresh_search_document,
)

__all__ = [
    "ApplicationError",
    "_actors",
    "_after_transition",
    "_check_call_fields",
    "_check_challenges_published",
    "_check_complete",
    "_check_owner",
    "_clean_name",
    "_delete_files_on_commit",
    "_elsewhere",
    "_json_value",
    "_locked",
    "_notify_message",
    "_record_changes",
    "_registrations_delete",
    "_store_pdf",
    "application_call_open",
    "application_call_update",
    "application_choices_save",
    "application_cv_upload",
    "application_start",
    "application_submit",
    "application_transition",
    "application_update",
    "application_withdraw",
    "applications_bulk_message",
    "applications_bulk_transition",
    "candidate_account_delete",
    "check_call_closed",
    "check_call_open",
    "check_editable",
    "message_post",
    "refresh_search_document",
]
