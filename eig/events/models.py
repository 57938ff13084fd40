from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel


class EventKind(models.TextChoices):
    INFORMATION_SESSION = "information_session", _("Session d'information")
    WEBINAR = "webinar", _("Webinaire")
    MENTORING = "mentoring", _("Session de mentoring")
    GATHERING = "gathering", _("Rencontre de la promotion")
    RESTITUTION = "restitution", _("Restitution des défis")
    JURY = "jury", _("Jury")
    OTHER = "other", _("Autre")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Event(ImportedModel):
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True)
    kind = models.CharField(
        _("type"), max_length=30, choices=EventKind.choices, default=EventKind.OTHER
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    location = models.CharField(_("lieu"), max_length=300, blank=True)
    is_online = models.BooleanField(_("en ligne"), default=False)
    description = models.TextField(_("description (Markdown)"), blank=True)
    theme = models.CharField(_("thème"), max_length=200, blank=True)
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    challenges = models.ManyToManyField(
        "challenges.Challenge",
        verbose_name=_("défis présentés"),
        related_name="events",
        blank=True,
    )
    registration_url = models.URLField(_("lien d'inscription"), max_length=500, blank=True)
    replay_url = models.URLField(_("lien de rediffusion"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    is_published = models.BooleanField(_("publié"), default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})
