"""Audition slots, auditions and their panels; invitations; the waiting list
and the record of each decision e-mailed.

A slot is a time and a place (or a video link) of one call's jury week; its
panel is a set of the call's jury members. At most one live audition holds a
slot (a partial unique constraint: two candidates can never get the same
slot, whatever the timing), and an application has at most one scheduled
audition. An audition keeps its `uid` across reschedules so that calendars
update the entry (`sequence` counts the changes).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.applications.models import ApplicationState
from eig.core.models import TimeStampedModel


class AuditionSlotQuerySet(models.QuerySet):
    def of_call(self, call):
        return self.filter(call=call)

    def free(self):
        return self.exclude(auditions__state__in=LIVE_STATES)

    def starting_after(self, moment):
        return self.filter(starts_at__gt=moment)


class AuditionSlot(TimeStampedModel):
    call = models.ForeignKey(
        "applications.ApplicationCall",
        verbose_name=_("appel à candidatures"),
        on_delete=models.CASCADE,
        related_name="audition_slots",
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    panel = models.ManyToManyField(
        "selection.JuryMember",
        verbose_name=_("jury d'audition"),
        blank=True,
        related_name="audition_slots",
    )

    objects = AuditionSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("créneau d'audition")
        verbose_name_plural = _("créneaux d'audition")
        ordering = ["call", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="audition_slot_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_url=""), name="audition_slot_has_a_place"
            ),
        ]
        indexes = [models.Index(fields=["call", "starts_at"], name="audition_slot_call_start")]

    def __str__(self) -> str:
        from eig.core.dates import format_datetime

        return format_datetime(self.starts_at)


class AuditionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Programmée")
    HELD = "held", _("Tenue")
    NO_SHOW = "no_show", _("Absence")
    CANCELLED = "cancelled", _("Annulée")


# An audition in these states holds its slot.
LIVE_STATES = (AuditionState.SCHEDULED, AuditionState.HELD, AuditionState.NO_SHOW)


class Recommendation(models.TextChoices):
    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "reserved", _("Réservé")
    UNFAVOURABLE = "unfavourable", _("Défavorable")


def panel_member_q(user) -> Q:
    """An audition `user` may attend as a judge: on its slot's panel through an
    active membership, and no conflict declared with its application."""
    from eig.selection.models import Conflict

    seated = AuditionSlot.panel.through.objects.filter(
        auditionslot_id=OuterRef("slot_id"), jurymember__user=user, jurymember__is_active=True
    )
    conflicted = Conflict.objects.filter(
        application_id=OuterRef("application_id"), member__user=user
    )
    return Q(Exists(seated)) & ~Q(Exists(conflicted))


class AuditionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(state__in=LIVE_STATES)

    def for_panel_member(self, user):
        """The auditions whose panel includes the person on an active jury
        membership, minus the applications they declared a conflict of
        interest with (never a cancelled one)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.live().filter(panel_member_q(user))


class Audition(TimeStampedModel):
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("candidature"),
        on_delete=models.CASCADE,
        related_name="auditions",
    )
    slot = models.ForeignKey(
        AuditionSlot,
        verbose_name=_("créneau"),
        on_delete=models.PROTECT,
        related_name="auditions",
    )
    state = models.CharField(
        _("état"), max_length=20, choices=AuditionState.choices, default=AuditionState.SCHEDULED
    )
    uid = models.UUIDField(_("identifiant de calendrier"), default=uuid.uuid4, unique=True)
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programmée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    booked_at = models.DateTimeField(_("programmée le"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif de l'annulation"), blank=True)
    recommendation = models.CharField(
        _("avis du jury"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("commentaire du jury"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("résultat saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("résultat saisi le"), null=True, blank=True)

    objects = AuditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("audition")
        verbose_name_plural = _("auditions")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(state__in=["scheduled", "held", "no_show"]),
                name="one_live_audition_per_slot",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["scheduled", "held", "no_show"]),
                name="one_live_audition_per_application",
            ),
            models.CheckConstraint(
                condition=Q(state="held") | Q(recommendation=""),
                name="only_a_held_audition_has_a_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.slot}"


class AuditionInvitation(models.Model):
    """A pre-selected application was invited to book a slot (once; sent again on demand)."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="audition_invitation"
    )
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation à choisir un créneau")
        verbose_name_plural = _("invitations à choisir un créneau")

    def __str__(self) -> str:
        return str(self.application)


class DecisionQuerySet(models.QuerySet):
    def of_call(self, call):
        return self.filter(application__call=call)

    def unannounced(self):
        return self.filter(announced_at__isnull=True)

    def waiting_list(self):
        return self.filter(outcome=ApplicationState.WAITING_LIST).order_by("position", "pk")


class Decision(models.Model):
    """The decision on an application, recorded by staff and announced later.

    Staff record decisions over several days; nothing changes for the
    candidate until staff *announce* them: then each application moves to its
    outcome (`application_transition`) and gets its e-mail, and `announced_at`
    is set. A decision taken after the announcement (the next on the waiting
    list called to replace a laureate who declined) is announced at once.
    `position` orders the waiting list (1 = called first); `replaces` names
    the laureate who declined and whose place this application was called to take.
    """

    OUTCOMES = (
        ApplicationState.LAUREATE,
        ApplicationState.WAITING_LIST,
        ApplicationState.REFUSED,
        ApplicationState.NOT_PRESELECTED,
    )

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(
        _("décision"),
        max_length=20,
        choices=[(state.value, state.label) for state in OUTCOMES],
    )
    position = models.PositiveIntegerField(_("rang sur la liste d'attente"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidée le"), default=timezone.now)
    announced_at = models.DateTimeField(_("annoncée le"), null=True, blank=True)
    email = models.ForeignKey(
        "mail.Email",
        verbose_name=_("courriel d'annonce"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replaces = models.OneToOneField(
        "applications.Application",
        verbose_name=_("remplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["application"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="waiting_list", position__isnull=False)
                | (~Q(outcome="waiting_list") & Q(position__isnull=True)),
                name="waiting_list_decision_has_a_position",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_outcome_display()}"
