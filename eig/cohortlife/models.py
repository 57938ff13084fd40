"""The ten months of a cohort and what remains after.

Onboarding (a contract and a checklist per fellow, reminders driven by the
cohort's dates), attendance at mentoring sessions and gatherings (which are
`Event`s), and the outcome of each défi.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel


class FellowAccount(models.Model):
    """The account of the person behind a fellow's profile.

    Imported profiles have no account; the team links one (inviting the
    person if needed) so that the fellow sees their contract, ticks their
    checklist and edits their alumni profile.
    """

    fellow = models.OneToOneField(
        "cohorts.Fellow",
        verbose_name=_("EIG"),
        on_delete=models.CASCADE,
        related_name="account_link",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="fellow_link",
    )
    linked_at = models.DateTimeField(_("lié le"), auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("compte d'EIG")
        verbose_name_plural = _("comptes d'EIG")

    def __str__(self) -> str:
        return f"{self.fellow} — {self.user}"


class Contract(TimeStampedModel):
    """A fellow's fixed-term contract (CDD) for one cohort."""

    fellow = models.ForeignKey(
        "cohorts.Fellow",
        verbose_name=_("EIG"),
        on_delete=models.CASCADE,
        related_name="contracts",
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("défi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("administration employeuse"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fellow_contracts",
    )
    starts_on = models.DateField(_("début du contrat"))
    ends_on = models.DateField(_("fin du contrat"))
    monthly_net_pay = models.DecimalField(
        _("rémunération nette mensuelle (€)"), max_digits=8, decimal_places=2
    )
    signed_on = models.DateField(_("signé le"), null=True, blank=True)
    notes = models.TextField(_("notes de l'équipe"), blank=True)

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        ordering = ["cohort", "fellow__name"]
        constraints = [
            models.UniqueConstraint(fields=["fellow", "cohort"], name="one_contract_per_cohort"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="contract_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fellow} — {self.cohort}"


class Responsible(models.TextChoices):
    FELLOW = "fellow", _("L'EIG")
    STAFF = "staff", _("L'équipe du programme")


class ChecklistTemplateItem(models.Model):
    """One step of a cohort's onboarding, copied into each fellow's checklist."""

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.CASCADE,
        related_name="checklist_template",
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("étape"), max_length=200)
    description = models.TextField(_("précisions"), blank=True)
    responsible = models.CharField(
        _("à faire par"), max_length=20, choices=Responsible.choices, default=Responsible.FELLOW
    )
    due_days = models.SmallIntegerField(
        _("échéance (jours après le début de la promotion)"),
        default=0,
        help_text=_("Négatif : avant le début. Par exemple −14 pour deux semaines avant."),
    )

    class Meta:
        verbose_name = _("étape d'accueil (modèle)")
        verbose_name_plural = _("étapes d'accueil (modèle)")
        ordering = ["cohort", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One step of one fellow's onboarding, ticked by the fellow or the team."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contrat"),
        on_delete=models.CASCADE,
        related_name="checklist",
    )
    template_item = models.ForeignKey(
        ChecklistTemplateItem,
        verbose_name=_("étape du modèle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("étape"), max_length=200)
    description = models.TextField(_("précisions"), blank=True)
    responsible = models.CharField(
        _("à faire par"), max_length=20, choices=Responsible.choices, default=Responsible.FELLOW
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    done_at = models.DateTimeField(_("fait le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coché par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("étape d'accueil")
        verbose_name_plural = _("étapes d'accueil")
        ordering = ["contract", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "template_item"],
                condition=Q(template_item__isnull=False),
                name="one_item_per_template_item",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ReminderKind(models.TextChoices):
    """E-mails driven by the cohort's dates, each sent once per contract."""

    ONBOARDING = "onboarding", _("Préparer l'arrivée (14 jours avant le début)")
    WELCOME = "welcome", _("Premier jour")
    END_SOON = "end_soon", _("Fin du contrat dans un mois")
    ALUMNI = "alumni", _("Après le programme : profil d'ancien·ne")


class Reminder(models.Model):
    """A reminder sent (the unique constraint makes sending idempotent)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contrat"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("rappel"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    email = models.ForeignKey(
        "mail.Email",
        verbose_name=_("courriel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.contract}"


class Attendance(models.Model):
    """Whether a fellow or a mentor came to a mentoring session or a gathering."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("événement"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    fellow = models.ForeignKey(
        "cohorts.Fellow",
        verbose_name=_("EIG"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
    )
    mentor = models.ForeignKey(
        "challenges.Mentor",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
    )
    present = models.BooleanField(_("présent·e"), default=False)
    noted_at = models.DateTimeField(_("noté le"), auto_now=True)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fellow__isnull=False, mentor__isnull=True)
                | Q(fellow__isnull=True, mentor__isnull=False),
                name="attendance_of_one_fellow_or_one_mentor",
            ),
            models.UniqueConstraint(
                fields=["event", "fellow"],
                condition=Q(fellow__isnull=False),
                name="one_attendance_per_fellow",
            ),
            models.UniqueConstraint(
                fields=["event", "mentor"],
                condition=Q(mentor__isnull=False),
                name="one_attendance_per_mentor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fellow or self.mentor} — {self.event}"


class OutcomeStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", _("En production")
    CONTINUED = "continued", _("Poursuivi")
    STOPPED = "stopped", _("Arrêté")


class ChallengeOutcome(TimeStampedModel):
    """What a défi delivered, shown on its public page."""

    challenge = models.OneToOneField(
        "challenges.Challenge",
        verbose_name=_("défi"),
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    status = models.CharField(_("statut"), max_length=20, choices=OutcomeStatus.choices)
    summary = models.TextField(_("ce qui a été livré (Markdown)"), blank=True)
    is_published = models.BooleanField(_("publié sur la page du défi"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("résultat d'un défi")
        verbose_name_plural = _("résultats des défis")

    def __str__(self) -> str:
        return f"{self.challenge} — {self.get_status_display()}"


class OutcomeLinkKind(models.TextChoices):
    LINK = "link", _("Lien")
    REPOSITORY = "repository", _("Code source")


class OutcomeLink(models.Model):
    outcome = models.ForeignKey(
        ChallengeOutcome, verbose_name=_("résultat"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=OutcomeLinkKind.choices, default=OutcomeLinkKind.LINK
    )
    title = models.CharField(_("intitulé"), max_length=200)
    url = models.URLField(_("adresse"), max_length=500)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("lien d'un résultat")
        verbose_name_plural = _("liens des résultats")
        ordering = ["outcome", "kind", "position", "pk"]

    def __str__(self) -> str:
        return self.title
