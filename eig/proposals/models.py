from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Funding, MentorKind
from eig.core.models import CallWindowMixin, TimeStampedModel, TransitionLog


class ChallengeCallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class ChallengeCall(CallWindowMixin, TimeStampedModel):
    """An appel à projets: administrations propose défis for a cohort.

    Dates are aware datetimes, entered and shown in Europe/Paris time; the
    deadline is exact to the second (a proposal may be submitted while
    `now < closes_at`).
    """

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("promotion"),
        on_delete=models.PROTECT,
        related_name="challenge_calls",
    )
    title = models.CharField(_("titre"), max_length=300)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    description = models.TextField(_("présentation"), blank=True)
    information_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("réunion d'information"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge_calls",
    )
    is_published = models.BooleanField(_("publié"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouvert par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ChallengeCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="challenge_call_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    UNDER_REVIEW = "under_review", _("En cours d'examen")
    SELECTED = "selected", _("Sélectionnée, cofinancée")
    REMARKED = "remarked", _("Remarquée, autofinancée")
    NOT_SELECTED = "not_selected", _("Non retenue")
    VALIDATED = "validated", _("Validée par le comité de pilotage")
    PUBLISHED = "published", _("Publiée au catalogue")


class ProposalQuerySet(models.QuerySet):
    def with_attachment(self):
        """Each proposal with `attachment_verified`: its author is a verified
        agent of the organisation it is filed under (a `RoleGrant` the team
        verified, or granted by invitation). Staff see « rattachement non
        vérifié » otherwise: an agent who signed up alone may name any
        ministry."""
        from eig.accounts.models import RoleGrant

        verified = (
            RoleGrant.objects.agents()
            .verified()
            .filter(user=models.OuterRef("author"), organization=models.OuterRef("organization"))
        )
        return self.annotate(attachment_verified=Q(author__isnull=True) | models.Exists(verified))

    def for_agent(self, user):
        """Proposals an administration agent may see and edit: the ones they
        wrote, and those of the organisations they are a verified agent of."""
        from eig.accounts.models import RoleGrant

        if not user.is_authenticated:
            return self.none()
        organizations = (
            RoleGrant.objects.agents().verified().filter(user=user).values("organization")
        )
        return self.filter(Q(author=user) | Q(organization__in=organizations))

    def for_reviewer(self, user):
        """Proposals assigned to a jury member, minus declared conflicts."""
        if not user.is_authenticated:
            return self.none()
        reviews = ProposalReview.objects.filter(
            reviewer=user, conflict_declared_at__isnull=True
        ).values("proposal")
        return self.filter(pk__in=reviews)

    def visible_to(self, user):
        """Everything a person may read: staff all; others their scopes."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            Q(pk__in=self.for_agent(user).values("pk"))
            | Q(pk__in=self.for_reviewer(user).values("pk"))
        )

    def in_state(self, *states):
        return self.filter(state__in=states)

    def decided(self):
        """Proposals with a funding decision (selected or remarked, and later)."""
        return self.exclude(funding="")


class Proposal(TimeStampedModel):
    """A défi proposal written by an administration agent for a call."""

    call = models.ForeignKey(
        ChallengeCall,
        verbose_name=_("appel à projets"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("administration d'accueil"),
        on_delete=models.PROTECT,
        related_name="challenge_proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="challenge_proposals",
    )
    title = models.CharField(_("titre du défi"), max_length=200, blank=True)
    pitch = models.CharField(_("le défi en une phrase"), max_length=300, blank=True)
    context = models.TextField(_("contexte"), blank=True)
    problem = models.TextField(_("problème à résoudre"), blank=True)
    data_available = models.TextField(_("données disponibles"), blank=True)
    expected_outcome = models.TextField(_("résultats attendus"), blank=True)
    location = models.CharField(_("lieu de travail de l'équipe"), max_length=200, blank=True)
    developers = models.PositiveSmallIntegerField(_("développeur·euses"), default=0)
    designers = models.PositiveSmallIntegerField(_("designers"), default=0)
    data_scientists = models.PositiveSmallIntegerField(_("data scientists"), default=0)
    cofunding_commitment = models.BooleanField(_("engagement de cofinancement"), default=False)
    state = models.CharField(
        _("état"),
        max_length=20,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    funding = models.CharField(
        _("financement décidé"), max_length=20, choices=Funding.choices, blank=True
    )
    challenge = models.OneToOneField(
        "challenges.Challenge",
        verbose_name=_("défi publié"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition de défi")
        verbose_name_plural = _("propositions de défis")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or str(_("Proposition sans titre"))

    @property
    def team_size(self) -> int:
        return self.developers + self.designers + self.data_scientists


PROPOSAL_MENTOR_KINDS = (MentorKind.OPERATIONAL, MentorKind.STRATEGIC)


class ProposalMentor(models.Model):
    """A mentor named in a proposal; becomes a public `Mentor` on publication."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="mentors")
    kind = models.CharField(
        _("rôle"),
        max_length=20,
        choices=[(kind.value, kind.label) for kind in PROPOSAL_MENTOR_KINDS],
    )
    name = models.CharField(_("prénom et nom"), max_length=200)
    position_title = models.CharField(_("fonction"), max_length=300)
    email = models.EmailField(_("adresse e-mail"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    mentor = models.ForeignKey(
        "challenges.Mentor",
        verbose_name=_("profil public"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mentor proposé")
        verbose_name_plural = _("mentors proposés")
        ordering = ["proposal", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ProposalTransition(TransitionLog):
    """The log of a proposal's lifecycle: who moved it from which state to
    which, when, and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=20, choices=ProposalState.choices)
    to_state = models.CharField(_("vers"), max_length=20, choices=ProposalState.choices)

    class Meta(TransitionLog.Meta):
        ordering = ["proposal", "at", "pk"]


class Criterion(models.TextChoices):
    """The grid on which the jury scores each proposal, from 1 to 5."""

    IMPACT = "impact", _("Impact pour l'intérêt général")
    FEASIBILITY = "feasibility", _("Faisabilité en 10 mois par 2 à 3 EIG")
    DATA = "data", _("Données disponibles et accessibles")
    COMMITMENT = "commitment", _("Engagement de l'administration (mentors, moyens)")


CRITERION_HELP = {
    Criterion.IMPACT: _("Bénéfices attendus pour les usagers, les agents ou la société."),
    Criterion.FEASIBILITY: _("Un périmètre réaliste pour une petite équipe en 10 mois."),
    Criterion.DATA: _("Les données existent, sont de qualité et l'équipe y aura accès."),
    Criterion.COMMITMENT: _(
        "Mentors disponibles, soutien de la direction, cofinancement, conditions de travail."
    ),
}
SCORE_MIN, SCORE_MAX = 1, 5


class ProposalReviewQuerySet(models.QuerySet):
    def for_reviewer(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(reviewer=user)

    def without_conflict(self):
        return self.filter(conflict_declared_at__isnull=True)


class ProposalReview(models.Model):
    """A jury member assigned to a proposal, and their scores.

    A member who declares a conflict of interest can no longer see the
    proposal nor score it; their review is left out of the means.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre du jury"),
        on_delete=models.CASCADE,
        related_name="proposal_reviews",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigné par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigné le"), default=timezone.now)
    conflict_declared_at = models.DateTimeField(
        _("conflit d'intérêts déclaré le"), null=True, blank=True
    )
    conflict_comment = models.TextField(_("nature du conflit d'intérêts"), blank=True)
    score_impact = models.PositiveSmallIntegerField(Criterion.IMPACT.label, null=True, blank=True)
    score_feasibility = models.PositiveSmallIntegerField(
        Criterion.FEASIBILITY.label, null=True, blank=True
    )
    score_data = models.PositiveSmallIntegerField(Criterion.DATA.label, null=True, blank=True)
    score_commitment = models.PositiveSmallIntegerField(
        Criterion.COMMITMENT.label, null=True, blank=True
    )
    comment = models.TextField(_("commentaire"), blank=True)
    scored_at = models.DateTimeField(_("notée le"), null=True, blank=True)

    objects = ProposalReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["proposal", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="unique_proposal_review"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"score_{c}__isnull": True})
                    | Q(**{f"score_{c}__gte": SCORE_MIN, f"score_{c}__lte": SCORE_MAX}),
                    name=f"proposal_review_score_{c}_1_to_5",
                )
                for c in Criterion.values
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.proposal}"

    @property
    def in_conflict(self) -> bool:
        return self.conflict_declared_at is not None

    def scores(self) -> dict[str, int | None]:
        return {c: getattr(self, f"score_{c}") for c in Criterion.values}

    @property
    def is_complete(self) -> bool:
        return all(score is not None for score in self.scores().values())

    @property
    def mean(self) -> Decimal | None:
        if not self.is_complete:
            return None
        values = self.scores().values()
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))
