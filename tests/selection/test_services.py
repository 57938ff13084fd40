"""The services and selectors of the jury review, below the pages."""

import pytest
from django.core.exceptions import PermissionDenied

from eig.accounts.models import Role
from eig.applications.models import Application, ApplicationDocument, ApplicationState
from eig.selection import assignment as pure
from eig.selection import selectors, services
from eig.selection.models import ReviewAssignment
from eig.selection.scoring import CRITERIA
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories import ChallengeFactory, OrganizationFactory
from tests.selection.factories import (
    ConflictFactory,
    JuryMemberFactory,
    ReviewAssignmentFactory,
)

SITE = "https://eig.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Every absolute link of the e-mails and .ics files is built on EIG_SITE_URL."""
    settings.EIG_SITE_URL = SITE


pytestmark = pytest.mark.django_db


def _preselected(**kwargs):
    application = ApplicationFactory(submitted=True, **kwargs)
    application.state = ApplicationState.PRESELECTED
    application.save(update_fields=["state"])
    return application


# The pure module's kept assignments -----------------------------------------------


def test_fixed_pairs_count_in_k_and_in_the_loads():
    applications = [pure.Application(f"a{i}") for i in range(4)]
    members = [pure.JuryMember(f"m{i}") for i in range(4)]
    result = pure.assign_reviews(applications, members, k=2, fixed=[("m0", "a0"), ("m0", "a1")])
    assert "m0" in result.reviewers["a0"] and "m0" in result.reviewers["a1"]
    assert all(len(r) == 2 for r in result.reviewers.values())
    assert result.loads == {"m0": 2, "m1": 2, "m2": 2, "m3": 2}


def test_fixed_pairs_are_never_moved_even_when_unbalanced():
    applications = [pure.Application(f"a{i}") for i in range(3)]
    members = [pure.JuryMember("m0"), pure.JuryMember("m1")]
    fixed = [("m0", "a0"), ("m0", "a1"), ("m0", "a2")]
    result = pure.assign_reviews(applications, members, k=1, fixed=fixed)
    assert result.reviewers == {"a0": ("m0",), "a1": ("m0",), "a2": ("m0",)}
    assert result.loads == {"m0": 3, "m1": 0}


def test_fixed_pairs_naming_unknown_ids_are_ignored():
    result = pure.assign_reviews(
        [pure.Application("a0")], [pure.JuryMember("m0")], k=1, fixed=[("m9", "a0"), ("m0", "a9")]
    )
    assert result.reviewers == {"a0": ("m0",)}


# Scope -------------------------------------------------------------------------------


def test_jury_scope_opens_only_assigned_applications_without_conflict():
    first = _preselected()
    second = _preselected(call=first.call)
    review = ReviewAssignmentFactory(application=first)
    user = review.member.user
    assert list(Application.objects.visible_to(user)) == [first]
    # The factory leaves the assignment in place: the scope hides it all the same.
    ConflictFactory(member=review.member, application=first)
    assert list(Application.objects.visible_to(user)) == []
    del second


def test_inactive_membership_closes_the_scope():
    review = ReviewAssignmentFactory(application=_preselected())
    review.member.is_active = False
    review.member.save()
    assert not Application.objects.visible_to(review.member.user).exists()


def test_jury_sees_the_current_cv_and_no_attachment():
    from tests.applications.factories import ApplicationDocumentFactory

    review = ReviewAssignmentFactory(application=_preselected())
    application = review.application
    from eig.applications.models import ApplicationMessage

    message = ApplicationMessage.objects.create(application=application, body="PJ", from_team=True)
    ApplicationDocumentFactory(application=application, kind="attachment", message=message)
    visible = ApplicationDocument.objects.visible_to(review.member.user)
    assert [d.kind for d in visible] == ["cv"]
    assert ApplicationDocument.objects.visible_to(application.candidate).count() == 2


# Jury members --------------------------------------------------------------------------


def test_jury_member_add_existing_account_keeps_its_password(outbox):
    staff = make_user(Role.STAFF)
    existing = make_user(Role.CANDIDATE, email="deja@example.org")
    call = _preselected().call
    challenge = ChallengeFactory(cohort=call.cohort)
    member, created = services.jury_member_add(
        call=call,
        email="DEJA@example.org",
        kind="outside",
        organization=OrganizationFactory(),
        mentored_challenges=[challenge],
        by=staff,
    )
    assert created and member.user == existing
    assert member.organization is None  # outside members have none
    assert list(member.mentored_challenges.all()) == [challenge]
    assert existing.has_usable_password()
    assert existing.role_grants.filter(role=Role.JURY).exists()
    again, created = services.jury_member_add(
        call=call,
        email="deja@example.org",
        kind="outside",
        organization=None,
        by=staff,
    )
    assert again == member and not created
    assert list(member.mentored_challenges.all()) == []


def test_mentored_defis_come_from_the_calls_cohort():
    staff = make_user(Role.STAFF)
    call = _preselected().call
    with pytest.raises(services.SelectionError):
        services.jury_member_add(
            call=call,
            email="m@example.org",
            kind="outside",
            organization=None,
            mentored_challenges=[ChallengeFactory()],
            by=staff,
        )


# Assignment ----------------------------------------------------------------------------


