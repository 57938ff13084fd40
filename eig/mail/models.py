from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel


class EmailState(models.TextChoices):
    QUEUED = "queued", _("En file d'attente")
    SENDING = "sending", _("Envoi en cours")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class EmailQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(state=EmailState.FAILED)

    def to_address(self, address: str):
        return self.filter(to__iexact=address)


class Email(TimeStampedModel):
    """Every e-mail the platform sends, recorded before it is sent.

    The subject and both bodies are rendered when the mail is queued, so the
    record says exactly what was (or will be) sent; the background task only
    delivers it, and retries until `attempts` reaches the limit, then marks it
    failed: no mail is silently lost.
    """

    to = models.EmailField(_("destinataire"))
    # The person the mail is addressed to or speaks about (a candidate's message
    # copied to the team, a mail to a former address): deleting their account
    # deletes it. Set by `mail_send`, else the account holding the address `to`.
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne concernée"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("objet"), max_length=300)
    template = models.CharField(_("modèle"), max_length=200)
    context = models.JSONField(_("contexte"), default=dict, blank=True)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename", "mimetype", "content"}]: text files only (an event's .ics).
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    state = models.CharField(
        _("état"), max_length=20, choices=EmailState.choices, default=EmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to} — {self.subject}"
