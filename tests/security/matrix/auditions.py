"""Auditions and decisions: a candidate reaches only their own audition (404
otherwise); a jury member only the auditions whose panel they sit on (404 for
another, a declared conflict included); slots, panels and decisions are staff's."""

from eig.applications.models import ApplicationState as S
from eig.auditions.models import AuditionInvitation, Decision
from tests.applications.factories import ApplicationFactory
from tests.auditions.factories import AuditionFactory, AuditionSlotFactory
from tests.factories import ApplicationCallFactory
from tests.security.matrix import Row, private
from tests.security.world import move
from tests.selection.factories import JuryMemberFactory

STAFF = private(staff=200)
STAFF_POST = private(staff=302)
OWNER = private(404, candidate=200)
PANEL = private(jury=200, jury_conflict=404, staff=200)


def extend_world(world):
    """The world's application invited, then its audition before a panel where the
    assigned reviewer sits, and the member in conflict too (as if the conflict
    were declared after the panel was formed: still 404 for them); the same
    candidate laureate of an earlier call."""
    call = world.call
    outside = JuryMemberFactory(call=call, administration=True)
    world.slot = AuditionSlotFactory(
        call=call, panel=[world.jury_member, world.conflict_member, outside]
    )
    world.free_slot = AuditionSlotFactory(call=call)
    AuditionInvitation.objects.create(application=world.application)
    world.audition = AuditionFactory(slot=world.slot, application=world.application)
    earlier = ApplicationCallFactory(cohort=world.cohort, closed=True)
    world.laureate = ApplicationFactory(
        call=earlier,
        candidate=world.people["candidate"],
        submitted=True,
        with_choice__challenge=world.challenge,
    )
    for state in (S.PRESELECTED, S.AUDITION_SCHEDULED, S.AUDITIONED, S.LAUREATE):
        move(world.laureate, state)
    world.decision = Decision.objects.create(application=world.laureate, outcome=S.LAUREATE)


def call(w):
    return {"call_pk": w.call.pk}


def application(w):
    return {"pk": w.application.pk}


def laureate(w):
    return {"pk": w.laureate.pk}


def audition(w):
    return {"pk": w.audition.pk}


ROWS = {
    "auditions:staff_index": Row(STAFF),
    "auditions:staff_slots": Row(STAFF, kwargs=call),
    "auditions:staff_series": Row(STAFF, kwargs=call),
    "auditions:staff_slot_create": Row(STAFF, kwargs=call),
    "auditions:staff_panel": Row(STAFF, kwargs=call),
    "auditions:staff_invite": Row(STAFF_POST, "post", kwargs=call),
    "auditions:staff_slot_edit": Row(STAFF, kwargs=lambda w: {"pk": w.slot.pk}),
    "auditions:staff_slot_delete": Row(STAFF_POST, "post", kwargs=lambda w: {"pk": w.free_slot.pk}),
    "auditions:staff_assign": Row(STAFF, kwargs=application),
    "auditions:staff_cancel": Row(STAFF, kwargs=audition),
    "auditions:staff_decisions": Row(STAFF, kwargs=call),
    "auditions:staff_announce": Row(STAFF, kwargs=call),
    "auditions:staff_call_next": Row(
        STAFF_POST, "post", kwargs=lambda w: {"call_pk": w.call.pk, "challenge_pk": w.challenge.pk}
    ),
    "auditions:staff_waiting_move": Row(
        STAFF_POST, "post", kwargs=lambda w: {"pk": w.decision.pk}, data={"position": "1"}
    ),
    "auditions:staff_decline": Row(STAFF, kwargs=laureate),
    "auditions:book": Row(OWNER, kwargs=application),
    "auditions:candidate_ics": Row(OWNER, kwargs=application),
    "auditions:decline": Row(OWNER, kwargs=laureate),
    "auditions:panel_list": Row(private(jury=200, jury_conflict=200, staff=200)),
    "auditions:panel_detail": Row(PANEL, kwargs=audition),
    "auditions:panel_ics": Row(PANEL, kwargs=audition),
}
