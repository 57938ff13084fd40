from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel, TimeStampedModel


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
    registration_enabled = models.BooleanField(
        _("inscriptions sur la plateforme"),
        default=False,
        help_text=_(
            "Les personnes s'inscrivent ici, dans la limite des places, puis en liste "
            "d'attente ; les inscriptions ferment au début de l'événement."
        ),
    )
    is_published = models.BooleanField(_("publié"), default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def place_detail(self) -> str:
        """The location to show beside "En ligne": empty when it only repeats it."""
        location = (self.location or "").strip()
        if self.is_online and location.casefold() in {"en ligne", "online", "webinaire"}:
            return ""
        return location

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})


class RegistrationStatus(models.TextChoices):
    """Where a registration stands.

    `PENDING`: a visitor without a confirmed account gave a name and an
    address; nothing is held until they follow the link sent there. Only
    `CONFIRMED` registrations take places; `WAITING` ones are promoted in
    `position` order when a place frees up.
    """

    PENDING = "pending", _("Adresse à confirmer")
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITING = "waiting", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


LIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
)


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("position")


class Registration(TimeStampedModel):
    """One person's registration to an event (see `eig/events/services.py`)."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("nom"), max_length=200)
    email = models.EmailField(_("adresse e-mail"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    # Order of arrival once the address is confirmed: the waiting list moves up in it.
    position = models.PositiveIntegerField(_("rang d'arrivée"), null=True, blank=True)
    placed_at = models.DateTimeField(_("placée le"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("sortie de la liste d'attente le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["event", "position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_address",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled") & Q(user__isnull=False),
                name="one_live_registration_per_account",
            ),
            models.UniqueConstraint(
                fields=["event", "position"],
                condition=Q(position__isnull=False),
                name="one_registration_per_position",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(status="cancelled") | Q(position__isnull=False),
                name="placed_registration_has_a_position",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"
