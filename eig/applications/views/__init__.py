"""Views of the call for applications: its public pages, the candidate's space, the team's.

The views of each module are re-exported here: `eig.applications.urls` reads
them as `views.name`.
"""

from eig.applications.views.candidates import (
    _detail_context,
    _initial,
    _own_application,
    _post_message,
    _save_step,
    _step_form,
    _with_refusal,
    account_delete,
    data_export,
    detail,
    document,
    space,
    start,
    step,
    submit,
    thread,
    withdraw,
)
from eig.applications.views.public import (
    candidature,
    privacy,
)
from eig.applications.views.staff import (
    CappedPaginator,
    _capped_page,
    _export_audited,
    _staff_application,
    _staff_bulk,
    _staff_filters,
    staff_audit_log,
    staff_call_create,
    staff_call_edit,
    staff_calls,
    staff_detail,
    staff_export_csv,
    staff_export_xlsx,
    staff_list,
    staff_transition,
)
from eig.applications.views.uploads import (
    _too_large,
    limited_uploads,
)

__all__ = [
    "CappedPaginator",
    "_capped_page",
    "_detail_context",
    "_export_audited",
    "_initial",
    "_own_application",
    "_post_message",
    "_save_step",
    "_staff_application",
    "_staff_bulk",
    "_staff_filters",
    "_step_form",
    "_too_large",
    "_with_refusal",
    "account_delete",
    "candidature",
    "data_export",
    "detail",
    "document",
    "limited_uploads",
    "privacy",
    "space",
    "staff_audit_log",
    "staff_call_create",
    "staff_call_edit",
    "staff_calls",
    "staff_detail",
    "staff_export_csv",
    "staff_export_xlsx",
    "staff_list",
    "staff_transition",
    "start",
    "step",
    "submit",
    "thread",
    "withdraw",
]
