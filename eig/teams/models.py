"""Team formation runs and the staff's pins and exclusions (issue 7, item 4).

A `MatchingRun` keeps the instance given to the pure solver (`eig.matching`)
and its result as JSON, so that a run can be shown, compared and confirmed
later exactly as it was computed. Candidate ids in that JSON are
`a<application pk>`, défi ids `d<challenge pk>` (see `services.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunMode(models.TextChoices):
    MIN_SIZE = "min_size", _("Stable, puis taille minimale (recommandé)")
    STABLE = "stable", _("Stable seulement")
    OPTIMAL = "optimal", _("Optimal (OR-Tools CP-SAT)")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Essai")
    CONFIRMED = "confirmed", _("Confirmé")


class MatchingRun(models.Model):
    """One computation of a cohort's teams: who ran it, how, and what came out."""

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.CASCADE,
        related_name="matching_runs",
    )
    number = models.PositiveIntegerField(_("numéro d'essai"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lancé le"), default=timezone.now)
    seed = models.BigIntegerField(_("graine du tirage au sort"))
    mode = models.CharField(_("mode"), max_length=20, choices=RunMode.choices)
    instance = models.JSONField(_("données d'entrée"))
    result = models.JSONField(_("résultat"))
    status = models.CharField(
        _("statut"), max_length=20, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("essai de formation des équipes")
        verbose_name_plural = _("essais de formation des équipes")
        ordering = ["cohort", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="one_run_number_per_cohort"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(confirmed_at__isnull=False),
                name="confirmed_run_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — essai n° {self.number}"


class PairRuleKind(models.TextChoices):
    PIN = "pin", _("Fixer dans ce défi")
    FORBID = "forbid", _("Exclure de ce défi")


class PairRule(models.Model):
    """A staff decision about one laureate and one défi, honoured by every later run:
    pinned there whatever happens, or never placed there."""

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.CASCADE,
        related_name="pair_rules",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("lauréat·e"),
        on_delete=models.CASCADE,
        related_name="pair_rules",
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("défi"),
        on_delete=models.CASCADE,
        related_name="pair_rules",
    )
    kind = models.CharField(_("règle"), max_length=10, choices=PairRuleKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("règle d'affectation")
        verbose_name_plural = _("règles d'affectation")
        ordering = ["cohort", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "challenge"], name="one_rule_per_laureate_and_challenge"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(kind="pin"),
                name="one_pin_per_laureate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.application} — {self.challenge}"
