import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eig.accounts.models import Role
from eig.audit.models import AuditAction, AuditEvent
from eig.medialibrary.models import MediaFile
from eig.medialibrary.services import upload_media
from tests.accounts.factories import make_user
from tests.factories import PageFactory
from tests.medialibrary.conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def picture(staff):
    return upload_media(
        actor=staff,
        uploaded_file=png_upload(width=700, height=400),
        title="Atelier de lancement",
        alt="Des EIG autour d'une table",
        credit="Photo : DINUM",
    )


def body(response) -> str:
    return response.content.decode()


def test_the_back_office_home_links_to_the_library(staff_client):
    response = staff_client.get(reverse("gestion:home"))
    assert reverse("gestion:media_list") in body(response)
    assert "Médiathèque" in body(response)


def test_the_list_shows_thumbnails_with_their_alt_and_srcset(staff_client, picture):
    response = staff_client.get(reverse("gestion:media_list"))
    assert response.status_code == 200
    page = body(response)
    assert "Atelier de lancement" in page
    assert 'alt="Des EIG autour d&#x27;une table"' in page
    assert "320w" in page and "640w" in page
    assert reverse("gestion:media_detail", args=[picture.pk]) in page


def test_the_list_searches_and_filters_by_kind(staff_client, staff, picture):
    upload_media(actor=staff, uploaded_file=pdf_upload(), title="Bilan 2024", alt="", credit="")
    page = body(staff_client.get(reverse("gestion:media_list"), {"type": "document"}))
    assert "Bilan 2024" in page and "Atelier de lancement" not in page
    page = body(staff_client.get(reverse("gestion:media_list"), {"q": "atelier"}))
    assert "Atelier de lancement" in page and "Bilan 2024" not in page


def test_the_list_is_paginated(staff_client, staff, monkeypatch):
    from eig.www.gestion.media import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    for title in ("Premier", "Second"):
        upload_media(actor=staff, uploaded_file=pdf_upload(), title=title, alt="", credit="")
    page = body(staff_client.get(reverse("gestion:media_list")))
    assert "Second" in page and "Premier" not in page
    assert "fr-pagination" in page
    assert "Premier" in body(staff_client.get(reverse("gestion:media_list"), {"page": 2}))


def test_the_upload_form_says_the_types_and_limits_before_upload(staff_client):
    response = staff_client.get(reverse("gestion:media_upload"))
    assert response.status_code == 200
    page = body(response)
    hint = page[page.index('id="id_file_helptext"') :][:400]
    assert "10 Mo au plus" in hint and "20 Mo au plus" in hint
    assert "PNG" in hint and "PDF" in hint
    assert 'enctype="multipart/form-data"' in page


def test_an_upload_adds_the_file_and_leads_to_its_page(staff_client, staff):
    response = staff_client.post(
        reverse("gestion:media_upload"),
        {
            "file": png_upload(),
            "title": "Portrait",
            "alt": "Une personne souriante",
            "credit": "",
        },
    )
    media = MediaFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("gestion:media_detail", args=[media.pk])
    assert media.uploaded_by == staff
    assert AuditEvent.objects.filter(
        action=AuditAction.MEDIA_UPLOADED, target_id=str(media.pk)
    ).exists()


def test_a_refused_file_keeps_the_other_fields_and_says_why_in_french(staff_client):
    fake = SimpleUploadedFile("photo.png", b"du texte, pas une image")
    response = staff_client.post(
        reverse("gestion:media_upload"),
        {"file": fake, "title": "Mon titre tapé", "alt": "Mon alt tapé", "credit": "Mon crédit"},
    )
    assert response.status_code == 200
    page = body(response)
    assert "n&#x27;est pas une image acceptée" in page
    for typed in ("Mon titre tapé", "Mon alt tapé", "Mon crédit"):
        assert f'value="{typed}"' in page
    assert not MediaFile.objects.exists()


