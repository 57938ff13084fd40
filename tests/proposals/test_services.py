from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eig.accounts.models import Role
from eig.challenges.models import Challenge, ChallengeMentor, Funding
from eig.cohorts.models import Profile
from eig.proposals import services
from eig.proposals.models import Proposal, ProposalState, ProposalTransition
from eig.proposals.services import ProposalError, proposal_transition
from eig.proposals.workflow import TRANSITIONS
from tests.accounts.factories import make_user
from tests.factories import OrganizationFactory, SkillFactory
from tests.proposals.factories import (
    ChallengeCallFactory,
    ProposalFactory,
    ProposalReviewFactory,
)

SITE = "https://eig.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Every absolute link of the e-mails and .ics files is built on EIG_SITE_URL."""
    settings.EIG_SITE_URL = SITE


pytestmark = pytest.mark.django_db
S = ProposalState


@pytest.fixture
def agent():
    return make_user(Role.AGENT)


@pytest.fixture
def staff():
    return make_user(Role.STAFF)


def _proposal_of(agent, **kwargs):
    organization = agent.role_grants.get().organization
    return ProposalFactory(organization=organization, author=agent, **kwargs)


# Writing and the deadline ----------------------------------------------------------


def test_an_agent_starts_a_draft_for_their_organisation(agent):
    call = ChallengeCallFactory()
    organization = agent.role_grants.get().organization
    proposal = services.proposal_create(call=call, organization=organization, by=agent)
    assert (proposal.state, proposal.author, proposal.organization) == (
        S.DRAFT,
        agent,
        organization,
    )
    with pytest.raises(PermissionDenied):
        services.proposal_create(call=call, organization=OrganizationFactory(), by=agent)


@pytest.mark.parametrize("trait", ["closed", "upcoming"])
def test_no_draft_outside_the_call(agent, trait):
    call = ChallengeCallFactory(**{trait: True})
    with pytest.raises(ProposalError):
        services.proposal_create(
            call=call, organization=agent.role_grants.get().organization, by=agent
        )


def test_the_deadline_is_exact_to_the_second(agent):
    proposal = _proposal_of(agent)
    closes = proposal.call.closes_at

    services.proposal_update(
        proposal=proposal, by=agent, fields={"title": "Avant"}, now=closes - timedelta(seconds=1)
    )
    with pytest.raises(ProposalError) as refused:
        services.proposal_update(proposal=proposal, by=agent, fields={"title": "Après"}, now=closes)

    assert "est clos depuis le" in refused.value.message
    assert "Votre brouillon est conservé" in refused.value.message
    proposal.refresh_from_db()
    assert proposal.title == "Avant"


def test_late_submission_is_refused_and_the_draft_kept(agent):
    proposal = _proposal_of(agent, complete=True)
    closes = proposal.call.closes_at

    with pytest.raises(ProposalError):
        proposal_transition(proposal=proposal, to=S.SUBMITTED, by=agent, now=closes)

    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT
    assert proposal.problem  # kept
    assert not ProposalTransition.objects.exists()


def test_only_known_fields_can_be_written(agent):
    with pytest.raises(ValueError):
        services.proposal_update(proposal=_proposal_of(agent), by=agent, fields={"state": "x"})


def test_an_agent_of_another_organisation_cannot_write(agent):
    proposal = _proposal_of(agent)
    with pytest.raises(PermissionDenied):
        services.proposal_update(
            proposal=proposal, by=make_user(Role.AGENT), fields={"title": "Intrus"}
        )


# The lifecycle -------------------------------------------------------------------


def test_submitting_an_incomplete_proposal_lists_what_is_missing(agent):
    proposal = _proposal_of(agent)
    with pytest.raises(ProposalError) as refused:
        proposal_transition(proposal=proposal, to=S.SUBMITTED, by=agent)
    assert "le contexte" in refused.value.message
    assert "mentor stratégique" in refused.value.message
    assert "équipe de 2 à 3 EIG" in refused.value.message


def test_submission_is_logged_and_acknowledged(agent, outbox):
    proposal = _proposal_of(agent, complete=True)
    with outbox.capture():
        proposal_transition(proposal=proposal, to=S.SUBMITTED, by=agent)

    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    assert proposal.submitted_at is not None
    [log] = ProposalTransition.objects.all()
    assert (log.from_state, log.to_state, log.by) == (S.DRAFT, S.SUBMITTED, agent)
    [message] = outbox.messages
    assert message.to == [agent.email]
    assert f"https://eig.example/espace/propositions/{proposal.pk}/" in message.body


