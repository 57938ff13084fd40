"""The people in the content studio: an EIG or a mentor is public by their
own consent flag (`is_public`), goes through the same workflow as content,
and their versions (personal data) go with them when they are erased."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.audit.models import AuditAction, AuditEvent
from eig.challenges.models import Mentor
from eig.cohorts.models import Fellow
from eig.studio import selectors, services
from eig.studio.models import EditorialState, EditorialStatus
from eig.studio.registry import BY_KEY
from tests.accounts.factories import make_user
from tests.factories import (
    ChallengeFactory,
    ChallengeMentorFactory,
    CohortFactory,
    FellowFactory,
    MentorFactory,
)

pytestmark = pytest.mark.django_db
S = EditorialStatus


@pytest.fixture
def staff(client):
    user = make_user(Role.STAFF)
    client.force_login(user)
    return user


def _publish(client, kind, pk):
    return client.post(reverse("gestion:studio_status", args=[kind, pk, "published"]))


def _unpublish(client, kind, pk):
    return client.post(reverse("gestion:studio_status", args=[kind, pk, "unpublished"]))


def test_the_people_kinds_use_the_consent_flag():
    assert BY_KEY["eig"].model is Fellow
    assert BY_KEY["mentors"].model is Mentor
    for key in ("eig", "mentors"):
        assert BY_KEY[key].public_flag == "is_public"
        assert BY_KEY[key].has_workflow
        assert BY_KEY[key].is_person
    assert BY_KEY["defis"].public_flag == "is_published"
    assert not BY_KEY["defis"].is_person


def test_an_eig_created_in_the_studio_goes_through_the_workflow(client, staff):
    cohort = CohortFactory(name="Promotion 9")
    challenge = ChallengeFactory(cohort=cohort, title="Un défi de la promotion 9")
    response = client.post(
        reverse("gestion:studio_create", args=["eig"]),
        {
            "name": "Alix Nouvelle",
            "profile": "developer",
            "cohorts": [cohort.pk],
            "challenges": [challenge.pk],
            "bio": "Elle aime le **logiciel libre**.",
            "github": "alix",
        },
    )
    assert response.status_code == 302
    fellow = Fellow.objects.get(name="Alix Nouvelle")
    assert fellow.slug == "alix-nouvelle"
    assert fellow.is_public is False  # nothing public by default
    assert list(fellow.cohorts.all()) == [cohort]
    assert list(fellow.challenges.all()) == [challenge]
    assert services.status_of(fellow, selectors.editorial_state(fellow)) == S.DRAFT
    page = fellow.get_absolute_url()
    client.logout()
    assert client.get(page).status_code == 404

    client.force_login(staff)
    assert _publish(client, "eig", fellow.pk).status_code == 302
    fellow.refresh_from_db()
    assert fellow.is_public is True
    client.logout()
    public = client.get(page)
    assert public.status_code == 200
    assert "Alix Nouvelle" in public.content.decode()
    assert "logiciel libre" in public.content.decode()

    client.force_login(staff)
    assert _unpublish(client, "eig", fellow.pk).status_code == 302
    fellow.refresh_from_db()
    assert fellow.is_public is False
    client.logout()
    assert client.get(page).status_code == 404

    reasons = list(
        fellow.history.order_by("history_id").values_list("history_change_reason", "is_public")
    )
    assert reasons == [
        ("Création", False),
        ("Publication", True),
        ("Retrait du site public", False),
    ]
    actions = list(
        AuditEvent.objects.filter(target_type="cohorts.fellow", target_id=str(fellow.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.CONTENT_CREATED,
        AuditAction.CONTENT_PUBLISHED,
        AuditAction.CONTENT_UNPUBLISHED,
    ]


def test_a_mentor_created_in_the_studio_is_not_public_until_published(client, staff):
    response = client.post(
        reverse("gestion:studio_create", args=["mentors"]),
        {"name": "Dominique Neuve", "position_title": "Cheffe de service", "is_public": "on"},
    )
    assert response.status_code == 302
    mentor = Mentor.objects.get(name="Dominique Neuve")
    assert mentor.is_public is False  # the form has no such field, and the service says no
    page = mentor.get_absolute_url()
    client.logout()
    assert client.get(page).status_code == 404
    client.force_login(staff)
    assert _publish(client, "mentors", mentor.pk).status_code == 302
    client.logout()
    public = client.get(page)
    assert public.status_code == 200
    assert "Dominique Neuve" in public.content.decode()
    assert "Cheffe de service" in public.content.decode()
    client.force_login(staff)
    assert _unpublish(client, "mentors", mentor.pk).status_code == 302
    client.logout()
    assert client.get(page).status_code == 404


def test_the_people_lists_show_their_state_and_search_by_name(client, staff):
    FellowFactory(name="Camille Publique", is_public=True)
    FellowFactory(name="Sacha Privée", private=True)
    response = client.get(reverse("gestion:studio_list", args=["eig"]), {"status": "unpublished"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sacha Privée" in text
    assert "Camille Publique" not in text
    response = client.get(reverse("gestion:studio_list", args=["eig"]), {"q": "publique"})
    assert response.status_code == 200
    assert "Camille Publique" in response.content.decode()
    assert "Sacha Privée" not in response.content.decode()
    MentorFactory(name="Dominique Listée")
    response = client.get(reverse("gestion:studio_list", args=["mentors"]))
    assert response.status_code == 200
    assert "Dominique Listée" in response.content.decode()


def test_the_eig_form_chooses_defis_by_cohort_without_javascript(client, staff):
    cohort = CohortFactory(name="Promotion 4")
    ChallengeFactory(cohort=cohort, title="Le défi groupé")
    fellow = FellowFactory()
    response = client.get(reverse("gestion:studio_edit", args=["eig", fellow.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "multiple" in text and 'size="12"' in text
    assert '<optgroup label="Promotion 4">' in text
    assert "Le défi groupé" in text
    assert 'type="checkbox" name="cohorts"' in text
    assert "eig-markdown" in text  # the bio is Markdown, with its guide
    assert 'name="is_public"' not in text  # public is the workflow's, never a checkbox


def test_a_private_person_is_previewed_by_staff_only(client, staff):
    fellow = FellowFactory(name="Léa Discrète", private=True)
    mentor = MentorFactory(name="Noa Discret", private=True)
    for kind, person in (("eig", fellow), ("mentors", mentor)):
        url = reverse("gestion:studio_preview", args=[kind, person.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert person.name in response.content.decode()
        assert "Aperçu réservé à l" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert client.get(url + "?langue=en").status_code == 200
    client.logout()
    for kind, person in (("eig", fellow), ("mentors", mentor)):
        url = reverse("gestion:studio_preview", args=[kind, person.pk])
        assert client.get(url).status_code == 302
        assert client.get(person.get_absolute_url()).status_code == 404
    client.force_login(make_user(Role.CANDIDATE))
    assert client.get(reverse("gestion:studio_preview", args=["eig", fellow.pk])).status_code == 403


def test_a_change_to_a_person_keeps_a_version_and_may_be_restored(client, staff):
    fellow = FellowFactory(name="Camille Avant", is_public=True)
    edit = reverse("gestion:studio_edit", args=["eig", fellow.pk])
    form = client.get(edit).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if name in ("cohorts", "challenges"):
            data[name] = [item.pk for item in value or []]
        else:
            data[name] = field.widget.format_value(value) or ""
    data.update(name="Camille Après")
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    fellow.refresh_from_db()
    assert fellow.name == "Camille Après"
    assert fellow.is_public is True  # an edit leaves the consent as it is
    first = fellow.history.order_by("history_id").first()
    versions = client.get(reverse("gestion:studio_versions", args=["eig", fellow.pk]))
    assert versions.status_code == 200
    assert "Camille Avant" in versions.content.decode()
    services.restore_version(actor=staff, item=fellow, history_id=first.history_id)
    fellow.refresh_from_db()
    assert fellow.name == "Camille Avant"


def _history_of(model, pk) -> int:
    return model.history.model.objects.filter(id=pk).count()


def test_erasing_a_person_leaves_no_version_nor_state(staff):
    fellow = FellowFactory(name="Effacée Bientôt", private=True)
    services.save_item(actor=staff, item=fellow)
    services.set_status(actor=staff, item=fellow, status=S.PUBLISHED)
    fellow.bio = "Une biographie à effacer."
    services.save_item(actor=staff, item=fellow)
    mentor = MentorFactory(name="Effacé Aussi")
    ChallengeMentorFactory(mentor=mentor)
    services.set_status(actor=staff, item=mentor, status=S.UNPUBLISHED)
    assert _history_of(Fellow, fellow.pk) >= 3
    assert _history_of(Mentor, mentor.pk) >= 2
    fellow_pk, mentor_pk = fellow.pk, mentor.pk

    services.erase_person(actor=staff, person=fellow)
    services.erase_person(actor=staff, person=mentor)

    assert not Fellow.objects.filter(pk=fellow_pk).exists()
    assert not Mentor.objects.filter(pk=mentor_pk).exists()
    assert _history_of(Fellow, fellow_pk) == 0
    assert _history_of(Mentor, mentor_pk) == 0
    assert not Fellow.history.model.objects.filter(name="Effacée Bientôt").exists()
    assert not EditorialState.objects.filter(object_id__in=[fellow_pk, mentor_pk]).exists()
    erased = AuditEvent.objects.get(
        target_type="cohorts.fellow", target_id=str(fellow_pk), action=AuditAction.PERSON_ERASED
    )
    assert erased.actor_id == staff.pk
    assert erased.detail == {"kind": "eig"}


def test_erase_person_refuses_content(staff):
    challenge = ChallengeFactory()
    with pytest.raises(services.StudioError):
        services.erase_person(actor=staff, person=challenge)


def test_any_deletion_of_a_person_takes_their_versions_and_state(staff):
    """The admin's deletion, a cascade or a queryset's: the history goes too."""
    fellow = FellowFactory(name="Supprimée Ailleurs")
    services.set_status(actor=staff, item=fellow, status=S.UNPUBLISHED)
    mentor = MentorFactory(name="Supprimé Ailleurs")
    services.set_status(actor=staff, item=mentor, status=S.UNPUBLISHED)
    fellow_pk, mentor_pk = fellow.pk, mentor.pk
    assert _history_of(Fellow, fellow_pk) == 2

    fellow.delete()
    Mentor.objects.filter(pk=mentor_pk).delete()

    assert _history_of(Fellow, fellow_pk) == 0  # no deletion record either
    assert _history_of(Mentor, mentor_pk) == 0
    assert not EditorialState.objects.filter(object_id__in=[fellow_pk, mentor_pk]).exists()


def test_the_admin_deletes_a_fellow_with_its_history(client):
    admin = make_user(Role.STAFF)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    fellow = FellowFactory(name="Supprimée Admin")
    fellow.save()
    assert _history_of(Fellow, fellow.pk) == 2
    url = reverse("admin:cohorts_fellow_delete", args=[fellow.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Fellow.objects.filter(pk=fellow.pk).exists()
    assert _history_of(Fellow, fellow.pk) == 0


def test_staff_erase_a_person_from_the_studio_after_confirming(client, staff):
    fellow = FellowFactory(name="Effacée Par Le Studio")
    fellow.save()
    edit = client.get(reverse("gestion:studio_edit", args=["eig", fellow.pk]))
    url = reverse("gestion:studio_erase", args=["eig", fellow.pk])
    assert url in edit.content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Effacée Par Le Studio" in confirm.content.decode()
    assert "2 versions" in confirm.content.decode()
    assert Fellow.objects.filter(pk=fellow.pk).exists()  # a GET erases nothing
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("gestion:studio_list", args=["eig"])
    assert not Fellow.objects.filter(pk=fellow.pk).exists()
    assert _history_of(Fellow, fellow.pk) == 0


def test_only_people_are_erased_and_only_by_staff(client, staff):
    challenge = ChallengeFactory()
    assert (
        client.get(reverse("gestion:studio_erase", args=["defis", challenge.pk])).status_code == 404
    )
    post = client.post(reverse("gestion:studio_erase", args=["defis", challenge.pk]))
    assert post.status_code == 404
    mentor = MentorFactory()
    client.logout()
    client.force_login(make_user(Role.CANDIDATE))
    assert (
        client.post(reverse("gestion:studio_erase", args=["mentors", mentor.pk])).status_code == 403
    )
    assert Mentor.objects.filter(pk=mentor.pk).exists()


def test_a_change_to_a_mentor_is_previewed_before_it_is_saved(client, staff):
    mentor = MentorFactory(name="Dominique Publiée", position_title="Cheffe de bureau")
    edit = reverse("gestion:studio_edit", args=["mentors", mentor.pk])
    form = client.get(edit).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if name == "cohorts":
            data[name] = [item.pk for item in value or []]
        else:
            data[name] = field.widget.format_value(value) or ""
    data.update(position_title="Directrice de projet", action="preview")
    preview = client.post(edit, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Directrice de projet" in text
    assert "ne sont pas encore enregistrées" in text
    mentor.refresh_from_db()
    assert mentor.position_title == "Cheffe de bureau"
