from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministère")
    DIRECTORATE = "directorate", _("Direction ou service")
    AGENCY = "agency", _("Agence ou établissement public")
    INDEPENDENT = "independent", _("Autorité indépendante ou juridiction")
    OTHER = "other", _("Autre")


class OrganizationQuerySet(models.QuerySet):
    def ministries(self):
        return self.filter(kind=OrganizationKind.MINISTRY)

    def with_challenges(self):
        return self.filter(challenges__isnull=False).distinct()


class Organization(ImportedModel):
    """A host administration (administration d'accueil, porteur de défi).

    Ministries are the parents of their directorates and agencies.
    """

    name = models.CharField(_("nom"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=OrganizationKind.choices,
        default=OrganizationKind.OTHER,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ministère de rattachement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    website = models.URLField(_("site web"), max_length=500, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ministry(self) -> "Organization | None":
        if self.kind == OrganizationKind.MINISTRY:
            return self
        return self.parent
