"""Who may use every view of the call for applications: one table, every
view × every persona. A candidate never reaches another's application or CV
(404, as if it did not exist); agents, jury members, mentors and fellows see
nothing before the pre-selection; the public API shows none of it."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.applications.models import Application, ApplicationDocument
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "owner",  # the candidate whose application it is
    "other_candidate",
    "agent",
    "jury",
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


LOGGED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}
ONLY_OWNER = private({"owner": 200}, others=404)
STAFF_ONLY = private({"staff": 200})

# url name: (method, kwargs key, expected status per persona)
TABLE = {
    "applications:candidature": ("get", None, expect(200)),
    "applications:privacy": ("get", None, expect(200)),
    "applications:space": ("get", None, private(LOGGED_IN)),
    "applications:start": ("post", "call", private(dict.fromkeys(LOGGED_IN, 302))),
    "applications:data_export": ("get", None, private(LOGGED_IN)),
    "applications:account_delete": (
        "get",
        None,
        private({"owner": 200, "other_candidate": 200}),
    ),
    "applications:document": ("get", "document", private({"owner": 200, "staff": 200}, others=404)),
    "applications:detail": ("get", "application", ONLY_OWNER),
    "applications:submit": ("post", "application", private({"owner": 302}, others=404)),
    "applications:withdraw": ("get", "application", ONLY_OWNER),
    "applications:messages": ("get", "application", ONLY_OWNER),
    "applications:step": ("get", "step", ONLY_OWNER),
    "applications:staff_list": ("get", None, STAFF_ONLY),
    "applications:staff_export_csv": ("get", None, STAFF_ONLY),
    "applications:staff_export_xlsx": ("get", None, STAFF_ONLY),
    "applications:staff_calls": ("get", None, STAFF_ONLY),
    "applications:staff_call_create": ("get", None, STAFF_ONLY),
    "applications:staff_call_edit": ("get", "call_pk", STAFF_ONLY),
    "applications:staff_detail": ("get", "application", STAFF_ONLY),
    "applications:staff_transition": ("post", "application", private({"staff": 302})),
    "applications:staff_audit_log": ("get", "application", STAFF_ONLY),
}


@pytest.fixture
def world():
    application = ApplicationFactory(submitted=True, skills="Compétence-témoin-7Q3")
    return {
        "application": application,
        "document": application.documents.get(),
        "people": {
            "owner": application.candidate,
            "other_candidate": make_user(Role.CANDIDATE),
            "agent": make_user(Role.AGENT),
            "jury": make_user(Role.JURY),
            "mentor": make_user(Role.MENTOR),
            "fellow": make_user(Role.FELLOW),
            "staff": make_user(Role.STAFF),
        },
    }


def _kwargs(key, world) -> dict:
    application = world["application"]
    return {
        None: {},
        "call": {"call_pk": application.call_id},
        "call_pk": {"pk": application.call_id},
        "application": {"pk": application.pk},
        "step": {"pk": application.pk, "step": "identite"},
        "document": {"public_id": world["document"].public_id},
    }[key]


def test_every_view_is_in_the_table():
    from eig.applications.urls import urlpatterns

    assert {f"applications:{pattern.name}" for pattern in urlpatterns} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_use_each_view(client, world, name, persona):
    method, key, expected = TABLE[name]
    if persona != "anonymous":
        client.force_login(world["people"][persona])

    url = reverse(name, kwargs=_kwargs(key, world))
    response = getattr(client, method)(url, {"to": "withdrawn"} if method == "post" else None)

    wanted = expected[persona]
    if wanted == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
    else:
        assert response.status_code == wanted, (name, persona)


def test_a_guessed_address_gives_nothing_of_another_candidate(client, world):
    intruder = world["people"]["other_candidate"]
    mine = ApplicationFactory(candidate=intruder)
    client.force_login(intruder)
    theirs = world["application"]

    responses = [
        client.get(reverse("applications:detail", kwargs={"pk": theirs.pk})),
        client.get(reverse("applications:step", kwargs={"pk": theirs.pk, "step": "cv"})),
        client.get(
            reverse("applications:document", kwargs={"public_id": world["document"].public_id})
        ),
        client.post(
            reverse("applications:step", kwargs={"pk": theirs.pk, "step": "competences"}),
            {"skills": "écrasé"},
        ),
        client.post(reverse("applications:messages", kwargs={"pk": theirs.pk}), {"body": "x"}),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    theirs.refresh_from_db()
    assert theirs.skills == "Compétence-témoin-7Q3" and not theirs.messages.exists()
    page = client.get(reverse("applications:detail", kwargs={"pk": mine.pk})).content.decode()
    assert "Compétence-témoin-7Q3" not in page


def test_scoped_querysets_per_role(world):
    people = world["people"]
    owner_docs = ApplicationDocument.objects.visible_to(people["owner"])

    assert list(Application.objects.visible_to(people["owner"])) == [world["application"]]
    assert list(owner_docs) == [world["document"]]
    assert Application.objects.visible_to(people["staff"]).count() == 1
    for persona in ("other_candidate", "agent", "jury", "mentor", "fellow"):
        assert not Application.objects.visible_to(people[persona]).exists(), persona
        assert not ApplicationDocument.objects.visible_to(people[persona]).exists(), persona


def test_an_inactive_staff_account_sees_nothing(world):
    staff = world["people"]["staff"]
    staff.is_active = False
    staff.save()

    assert not Application.objects.visible_to(staff).exists()


def test_the_public_api_shows_nothing_of_applications(client, world):
    client.force_login(world["people"]["owner"])  # logged in makes no difference
    schema = client.get("/api/v1/openapi.json")
    paths = [path for path in schema.json()["paths"] if "{" not in path]

    bodies = [client.get(path).content.decode() for path in paths]
    bodies.append(schema.content.decode())

    assert all("candidat" not in path and "application" not in path for path in paths)
    for body in bodies:
        assert "Compétence-témoin-7Q3" not in body
        assert world["people"]["owner"].email not in body
    for guess in ("/api/v1/applications/", "/api/v1/candidatures/"):
        assert client.get(guess).status_code == 404