def test_an_image_without_alt_is_refused_on_the_alt_field(staff_client):
    response = staff_client.post(
        reverse("gestion:media_upload"), {"file": png_upload(), "title": "Portrait", "alt": ""}
    )
    assert response.status_code == 200
    assert "texte alternatif est obligatoire" in body(response)
    assert response.context["form"].errors["alt"]
    assert not MediaFile.objects.exists()


def test_a_file_past_the_largest_limit_is_refused_as_it_arrives(staff_client, monkeypatch):
    from eig.medialibrary import services

    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 100)
    response = staff_client.post(
        reverse("gestion:media_upload"),
        {"file": png_upload(), "title": "Portrait", "alt": "Une personne"},
    )
    assert response.status_code == 200
    assert "dépasse la taille maximale de 100" in body(response)
    assert not MediaFile.objects.exists()


def test_the_detail_shows_the_usages_with_links_and_edits_the_texts(staff_client, picture):
    page_content = PageFactory(title="Le programme", body=f"![x]({picture.url})")
    url = reverse("gestion:media_detail", args=[picture.pk])
    page = body(staff_client.get(url))
    assert "Le programme" in page and page_content.get_absolute_url() in page
    assert "Photo : DINUM" in page
    response = staff_client.post(
        url, {"title": "Atelier", "alt": "Une table ronde", "credit": "Photo : DINUM"}
    )
    assert response.status_code == 302
    picture.refresh_from_db()
    assert (picture.title, picture.alt) == ("Atelier", "Une table ronde")
    response = staff_client.post(url, {"title": "Atelier", "alt": "", "credit": ""})
    assert response.status_code == 200
    assert "texte alternatif est obligatoire" in body(response)


def test_delete_is_refused_with_a_clear_message_while_in_use(staff_client, picture):
    PageFactory(title="Le programme", body=f"![x]({picture.url})")
    url = reverse("gestion:media_delete", args=[picture.pk])
    page = body(staff_client.get(url))
    assert "il ne peut pas être supprimé" in page and "Le programme" in page
    assert "Supprimer définitivement" not in page
    response = staff_client.post(url)
    assert response.status_code == 409
    assert "Ce fichier est utilisé par 1 contenu" in body(response)
    assert MediaFile.objects.filter(pk=picture.pk).exists()


def test_delete_asks_for_confirmation_then_deletes(staff_client, picture):
    url = reverse("gestion:media_delete", args=[picture.pk])
    page = body(staff_client.get(url))
    assert "Supprimer définitivement" in page
    assert MediaFile.objects.filter(pk=picture.pk).exists()
    response = staff_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("gestion:media_list")
    assert not MediaFile.objects.filter(pk=picture.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.MEDIA_DELETED, target_id=str(picture.pk)
    ).exists()


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.AGENT, Role.MENTOR])
def test_other_roles_are_refused(client, picture, role):
    client.force_login(make_user(role))
    for url in (
        reverse("gestion:media_list"),
        reverse("gestion:media_upload"),
        reverse("gestion:media_detail", args=[picture.pk]),
        reverse("gestion:media_delete", args=[picture.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("gestion:media_delete", args=[picture.pk]))
    assert response.status_code == 403
    assert MediaFile.objects.filter(pk=picture.pk).exists()


def test_anonymous_visitors_are_sent_to_login(client, picture):
    response = client.get(reverse("gestion:media_list"))
    assert response.status_code == 302 and "?next=" in response["Location"]


def test_an_unknown_file_is_404(staff_client):
    assert staff_client.get(reverse("gestion:media_detail", args=[999999])).status_code == 404


def test_the_list_and_detail_run_a_bounded_number_of_queries(staff_client, staff, bounded_get):
    for n in range(5):
        media = upload_media(
            actor=staff,
            uploaded_file=png_upload(width=330 + n),
            title=f"Image {n}",
            alt=f"Description {n}",
            credit="",
        )
    bounded_get(staff_client, reverse("gestion:media_list"), queries=6, contains="Image 4")
    bounded_get(
        staff_client,
        reverse("gestion:media_detail", args=[media.pk]),
        queries=16,
        contains="Description 4",
    )