def test_a_submitted_proposal_stays_editable_until_the_deadline(agent):
    proposal = _proposal_of(agent, complete=True, state=S.SUBMITTED)
    services.proposal_update(proposal=proposal, by=agent, fields={"title": "Mieux"})
    proposal.refresh_from_db()
    assert (proposal.title, proposal.state) == ("Mieux", S.SUBMITTED)


def test_once_under_review_the_agent_cannot_edit(agent):
    proposal = _proposal_of(agent, complete=True, state=S.UNDER_REVIEW)
    with pytest.raises(ProposalError) as refused:
        services.proposal_update(proposal=proposal, by=agent, fields={"title": "Trop tard"})
    assert "ne peut plus être modifiée" in refused.value.message


ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_only_the_table_moves_a_proposal(source, target, staff):
    proposal = ProposalFactory(complete=True, state=source)
    if (source, target) in TRANSITIONS and Role.STAFF in TRANSITIONS[(source, target)]:
        proposal_transition(proposal=proposal, to=target, by=staff)
        proposal.refresh_from_db()
        assert proposal.state == target
    else:
        with pytest.raises((ProposalError, PermissionDenied)):
            proposal_transition(proposal=proposal, to=target, by=staff)
        proposal.refresh_from_db()
        assert proposal.state == source


