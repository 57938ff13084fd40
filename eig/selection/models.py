"""The jury of a call for applications: members, conflicts, reviews.

The pure algorithms sit beside these models and import nothing from Django:
`assignment.py` (who reviews what) and `scoring.py` (normalisation and
ranking). `services.py` and `selectors.py` convert between the two.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel
from eig.selection.scoring import CRITERIA, MAX_SCORE, MIN_SCORE


class MemberKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Membre de l'administration")
    OUTSIDE = "outside", _("Personnalité extérieure")


class JuryMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class JuryMember(TimeStampedModel):
    """A person on the jury of one call: from the administration (with their
    organisation) or from outside. The mentors of a défi (`mentored_challenges`)
    review every application to it."""

    call = models.ForeignKey(
        "applications.ApplicationCall",
        verbose_name=_("appel à candidatures"),
        on_delete=models.CASCADE,
        related_name="jury_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="jury_memberships",
    )
    kind = models.CharField(_("qualité"), max_length=20, choices=MemberKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jury_members",
    )
    mentored_challenges = models.ManyToManyField(
        "challenges.Challenge",
        verbose_name=_("défis dont la personne est mentor"),
        blank=True,
        related_name="jury_mentors",
    )
    is_active = models.BooleanField(_("actif"), default=True)

    objects = JuryMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        ordering = ["call", "user__last_name", "user__first_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="one_membership_per_call"),
            models.CheckConstraint(
                condition=Q(kind="outside", organization__isnull=True)
                | Q(kind="administration", organization__isnull=False),
                name="administration_member_names_an_organization",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Conflict(models.Model):
    """A conflict of interest a member declared with an application."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.TextField(_("raison"), blank=True)
    declared_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        ordering = ["member", "application"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="one_conflict_per_member_and_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.application}"


class ReviewAssignmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)


def _score_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class ReviewAssignment(TimeStampedModel):
    """One member asked to review one application, and their review.

    The six scores (1 to 5, one per published criterion) and the comment are
    saved as the reviewer types; `submitted_at` is set when they send it, and
    only then do they see the others' reviews of the same application.
    """

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="review_assignments"
    )
    as_mentor = models.BooleanField(_("en tant que mentor du défi"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribuée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide : attribution automatique."),
    )
    dynamism = _score_field(_("dynamisme et vision"))
    challenge_understanding = _score_field(_("compréhension du défi"))
    general_interest = _score_field(_("sens de l'intérêt général"))
    administration_fit = _score_field(_("capacité à travailler dans l'administration"))
    technical_skills = _score_field(_("compétences techniques"))
    availability = _score_field(_("disponibilité"))
    comment = models.TextField(_("commentaire"), blank=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["application", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="one_review_per_member_and_application"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{code}__isnull": True})
                    | Q(**{f"{code}__gte": MIN_SCORE, f"{code}__lte": MAX_SCORE}),
                    name=f"review_{code}_1_to_5",
                )
                for code in CRITERIA
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(
                    dynamism__isnull=False,
                    challenge_understanding__isnull=False,
                    general_interest__isnull=False,
                    administration_fit__isnull=False,
                    technical_skills__isnull=False,
                    availability__isnull=False,
                ),
                name="submitted_review_is_complete",
            ),
        ]
        indexes = [models.Index(fields=["member", "submitted_at"], name="review_member_submitted")]

    def __str__(self) -> str:
        return f"{self.member} — {self.application}"

    def scores(self) -> dict[str, int]:
        """The criteria scored so far (code → 1..5)."""
        return {code: getattr(self, code) for code in CRITERIA if getattr(self, code) is not None}


class ReviewMessage(models.Model):
    """The reviewers' discussion of one application, open to those who have
    submitted their own review (and to staff); never shown to the candidate."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="review_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("message entre évaluateur·rices")
        verbose_name_plural = _("discussion des évaluateur·rices")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.created_at:%Y-%m-%d %H:%M}"


class StaffNote(models.Model):
    """A private note of the programme team on an application (staff only)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="staff_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("écrite le"), default=timezone.now)

    class Meta:
        verbose_name = _("note de l'équipe")
        verbose_name_plural = _("notes de l'équipe")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.created_at:%Y-%m-%d %H:%M}"
