"""Team formation from the database: the instance, pins and exclusions, runs,
and the confirmation that makes the teams the défis' fellows (once)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.applications.models import ApplicationState
from eig.audit.models import AuditAction, AuditEvent
from eig.cohorts.models import Fellow, Profile
from eig.matching.market import score_text
from eig.teams.models import MatchingRun, PairRule, PairRuleKind, RunMode, RunStatus
from eig.teams.selectors import run_teams
from eig.teams.services import (
    NO_SCORE_NOTE,
    TeamsError,
    build_instance,
    candidate_key,
    challenge_key,
    matching_run_confirm,
    matching_run_create,
    pair_rule_set,
)
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories import ChallengeFactory, CohortFactory
from tests.proposals.factories import ProposalFactory
from tests.teams.conftest import laureate

pytestmark = pytest.mark.django_db
DEV, DESIGN, DATA = Profile.DEVELOPER, Profile.DESIGNER, Profile.DATA_SCIENTIST


def a(app) -> str:
    return candidate_key(app.pk)


def d(challenge) -> str:
    return challenge_key(challenge.pk)


@pytest.fixture
def staff():
    from eig.accounts.models import Role

    return make_user(Role.STAFF)


@pytest.fixture
def world(cohort_world):
    """Alpha and Beta (3 seats each, a developer and a designer wanted).
    Everyone wants Alpha first; jury scores from 5 (Ada) down to 2 (Eve)."""
    world = cohort_world()
    laureate(world, "Ada Lovelace", DEV, ["Alpha", "Beta"], 5)
    laureate(world, "Bob Martin", DESIGN, ["Alpha", "Beta"], 4)
    laureate(world, "Chloé Dubois", DEV, ["Alpha", "Beta"], 3)
    laureate(world, "Dan Ruiz", DEV, ["Alpha", "Beta"], 2)
    laureate(world, "Eve Moreau", DESIGN, ["Beta", "Alpha"], None)  # never reviewed
    return world


def test_the_instance_comes_from_the_cohort_laureates_choices_scores_and_wants(world):
    other_cohort = ChallengeFactory(cohort=CohortFactory())
    draft = ChallengeFactory(cohort=world.cohort, draft=True, title="Brouillon")
    refused = ApplicationFactory(
        call=world.call, state=ApplicationState.REFUSED, submitted_at=timezone.now()
    )
    refused.choices.create(challenge=world.challenges["Alpha"], rank=1, motivation="x")
    ada = world.laureates["Ada Lovelace"]
    ada.choices.create(challenge=draft, rank=3, motivation="x")

    instance = build_instance(world.cohort, seed=7)

    data = instance.data
    ids = [c["id"] for c in data["candidates"]]
    assert sorted(ids) == sorted(a(app) for app in world.laureates.values())
    assert a(refused) not in ids
    by_id = {c["id"]: c for c in data["candidates"]}
    alpha, beta = world.challenges["Alpha"], world.challenges["Beta"]
    # Ranked choices in order, the unpublished défi left out.
    assert by_id[a(ada)] == {"id": a(ada), "profile": "developer", "choices": [d(alpha), d(beta)]}
    assert [c["id"] for c in data["challenges"]] == [d(alpha), d(beta)]
    assert d(other_cohort) not in {c["id"] for c in data["challenges"]}
    assert data["challenges"][0] == {
        "id": d(alpha),
        "title": "Alpha",
        "capacity": 3,
        "min_size": 2,
        "profiles": {"developer": 1, "designer": 1},
    }
    # Normalised jury scores: higher for the better reviews, the same on every choice.
    scores = data["scores"][d(alpha)]
    names = ["Ada Lovelace", "Bob Martin", "Chloé Dubois", "Dan Ruiz"]
    ordered = [scores[a(world.laureates[n])] for n in names]
    assert ordered == sorted(ordered, reverse=True) and len(set(ordered)) == 4
    assert data["scores"][d(beta)][a(ada)] == scores[a(ada)]
    # Eve has no review: 0, the middle of the normalised scale, and a note.
    eve = a(world.laureates["Eve Moreau"])
    assert data["scores"][d(beta)][eve] == 0.0 and data["scores"][d(alpha)][eve] == 0.0
    assert instance.notes == {eve: NO_SCORE_NOTE}
    assert data["seed"] == 7


def test_wants_come_from_the_proposal_when_there_is_one(world):
    beta = world.challenges["Beta"]
    ProposalFactory(challenge=beta, developers=1, designers=0, data_scientists=1)

    data = build_instance(world.cohort, seed=0).data

    item = next(c for c in data["challenges"] if c["id"] == d(beta))
    assert item["capacity"] == 2 and item["min_size"] == 2
    assert item["profiles"] == {"developer": 1, "designer": 0, "data_scientist": 1}


def test_a_run_is_stored_with_its_teams_explained_in_words(world, staff):
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)

    assert run.number == 1 and run.status == RunStatus.DRAFT and run.mode == RunMode.MIN_SIZE
    teams = run.result["teams"]
    alpha, beta = d(world.challenges["Alpha"]), d(world.challenges["Beta"])
    people = {name: a(app) for name, app in world.laureates.items()}
    assert teams[alpha] == [people["Ada Lovelace"], people["Bob Martin"], people["Chloé Dubois"]]
    assert sorted(teams[beta]) == sorted([people["Dan Ruiz"], people["Eve Moreau"]])
    assert run.result["checks"]["blocking_pairs"] == 0
    assert run.result["explanations"][people["Eve Moreau"]].endswith(NO_SCORE_NOTE)

    view = run_teams(run)
    dan = next(m for c in view.cards for m in c.members if m.name == "Dan Ruiz")
    # In words, with names and titles, never the keys.
    assert "Alpha" in dan.explanation and "2e choix" in dan.explanation
    assert "Dan Ruiz" in view.cards[1].explanation
    assert people["Dan Ruiz"] not in view.cards[1].explanation

    second = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    assert second.number == 2 and second.result["teams"] == run.result["teams"]


def test_pins_and_exclusions_are_honoured_by_the_next_run(world, staff):
    dan, ada = world.laureates["Dan Ruiz"], world.laureates["Ada Lovelace"]
    alpha, beta = world.challenges["Alpha"], world.challenges["Beta"]
    pair_rule_set(
        cohort=world.cohort,
        application_id=dan.pk,
        challenge_id=alpha.pk,
        kind=PairRuleKind.PIN,
        by=staff,
    )
    pair_rule_set(
        cohort=world.cohort,
        application_id=ada.pk,
        challenge_id=alpha.pk,
        kind=PairRuleKind.FORBID,
        by=staff,
    )

    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)

    teams = run.result["teams"]
    assert a(dan) in teams[d(alpha)] and a(ada) not in teams[d(alpha)]
    assert a(ada) in teams[d(beta)]
    assert run.result["seats"][d(alpha)][0] == {
        "candidate": a(dan),
        "seat": ["developer"],
        "pinned": True,
    }
    view = run_teams(run)
    assert view.cards[0].pins == ["Dan Ruiz"] and view.cards[0].forbids == ["Ada Lovelace"]


def test_a_rule_that_cannot_hold_is_refused_in_french(world, staff, cohort_world):
    dan = world.laureates["Dan Ruiz"]
    alpha, beta = world.challenges["Alpha"], world.challenges["Beta"]
    pair_rule_set(
        cohort=world.cohort, application_id=dan.pk, challenge_id=alpha.pk, kind="pin", by=staff
    )

    with pytest.raises(TeamsError, match="déjà fixé·e sur « Alpha »"):
        pair_rule_set(
            cohort=world.cohort, application_id=dan.pk, challenge_id=beta.pk, kind="pin", by=staff
        )
    for name in ("Ada Lovelace", "Bob Martin"):
        pair_rule_set(
            cohort=world.cohort,
            application_id=world.laureates[name].pk,
            challenge_id=alpha.pk,
            kind="pin",
            by=staff,
        )
    with pytest.raises(TeamsError, match="3 personne"):
        pair_rule_set(
            cohort=world.cohort,
            application_id=world.laureates["Chloé Dubois"].pk,
            challenge_id=alpha.pk,
            kind="pin",
            by=staff,
        )
    outsider = ApplicationFactory(
        call=world.call, state=ApplicationState.WAITING_LIST, submitted_at=timezone.now()
    )
    with pytest.raises(TeamsError, match="pas lauréate"):
        pair_rule_set(
            cohort=world.cohort,
            application_id=outsider.pk,
            challenge_id=alpha.pk,
            kind="forbid",
            by=staff,
        )
    elsewhere = ChallengeFactory()
    with pytest.raises(TeamsError, match="pas un défi publié"):
        pair_rule_set(
            cohort=world.cohort,
            application_id=dan.pk,
            challenge_id=elsewhere.pk,
            kind="forbid",
            by=staff,
        )
    # Switching a pin to an exclusion replaces the rule on that pair.
    pair_rule_set(
        cohort=world.cohort, application_id=dan.pk, challenge_id=alpha.pk, kind="forbid", by=staff
    )
    assert PairRule.objects.get(application=dan, challenge=alpha).kind == PairRuleKind.FORBID
    assert PairRule.objects.filter(application=dan).count() == 1


def test_no_laureate_no_run(cohort_world, staff):
    world = cohort_world()
    with pytest.raises(TeamsError, match="Aucun·e lauréat·e"):
        matching_run_create(cohort=world.cohort, by=staff, seed=0)
    assert not MatchingRun.objects.exists()


def test_confirm_makes_the_teams_the_challenges_fellows_once(world, staff, client):
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    ada, dan = world.laureates["Ada Lovelace"], world.laureates["Dan Ruiz"]
    alpha, beta = world.challenges["Alpha"], world.challenges["Beta"]

    report = matching_run_confirm(run=run, by=staff, public={ada.pk})

    assert (report.created, report.updated, report.public) == (5, 0, 1)
    assert Fellow.objects.count() == 5
    fellow = Fellow.objects.get(application=ada)
    assert fellow.name == "Ada Lovelace" and fellow.profile == DEV and fellow.is_public
    assert list(fellow.challenges.all()) == [alpha] and list(fellow.cohorts.all()) == [world.cohort]
    assert not Fellow.objects.get(application=dan).is_public  # opt-in: not agreed
    run.refresh_from_db()
    assert run.status == RunStatus.CONFIRMED and run.confirmed_by == staff
    event = AuditEvent.objects.get(action=AuditAction.TEAMS_CONFIRMED)
    assert event.target_id == str(run.pk) and event.detail["created"] == 5

    # The public défi page shows the public profile only.
    page = client.get(alpha.get_absolute_url()).content.decode()
    assert "Ada Lovelace" in page and "Bob Martin" not in page

    # Twice is once.
    again = matching_run_confirm(run=run, by=staff, public={ada.pk})
    assert (again.created, again.updated) == (0, 5)
    assert Fellow.objects.count() == 5 and fellow.challenges.count() == 1

    # A later run moves Dan to Alpha and Ada out: the same profiles follow.
    pair_rule_set(
        cohort=world.cohort, application_id=dan.pk, challenge_id=alpha.pk, kind="pin", by=staff
    )
    pair_rule_set(
        cohort=world.cohort, application_id=ada.pk, challenge_id=alpha.pk, kind="forbid", by=staff
    )
    pair_rule_set(
        cohort=world.cohort, application_id=ada.pk, challenge_id=beta.pk, kind="forbid", by=staff
    )
    later = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    assert a(ada) in later.result["unassigned"]
    report = matching_run_confirm(run=later, by=staff, public=None)

    # Alpha: Dan (pinned), Bob, and Eve (score 0, above Chloé's); Beta would be
    # left with Chloé alone and closes.
    people = {name: a(app) for name, app in world.laureates.items()}
    assert later.result["teams"][d(alpha)] == [
        people["Dan Ruiz"],
        people["Bob Martin"],
        people["Eve Moreau"],
    ]
    assert later.result["teams"][d(beta)] == []
    assert (report.created, report.updated, report.unlinked) == (0, 3, 2)
    assert Fellow.objects.count() == 5
    for name, app in world.laureates.items():
        expected = [alpha] if name in ("Dan Ruiz", "Bob Martin", "Eve Moreau") else []
        assert list(Fellow.objects.get(application=app).challenges.all()) == expected, name
    assert list(Fellow.objects.get(application=ada).cohorts.all()) == [world.cohort]
    assert Fellow.objects.get(application=ada).is_public  # None keeps what each profile says
    assert "Ada Lovelace" not in client.get(alpha.get_absolute_url()).content.decode()


def test_confirm_keeps_links_to_other_cohorts_and_unique_slugs(world, staff):
    from tests.factories import FellowFactory

    FellowFactory(name="Ada Lovelace", slug="ada-lovelace")
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    matching_run_confirm(run=run, by=staff, public=set())

    fellow = Fellow.objects.get(application=world.laureates["Ada Lovelace"])
    assert fellow.slug == "ada-lovelace-2"


def test_confirm_refuses_a_run_that_no_longer_matches(world, staff):
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    ada = world.laureates["Ada Lovelace"]
    ada.state = ApplicationState.DECLINED
    ada.save(update_fields=["state"])

    with pytest.raises(TeamsError, match="relancez"):
        matching_run_confirm(run=run, by=staff, public=set())
    assert not Fellow.objects.exists()
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_the_optimal_mode_runs_from_the_service(world, staff):
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1, mode=RunMode.OPTIMAL)
    assert run.result["mode"] == "optimal"
    sizes = [len(m) for m in run.result["teams"].values()]
    assert all(size == 0 or 2 <= size <= 3 for size in sizes)


def test_the_public_challenge_page_lists_the_confirmed_team(world, staff, client):
    run = matching_run_create(cohort=world.cohort, by=staff, seed=1)
    matching_run_confirm(run=run, by=staff, public={app.pk for app in world.laureates.values()})
    beta = world.challenges["Beta"]
    page = client.get(reverse("challenges:detail", kwargs={"year": beta.year, "slug": beta.slug}))
    assert "Dan Ruiz" in page.content.decode() and "Eve Moreau" in page.content.decode()


@pytest.mark.parametrize(
    ("score", "text"), [(0.9963, "1"), (-1.0004, "-1"), (4.5, "4,5"), (4.0, "4"), (1.305, "1,3")]
)
def test_scores_are_written_the_french_way(score, text):
    assert score_text(score) == text


def test_reserved_seats_never_outnumber_the_seats(world):
    from eig.teams.services import challenge_wants

    beta = world.challenges["Beta"]
    proposal = ProposalFactory(challenge=beta, developers=3, designers=1, data_scientists=1)
    beta.refresh_from_db()
    wants = challenge_wants(beta, world.cohort)
    assert wants.capacity == 3
    assert wants.profiles == {"developer": 3, "designer": 0, "data_scientist": 0}
    assert proposal.team_size == 5
