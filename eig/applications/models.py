from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel


class CallState(models.TextChoices):
    UPCOMING = "upcoming", _("À venir")
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Clos")


class ApplicationCallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ApplicationCall(ImportedModel):
    """An appel à candidatures: the public applies to the défis of a cohort.

    Dates are stored as aware datetimes (UTC in the database) and always shown
    and entered in Europe/Paris time; the deadline is exact to the second.
    """

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.PROTECT,
        related_name="application_calls",
    )
    title = models.CharField(_("titre"), max_length=300)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    max_choices = models.PositiveSmallIntegerField(
        _("nombre de défis qu'un·e candidat·e peut choisir"), default=3
    )
    description = models.TextField(_("présentation (Markdown)"), blank=True)
    is_published = models.BooleanField(_("publié"), default=True)

    objects = ApplicationCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à candidatures")
        verbose_name_plural = _("appels à candidatures")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="application_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(max_choices__gte=1, max_choices__lte=3),
                name="application_call_max_choices_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("La clôture doit être postérieure à l'ouverture.")}
            )

    def state(self, now=None) -> CallState:
        now = now or timezone.now()
        if now < self.opens_at:
            return CallState.UPCOMING
        if now < self.closes_at:
            return CallState.OPEN
        return CallState.CLOSED

    def is_open(self, now=None) -> bool:
        return self.state(now) == CallState.OPEN
