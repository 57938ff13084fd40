"""The jury review through its pages: staff pre-select, build the jury, run
the assignment; reviewers score and send; staff read the ranking."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.applications.models import ApplicationState, ApplicationTransition
from eig.audit.models import AuditAction, AuditEvent
from eig.selection.models import Conflict, JuryMember, ReviewAssignment, ReviewMessage, StaffNote
from eig.selection.scoring import CRITERIA
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories import ApplicationCallFactory, OrganizationFactory
from tests.selection.factories import (
    ConflictFactory,
    JuryMemberFactory,
    ReviewAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_user(Role.STAFF)
    client.force_login(user)
    return user


def _preselected(**kwargs):
    application = ApplicationFactory(submitted=True, **kwargs)
    application.state = ApplicationState.PRESELECTED
    application.save(update_fields=["state"])
    return application


# Pre-selection -----------------------------------------------------------------


def test_staff_preselect_in_bulk_with_a_reason_logged_and_no_email(client, staff, outbox):
    call = ApplicationCallFactory(closed=True)  # pre-selection follows the deadline
    first, second = (ApplicationFactory(submitted=True, call=call) for _ in range(2))
    outbox.messages.clear()
    with outbox.capture():
        response = client.post(
            reverse("applications:staff_list"),
            {
                "ids": [first.pk, second.pk],
                "action": "state:preselected",
                "comment": "Profils solides pour les défis data",
            },
        )
    assert response.status_code == 302
    for application in (first, second):
        application.refresh_from_db()
        assert application.state == ApplicationState.PRESELECTED
        log = ApplicationTransition.objects.get(application=application, to_state="preselected")
        assert log.by == staff
        assert log.comment == "Profils solides pour les défis data"
        event = AuditEvent.objects.get(application_id=application.pk, action="state_changed")
        assert event.actor_id == staff.pk
        assert event.detail["to"] == "preselected"
    assert outbox.messages == []


def test_not_preselected_is_logged_as_a_decision(client, staff):
    application = ApplicationFactory(submitted=True, call=ApplicationCallFactory(closed=True))
    client.post(
        reverse("applications:staff_transition", args=[application.pk]),
        {"to": "not_preselected", "comment": "Disponibilité trop tardive"},
    )
    event = AuditEvent.objects.get(application_id=application.pk, action=AuditAction.DECISION)
    assert event.detail == {
        "from": "submitted",
        "to": "not_preselected",
        "commented": True,
    }


def test_staff_list_filters_by_state_with_counts(client, staff):
    _preselected(first_name="Alix")
    ApplicationFactory(submitted=True, first_name="Bérénice")
    response = client.get(reverse("applications:staff_list"), {"state": "preselected"})
    body = response.content.decode()
    assert "Alix" in body and "Bérénice" not in body
    assert "Pré-sélectionnée (1)" in body
    assert "Déposée (1)" in body


def test_staff_detail_shows_the_state_log_notes_and_reviewers(client, staff):
    application = ApplicationFactory(submitted=True, call=ApplicationCallFactory(closed=True))
    client.post(
        reverse("applications:staff_transition", args=[application.pk]),
        {"to": "preselected", "comment": "Motif-témoin-4821"},
    )
    review = ReviewAssignmentFactory(application=application)
    response = client.post(
        reverse("selection:staff_note_add", args=[application.pk]), {"body": "Note-témoin-77"}
    )
    assert response.status_code == 302
    assert StaffNote.objects.get().author == staff
    body = client.get(reverse("applications:staff_detail", args=[application.pk])).content.decode()
    assert "Motif-témoin-4821" in body
    assert "Note-témoin-77" in body
    assert review.member.user.get_full_name() in body
    assert "Changements d'état" in body


def test_audit_log_page_lists_the_events(client, staff):
    application = ApplicationFactory(submitted=True, call=ApplicationCallFactory(closed=True))
    client.post(
        reverse("applications:staff_transition", args=[application.pk]), {"to": "preselected"}
    )
    response = client.get(reverse("applications:staff_audit_log", args=[application.pk]))
    assert response.status_code == 200
    assert "Changement d&#x27;état" in response.content.decode()
    assert (staff.get_full_name() or staff.email) in response.content.decode()


# Jury and assignment ---------------------------------------------------------------


def test_staff_add_a_new_jury_member_who_is_invited(client, staff, outbox):
    application = _preselected()
    call = application.call
    organization = OrganizationFactory()
    outbox.messages.clear()
    with outbox.capture():
        response = client.post(
            reverse("selection:staff_jury_add", args=[call.pk]),
            {
                "email": "Nouvelle.Jure@Example.org",
                "kind": "administration",
                "organization": organization.pk,
            },
        )
    assert response.status_code == 302
    member = JuryMember.objects.get(call=call)
    assert member.user.email == "nouvelle.jure@example.org"
    assert member.organization == organization
    assert member.user.role_grants.filter(role=Role.JURY).exists()
    assert not member.user.has_usable_password()
    assert [message.to for message in outbox.messages] == [["nouvelle.jure@example.org"]]
    assert "/invitation/" in outbox.messages[0].body
    page = client.get(reverse("selection:staff_call", args=[call.pk])).content.decode()
    assert "nouvelle.jure@example.org" in page


def test_jury_member_from_administration_needs_an_organisation(client, staff):
    call = _preselected().call
    response = client.post(
        reverse("selection:staff_jury_add", args=[call.pk]),
        {"email": "x@example.org", "kind": "administration"},
    )
    assert response.status_code == 200
    assert "appartient à une administration" in response.content.decode()
    assert 'value="x@example.org"' in response.content.decode()
    assert not JuryMember.objects.exists()


def test_run_assignment_then_rerun_keeps_started_reviews(client, staff, settings):
    settings.EIG_REVIEWS_PER_APPLICATION = 2
    first = _preselected()
    call = first.call
    others = [_preselected(call=call) for _ in range(3)]
    ApplicationFactory(submitted=True, call=call)  # not pre-selected: not reviewed
    members = [JuryMemberFactory(call=call) for _ in range(4)]
    response = client.post(reverse("selection:staff_assignment", args=[call.pk]))
    assert response.status_code == 302
    assert ReviewAssignment.objects.count() == 8
    loads = [m.assignments.count() for m in members]
    assert max(loads) - min(loads) <= 1
    assert AuditEvent.objects.filter(
        action="assignment", target_type="applications.applicationcall"
    ).exists()
    started = ReviewAssignment.objects.filter(application=first).first()
    started.dynamism = 4
    started.save()
    client.post(reverse("selection:staff_assignment", args=[call.pk]), {})
    assert ReviewAssignment.objects.filter(pk=started.pk, dynamism=4).exists()
    assert ReviewAssignment.objects.count() == 8
    page = client.get(reverse("selection:staff_assignment", args=[call.pk])).content.decode()
    assert "Aucune : chaque candidature" in page
    del others


def test_assignment_page_shows_shortfalls_with_the_reason(client, staff):
    application = _preselected()
    call = application.call
    member = JuryMemberFactory(call=call)
    ConflictFactory(member=member, application=application)
    JuryMemberFactory(call=call)
    client.post(reverse("selection:staff_assignment", args=[call.pk]))
    page = client.get(reverse("selection:staff_assignment", args=[call.pk])).content.decode()
    assert "3 évaluations demandées mais seulement 1 membre(s) du jury sur 2" in page
    assert "1 en conflit d&#x27;intérêts déclaré" in page


def test_before_a_run_the_shortfall_counts_the_members_who_may_review(client, staff):
    application = _preselected()
    call = application.call
    for _ in range(4):
        JuryMemberFactory(call=call)

    page = client.get(reverse("selection:staff_assignment", args=[call.pk])).content.decode()

    assert "0 membre(s) du jury sur 4" not in page
    assert "4 membre(s) du jury sur 4 peuvent évaluer cette candidature" in page
    assert "0 attribuée(s) pour l&#x27;instant" in page


def test_by_hand_only_members_who_may_review_are_offered(client, staff):
    application = _preselected()
    call = application.call
    challenge = application.choices.get().challenge
    challenge.organization = OrganizationFactory(name="Ministère de la Mer")
    challenge.save()
    conflicted = JuryMemberFactory(call=call)
    ConflictFactory(member=conflicted, application=application)
    own = JuryMemberFactory(call=call, administration=True, organization=challenge.organization)
    mentor = JuryMemberFactory(
        call=call,
        administration=True,
        organization=challenge.organization,
        mentored_challenges=[challenge],
    )
    fine = JuryMemberFactory(call=call)
    busy = ReviewAssignmentFactory(application=application, member=JuryMemberFactory(call=call))

    response = client.get(reverse("selection:staff_application", args=[call.pk, application.pk]))

    offered = set(response.context["add_form"].fields["member"].queryset)
    assert offered == {mentor, fine}
    assert not offered & {conflicted, own, busy.member}


def test_mentors_review_the_applications_to_their_defi(client, staff):
    application = _preselected()
    call = application.call
    challenge = application.choices.get().challenge
    mentor = JuryMemberFactory(
        call=call,
        administration=True,
        organization=challenge.organization or OrganizationFactory(),
        mentored_challenges=[challenge],
    )
    for _ in range(3):
        JuryMemberFactory(call=call)
    client.post(reverse("selection:staff_assignment", args=[call.pk]))
    assert ReviewAssignment.objects.get(member=mentor, application=application).as_mentor


def test_staff_adjust_by_hand_refuses_conflict_and_own_organisation(client, staff):
    application = _preselected()
    call = application.call
    challenge = application.choices.get().challenge
    challenge.organization = OrganizationFactory(name="Ministère de la Mer")
    challenge.save()
    conflicted = JuryMemberFactory(call=call)
    ConflictFactory(member=conflicted, application=application)
    own = JuryMemberFactory(call=call, administration=True, organization=challenge.organization)
    fine = JuryMemberFactory(call=call)
    url = reverse("selection:staff_assignment_add", args=[call.pk, application.pk])

    response = client.post(url, {"member": conflicted.pk}, follow=True)
    assert (
        "a déclaré un conflit d&#x27;intérêts avec cette candidature" in response.content.decode()
    )
    response = client.post(url, {"member": own.pk}, follow=True)
    assert "appartient à Ministère de la Mer" in response.content.decode()
    assert not ReviewAssignment.objects.exists()

    client.post(url, {"member": fine.pk})
    added = ReviewAssignment.objects.get()
    assert added.member == fine and added.assigned_by == staff
    client.post(
        reverse("selection:staff_assignment_remove", args=[call.pk, application.pk, added.pk])
    )
    assert not ReviewAssignment.objects.exists()
    assert (
        AuditEvent.objects.filter(application_id=application.pk, action="assignment").count() == 2
    )


def test_staff_records_a_conflict_for_a_member(client, staff):
    review = ReviewAssignmentFactory(application=_preselected())
    call, application = review.application.call, review.application
    client.post(
        reverse("selection:staff_conflict_add", args=[call.pk, application.pk]),
        {"member": review.member.pk, "reason": "Sa sœur"},
    )
    assert Conflict.objects.get().reason == "Sa sœur"
    assert not ReviewAssignment.objects.exists()


# Reviewers ---------------------------------------------------------------------------


def _login(client, user):
    client.force_login(user)


def test_reviewer_scores_saves_a_draft_then_submits(client):
    review = ReviewAssignmentFactory(application=_preselected(skills="Compétence-témoin-31"))
    _login(client, review.member.user)
    url = reverse("selection:review", args=[review.application_id])

    listing = client.get(reverse("selection:reviewer_list")).content.decode()
    assert url in listing and "à faire" in listing

    page = client.get(url).content.decode()
    assert "Compétence-témoin-31" in page
    assert "Dynamisme et vision" in page or "Dynamisme" in page
    assert "Enregistrer le brouillon" in page and "Envoyer mon évaluation" in page

    response = client.post(url, {"dynamism": "4", "comment": "Très motivée", "action": "draft"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.dynamism == 4 and review.submitted_at is None

    response = client.post(
        url,
        {"dynamism": "4", "technical_skills": "5", "comment": "Très motivée", "action": "submit"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pour envoyer votre évaluation, notez les six critères" in body
    assert "Très motivée" in body
    review.refresh_from_db()
    assert review.technical_skills == 5 and review.submitted_at is None

    data = dict.fromkeys(CRITERIA, "3") | {"comment": "Complet", "action": "submit"}
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert AuditEvent.objects.filter(action="review_submitted").count() == 1


def test_autosave_answers_json(client):
    review = ReviewAssignmentFactory(application=_preselected())
    _login(client, review.member.user)
    response = client.post(
        reverse("selection:review", args=[review.application_id]),
        {"general_interest": "2", "action": "draft"},
        headers={"X-Autosave": "1"},
    )
    assert response.json() == {"saved": True}
    review.refresh_from_db()
    assert review.general_interest == 2


def test_blind_until_submitted_then_others_and_thread(client):
    application = _preselected()
    mine = ReviewAssignmentFactory(application=application)
    other = ReviewAssignmentFactory(
        application=application, submitted=True, comment="Avis-caché-913"
    )
    _login(client, mine.member.user)
    url = reverse("selection:review", args=[application.pk])
    assert "Avis-caché-913" not in client.get(url).content.decode()
    assert not AuditEvent.objects.filter(action="review_viewed").exists()
    response = client.post(
        reverse("selection:review_message", args=[application.pk]), {"body": "Bonjour"}
    )
    assert response.status_code == 404

    data = dict.fromkeys(CRITERIA, "4") | {"action": "submit"}
    client.post(url, data)
    body = client.get(url).content.decode()
    assert "Avis-caché-913" in body
    event = AuditEvent.objects.get(action="review_viewed")
    assert event.actor_id == mine.member.user_id and event.target_id == str(other.pk)

    client.post(reverse("selection:review_message", args=[application.pk]), {"body": "Bonjour-42"})
    assert ReviewMessage.objects.get().body == "Bonjour-42"
    assert "Bonjour-42" in client.get(url).content.decode()
    # Never shown to the candidate.
    client.force_login(application.candidate)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Bonjour-42" not in detail and "Avis-caché-913" not in detail


def test_conflict_declared_by_the_reviewer_hides_the_application(client):
    review = ReviewAssignmentFactory(application=_preselected())
    application, user = review.application, review.member.user
    cv = application.documents.get()
    _login(client, user)
    assert client.get(reverse("applications:document", args=[cv.public_id])).status_code == 200
    listing = client.get(
        reverse("selection:conflicts", args=[application.call_id])
    ).content.decode()
    assert str(application) in listing

    response = client.post(
        reverse("selection:conflict_declare", args=[application.call_id, application.pk]),
        {"reason": "Ancienne collègue"},
    )
    assert response.status_code == 302
    assert Conflict.objects.get(member=review.member).reason == "Ancienne collègue"
    for url in (
        reverse("selection:review", args=[application.pk]),
        reverse("applications:document", args=[cv.public_id]),
        reverse("selection:conflict_declare", args=[application.call_id, application.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert str(application) not in client.get(reverse("selection:reviewer_list")).content.decode()
    listing = client.get(
        reverse("selection:conflicts", args=[application.call_id])
    ).content.decode()
    assert str(application) not in listing


def test_cv_views_by_non_owners_are_logged(client):
    review = ReviewAssignmentFactory(application=_preselected())
    application = review.application
    cv = application.documents.get()
    url = reverse("applications:document", args=[cv.public_id])
    client.force_login(application.candidate)
    client.get(url)
    assert not AuditEvent.objects.filter(action="cv_viewed").exists()
    client.force_login(review.member.user)
    assert client.get(url).status_code == 200
    staff = make_user(Role.STAFF)
    client.force_login(staff)
    assert client.get(url).status_code == 200
    actors = set(AuditEvent.objects.filter(action="cv_viewed").values_list("actor_id", flat=True))
    assert actors == {review.member.user_id, staff.pk}


def test_staff_reads_every_review_and_each_view_is_logged(client, staff):
    application = _preselected()
    ReviewAssignmentFactory(application=application, submitted=True, comment="Avis-A")
    ReviewAssignmentFactory(application=application, submitted=True, comment="Avis-B")
    ReviewAssignmentFactory(application=application)  # not started: nothing to read
    url = reverse("selection:staff_application", args=[application.call_id, application.pk])
    body = client.get(url).content.decode()
    assert "Avis-A" in body and "Avis-B" in body
    assert AuditEvent.objects.filter(action="review_viewed", actor_id=staff.pk).count() == 2
    client.post(url, {"body": "Message-équipe"})
    assert ReviewMessage.objects.get().author == staff


def test_ranking_page_shows_normalised_scores_and_flags(client, staff):
    call = _preselected().call
    harsh, lenient = JuryMemberFactory(call=call), JuryMemberFactory(call=call)
    apps = [_preselected(call=call, first_name=name) for name in ("Ana", "Bao", "Cyd", "Dan")]
    for application, member, score in zip(
        apps, (harsh, harsh, lenient, lenient), (2, 3, 4, 5), strict=True
    ):
        ReviewAssignmentFactory(
            application=application,
            member=member,
            submitted=True,
            scores=dict.fromkeys(CRITERIA, score),
        )
    response = client.get(reverse("selection:staff_ranking", args=[call.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ex æquo" in body
    assert "évaluations manquantes" in body
    assert "+2 place(s)" in body
    assert "1,00" in body or "1.00" in body
    challenge = apps[0].choices.get().challenge
    per_defi = client.get(
        reverse("selection:staff_ranking", args=[call.pk]), {"defi": challenge.pk}
    ).content.decode()
    assert "Ana" in per_defi and "Bao" not in per_defi


def test_personal_space_links_to_the_reviewer_space(client):
    member = JuryMemberFactory()
    client.force_login(member.user)
    body = client.get(reverse("espace:home")).content.decode()
    assert reverse("selection:reviewer_list") in body


def test_the_back_office_leads_to_the_selection_auditions_and_decisions(client, staff):
    member = JuryMemberFactory()
    call = member.call

    dashboard = client.get(reverse("gestion:home")).content.decode()
    jury_page = client.get(reverse("selection:staff_call", args=[call.pk])).content.decode()

    assert reverse("selection:staff_index") in dashboard
    assert reverse("auditions:staff_index") in dashboard
    assert reverse("auditions:staff_slots", args=[call.pk]) in jury_page
    assert reverse("auditions:staff_decisions", args=[call.pk]) in jury_page
