from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class ImportedModel(TimeStampedModel):
    """Content that may come from the original static site.

    `source_key` identifies the record in the source (a YAML key or a file
    path) so that a second import updates instead of duplicating;
    `legacy_path` is the address on the original site, redirected to the new
    one.
    """

    source_key = models.CharField(
        _("clé dans la source"), max_length=300, blank=True, db_index=True
    )
    legacy_path = models.CharField(_("ancienne adresse"), max_length=300, blank=True, db_index=True)

    class Meta:
        abstract = True


def other_source_keys_field():
    """The keys of the same record in the other sources it was merged from
    (a défi or person both on the original and on the current site)."""
    return models.JSONField(
        _("clés dans les autres sources"), default=list, blank=True, editable=False
    )


class PublicProfile(ImportedModel):
    """Fields shared by the public profiles of fellows and mentors."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True)
    other_source_keys = other_source_keys_field()
    bio = models.TextField(_("biographie (Markdown)"), blank=True)
    photo_url = models.CharField(_("photo"), max_length=500, blank=True)
    github = models.CharField("GitHub", max_length=200, blank=True)
    gitlab = models.CharField("GitLab", max_length=200, blank=True)
    linkedin = models.URLField("LinkedIn", max_length=500, blank=True)
    twitter = models.CharField("Twitter", max_length=200, blank=True)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    is_public = models.BooleanField(
        _("profil public"),
        default=True,
        help_text=_("La personne a accepté que son profil soit publié."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def github_url(self) -> str:
        return _account_url("https://github.com/", self.github)

    @property
    def gitlab_url(self) -> str:
        return _account_url("https://gitlab.com/", self.gitlab)

    @property
    def twitter_url(self) -> str:
        return _account_url("https://twitter.com/", self.twitter.lstrip("@"))


def _account_url(base: str, value: str) -> str:
    if not value:
        return ""
    if value.startswith(("http://", "https://")):
        return value
    return base + value


class ContentVersion(models.Model):
    """One row whose token changes whenever public content changes.

    Cached pages and API answers are stored under the current token
    (eig/core/cache.py), so every web process sees a change at its next request.
    The token is random rather than a counter so that a rolled-back
    transaction can never bring an older token back with different content.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("version du contenu public")
        verbose_name_plural = _("versions du contenu public")

    def __str__(self) -> str:
        return self.token


class CallState(models.TextChoices):
    UPCOMING = "upcoming", _("À venir")
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Clos")


class CallWindowMixin:
    """Open/closed logic shared by the calls (appel à projets, à candidatures).

    The model defines `opens_at` and `closes_at` (aware datetimes); the
    deadline is exact to the second, compared in UTC.
    """

    def clean(self):
        super().clean()
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


class TransitionLog(models.Model):
    """One row of a lifecycle's log: who moved an object, when, and why.

    Subclasses add the object they log and `from_state`/`to_state` with their
    own choices.
    """

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        abstract = True
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
