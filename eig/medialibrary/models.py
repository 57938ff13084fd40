"""The media library: pictures and documents uploaded once by the programme
team, to be picked from any form of the content studio.

The file itself sits in the default storage under the name of its content's
hash (eig/core/pictures.py), beside the pictures of the imports: a picture's
smaller sizes are made the same way, and its address tells its width, height
and `srcset` (`stored_picture`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel
from eig.core.pictures import StoredPicture, stored_picture


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


class MediaFileQuerySet(models.QuerySet):
    def images(self):
        return self.filter(kind=MediaKind.IMAGE)

    def documents(self):
        return self.filter(kind=MediaKind.DOCUMENT)


class MediaFile(TimeStampedModel):
    file = models.FileField(_("fichier"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=MediaKind.choices, db_index=True)
    title = models.CharField(_("titre"), max_length=200)
    alt = models.CharField(
        _("texte alternatif"),
        max_length=300,
        blank=True,
        help_text=_("Ce que l'image montre, pour qui ne la voit pas (obligatoire pour une image)."),
    )
    credit = models.CharField(_("crédit"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    content_type = models.CharField(_("type de contenu"), max_length=100)
    width = models.PositiveIntegerField(_("largeur"), null=True, blank=True)
    height = models.PositiveIntegerField(_("hauteur"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MediaFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fichier de la médiathèque")
        verbose_name_plural = _("fichiers de la médiathèque")

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.kind == MediaKind.IMAGE

    @property
    def url(self) -> str:
        return self.file.url if self.file else ""

    @property
    def picture(self) -> StoredPicture | None:
        """A picture's address, width, height and responsive sizes (`srcset`)."""
        return stored_picture(self.url) if self.is_image else None

    @property
    def extension(self) -> str:
        name = self.file.name or ""
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""
