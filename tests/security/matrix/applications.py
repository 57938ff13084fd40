"""The call for applications: a candidate never reaches another's application
or CV (404, as if it did not exist); jury, agents, mentors and fellows see
nothing of it here."""

from tests.security.matrix import LOGGED_IN, Row, everyone, logged_in, private

OWNER_ONLY = private(404, candidate=200)
STAFF = private(staff=200)


def application(w):
    return {"pk": w.application.pk}


ROWS = {
    "applications:candidature": Row(everyone(200)),
    "applications:privacy": Row(everyone(200)),
    "applications:space": Row(logged_in(200)),
    # Anyone logged in may start an application (they become a candidate).
    "applications:start": Row(
        private(**dict.fromkeys(LOGGED_IN, 302)),
        "post",
        kwargs=lambda w: {"call_pk": w.call.pk},
    ),
    "applications:data_export": Row(logged_in(200)),
    "applications:account_delete": Row(private(candidate=200, other_candidate=200)),
    # The current CV: also its reviewer without a conflict (each view audited).
    "applications:document": Row(
        private(404, candidate=200, jury=200, staff=200),
        kwargs=lambda w: {"public_id": w.document.public_id},
    ),
    "applications:detail": Row(OWNER_ONLY, kwargs=application),
    # Already submitted: the owner is sent back to it with a message.
    "applications:submit": Row(private(404, candidate=302), "post", kwargs=application),
    "applications:withdraw": Row(OWNER_ONLY, kwargs=application),
    "applications:messages": Row(OWNER_ONLY, kwargs=application),
    "applications:step": Row(
        OWNER_ONLY, kwargs=lambda w: {"pk": w.application.pk, "step": "identite"}
    ),
    "applications:staff_list": Row(STAFF),
    "applications:staff_export_csv": Row(STAFF),
    "applications:staff_export_xlsx": Row(STAFF),
    "applications:staff_calls": Row(STAFF),
    "applications:staff_call_create": Row(STAFF),
    "applications:staff_call_edit": Row(STAFF, kwargs=lambda w: {"pk": w.call.pk}),
    "applications:staff_detail": Row(STAFF, kwargs=application),
    "applications:staff_audit_log": Row(STAFF, kwargs=application),
    "applications:staff_transition": Row(
        private(staff=302), "post", kwargs=application, data={"to": "withdrawn"}
    ),
}
