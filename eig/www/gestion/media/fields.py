"""Picking a picture of the media library in any form, without JavaScript.

`MediaImageChoiceField` is a plain `ModelChoiceField` (a `<select>`) over the
library's pictures, each labelled « title — alt text »; its cleaned value is
the `MediaFile`. A form of the content studio uses it as::

    from eig.www.gestion.media.fields import MediaImageChoiceField, media_url

    class PostForm(DsfrBaseForm):
        picture = MediaImageChoiceField(label=_("Image principale"), required=False)

        def clean_picture(self):
            media = self.cleaned_data["picture"]
            return media_url(media)  # the address the content's field keeps

and, to show an existing value, `initial=media_for_url(post.image)`.
`media_url(media)` is the public address a content field keeps (and that
`media_usages` finds), `media_srcset(media)` the `srcset` of its responsive
sizes (`media.picture` holds its width and height as well).
"""

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from eig.medialibrary.models import MediaFile
from eig.medialibrary.selectors import library_documents, library_images


class MediaImageChoiceField(forms.ModelChoiceField):
    """A picture of the library, chosen in a list labelled « title — alt »."""

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Image de la médiathèque"))
        kwargs.setdefault("empty_label", _("Aucune image"))
        kwargs.setdefault(
            "help_text",
            _("Les images de la médiathèque, par titre ; ajoutez-en une depuis la médiathèque."),
        )
        super().__init__(queryset=library_images() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: MediaFile) -> str:
        return f"{obj.title} — {obj.alt}" if obj.alt else obj.title


class MediaDocumentChoiceField(MediaImageChoiceField):
    """A document of the library (PDF…), chosen in a list by title."""

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Document de la médiathèque"))
        kwargs.setdefault("empty_label", _("Aucun document"))
        kwargs.setdefault(
            "help_text",
            _("Les documents de la médiathèque, par titre ; ajoutez-en un depuis la médiathèque."),
        )
        queryset = library_documents() if queryset is None else queryset
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: MediaFile) -> str:
        extension = obj.extension
        return f"{obj.title} ({extension})" if extension else obj.title


def media_url(media: MediaFile | None) -> str:
    """The public address of a library file ("" for none)."""
    return media.url if media is not None else ""


def media_srcset(media: MediaFile | None) -> str:
    """The `srcset` of a library picture's responsive sizes ("" for a document)."""
    picture = media.picture if media is not None else None
    return picture.srcset if picture is not None else ""


def media_for_url(url: str, files=None) -> MediaFile | None:
    """The library picture (or, given `files`, the library file among them) a
    content field's address is (to preset the field)."""
    if not url:
        return None
    files = library_images() if files is None else files
    for media in files.filter(file__in=_names(url)):
        return media
    return None


def _names(url: str) -> list[str]:
    """The storage names an address may stand for (local disk or object storage)."""
    path = url.split("?", 1)[0]
    return [path.removeprefix(default_storage.url("")), path.removeprefix(settings.MEDIA_URL)]
