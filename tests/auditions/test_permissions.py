"""Who may use every view of the auditions and decisions: one table, every
view × every persona. A candidate reaches only their own audition (404
otherwise); a jury member reaches only the auditions whose panel they sit
on (404 for any other, a declared conflict included); the rest is staff's."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.applications.models import ApplicationState as S
from eig.auditions.models import Decision
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.auditions.factories import (
    AuditionFactory,
    AuditionSlotFactory,
    move,
    preselected_application,
)
from tests.factories import ApplicationCallFactory
from tests.selection.factories import ConflictFactory, JuryMemberFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "owner",  # the candidate whose audition it is
    "other_candidate",
    "agent",
    "jury_panel",  # sits on the audition's panel
    "jury_other",  # on the call's jury, not on this panel, with a declared conflict
    "mentor",
    "fellow",
    "staff",
]
LOGIN = "login"


def expect(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def private(allowed: dict, *, others=403):
    return expect(others, anonymous=LOGIN, **allowed)


STAFF_ONLY = private({"staff": 200})
STAFF_POST = private({"staff": 302})
OWNER_ONLY = private({"owner": 200}, others=404)
PANEL = private({"jury_panel": 200, "jury_other": 404, "staff": 200})

# url name: (method, kwargs key, expected status per persona)
TABLE = {
    "auditions:staff_index": ("get", None, STAFF_ONLY),
    "auditions:staff_slots": ("get", "call", STAFF_ONLY),
    "auditions:staff_series": ("get", "call", STAFF_ONLY),
    "auditions:staff_slot_create": ("get", "call", STAFF_ONLY),
    "auditions:staff_panel": ("get", "call", STAFF_ONLY),
    "auditions:staff_invite": ("post", "call", STAFF_POST),
    "auditions:staff_slot_edit": ("get", "slot", STAFF_ONLY),
    "auditions:staff_slot_delete": ("post", "free_slot", STAFF_POST),
    "auditions:staff_assign": ("get", "application", STAFF_ONLY),
    "auditions:staff_cancel": ("get", "audition", STAFF_ONLY),
    "auditions:staff_decisions": ("get", "call", STAFF_ONLY),
    "auditions:staff_announce": ("get", "call", STAFF_ONLY),
    "auditions:staff_call_next": ("post", "challenge", STAFF_POST),
    "auditions:staff_waiting_move": ("post", "decision", STAFF_POST),
    "auditions:staff_decline": ("get", "laureate", STAFF_ONLY),
    "auditions:book": ("get", "application", OWNER_ONLY),
    "auditions:candidate_ics": ("get", "application", OWNER_ONLY),
    "auditions:decline": ("get", "laureate", OWNER_ONLY),
    "auditions:panel_list": (
        "get",
        None,
        private({"jury_panel": 200, "jury_other": 200, "staff": 200}),
    ),
    "auditions:panel_detail": ("get", "audition", PANEL),
    "auditions:panel_ics": ("get", "audition", PANEL),
}


@pytest.fixture
def world():
    slot = AuditionSlotFactory()
    owner = make_user(Role.CANDIDATE)
    on_panel = JuryMemberFactory(call=slot.call, administration=True)
    slot.panel.set([on_panel, JuryMemberFactory(call=slot.call)])
    application = preselected_application(call=slot.call, candidate=owner, invited=True)
    audition = AuditionFactory(slot=slot, application=application)
    other_member = JuryMemberFactory(call=slot.call)
    ConflictFactory(member=other_member, application=application)
    # The same candidate, laureate of an earlier call.
    laureate = ApplicationFactory(
        call=ApplicationCallFactory(closed=True), candidate=owner, submitted=True
    )
    for state in (S.PRESELECTED, S.AUDITION_SCHEDULED, S.AUDITIONED, S.LAUREATE):
        move(laureate, state)
    decision = Decision.objects.create(application=laureate, outcome=S.LAUREATE)
    return {
        "slot": slot,
        "free_slot": AuditionSlotFactory(call=slot.call),
        "application": application,
        "audition": audition,
        "laureate": laureate,
        "decision": decision,
        "people": {
            "owner": owner,
            "other_candidate": make_user(Role.CANDIDATE),
            "agent": make_user(Role.AGENT),
            "jury_panel": on_panel.user,
            "jury_other": other_member.user,
            "mentor": make_user(Role.MENTOR),
            "fellow": make_user(Role.FELLOW),
            "staff": make_user(Role.STAFF),
        },
    }


def _kwargs(key, world) -> dict:
    application = world["application"]
    challenge = application.choices.get().challenge
    return {
        None: {},
        "call": {"call_pk": application.call_id},
        "slot": {"pk": world["slot"].pk},
        "free_slot": {"pk": world["free_slot"].pk},
        "application": {"pk": application.pk},
        "laureate": {"pk": world["laureate"].pk},
        "audition": {"pk": world["audition"].pk},
        "decision": {"pk": world["decision"].pk},
        "challenge": {"call_pk": application.call_id, "challenge_pk": challenge.pk},
    }[key]


def test_every_view_is_in_the_table():
    from eig.auditions.urls import urlpatterns

    assert {f"auditions:{pattern.name}" for pattern in urlpatterns} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_use_each_view(client, world, name, persona):
    method, key, expected = TABLE[name]
    if persona != "anonymous":
        client.force_login(world["people"][persona])

    url = reverse(name, kwargs=_kwargs(key, world))
    response = getattr(client, method)(url, {"position": "1"} if method == "post" else None)

    wanted = expected[persona]
    if wanted == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
    else:
        assert response.status_code == wanted, (name, persona)


def test_a_jury_member_off_the_panel_never_sees_the_audition(client, world):
    client.force_login(world["people"]["jury_other"])
    listing = client.get(reverse("auditions:panel_list"))
    assert str(world["application"]) not in listing.content.decode()
    client.force_login(world["people"]["jury_panel"])
    listing = client.get(reverse("auditions:panel_list"))
    assert str(world["application"]) in listing.content.decode()


def test_a_jury_member_off_the_panel_cannot_record_a_result(client, world):
    client.force_login(world["people"]["jury_other"])
    response = client.post(
        reverse("auditions:panel_detail", kwargs={"pk": world["audition"].pk}),
        {"outcome": "held", "recommendation": "favourable"},
    )
    assert response.status_code == 404
    world["audition"].refresh_from_db()
    assert world["audition"].state == "scheduled"
