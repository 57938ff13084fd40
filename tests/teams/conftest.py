"""A cohort to form teams in: `cohort_world()` builds défis, laureates with
ranked choices and the jury's reviews by hand, so each test knows the answer."""

from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from eig.applications.models import ApplicationChoice, ApplicationState
from eig.cohorts.models import Profile
from eig.selection.scoring import CRITERIA
from tests.applications.factories import ApplicationFactory
from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    CohortFactory,
    SkillFactory,
)
from tests.selection.factories import JuryMemberFactory, ReviewAssignmentFactory


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@dataclass
class World:
    cohort: object
    call: object
    challenges: dict = field(default_factory=dict)
    laureates: dict = field(default_factory=dict)
    jury: list = field(default_factory=list)


def laureate(world: World, name: str, profile: str, choices: list[str], score: int | None):
    """A laureate of the world's call, ranking défis by name, reviewed by the
    two jury members with `score` on every criterion (None: no review sent)."""
    first, last = name.split(" ", 1)
    application = ApplicationFactory(
        call=world.call,
        first_name=first,
        last_name=last,
        profile=profile,
        state=ApplicationState.LAUREATE,
        submitted_at=timezone.now(),
    )
    for rank, key in enumerate(choices, start=1):
        ApplicationChoice.objects.create(
            application=application,
            challenge=world.challenges[key],
            rank=rank,
            motivation="Pour servir.",
        )
    if score is not None:
        for member in world.jury:
            ReviewAssignmentFactory(
                member=member,
                application=application,
                submitted=True,
                scores=dict.fromkeys(CRITERIA, score),
            )
    world.laureates[name] = application
    return application


@pytest.fixture
def cohort_world(db):
    def build(challenges=("Alpha", "Beta"), skills=("dev", "design")) -> World:
        cohort = CohortFactory()
        call = ApplicationCallFactory(cohort=cohort, closed=True)
        world = World(cohort=cohort, call=call)
        skill_objects = [
            SkillFactory(code=code, label=code, profile=profile)
            for code, profile in (
                ("dev", Profile.DEVELOPER),
                ("design", Profile.DESIGNER),
                ("datascience", Profile.DATA_SCIENTIST),
            )
            if code in skills
        ]
        for title in challenges:
            world.challenges[title] = ChallengeFactory(
                cohort=cohort, title=title, skills=skill_objects
            )
        # Two outside members with a spread of totals, so that the normalisation
        # has a scale of its own.
        world.jury = [JuryMemberFactory(call=call), JuryMemberFactory(call=call)]
        return world

    return build
