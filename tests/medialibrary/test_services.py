import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.audit.models import AuditAction, AuditEvent
from eig.core.pictures import PICTURE_WIDTHS, stored_picture
from eig.medialibrary import services
from eig.medialibrary.models import MediaFile, MediaKind
from eig.medialibrary.selectors import media_files, media_usages
from eig.medialibrary.services import (
    MediaError,
    MediaInUse,
    delete_media,
    update_media,
    upload_media,
)
from tests.factories import ChallengeFactory, CohortFactory, PageFactory, PostFactory
from tests.medialibrary.conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def upload_png(staff, **kwargs):
    return upload_media(
        actor=staff,
        uploaded_file=png_upload(**kwargs),
        title="Équipe au travail",
        alt="Trois personnes devant un tableau",
        credit="DINUM",
    )


def test_a_png_is_accepted_with_its_dimensions_and_responsive_sizes(staff):
    media = upload_png(staff, width=800, height=600)
    assert media.kind == MediaKind.IMAGE
    assert (media.width, media.height) == (800, 600)
    assert media.content_type == "image/png"
    assert media.uploaded_by == staff
    assert media.size == default_storage.size(media.file.name)
    picture = stored_picture(media.url)
    assert picture is not None and (picture.width, picture.height) == (800, 600)
    expected = [w for w in PICTURE_WIDTHS if w < 800] + [800]
    assert [width for _url, width in picture.sizes] == expected
    for url, _width in picture.sizes:
        assert default_storage.exists(url.removeprefix("/media/"))


def test_a_document_is_accepted_by_its_first_bytes(staff):
    media = upload_media(
        actor=staff, uploaded_file=pdf_upload(), title="Rapport", alt="", credit=""
    )
    assert media.kind == MediaKind.DOCUMENT
    assert media.content_type == "application/pdf"
    assert media.width is None
    assert media.file.name.endswith(".pdf")


def test_a_png_name_holding_text_is_refused_by_its_content(staff):
    fake = SimpleUploadedFile("photo.png", b"Ceci n'est pas une image.", content_type="image/png")
    with pytest.raises(MediaError) as refused:
        upload_media(actor=staff, uploaded_file=fake, title="Photo", alt="Une photo", credit="")
    assert "n'est pas une image acceptée" in refused.value.message
    assert refused.value.field == "file"
    assert not MediaFile.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MEDIA_UPLOADED).exists()


def test_a_pdf_name_holding_a_picture_is_refused(staff):
    disguised = SimpleUploadedFile("rapport.pdf", png_upload().read())
    with pytest.raises(MediaError) as refused:
        upload_media(actor=staff, uploaded_file=disguised, title="Rapport", alt="", credit="")
    assert "n'est pas celui d'un document PDF" in refused.value.message


def test_an_unknown_type_is_refused_with_the_accepted_types(staff):
    script = SimpleUploadedFile("outil.exe", b"MZ\x90\x00")
    with pytest.raises(MediaError) as refused:
        upload_media(actor=staff, uploaded_file=script, title="Outil", alt="", credit="")
    assert "n'est pas accepté" in refused.value.message
    assert "PDF" in refused.value.message and "PNG" in refused.value.message