def test_an_agent_cannot_decide(agent):
    proposal = _proposal_of(agent, complete=True, state=S.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        proposal_transition(proposal=proposal, to=S.SELECTED, by=agent)


def test_staff_cannot_submit_for_an_agent(staff):
    with pytest.raises(PermissionDenied):
        proposal_transition(proposal=ProposalFactory(complete=True), to=S.SUBMITTED, by=staff)


def test_decisions_set_the_funding_and_can_be_reconsidered(staff):
    proposal = ProposalFactory(complete=True, state=S.UNDER_REVIEW)
    proposal = proposal_transition(proposal=proposal, to=S.SELECTED, by=staff, comment="Excellent")
    assert proposal.funding == Funding.COFUNDED
    proposal = proposal_transition(proposal=proposal, to=S.UNDER_REVIEW, by=staff)
    assert proposal.funding == ""
    proposal = proposal_transition(proposal=proposal, to=S.REMARKED, by=staff)
    assert proposal.funding == Funding.REMARKED
    assert list(proposal.transitions.values_list("to_state", "comment")) == [
        (S.SELECTED, "Excellent"),
        (S.UNDER_REVIEW, ""),
        (S.REMARKED, ""),
    ]


def test_publishing_creates_the_public_challenge_with_its_mentors(staff, outbox):
    SkillFactory()  # "dev", developer profile
    SkillFactory(design=True)
    proposal = ProposalFactory(
        complete=True, state=S.VALIDATED, funding=Funding.COFUNDED, title="Ciblage des contrôles"
    )

    with outbox.capture():
        proposal = proposal_transition(proposal=proposal, to=S.PUBLISHED, by=staff)

    challenge = Challenge.objects.published().get()
    assert proposal.challenge == challenge
    assert (challenge.title, challenge.organization, challenge.cohort) == (
        "Ciblage des contrôles",
        proposal.organization,
        proposal.call.cohort,
    )
    assert challenge.year == proposal.call.cohort.year
    assert challenge.funding == Funding.COFUNDED
    assert challenge.duration_months == 10
    assert "## Le problème" in challenge.body
    assert [s.profile for s in challenge.skills.all()] == [Profile.DEVELOPER]
    kinds = sorted(
        ChallengeMentor.objects.filter(challenge=challenge).values_list("kind", flat=True)
    )
    assert kinds == ["operational", "strategic"]
    assert outbox.messages[-1].to == [proposal.author.email]


def test_publishing_again_updates_without_duplicates(staff):
    proposal = ProposalFactory(complete=True, state=S.VALIDATED, funding=Funding.REMARKED)
    proposal = proposal_transition(proposal=proposal, to=S.PUBLISHED, by=staff)
    challenge = proposal.challenge
    proposal.title = "Nouveau titre"
    proposal.save()
    services._challenge_publish(proposal)

    assert Challenge.objects.count() == 1
    challenge.refresh_from_db()
    assert challenge.title == "Nouveau titre"
    assert ChallengeMentor.objects.filter(challenge=challenge).count() == 2


def test_two_challenges_with_the_same_title_get_distinct_slugs(staff):
    first = ProposalFactory(complete=True, state=S.VALIDATED, title="Même titre")
    second = ProposalFactory(complete=True, state=S.VALIDATED, title="Même titre", call=first.call)
    a = proposal_transition(proposal=first, to=S.PUBLISHED, by=staff).challenge
    b = proposal_transition(proposal=second, to=S.PUBLISHED, by=staff).challenge
    assert a.slug != b.slug


# Calls -----------------------------------------------------------------------------


def test_opening_a_call_creates_its_information_meeting(staff):
    from tests.factories import CohortFactory

    now = timezone.now()
    call = services.call_open(
        cohort=CohortFactory(),
        title="Appel à projets 2019",
        opens_at=now,
        closes_at=now + timedelta(days=60),
        meeting_starts_at=now + timedelta(days=7),
        meeting_location="Paris",
        by=staff,
    )
    event = call.information_event
    assert event.kind == "information_session"
    assert event.cohort == call.cohort
    assert event.location == "Paris"
    with pytest.raises(ProposalError):
        services.call_open(cohort=call.cohort, title="x", opens_at=now, closes_at=now, by=staff)


# Scoping ---------------------------------------------------------------------------


def test_who_sees_which_proposal(agent, staff):
    organization = agent.role_grants.get().organization
    mine = ProposalFactory(organization=organization, author=agent)
    colleague = ProposalFactory(organization=organization)
    elsewhere = ProposalFactory()
    unverified = make_user(Role.AGENT, organization=organization, verified=False)
    own_of_unverified = ProposalFactory(organization=organization, author=unverified)
    assigned = make_user(Role.JURY)
    ProposalReviewFactory(proposal=elsewhere, reviewer=assigned)
    conflicted = make_user(Role.JURY)
    ProposalReviewFactory(proposal=elsewhere, reviewer=conflicted, conflict=True)

    def visible(user):
        return set(Proposal.objects.visible_to(user))

    assert visible(agent) == {mine, colleague, own_of_unverified}
    assert visible(unverified) == {own_of_unverified}
    assert visible(assigned) == {elsewhere}
    assert visible(conflicted) == set()
    assert visible(make_user(Role.CANDIDATE)) == set()
    assert visible(AnonymousUser()) == set()
    assert visible(staff) == {mine, colleague, elsewhere, own_of_unverified}


# The jury ---------------------------------------------------------------------------


def test_staff_assign_jury_members_who_are_told(staff, outbox):
    proposal = ProposalFactory(complete=True, state=S.SUBMITTED)
    member = make_user(Role.JURY)
    with outbox.capture():
        created = services.reviews_assign(proposal=proposal, reviewers=[member], by=staff)
        again = services.reviews_assign(proposal=proposal, reviewers=[member], by=staff)
    assert len(created) == 1 and again == []
    [message] = outbox.messages
    assert f"/espace/jury/{proposal.pk}/" in message.body


def test_only_jury_members_not_from_the_organisation_can_be_assigned(staff):
    proposal = ProposalFactory(complete=True, state=S.SUBMITTED)
    with pytest.raises(ProposalError):
        services.reviews_assign(proposal=proposal, reviewers=[make_user(Role.CANDIDATE)], by=staff)
    insider = make_user(Role.AGENT, organization=proposal.organization)
    from eig.accounts.services import role_grant

    role_grant(user=insider, role=Role.JURY)
    with pytest.raises(ProposalError):
        services.reviews_assign(proposal=proposal, reviewers=[insider], by=staff)


def test_a_grid_saves_as_it_goes_and_a_conflict_wipes_it():
    review = ProposalReviewFactory(proposal__state=S.UNDER_REVIEW)
    services.review_save(review=review, scores={"impact": 4}, comment="Premier avis")
    review.refresh_from_db()
    assert (review.score_impact, review.score_data, review.is_complete) == (4, None, False)

    services.review_save(
        review=review,
        scores={"impact": 4, "feasibility": 2, "data": 5, "commitment": 3},
        comment="Complet",
    )
    review.refresh_from_db()
    assert review.is_complete and str(review.mean) == "3.50"

    services.review_declare_conflict(review=review, comment="Ancien collègue")
    review.refresh_from_db()
    assert review.in_conflict and review.score_impact is None
    with pytest.raises(PermissionDenied):
        services.review_save(review=review, scores={"impact": 1}, comment="")


def test_grids_are_closed_outside_the_review():
    review = ProposalReviewFactory(proposal__state=S.SUBMITTED)
    with pytest.raises(ProposalError):
        services.review_save(review=review, scores={"impact": 4}, comment="")
