"""The studio edits everything a défi's and a post's public pages show: a
défi's team, mentors, key figures, achievements and outcome, a post's
attachments, press contact, categories and tags."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from eig.accounts.models import Role
from eig.audit.models import AuditAction, AuditEvent
from eig.challenges.models import ChallengeKeyFigure, ChallengeMentor, ChallengeProject
from eig.cohortlife.models import ChallengeOutcome, OutcomeLink
from eig.content.models import Post, PostAttachment
from tests.accounts.factories import make_user
from tests.factories import (
    ChallengeFactory,
    ChallengeMentorFactory,
    CohortFactory,
    FellowFactory,
    MentorFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_user(Role.STAFF)
    client.force_login(user)
    return user


def _value(bound):
    value = bound.value()
    if isinstance(bound.field, forms.ModelMultipleChoiceField) and value is None:
        return []
    if isinstance(value, datetime.date | datetime.datetime):
        return bound.field.widget.format_value(value)
    if isinstance(value, list | tuple):
        return [str(getattr(choice, "pk", choice)) for choice in value]
    return "" if value is None else str(getattr(value, "pk", value))


def _page_data(response) -> dict:
    """What a browser sends back from the edit page, as it is shown."""
    from eig.www.gestion.studio.relations import pending_fields

    data = {}
    for bound in pending_fields(response.context["form"], response.context["parts"]):
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = _value(bound)
    return data


def _public(client, url) -> str:
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_defis_relations_are_added_changed_and_removed_from_its_form(client, staff):
    cohort = CohortFactory()
    challenge = ChallengeFactory(cohort=cohort, title="Des données pour les forêts")
    camille = FellowFactory(name="Camille Forestière", cohorts=[cohort])
    sacha = FellowFactory(name="Sacha Sylvestre", cohorts=[cohort])
    FellowFactory(name="Hors promotion")
    dominique = MentorFactory(name="Dominique Garde")
    edit = reverse("gestion:studio_edit", args=["defis", challenge.pk])
    page = client.get(edit)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Camille Forestière" in text and "Hors promotion" not in text  # its cohort's
    assert 'name="mentorships-TOTAL_FORMS"' in text
    assert 'name="outcome_links-0-url"' in text

    # Added
    data = _page_data(page)
    data.update(
        {
            "team": [str(camille.pk)],
            "mentorships-0-mentor": str(dominique.pk),
            "mentorships-0-kind": "operational",
            "key_figures-0-amount": "4200",
            "key_figures-0-description": "hectares cartographiés",
            "projects-0-title": "La carte des forêts",
            "projects-0-url": "carte.example.org",
            "projects-0-call_to_action": "Voir la carte",
            "outcome-status": "in_production",
            "outcome-summary": "Une carte **en service**.",
            "outcome-is_published": "on",
            "outcome_links-0-kind": "repository",
            "outcome_links-0-title": "Le dépôt",
            "outcome_links-0-url": "https://git.example.org/forets",
            "action": "save",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    assert ChallengeProject.objects.get(challenge=challenge).url == "https://carte.example.org"
    text = _public(client, challenge.get_absolute_url())
    for shown in (
        "Camille Forestière",
        "Mentors opérationnels",
        "Dominique Garde",
        "hectares cartographiés",
        "La carte des forêts",
        "Voir la carte",
        "Ce que le défi a donné",
        "<strong>en service</strong>",
        "Le dépôt",
    ):
        assert shown in text, shown
    assert "Sacha Sylvestre" not in text
    event = AuditEvent.objects.filter(action=AuditAction.CONTENT_CHANGED).latest("pk")
    assert event.detail["related"]["mentorships"] == {"added": 1, "changed": 0, "deleted": 0}
    assert event.detail["related"]["team"] == {"added": 1, "deleted": 0}
    assert event.detail["related"]["outcome"]["links_added"] == 1
    mentorship = ChallengeMentor.objects.get(challenge=challenge)
    assert mentorship.history.get().history_user == staff  # a version of the row

    # Changed
    client.force_login(staff)
    data = _page_data(client.get(edit))
    assert data["mentorships-0-mentor"] == str(dominique.pk)  # the saved row, shown
    data.update(
        {
            "team": [str(sacha.pk)],
            "mentorships-0-kind": "strategic",
            "projects-0-title": "La nouvelle carte",
            "outcome-status": "continued",
            "outcome_links-0-title": "Le dépôt public",
            "action": "save",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    text = _public(client, challenge.get_absolute_url())
    assert "Mentors stratégiques" in text and "Mentors opérationnels" not in text
    assert "La nouvelle carte" in text and "La carte des forêts" not in text
    assert "Sacha Sylvestre" in text and "Camille Forestière" not in text
    assert "Poursuivi" in text and "Le dépôt public" in text
    assert ChallengeMentor.objects.get(challenge=challenge).history.count() == 2
    client.force_login(staff)
    versions = client.get(reverse("gestion:studio_versions", args=["defis", challenge.pk]))
    assert versions.status_code == 200
    text = versions.content.decode()
    assert "Lignes liées" in text
    assert "Mentorat : Dominique Garde — Des données pour les forêts" in text
    assert "<del>Mentor opérationnel</del> → <ins>Mentor stratégique</ins>" in text
    assert "<ins>La nouvelle carte</ins>" in text

    # Removed
    client.force_login(staff)
    data = _page_data(client.get(edit))
    data.update(
        {
            "team": [],
            "mentorships-0-DELETE": "on",
            "key_figures-0-DELETE": "on",
            "projects-0-DELETE": "on",
            "outcome-status": "",
            "action": "save",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    assert not ChallengeMentor.objects.filter(challenge=challenge).exists()
    assert not ChallengeKeyFigure.objects.filter(challenge=challenge).exists()
    assert not ChallengeProject.objects.filter(challenge=challenge).exists()
    assert not ChallengeOutcome.objects.filter(challenge=challenge).exists()
    assert not OutcomeLink.objects.exists()
    assert not challenge.fellows.exists()
    text = _public(client, challenge.get_absolute_url())
    assert "Des données pour les forêts" in text
    for gone in ("Dominique Garde", "hectares", "La nouvelle carte", "Ce que le défi a donné"):
        assert gone not in text, gone
    assert "Aucun profil public pour l&#x27;équipe" in text or "Aucun profil public" in text


def test_a_new_defi_is_created_with_its_team_and_mentors(client, staff):
    cohort = CohortFactory(year=2027)
    camille = FellowFactory(name="Camille Nouvelle")
    dominique = MentorFactory(name="Dominique Neuve")
    create = reverse("gestion:studio_create", args=["defis"])
    page = client.get(create)
    assert page.status_code == 200
    assert 'size="10"' in page.content.decode()  # every fellow, without JavaScript
    data = _page_data(page)
    data.update(
        {
            "title": "Un défi tout neuf",
            "cohort": str(cohort.pk),
            "team": [str(camille.pk)],
            "mentorships-0-mentor": str(dominique.pk),
            "projects-0-title": "Le prototype",
        }
    )
    response = client.post(create, data)
    assert response.status_code == 302, response.context["form"].errors
    challenge = cohort.challenges.get()
    assert list(challenge.fellows.all()) == [camille]
    assert challenge.mentorships.get().mentor == dominique
    assert challenge.projects.get().position == 1  # left empty: after the others
    assert challenge.is_published is False


def test_an_error_in_a_row_keeps_everything_typed(client, staff):
    challenge = ChallengeFactory(title="Le défi publié")
    dominique = MentorFactory(name="Dominique Double")
    edit = reverse("gestion:studio_edit", args=["defis", challenge.pk])
    data = _page_data(client.get(edit))
    data.update(
        {
            "title": "Le titre retapé",
            "mentorships-0-mentor": str(dominique.pk),
            "mentorships-1-mentor": str(dominique.pk),  # twice: refused
            "key_figures-0-amount": "beaucoup",  # not a number
            "key_figures-0-description": "usagers ravis",
            "projects-0-title": "Le site retapé",
            "outcome_links-0-title": "Un lien sans statut",
            "outcome_links-0-url": "https://example.org/lien",
            "action": "save",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Le titre retapé"' in text
    assert 'value="beaucoup"' in text
    assert 'value="usagers ravis"' in text
    assert 'value="Le site retapé"' in text
    assert 'value="Un lien sans statut"' in text
    assert f'<option value="{dominique.pk}" selected>' in text
    assert "Choisissez un statut pour publier ces liens" in text
    assert "fr-input-group--error" in text or "fr-error-text" in text
    challenge.refresh_from_db()
    assert challenge.title == "Le défi publié"
    assert not challenge.mentorships.exists() and not challenge.projects.exists()


def test_a_preview_carries_the_typed_rows_and_saves_them_afterwards(client, staff):
    challenge = ChallengeFactory(title="Le défi prévisualisé")
    ChallengeMentorFactory(challenge=challenge, mentor=MentorFactory(name="Ancien Mentor"))
    dominique = MentorFactory(name="Dominique Aperçu")
    edit = reverse("gestion:studio_edit", args=["defis", challenge.pk])
    data = _page_data(client.get(edit))
    data.update(
        {
            "mentorships-0-DELETE": "on",
            "mentorships-1-mentor": str(dominique.pk),
            "projects-0-title": "Le projet en aperçu",
            "action": "preview",
        }
    )
    preview = client.post(edit, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "ne sont pas encore enregistrées" in text
    assert 'name="projects-0-title" value="Le projet en aperçu"' in text  # carried
    assert f'name="mentorships-1-mentor" value="{dominique.pk}"' in text
    assert 'name="mentorships-0-DELETE" value="True"' in text
    assert 'name="mentorships-TOTAL_FORMS"' in text
    page = text.split("ne sont pas encore enregistrées", 1)[1].split("</form>", 1)[1]
    assert "Le projet en aperçu</h3>" in page  # the page shows the typed rows
    assert "Dominique Aperçu</a>" in page and "Ancien Mentor" not in page
    assert challenge.mentorships.get().mentor.name == "Ancien Mentor"  # nothing saved

    # What the preview's own form sends back: its hidden fields.
    import re

    carried = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text):
        carried.setdefault(name, []).append(value)
    carried.pop("csrfmiddlewaretoken", None)
    carried["action"] = ["back"]
    back = client.post(edit, carried)
    assert back.status_code == 200
    assert 'value="Le projet en aperçu"' in back.content.decode()
    carried["action"] = ["save"]
    saved = client.post(edit, carried)
    assert saved.status_code == 302, saved.context["form"].errors
    assert [m.mentor for m in challenge.mentorships.all()] == [dominique]
    assert challenge.projects.get().title == "Le projet en aperçu"


def test_a_posts_attachments_press_contact_categories_and_tags(client, staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eig.medialibrary.services import upload_media

    settings.MEDIA_ROOT = tmp_path
    PostFactory(categories=["Communiqué de presse", "Événement"])
    document = upload_media(
        actor=staff,
        uploaded_file=SimpleUploadedFile(
            "dossier.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        ),
        title="Dossier de presse",
    )
    post = PostFactory(title="Le communiqué", categories=[], tags=[])
    edit = reverse("gestion:studio_edit", args=["actualites", post.pk])
    page = client.get(edit)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Déjà utilisées : Communiqué de presse, Événement." in text
    assert "Dossier de presse (pdf)" in text  # offered in the documents' picker

    # Added
    data = _page_data(page)
    data.update(
        {
            "categories": "Communiqué de presse, Promotion 8",
            "tags": "données,  forêts ",
            "press_name": "Alex Presse",
            "press_email": "presse@example.org",
            "press_phones": "01 40 15 00 00, 06 00 00 00 00",
            "attachments-0-library_document": str(document.pk),
            "attachments-0-name": "Le dossier",
            "attachments-1-url": "https://example.org/annexe.pdf",
            "attachments-1-name": "L'annexe",
            "action": "save",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    post.refresh_from_db()
    assert post.categories == ["Communiqué de presse", "Promotion 8"]
    assert post.tags == ["données", "forêts"]
    assert post.press_contact == {
        "name": "Alex Presse",
        "email": "presse@example.org",
        "tel": ["01 40 15 00 00", "06 00 00 00 00"],
    }
    assert [a.url for a in post.attachments.all()] == [
        document.url,
        "https://example.org/annexe.pdf",
    ]
    text = _public(client, post.get_absolute_url())
    for shown in (
        "Promotion 8",
        "forêts",
        "Alex Presse",
        "tel:0140150000",
        "mailto:presse@example.org",
        f'href="{document.url}"',
        "Le dossier",
        "L&#x27;annexe",
    ):
        assert shown in text, shown

    # Changed
    client.force_login(staff)
    page = client.get(edit)
    assert page.context["parts"][0].formset.forms[0]["library_document"].value() == document.pk
    data = _page_data(page)
    assert data["categories"] == "Communiqué de presse, Promotion 8"
    data.update(
        {
            "attachments-1-name": "L'annexe corrigée",
            "press_phones": "01 99 99 99 99",
            "tags": "données",
            "action": "save",
        }
    )
    assert client.post(edit, data).status_code == 302
    text = _public(client, post.get_absolute_url())
    assert "L&#x27;annexe corrigée" in text and "tel:0199999999" in text
    assert "forêts" not in text

    # Removed
    client.force_login(staff)
    data = _page_data(client.get(edit))
    data.update(
        {
            "attachments-0-DELETE": "on",
            "attachments-1-DELETE": "on",
            "press_name": "",
            "press_email": "",
            "press_phones": "",
            "categories": "",
            "tags": "",
            "action": "save",
        }
    )
    assert client.post(edit, data).status_code == 302
    post.refresh_from_db()
    assert post.press_contact == {} and post.categories == [] and post.tags == []
    assert not PostAttachment.objects.filter(post=post).exists()
    text = _public(client, post.get_absolute_url())
    assert "Le communiqué" in text
    for gone in ("Alex Presse", "Le dossier", "annexe", "Promotion 8"):
        assert gone not in text, gone


def test_an_attachment_needs_a_document_or_an_address(client, staff):
    post = PostFactory()
    edit = reverse("gestion:studio_edit", args=["actualites", post.pk])
    data = _page_data(client.get(edit))
    data.update({"attachments-0-name": "Un fichier perdu", "action": "save"})
    response = client.post(edit, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Choisissez un document ou donnez l&#x27;adresse du fichier." in text
    assert 'value="Un fichier perdu"' in text
    assert not Post.objects.get(pk=post.pk).attachments.exists()


def test_a_change_of_relations_makes_the_cached_defi_page_stale(client, settings):
    settings.EIG_PAGE_CACHE = True
    staff = make_user(Role.STAFF)
    challenge = ChallengeFactory()
    url = challenge.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url).headers.get("X-Cache") == "hit"
    client.force_login(staff)
    edit = reverse("gestion:studio_edit", args=["defis", challenge.pk])
    data = _page_data(client.get(edit))
    data.update({"projects-0-title": "Une réalisation fraîche", "action": "save"})
    assert client.post(edit, data).status_code == 302
    client.logout()
    after = client.get(url)
    assert after.status_code == 200
    assert after.headers.get("X-Cache") == "miss"
    assert "Une réalisation fraîche" in after.content.decode()


def test_a_post_preview_shows_its_typed_attachments_and_press_contact(client, staff):
    post = PostFactory(title="Le communiqué en aperçu")
    edit = reverse("gestion:studio_edit", args=["actualites", post.pk])
    data = _page_data(client.get(edit))
    data.update(
        {
            "press_name": "Alex Aperçu",
            "tags": "aperçu",
            "attachments-0-url": "https://example.org/apercu.pdf",
            "attachments-0-name": "Le fichier en aperçu",
            "action": "preview",
        }
    )
    preview = client.post(edit, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert 'name="attachments-0-name" value="Le fichier en aperçu"' in text
    page = text.split("ne sont pas encore enregistrées", 1)[1].split("</form>", 1)[1]
    assert "Le fichier en aperçu</a>" in page
    assert "Alex Aperçu<br>" in page
    assert not post.attachments.exists()
    post.refresh_from_db()
    assert post.press_contact == {} and post.tags == []
