"""Writes of the auditions and decisions.

Every state change of an application goes through
`eig.applications.services.application_transition` (which logs it); these
functions add what auditions need around it: slots, bookings that two people
can never win at once (the application row, then the slot row, locked; a
partial unique constraint behind), panels checked for their mix and for
conflicts of interest, e-mails with an `.ics` scheduled on commit, decisions
recorded then announced.
"""

from django.core.exceptions import PermissionDenied

from eig.applications.services import ApplicationError
from eig.auditions.services.booking import (
    TAKEN,
    _check_candidate_may_book,
    _lock_application,
    _take_slot,
    audition_book,
    audition_cancel,
    audition_reschedule,
    invitations_send,
)
from eig.auditions.services.common import (
    AuditionError,
    S,
    _name,
    candidate_notice,
)
from eig.auditions.services.decisions import (
    DECIDABLE,
    DECISION_TEMPLATES,
    _announce_one,
    _decision_mail,
    decisions_announce,
    decisions_record,
    laureate_decline,
    waiting_list_call_next,
    waiting_list_move,
)
from eig.auditions.services.hooks import (
    auditions_anonymise,
    auditions_release,
)
from eig.auditions.services.mails import (
    _mail_context,
    _notify,
    _notify_member,
    _panel,
)
from eig.auditions.services.panels import (
    panel_set,
    panel_withdraw_in_conflict,
)
from eig.auditions.services.results import (
    audition_record,
    is_panel_member,
)
from eig.auditions.services.slots import (
    _check_slot_fields,
    paris_aware,
    slot_create,
    slot_delete,
    slot_update,
    slots_create_series,
)

__all__ = [
    "AuditionError",
    "DECIDABLE",
    "DECISION_TEMPLATES",
    "ApplicationError",
    "PermissionDenied",
    "S",
    "TAKEN",
    "_announce_one",
    "_check_candidate_may_book",
    "_check_slot_fields",
    "_decision_mail",
    "_lock_application",
    "_mail_context",
    "_name",
    "_notify",
    "_notify_member",
    "_panel",
    "_take_slot",
    "audition_book",
    "audition_cancel",
    "audition_record",
    "audition_reschedule",
    "auditions_anonymise",
    "auditions_release",
    "candidate_notice",
    "decisions_announce",
    "decisions_record",
    "invitations_send",
    "is_panel_member",
    "laureate_decline",
    "panel_set",
    "panel_withdraw_in_conflict",
    "paris_aware",
    "slot_create",
    "slot_delete",
    "slot_update",
    "slots_create_series",
    "waiting_list_call_next",
    "waiting_list_move",
]
