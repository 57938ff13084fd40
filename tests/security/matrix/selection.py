"""The jury's review of applications: a reviewer reaches only the applications
assigned to them without a declared conflict (404 otherwise, as if they did
not exist); the rest is the programme team's."""

from tests.security.matrix import Row, private
from tests.selection.factories import ReviewAssignmentFactory

STAFF = private(staff=200)
STAFF_POST = private(staff=302)
ASSIGNED = private(jury=200, jury_conflict=404)
JURY = private(jury=200, jury_conflict=200)


def extend_world(world):
    # A second, unscored review the team may take back.
    world.open_review = ReviewAssignmentFactory(application=world.application)


def call(w):
    return {"call_pk": w.call.pk}


def in_call(w):
    return {"call_pk": w.call.pk, "pk": w.application.pk}


def application(w):
    return {"pk": w.application.pk}


ROWS = {
    "selection:staff_index": Row(STAFF),
    "selection:staff_call": Row(STAFF, kwargs=call),
    "selection:staff_jury_add": Row(STAFF, kwargs=call),
    "selection:staff_assignment": Row(STAFF, kwargs=call),
    "selection:staff_ranking": Row(STAFF, kwargs=call),
    "selection:staff_application": Row(STAFF, kwargs=in_call),
    "selection:staff_assignment_add": Row(
        STAFF_POST, "post", kwargs=in_call, data=lambda w: {"member": w.jury_member.pk}
    ),
    "selection:staff_assignment_remove": Row(
        STAFF_POST,
        "post",
        kwargs=lambda w: {**in_call(w), "assignment_pk": w.open_review.pk},
    ),
    "selection:staff_conflict_add": Row(
        STAFF_POST,
        "post",
        kwargs=in_call,
        data=lambda w: {"member": w.jury_member.pk, "reason": "Ancienne collègue."},
    ),
    "selection:staff_note_add": Row(
        STAFF_POST, "post", kwargs=application, data={"body": "Note de l'équipe."}
    ),
    "selection:reviewer_list": Row(JURY),
    "selection:review": Row(ASSIGNED, kwargs=application),
    # The jury member sent their review: they may write to the other reviewers.
    "selection:review_message": Row(
        private(jury=302, jury_conflict=404), "post", kwargs=application, data={"body": "Bonjour"}
    ),
    "selection:conflicts": Row(JURY, kwargs=call),
    # Already declared: the application is no longer offered to declare a conflict with.
    "selection:conflict_declare": Row(ASSIGNED, kwargs=in_call),
}
