"""The world of the permission matrix: one programme with a person for each role.

`build_world()` makes the objects every app's rows share (a cohort, a défi of
one organisation, an open call with the candidate's application and CV,
pre-selected, reviewed by one jury member and in conflict with another, a
proposal of that organisation under review with the same two reviewers), then
runs each table module's `extend_world(world)`.
"""

from eig.accounts.models import Role
from eig.applications.models import ApplicationState, ApplicationTransition
from eig.proposals.models import ProposalState
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    ChallengeMentorFactory,
    CohortFactory,
    FellowFactory,
    OrganizationFactory,
)
from tests.factories_cohort_life import FellowAccountFactory
from tests.proposals.factories import (
    ChallengeCallFactory,
    ProposalFactory,
    ProposalReviewFactory,
)
from tests.security.matrix import ROLES, World, world_extensions
from tests.selection.factories import ConflictFactory, JuryMemberFactory, ReviewAssignmentFactory

# Words written in private records, and the roles that may ever read them, on any page.
APPLICATION_WITNESS = "Témoin-candidature-5K2"
PROPOSAL_WITNESS = "Témoin-proposition-8J4"
# In the candidate's name as written on the application (every page naming it).
APPLICATION_NAME_WITNESS = "Témoin-nom-3Q7"
# In the candidate's first name as written on the application.
FIRST_NAME_WITNESS = "Témoin-prénom-9R2"
# In the motivation for the défi chosen (pages listing the application's défis).
CHOICE_WITNESS = "Témoin-défi-6W1"
# In the candidate's experience (the application's pages, the audition's).
EXPERIENCE_WITNESS = "Témoin-parcours-4T8"
# In the title of the défi proposed (not published: private to its readers).
PROPOSAL_TITLE_WITNESS = "Témoin-titre-défi-2M5"
WITNESSES = {
    # The candidate, their reviewer without a conflict, the programme team.
    APPLICATION_WITNESS: {"candidate", "jury", "staff"},
    CHOICE_WITNESS: {"candidate", "jury", "staff"},
    EXPERIENCE_WITNESS: {"candidate", "jury", "staff"},
    # The name also to the jury member in conflict: the conflicts page lists the
    # pre-selected applications by name so that they can declare one.
    APPLICATION_NAME_WITNESS: {"candidate", "jury", "jury_conflict", "staff"},
    FIRST_NAME_WITNESS: {"candidate", "jury", "jury_conflict", "staff"},
    # The agents of the proposal's organisation, its reviewer without a conflict, the team.
    PROPOSAL_WITNESS: {"agent", "jury", "staff"},
    # The title also to the reviewer in conflict: their list of assigned proposals
    # names each one, the conflicted marked « déclaré le … » (its text stays closed).
    PROPOSAL_TITLE_WITNESS: {"agent", "jury", "jury_conflict", "staff"},
}


def move(application, state) -> None:
    """Along the lifecycle by hand (the world's application is pre-selected)."""
    ApplicationTransition.objects.create(
        application=application, from_state=application.state, to_state=state
    )
    application.state = state
    application.save(update_fields=["state"])


def build_world() -> World:
    cohort = CohortFactory()
    organization = OrganizationFactory()
    other_organization = OrganizationFactory()
    challenge = ChallengeFactory(cohort=cohort, organization=organization)
    challenge_mentor = ChallengeMentorFactory(challenge=challenge)

    candidate = make_user(Role.CANDIDATE)
    call = ApplicationCallFactory(cohort=cohort)
    application = ApplicationFactory(
        call=call,
        candidate=candidate,
        submitted=True,
        skills=APPLICATION_WITNESS,
        experience=EXPERIENCE_WITNESS,
        first_name=FIRST_NAME_WITNESS,
        last_name=APPLICATION_NAME_WITNESS,
        with_choice__challenge=challenge,
        with_choice__motivation=CHOICE_WITNESS,
    )

    move(application, ApplicationState.PRESELECTED)

    agent = make_user(Role.AGENT, organization=organization)
    jury = JuryMemberFactory(call=call)
    ReviewAssignmentFactory(member=jury, application=application, submitted=True)
    jury_conflict = JuryMemberFactory(call=call)
    ConflictFactory(member=jury_conflict, application=application)

    fellow_user = make_user(Role.FELLOW)
    fellow = FellowFactory(cohorts=[cohort], challenges=[challenge])
    FellowAccountFactory(fellow=fellow, user=fellow_user)

    challenge_call = ChallengeCallFactory(cohort=cohort)
    proposal = ProposalFactory(
        call=challenge_call,
        organization=organization,
        author=agent,
        complete=True,
        state=ProposalState.UNDER_REVIEW,
        problem=PROPOSAL_WITNESS,
        title=PROPOSAL_TITLE_WITNESS,
    )
    ProposalReviewFactory(proposal=proposal, reviewer=jury.user)
    ProposalReviewFactory(proposal=proposal, reviewer=jury_conflict.user, conflict=True)

    world = World(
        cohort=cohort,
        organization=organization,
        other_organization=other_organization,
        challenge=challenge,
        mentor=challenge_mentor.mentor,
        call=call,
        application=application,
        document=application.documents.get(),
        jury_member=jury,
        conflict_member=jury_conflict,
        fellow=fellow,
        challenge_call=challenge_call,
        proposal=proposal,
        people={
            "anonymous": None,
            "candidate": candidate,
            "other_candidate": make_user(Role.CANDIDATE),
            "agent": agent,
            "agent_other": make_user(Role.AGENT, organization=other_organization),
            "jury": jury.user,
            "jury_conflict": jury_conflict.user,
            "mentor": make_user(Role.MENTOR),
            "fellow": fellow_user,
            "staff": make_user(Role.STAFF),
        },
        superuser=make_user(Role.STAFF, is_superuser=True),
    )
    assert set(world.people) == set(ROLES)
    for extend in world_extensions():
        extend(world)
    return world
