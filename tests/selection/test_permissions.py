"""Who may use every view of the jury review: one table, every view × every
persona. A jury member who declared a conflict with an application, or is not
assigned to it, gets 404 for it by any address (its CV included); the team's
screens are for staff only; nobody else reaches the reviewer space."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.applications.models import ApplicationState
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.selection.factories import ConflictFactory, JuryMemberFactory, ReviewAssignmentFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "candidate",  # the candidate whose application it is
    "other_candidate",
    "agent",
    "jury_assigned",  # reviews the application (review sent)
    "jury_conflict",  # assigned, but declared a conflict of interest with it
    "jury_not_assigned",  # on the call's jury, not asked to review it
    "mentor",
    "fellow",
    "staff",
]
LOGIN = "login"


def private(allowed: dict, *, others=403) -> dict:
    table = dict.fromkeys(PERSONAS, others)
    table["anonymous"] = LOGIN
    table.update(allowed)
    return table


STAFF_GET = private({"staff": 200})
STAFF_POST = private({"staff": 302})
JURY = {"jury_assigned": 200, "jury_conflict": 200, "jury_not_assigned": 200}

# url name: (method, kwargs key, expected status per persona)
TABLE = {
    "selection:staff_index": ("get", None, STAFF_GET),
    "selection:staff_call": ("get", "call", STAFF_GET),
    "selection:staff_jury_add": ("get", "call", STAFF_GET),
    "selection:staff_assignment": ("get", "call", STAFF_GET),
    "selection:staff_ranking": ("get", "call", STAFF_GET),
    "selection:staff_application": ("get", "application", STAFF_GET),
    "selection:staff_assignment_add": ("post", "application", STAFF_POST),
    "selection:staff_assignment_remove": ("post", "assignment", STAFF_POST),
    "selection:staff_conflict_add": ("post", "application", STAFF_POST),
    "selection:staff_note_add": ("post", "note", STAFF_POST),
    "selection:reviewer_list": ("get", None, private(JURY)),
    "selection:review": (
        "get",
        "review",
        private({"jury_assigned": 200, "jury_conflict": 404, "jury_not_assigned": 404}),
    ),
    "selection:review_message": (
        "post",
        "review",
        private({"jury_assigned": 302, "jury_conflict": 404, "jury_not_assigned": 404}),
    ),
    "selection:conflicts": ("get", "call_only", private(JURY)),
    "selection:conflict_declare": (
        "get",
        "declare",
        private({"jury_assigned": 200, "jury_conflict": 404, "jury_not_assigned": 200}),
    ),
}
# Views of other apps whose scope the jury review opened.
OPENED = {
    "applications:document": (
        "get",
        "document",
        private({"candidate": 200, "jury_assigned": 200, "staff": 200}, others=404),
    ),
    "applications:detail": ("get", "pk", private({"candidate": 200}, others=404)),
    "applications:staff_detail": ("get", "pk", STAFF_GET),
    "applications:staff_audit_log": ("get", "pk", STAFF_GET),
}


@pytest.fixture
def world():
    application = ApplicationFactory(submitted=True, skills="Compétence-témoin-7Q3")
    application.state = ApplicationState.PRESELECTED
    application.save(update_fields=["state"])
    call = application.call
    assigned = ReviewAssignmentFactory(application=application, submitted=True)
    conflicted = ReviewAssignmentFactory(application=application)
    ConflictFactory(member=conflicted.member, application=application)
    # Left in place on purpose: the scope must hide the application all the same.
    conflicted.save()
    not_assigned = JuryMemberFactory(call=call)
    removable = ReviewAssignmentFactory(application=application)
    return {
        "application": application,
        "removable": removable,
        "document": application.documents.get(),
        "people": {
            "candidate": application.candidate,
            "other_candidate": make_user(Role.CANDIDATE),
            "agent": make_user(Role.AGENT),
            "jury_assigned": assigned.member.user,
            "jury_conflict": conflicted.member.user,
            "jury_not_assigned": not_assigned.user,
            "mentor": make_user(Role.MENTOR),
            "fellow": make_user(Role.FELLOW),
            "staff": make_user(Role.STAFF),
        },
    }


def _kwargs(key, world) -> dict:
    application = world["application"]
    call_pk = application.call_id
    return {
        None: {},
        "call": {"call_pk": call_pk},
        "call_only": {"call_pk": call_pk},
        "application": {"call_pk": call_pk, "pk": application.pk},
        "assignment": {
            "call_pk": call_pk,
            "pk": application.pk,
            "assignment_pk": world["removable"].pk,
        },
        "note": {"pk": application.pk},
        "review": {"pk": application.pk},
        "declare": {"call_pk": call_pk, "pk": application.pk},
        "document": {"public_id": world["document"].public_id},
        "pk": {"pk": application.pk},
    }[key]


POST_DATA = {"body": "Un message", "reason": "Un lien personnel"}


def test_every_view_is_in_the_table():
    from eig.selection.urls import urlpatterns

    assert {f"selection:{pattern.name}" for pattern in urlpatterns} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE) + list(OPENED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_use_each_view(client, world, name, persona):
    method, key, expected = {**TABLE, **OPENED}[name]
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    url = reverse(name, kwargs=_kwargs(key, world))
    response = getattr(client, method)(url, POST_DATA if method == "post" else None)

    wanted = expected[persona]
    if wanted == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == wanted, (name, persona, response.status_code)
        page = name != "applications:document"
        if wanted == 200 and page and persona not in ("staff", "candidate"):
            body = response.content.decode()
            if name == "selection:review":
                assert "Compétence-témoin-7Q3" in body
            else:
                assert "Compétence-témoin-7Q3" not in body


@pytest.mark.parametrize("persona", ["jury_conflict", "jury_not_assigned"])
def test_the_application_is_in_no_list_of_a_member_without_access(client, world, persona):
    client.force_login(world["people"][persona])
    application = world["application"]
    listing = client.get(reverse("selection:reviewer_list")).content.decode()
    assert str(application) not in listing
    assert reverse("selection:review", args=[application.pk]) not in listing
    if persona == "jury_conflict":
        conflicts = client.get(
            reverse("selection:conflicts", args=[application.call_id])
        ).content.decode()
        assert str(application) not in conflicts
