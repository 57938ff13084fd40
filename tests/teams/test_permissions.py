"""Who may use every team formation view: one table, every view × every persona.
Only the programme team; anonymous visitors are sent to log in, everyone else
gets 403 — and nothing is written by a refused request."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.cohorts.models import Fellow, Profile
from eig.teams.models import MatchingRun, PairRule
from eig.teams.services import matching_run_create, pair_rule_set
from tests.accounts.factories import make_user
from tests.teams.conftest import laureate

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "candidate", "agent", "jury", "mentor", "fellow", "staff"]
LOGIN = "login"


def staff_only(status=200):
    table = dict.fromkeys(PERSONAS, 403)
    table.update(anonymous=LOGIN, staff=status)
    return table


# url name: (method, url kwargs, POST data key, expected status per persona)
TABLE = {
    "teams:index": ("get", None, None, staff_only()),
    "teams:cohort": ("get", "cohort", None, staff_only()),
    "teams:run_create": ("post", "cohort", "run", staff_only(302)),
    "teams:run": ("get", "run", None, staff_only()),
    "teams:run_confirm": ("get", "run", None, staff_only()),
    "teams:rule_create": ("post", "cohort", "rule", staff_only(302)),
    "teams:rule_delete": ("post", "rule", None, staff_only(302)),
}


@pytest.fixture
def world(cohort_world):
    world = cohort_world()
    laureate(world, "Ada Lovelace", Profile.DEVELOPER, ["Alpha", "Beta"], 5)
    laureate(world, "Bob Martin", Profile.DESIGNER, ["Alpha"], 4)
    staff = make_user(Role.STAFF)
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    rule = pair_rule_set(
        cohort=world.cohort,
        application_id=world.laureates["Bob Martin"].pk,
        challenge_id=world.challenges["Beta"].pk,
        kind="forbid",
        by=staff,
    )
    # The candidate is one of the laureates themselves: still not staff.
    candidate = world.laureates["Ada Lovelace"].candidate
    people = {
        "candidate": candidate,
        "agent": make_user(Role.AGENT),
        "jury": make_user(Role.JURY),
        "mentor": make_user(Role.MENTOR),
        "fellow": make_user(Role.FELLOW),
        "staff": staff,
    }
    return {"world": world, "run": run, "rule": rule, "people": people}


def _kwargs(key, data) -> dict:
    world, run, rule = data["world"], data["run"], data["rule"]
    return {
        None: {},
        "cohort": {"slug": world.cohort.slug},
        "run": {"slug": world.cohort.slug, "number": run.number},
        "rule": {"slug": world.cohort.slug, "pk": rule.pk},
    }[key]


def _post(key, data) -> dict | None:
    world = data["world"]
    return {
        None: None,
        "run": {"mode": "min_size", "seed": "3"},
        "rule": {
            "application": world.laureates["Ada Lovelace"].pk,
            "challenge": world.challenges["Alpha"].pk,
            "kind": "pin",
        },
    }[key]


def test_every_view_is_in_the_table():
    from eig.teams.urls import urlpatterns

    assert {f"teams:{pattern.name}" for pattern in urlpatterns} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_use_each_view(client, world, name, persona):
    method, key, post_key, expected = TABLE[name]
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    runs, rules = MatchingRun.objects.count(), PairRule.objects.count()

    url = reverse(name, kwargs=_kwargs(key, world))
    response = getattr(client, method)(url, _post(post_key, world))

    wanted = expected[persona]
    if wanted == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
    else:
        assert response.status_code == wanted, (name, persona)
    if persona != "staff":
        assert (MatchingRun.objects.count(), PairRule.objects.count()) == (runs, rules)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "staff"])
def test_nobody_but_staff_confirms_the_teams(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    url = reverse("teams:run_confirm", kwargs=_kwargs("run", world))

    response = client.post(url, {"confirm": "on"})

    assert response.status_code in (302, 403)
    assert not Fellow.objects.exists()
