"""Team formation: the programme team only."""

from eig.applications.models import ApplicationState
from eig.teams import services
from eig.teams.models import PairRuleKind, RunMode
from tests.applications.factories import ApplicationFactory
from tests.security.matrix import Row, private

STAFF = private(staff=200)
STAFF_POST = private(staff=302)


def extend_world(world):
    laureate = ApplicationFactory(
        call=world.call,
        submitted=True,
        state=ApplicationState.LAUREATE,
        with_choice__challenge=world.challenge,
    )
    staff = world.people["staff"]
    world.run = services.matching_run_create(
        cohort=world.cohort, by=staff, mode=RunMode.STABLE, seed=1
    )
    world.pair_rule = services.pair_rule_set(
        cohort=world.cohort,
        application_id=laureate.pk,
        challenge_id=world.challenge.pk,
        kind=PairRuleKind.FORBID,
        by=staff,
    )
    world.team_laureate = laureate


def cohort(w):
    return {"slug": w.cohort.slug}


def run(w):
    return {"slug": w.cohort.slug, "number": w.run.number}


ROWS = {
    "teams:index": Row(STAFF),
    "teams:cohort": Row(STAFF, kwargs=cohort),
    "teams:run_create": Row(
        STAFF_POST, "post", kwargs=cohort, data={"mode": RunMode.STABLE, "seed": "1"}
    ),
    "teams:run": Row(STAFF, kwargs=run),
    "teams:run_confirm": Row(STAFF, kwargs=run),
    "teams:rule_create": Row(
        STAFF_POST,
        "post",
        kwargs=cohort,
        data=lambda w: {
            "application": w.team_laureate.pk,
            "challenge": w.challenge.pk,
            "kind": PairRuleKind.PIN,
        },
    ),
    "teams:rule_delete": Row(
        STAFF_POST, "post", kwargs=lambda w: {"slug": w.cohort.slug, "pk": w.pair_rule.pk}
    ),
}
