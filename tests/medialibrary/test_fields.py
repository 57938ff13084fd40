import pytest
from django import forms

from eig.medialibrary.services import upload_media
from eig.www.gestion.media.fields import (
    MediaImageChoiceField,
    media_for_url,
    media_srcset,
    media_url,
)
from tests.medialibrary.conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


class PickerForm(forms.Form):
    picture = MediaImageChoiceField(required=False)


@pytest.fixture
def picture(staff):
    return upload_media(
        actor=staff,
        uploaded_file=png_upload(width=700, height=400),
        title="Atelier",
        alt="Une table ronde",
        credit="",
    )


def test_the_picker_offers_the_images_only_labelled_title_and_alt(staff, picture):
    upload_media(actor=staff, uploaded_file=pdf_upload(), title="Rapport", alt="", credit="")
    field = PickerForm().fields["picture"]
    labels = [label for _value, label in field.choices]
    assert labels == ["Aucune image", "Atelier — Une table ronde"]
    html = str(PickerForm()["picture"])
    assert "<select" in html and "Atelier — Une table ronde" in html  # no JavaScript needed


def test_the_picker_returns_the_media_file_and_refuses_a_document(staff, picture):
    document = upload_media(
        actor=staff, uploaded_file=pdf_upload(), title="Rapport", alt="", credit=""
    )
    form = PickerForm({"picture": str(picture.pk)})
    assert form.is_valid() and form.cleaned_data["picture"] == picture
    assert not PickerForm({"picture": str(document.pk)}).is_valid()


def test_the_helpers_give_the_public_url_and_srcset(picture):
    assert media_url(picture) == picture.url and picture.url.startswith("/media/imports/")
    srcset = media_srcset(picture)
    assert srcset.endswith(f"{picture.url} 700w")
    assert "_320w.png 320w" in srcset and "_640w.png 640w" in srcset
    assert media_url(None) == "" and media_srcset(None) == ""
    assert media_for_url(picture.url) == picture
    assert media_for_url("/media/imports/00/absent.png") is None
