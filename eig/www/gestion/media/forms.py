"""Forms of the media library's staff screens (the checks are the service's)."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.medialibrary.models import MediaKind
from eig.medialibrary.services import (
    DOCUMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    MediaError,
    accepted_types_text,
)

ALT_HELP = _(
    "Obligatoire pour une image : décrivez ce qu'elle montre à qui ne la voit pas "
    "(sans « image de »). Ignoré pour un document."
)


class MediaFilterForm(DsfrBaseForm):
    """The list's search and filter (GET); a bad value is ignored."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Tous les types")), *MediaKind.choices]

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q") or "", "kind": data.get("type") or ""}


def _file_widget():
    accept = ",".join(f".{ext}" for ext in (*IMAGE_EXTENSIONS, *DOCUMENT_EXTENSIONS))
    widget = forms.FileInput(attrs={"class": "fr-upload", "accept": accept})
    widget.group_class = "fr-upload-group"
    return widget


class _TextsForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        error_messages={"required": _("Donnez un titre au fichier.")},
    )
    alt = forms.CharField(
        label=_("Texte alternatif"), max_length=300, required=False, help_text=ALT_HELP
    )
    credit = forms.CharField(
        label=_("Crédit (facultatif)"),
        max_length=200,
        required=False,
        help_text=_("L'auteur·rice ou la source, par exemple « Photo : DINUM »."),
    )

    def add_media_error(self, error: MediaError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class MediaUploadForm(_TextsForm):
    file = forms.FileField(
        label=_("Fichier"),
        widget=_file_widget(),
        error_messages={"required": _("Choisissez un fichier.")},
        # Said before the upload, in the field's hint (read when the form is shown).
        help_text=lazy(accepted_types_text, str)(),
    )
    field_order = ["file", "title", "alt", "credit"]


class MediaEditForm(_TextsForm):
    pass
