from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel, PublicProfile, other_source_keys_field
from eig.core.text import fold


class Theme(models.Model):
    """A public-policy theme (santé, justice, environnement…)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill a défi asks for (`dev`, `design`, `datascience`…).

    `profile` links it to a fellow profile so the catalogue can be filtered by
    profile.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label = models.CharField(_("libellé"), max_length=100)
    profile = models.CharField(_("profil correspondant"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Funding(models.TextChoices):
    COFUNDED = "cofunded", _("Sélectionné, cofinancé par le fonds")
    REMARKED = "remarked", _("Remarqué, financé par l'administration")
    UNKNOWN = "", _("Non renseigné")


class ChallengeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, query: str):
        """Every word of the query, accents and case ignored, must match."""
        from eig.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_document__contains=term)
        return qs


class Challenge(ImportedModel):
    """A défi: a problem proposed by an administration for a team of 2–3 EIG."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200)
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    pitch = models.CharField(_("accroche"), max_length=500, blank=True)
    body = models.TextField(_("description (Markdown)"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("administration d'accueil"),
        on_delete=models.PROTECT,
        related_name="challenges",
        null=True,
        blank=True,
    )
    organization_label = models.CharField(
        _("administration (telle que publiée)"), max_length=300, blank=True
    )
    town = models.CharField(_("ville"), max_length=200, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("compétences"), related_name="challenges", blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thèmes"), related_name="challenges", blank=True
    )
    funding = models.CharField(_("financement"), max_length=20, choices=Funding.choices, blank=True)
    image = models.CharField(_("image"), max_length=500, blank=True)
    poster = models.CharField(_("affiche"), max_length=500, blank=True)
    website = models.URLField(_("site du projet"), max_length=500, blank=True)
    is_startup_detat = models.BooleanField(
        _("devenu startup d'État"),
        default=False,
        help_text=_("Le défi a donné naissance à une startup d'État."),
    )
    startup_detat_url = models.URLField(_("page de la startup d'État"), max_length=500, blank=True)
    source_code = models.JSONField(_("code source"), default=list, blank=True)
    videos = models.JSONField(
        _("vidéos"),
        default=list,
        blank=True,
        help_text=_("Liste de {kind, url} : présentation, fin de défi."),
    )
    is_published = models.BooleanField(_("publié"), default=True)
    other_source_keys = other_source_keys_field()
    search_document = models.TextField(editable=False, blank=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("défi")
        verbose_name_plural = _("défis")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["year", "slug"], name="unique_challenge_year_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", kwargs={"year": self.year, "slug": self.slug})

    def build_search_document(self) -> str:
        parts = [
            self.title,
            self.pitch,
            self.body,
            self.organization_label,
            self.organization.name if self.organization_id else "",
            self.town,
        ]
        return " ".join(fold(part) for part in parts if part)

    def save(self, *args, **kwargs):
        self.search_document = self.build_search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)


class ChallengeKeyFigure(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="key_figures")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    amount = models.DecimalField(_("valeur"), max_digits=20, decimal_places=2)
    prefix = models.CharField(
        _("avant la valeur"), max_length=20, blank=True, help_text=_("Par exemple « + ».")
    )
    suffix = models.CharField(
        _("après la valeur"), max_length=20, blank=True, help_text=_("Par exemple « % ».")
    )
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        ordering = ["challenge", "position"]

    def __str__(self) -> str:
        return f"{self.amount} {self.description}"


class ChallengeProject(models.Model):
    """Something a défi delivered (réalisation)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="projects")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("lien"), max_length=500, blank=True)
    image = models.CharField(_("image"), max_length=500, blank=True)
    call_to_action = models.CharField(_("texte du lien"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("réalisation")
        verbose_name_plural = _("réalisations")
        ordering = ["challenge", "position"]

    def __str__(self) -> str:
        return self.title


class MentorKind(models.TextChoices):
    OPERATIONAL = "operational", _("Mentor opérationnel")
    STRATEGIC = "strategic", _("Mentor stratégique")
    UNSPECIFIED = "", _("Mentor")


class Mentor(PublicProfile):
    """A civil servant who mentors one or more défis."""

    position_title = models.CharField(_("fonction"), max_length=300, blank=True)
    cohorts = models.ManyToManyField(
        "cohorts.Cohort", verbose_name=_("promotions"), related_name="mentors", blank=True
    )
    challenges = models.ManyToManyField(
        Challenge,
        through="ChallengeMentor",
        related_name="mentors",
        verbose_name=_("défis"),
        blank=True,
    )

    class Meta(PublicProfile.Meta):
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")

    def get_absolute_url(self) -> str:
        return reverse("challenges:mentor_detail", kwargs={"slug": self.slug})


class ChallengeMentor(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="mentorships")
    kind = models.CharField(_("rôle"), max_length=20, choices=MentorKind.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("mentorat")
        verbose_name_plural = _("mentorats")
        ordering = ["challenge", "position"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "mentor"], name="unique_challenge_mentor")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.challenge}"