def test_assignment_run_honours_conflicts_organisations_and_k(settings):
    settings.EIG_REVIEWS_PER_APPLICATION = 2
    staff = make_user(Role.STAFF)
    first = _preselected()
    call = first.call
    applications = [first] + [_preselected(call=call) for _ in range(5)]
    organization = OrganizationFactory()
    host_challenge = applications[1].choices.get().challenge
    host_challenge.organization = organization
    host_challenge.save()
    own = JuryMemberFactory(call=call, administration=True, organization=organization)
    members = [own] + [JuryMemberFactory(call=call) for _ in range(3)]
    ConflictFactory(member=members[1], application=applications[2])

    run = services.assignment_run(call=call, by=staff)

    assert run.created == 12 and not run.result.shortfalls
    pairs = set(ReviewAssignment.objects.values_list("member_id", "application_id"))
    assert (own.pk, applications[1].pk) not in pairs
    assert (members[1].pk, applications[2].pk) not in pairs
    for application in applications:
        assert ReviewAssignment.objects.filter(application=application).count() == 2
    loads = [m.assignments.count() for m in members]
    assert max(loads) - min(loads) <= 1


def test_assignment_run_drops_unstarted_reviews_of_applications_no_longer_reviewable():
    staff = make_user(Role.STAFF)
    gone = _preselected()
    started = ReviewAssignmentFactory(application=gone, dynamism=2)
    untouched = ReviewAssignmentFactory(application=gone)
    gone.state = ApplicationState.NOT_PRESELECTED
    gone.save(update_fields=["state"])
    run = services.assignment_run(call=gone.call, by=staff)
    assert run.removed == 1 and run.kept == 1
    assert ReviewAssignment.objects.filter(pk=started.pk).exists()
    assert not ReviewAssignment.objects.filter(pk=untouched.pk).exists()


def test_assignment_run_keeps_hand_choices():
    staff = make_user(Role.STAFF)
    application = _preselected()
    members = [JuryMemberFactory(call=application.call) for _ in range(5)]
    chosen = services.assignment_add(application=application, member=members[4], by=staff)
    services.assignment_run(call=application.call, by=staff)
    assert ReviewAssignment.objects.filter(pk=chosen.pk).exists()
    assert ReviewAssignment.objects.filter(application=application).count() == 3


def test_only_staff_run_the_assignment():
    member = JuryMemberFactory(call=_preselected().call)
    with pytest.raises(PermissionDenied):
        services.assignment_run(call=member.call, by=member.user)


def test_a_mentor_may_be_added_by_hand_despite_the_organisation():
    staff = make_user(Role.STAFF)
    application = _preselected()
    challenge = application.choices.get().challenge
    organization = OrganizationFactory()
    challenge.organization = organization
    challenge.save()
    mentor = JuryMemberFactory(
        call=application.call,
        administration=True,
        organization=organization,
        mentored_challenges=[challenge],
    )
    added = services.assignment_add(application=application, member=mentor, by=staff)
    assert added.as_mentor


def test_a_sent_review_cannot_be_removed():
    staff = make_user(Role.STAFF)
    review = ReviewAssignmentFactory(application=_preselected(), submitted=True)
    with pytest.raises(services.SelectionError, match="déjà envoyé"):
        services.assignment_remove(assignment=review, by=staff)


# Reviews -----------------------------------------------------------------------------


def test_review_save_is_the_reviewers_own():
    review = ReviewAssignmentFactory(application=_preselected())
    with pytest.raises(PermissionDenied):
        services.review_save(
            assignment=review, by=make_user(Role.JURY), scores={}, comment="", submit=False
        )


def test_a_sent_review_is_final():
    review = ReviewAssignmentFactory(application=_preselected(), submitted=True)
    with pytest.raises(services.SelectionError, match="déjà envoyée"):
        services.review_save(
            assignment=review,
            by=review.member.user,
            scores=dict.fromkeys(CRITERIA, 5),
            comment="",
        )


def test_discussion_only_after_sending():
    application = _preselected()
    review = ReviewAssignmentFactory(application=application)
    with pytest.raises(PermissionDenied):
        services.review_message_post(application=application, by=review.member.user, body="x")
    services.review_save(
        assignment=review,
        by=review.member.user,
        scores=dict.fromkeys(CRITERIA, 4),
        comment="",
        submit=True,
    )
    message = services.review_message_post(
        application=application, by=review.member.user, body=" Avis "
    )
    assert message.body == "Avis"


def test_criteria_labels_come_from_the_published_criteria():
    from tests.factories import SelectionCriterionFactory

    application = _preselected()
    programme = application.call.cohort.programme
    SelectionCriterionFactory(programme=programme, code="dynamism", title="Dynamisme et vision")
    labels = selectors.criteria_labels(application.call)
    assert labels["dynamism"] == "Dynamisme et vision"
    assert labels["availability"] == "Disponibilité"
    assert list(labels) == list(CRITERIA)


def test_call_ranking_counts_drafts_as_missing():
    application = _preselected()
    ReviewAssignmentFactory(application=application, submitted=True)
    ReviewAssignmentFactory(application=application, dynamism=5)
    score = selectors.call_ranking(application.call).application(str(application.pk))
    assert score.review_count == 1 and score.incomplete_reviews == 1
    assert score.missing_reviews == 2