def test_a_picture_too_big_is_refused(staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(MediaError) as refused:
        upload_png(staff)
    assert "dépasse la taille maximale de 1000" in refused.value.message
    assert not MediaFile.objects.exists()


def test_the_size_is_counted_not_taken_from_the_upload(staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 20)
    upload = pdf_upload()
    upload.size = 10  # what a client could claim
    with pytest.raises(MediaError) as refused:
        upload_media(actor=staff, uploaded_file=upload, title="Rapport", alt="", credit="")
    assert "dépasse la taille maximale" in refused.value.message


def test_an_image_needs_its_alt_text(staff):
    with pytest.raises(MediaError) as refused:
        upload_media(actor=staff, uploaded_file=png_upload(), title="Photo", alt="  ", credit="")
    assert refused.value.field == "alt"
    assert "texte alternatif est obligatoire" in refused.value.message
    assert not MediaFile.objects.exists()


def test_the_upload_is_audited_without_typed_text(staff):
    media = upload_png(staff)
    event = AuditEvent.objects.get(action=AuditAction.MEDIA_UPLOADED)
    assert (event.actor_id, event.target_type, event.target_id) == (
        staff.pk,
        "medialibrary.mediafile",
        str(media.pk),
    )
    assert event.detail == {"kind": "image", "size": media.size}
    assert "Équipe" not in str(event.detail) and "photo" not in str(event.detail)


def test_update_changes_the_texts_and_keeps_alt_required(staff):
    media = upload_png(staff)
    update_media(media, actor=staff, title="Nouveau titre", alt="Autre description", credit="")
    media.refresh_from_db()
    assert (media.title, media.alt, media.credit) == ("Nouveau titre", "Autre description", "")
    event = AuditEvent.objects.get(action=AuditAction.MEDIA_UPDATED)
    assert event.detail == {
        "kind": "image",
        "changed": {"title": True, "alt": True, "credit": True},
    }
    with pytest.raises(MediaError):
        update_media(media, actor=staff, title="Titre", alt="", credit="")


def test_usages_are_found_in_each_kind_of_content(staff, django_assert_max_num_queries):
    media = upload_png(staff, width=700, height=400)
    other = upload_png(staff, width=300, height=200, color=(10, 10, 10))
    small = stored_picture(media.url).sizes[0][0]
    post = PostFactory(image="https://eig.example" + media.url, images=[])
    slideshow = PostFactory(images=[{"src": small, "alt": "x"}])
    page = PageFactory(body=f"Texte\n\n![Une photo]({media.url})\n")
    challenge = ChallengeFactory(poster=media.url)
    cohort = CohortFactory(description=f"Voir ![photo]({media.url})")
    PostFactory(image=other.url)
    with django_assert_max_num_queries(11):
        usages = media_usages(media)
    found = {(usage.title, usage.url) for usage in usages}
    assert found == {
        (post.title, post.get_absolute_url()),
        (slideshow.title, slideshow.get_absolute_url()),
        (page.title, page.get_absolute_url()),
        (challenge.title, challenge.get_absolute_url()),
        (cohort.name, cohort.get_absolute_url()),
    }
    by_title = {usage.title: usage for usage in usages}
    assert by_title[challenge.title].fields == ("affiche",)
    assert media_usages(other)[0].title != post.title


def test_an_attachment_is_a_usage_of_its_post(staff):
    media = upload_media(
        actor=staff, uploaded_file=pdf_upload(), title="Rapport", alt="", credit=""
    )
    post = PostFactory()
    post.attachments.create(url=media.url, name="Le rapport")
    [usage] = media_usages(media)
    assert usage.title == post.title and usage.url == post.get_absolute_url()


def test_a_file_in_use_cannot_be_deleted(staff):
    media = upload_png(staff)
    PageFactory(body=f"![photo]({media.url})")
    with pytest.raises(MediaInUse) as refused:
        delete_media(media, actor=staff)
    assert "utilisé par 1 contenu" in refused.value.message
    assert MediaFile.objects.filter(pk=media.pk).exists()
    assert default_storage.exists(media.file.name)
    assert not AuditEvent.objects.filter(action=AuditAction.MEDIA_DELETED).exists()


def test_a_file_not_in_use_is_deleted_with_its_sizes_and_audited(
    staff, django_capture_on_commit_callbacks
):
    media = upload_png(staff, width=700, height=400)
    names = services.stored_names(media.file.name)
    assert len(names) == 3  # the picture, 320w and 640w
    pk = media.pk
    with django_capture_on_commit_callbacks(execute=True):
        delete_media(media, actor=staff)
    assert not MediaFile.objects.filter(pk=pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    event = AuditEvent.objects.get(action=AuditAction.MEDIA_DELETED)
    assert (event.target_id, event.detail) == (str(pk), {"kind": "image"})


def test_a_file_shared_by_two_entries_stays_while_one_holds_it(
    staff, django_capture_on_commit_callbacks
):
    first = upload_png(staff)
    second = upload_png(staff)
    assert first.file.name == second.file.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_media(first, actor=staff)
    assert default_storage.exists(second.file.name)


def test_the_list_filters_by_kind_and_searches_the_texts(staff):
    image = upload_png(staff)
    document = upload_media(
        actor=staff, uploaded_file=pdf_upload(), title="Bilan annuel", alt="", credit=""
    )
    assert list(media_files(kind="image")) == [image]
    assert list(media_files(kind="document")) == [document]
    assert list(media_files(query="bilan")) == [document]
    assert list(media_files(query="tableau")) == [image]  # in the alt text
    assert set(media_files(kind="nonsense")) == {image, document}


def test_a_clean_drawing_is_accepted_and_an_active_one_refused(staff):
    clean = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        b'<rect width="40" height="20"/></svg>'
    )
    media = upload_media(
        actor=staff,
        uploaded_file=SimpleUploadedFile("logo.svg", clean),
        title="Logo",
        alt="Le logo du programme",
        credit="",
    )
    assert (media.kind, media.content_type, media.width, media.height) == (
        "image",
        "image/svg+xml",
        40,
        20,
    )
    active = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(MediaError) as refused:
        upload_media(
            actor=staff,
            uploaded_file=SimpleUploadedFile("logo.svg", active),
            title="Logo",
            alt="Le logo",
            credit="",
        )
    assert "<script>" in refused.value.message
