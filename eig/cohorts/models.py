from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel, PublicProfile, TimeStampedModel


class Profile(models.TextChoices):
    """A fellow's profile (profil)."""

    DEVELOPER = "developer", _("Développeur·euse")
    DESIGNER = "designer", _("Designer")
    DATA_SCIENTIST = "data_scientist", _("Data scientist")
    DATA_ENGINEER = "data_engineer", _("Data engineer")


class Programme(TimeStampedModel):
    """The programme itself (EIG; DIG was its design sibling in 2019).

    Pay, length and co-funding are data, not text: budgets and pages read them.
    """

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    acronym = models.CharField(_("sigle"), max_length=20)
    description = models.TextField(_("présentation (Markdown)"), blank=True)
    monthly_net_pay = models.DecimalField(
        _("rémunération nette mensuelle (€)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("4000"),
    )
    duration_months = models.PositiveSmallIntegerField(_("durée du contrat (mois)"), default=10)
    cofunding_rate = models.PositiveSmallIntegerField(
        _("part financée par le fonds (%)"), default=70
    )
    employer_cost_factor = models.DecimalField(
        _("coefficient coût employeur"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.80"),
        help_text=_("Multiplie le net mensuel pour obtenir le coût employeur."),
    )
    team_min_size = models.PositiveSmallIntegerField(_("taille minimale d'équipe"), default=2)
    team_max_size = models.PositiveSmallIntegerField(_("taille maximale d'équipe"), default=3)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SelectionCriterion(models.Model):
    """One of the published criteria on which candidates are selected."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="selection_criteria"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    code = models.SlugField(_("code"), max_length=50)
    title = models.CharField(_("intitulé court"), max_length=200)
    description = models.TextField(_("description publiée"))

    class Meta:
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_criterion_code")
        ]

    def __str__(self) -> str:
        return self.title


class CohortQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Cohort(ImportedModel):
    """A yearly cohort (promotion).

    `declared_*` are the figures the programme published; the figures computed
    from the data are shown beside them to staff (see selectors).
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    slug = models.SlugField(_("identifiant"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("numéro"), null=True, blank=True)
    name = models.CharField(_("nom"), max_length=100)
    year = models.PositiveSmallIntegerField(_("année"))
    description = models.TextField(_("présentation (Markdown)"), blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)

    declared_fellows = models.PositiveIntegerField(_("EIG (publié)"), null=True, blank=True)
    declared_challenges = models.PositiveIntegerField(_("défis (publié)"), null=True, blank=True)
    declared_candidates = models.PositiveIntegerField(
        _("candidat·es (publié)"), null=True, blank=True
    )
    declared_auditioned = models.PositiveIntegerField(
        _("auditionné·es (publié)"), null=True, blank=True
    )
    declared_mentors = models.PositiveIntegerField(_("mentors (publié)"), null=True, blank=True)
    declared_designers = models.PositiveIntegerField(_("designers (publié)"), null=True, blank=True)
    declared_developers = models.PositiveIntegerField(
        _("développeur·euses (publié)"), null=True, blank=True
    )
    declared_data_scientists = models.PositiveIntegerField(
        _("data scientists (publié)"), null=True, blank=True
    )
    declared_challenges_cofunded = models.PositiveIntegerField(
        _("défis cofinancés (publié)"), null=True, blank=True
    )
    declared_challenges_remarked = models.PositiveIntegerField(
        _("défis remarqués (publié)"), null=True, blank=True
    )
    declared_challenge_proposals = models.PositiveIntegerField(
        _("défis proposés (publié)"), null=True, blank=True
    )
    declared_challenge_proposals_auditioned = models.PositiveIntegerField(
        _("défis proposés auditionnés (publié)"), null=True, blank=True
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["year", "number", "slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:detail", kwargs={"slug": self.slug})


class FellowQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Fellow(PublicProfile):
    """The public profile of an EIG (lauréat·e)."""

    profile = models.CharField(_("profil"), max_length=20, choices=Profile.choices, blank=True)
    profile_label = models.CharField(
        _("intitulé du profil"),
        max_length=100,
        blank=True,
        help_text=_("Tel que publié, par exemple « Développeuse »."),
    )
    cohorts = models.ManyToManyField(
        Cohort, verbose_name=_("promotions"), related_name="fellows", blank=True
    )
    challenges = models.ManyToManyField(
        "challenges.Challenge",
        verbose_name=_("défis"),
        related_name="fellows",
        blank=True,
    )
    next_steps = models.TextField(
        _("et après ?"), blank=True, help_text=_("Ce que la personne a fait ensuite.")
    )
    # The laureate's application this profile was made from when the team
    # formation was confirmed (eig.teams): a second confirmation updates the
    # same profile instead of adding another.
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("candidature"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fellow",
    )

    objects = FellowQuerySet.as_manager()

    class Meta(PublicProfile.Meta):
        verbose_name = _("EIG")
        verbose_name_plural = _("EIG")

    def get_absolute_url(self) -> str:
        return reverse("cohorts:fellow_detail", kwargs={"slug": self.slug})
