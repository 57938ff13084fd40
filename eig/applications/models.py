import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.applications.storage import get_private_storage, random_pdf_name
from eig.cohorts.models import Profile
from eig.core.models import CallWindowMixin, ImportedModel, TimeStampedModel, TransitionLog


class ApplicationCallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ApplicationCall(CallWindowMixin, ImportedModel):
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


# Applications ----------------------------------------------------------------


class ApplicationState(models.TextChoices):
    """Where an application stands; `workflow.TRANSITIONS` says how it moves."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    PRESELECTED = "preselected", _("Pré-sélectionnée")
    NOT_PRESELECTED = "not_preselected", _("Non pré-sélectionnée")
    AUDITION_SCHEDULED = "audition_scheduled", _("Audition programmée")
    AUDITIONED = "auditioned", _("Auditionnée")
    LAUREATE = "laureate", _("Lauréate")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    REFUSED = "refused", _("Non retenue")
    DECLINED = "declined", _("Désistement")
    WITHDRAWN = "withdrawn", _("Retirée")


# The profiles a candidate chooses from (PRODUCT.md §3).
APPLICATION_PROFILES = (Profile.DEVELOPER, Profile.DESIGNER, Profile.DATA_SCIENTIST)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everything a person may read: the team all of them, a candidate
        their own, a jury member the applications assigned to them for review
        (on an active membership) unless they declared a conflict of interest
        with it. Agents, mentors and fellows see nothing."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(Q(candidate=user) | self._jury_scope(user))

    def reviewable_by(self, user):
        """The jury scope alone: assigned to `user` for review, no conflict declared."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(self._jury_scope(user))

    @staticmethod
    def _jury_scope(user) -> Q:
        from eig.selection.models import Conflict, ReviewAssignment

        assigned = ReviewAssignment.objects.filter(
            application=OuterRef("pk"), member__user=user, member__is_active=True
        )
        conflicted = Conflict.objects.filter(application=OuterRef("pk"), member__user=user)
        return Q(Exists(assigned)) & ~Q(Exists(conflicted))

    def of_candidate(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(candidate=user)

    def in_state(self, *states):
        return self.filter(state__in=states)

    def submitted(self):
        return self.exclude(state=ApplicationState.DRAFT)


class Application(TimeStampedModel):
    """A candidate's application to a call: one per candidate and call.

    Filled in steps that each save; submitted once before the deadline; then
    corrected until the deadline (each change kept in `revisions`).
    `search_document` holds the whole text, folded (no accents, lower case),
    for the team's search.
    """

    call = models.ForeignKey(
        ApplicationCall,
        verbose_name=_("appel à candidatures"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidat·e"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    state = models.CharField(
        _("état"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
    )
    # Identity and contact (the e-mail address is the account's).
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    city = models.CharField(_("ville de résidence"), max_length=150, blank=True)
    # Profile and skills.
    profile = models.CharField(
        _("profil"),
        max_length=20,
        choices=[(p.value, p.label) for p in APPLICATION_PROFILES],
        blank=True,
    )
    experience = models.TextField(_("parcours"), blank=True)
    skills = models.TextField(_("compétences"), blank=True)
    general_interest = models.TextField(_("engagements d'intérêt général"), blank=True)
    # Links.
    code_url = models.URLField(_("code (GitHub, GitLab…)"), max_length=500, blank=True)
    portfolio_url = models.URLField(_("portfolio"), max_length=500, blank=True)
    linkedin_url = models.URLField(_("profil LinkedIn"), max_length=500, blank=True)
    other_url = models.URLField(_("autre lien"), max_length=500, blank=True)
    # Availability.
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    full_time = models.BooleanField(
        _("disponible à temps plein pour toute la durée"), default=False
    )
    availability_comment = models.TextField(_("précisions sur la disponibilité"), blank=True)
    # Consent to the privacy notice, and when.
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    search_document = models.TextField(editable=False, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "candidate"], name="one_application_per_candidate_and_call"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="application_submitted_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "state", "-submitted_at"], name="application_call_state"),
            models.Index(fields=["profile"], name="application_profile"),
            # The list's order (submitted_at DESC NULLS LAST, id DESC) is indexed
            # in migration 0004, written for each database.
        ]

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or str(_("Candidature n° %(pk)s") % {"pk": self.pk})


class ApplicationChoice(models.Model):
    """A défi the candidate chose, with their rank (1 = preferred) and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("défi"),
        on_delete=models.PROTECT,
        related_name="application_choices",
    )
    rank = models.PositiveSmallIntegerField(_("rang"))
    motivation = models.TextField(_("motivation"))

    class Meta:
        verbose_name = _("défi choisi")
        verbose_name_plural = _("défis choisis")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="one_choice_per_rank"),
            models.UniqueConstraint(
                fields=["application", "challenge"], name="one_choice_per_challenge"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=3), name="application_choice_rank_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.challenge}"


class ApplicationMessage(models.Model):
    """One message of the thread between a candidate and the programme team."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    from_team = models.BooleanField(_("de l'équipe du programme"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.created_at:%Y-%m-%d %H:%M}"


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    ATTACHMENT = "attachment", _("Pièce jointe")


class ApplicationDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files the person may read (never by URL alone): the team every file,
        a candidate those of their own applications, a jury member the current
        CV of an application they review (no message attachment)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self.all()
        own = Q(application__in=Application.objects.of_candidate(user).values("pk"))
        reviewed = Q(
            kind=DocumentKind.CV,
            replaced_at__isnull=True,
            application__in=Application.objects.reviewable_by(user).values("pk"),
        )
        return self.filter(own | reviewed)

    def current_cvs(self):
        return self.filter(kind=DocumentKind.CV, replaced_at__isnull=True)


class ApplicationDocument(models.Model):
    """A PDF held for an application: the CV, or a message's attachment.

    Stored in the private storage under a random name; `public_id` names it
    in addresses, so that ids cannot be guessed in sequence. A CV replaced
    after submission is kept (`replaced_at`), as the history says.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    message = models.ForeignKey(
        ApplicationMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(
        _("fichier"), storage=get_private_storage, upload_to=random_pdf_name, max_length=200
    )
    original_name = models.CharField(_("nom du fichier envoyé"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    replaced_at = models.DateTimeField(_("remplacé le"), null=True, blank=True)

    objects = ApplicationDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["application", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(kind="cv", replaced_at__isnull=True),
                name="one_current_cv_per_application",
            ),
            models.CheckConstraint(
                condition=Q(kind="cv", message__isnull=True)
                | Q(kind="attachment", message__isnull=False),
                name="attachment_belongs_to_a_message",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class ApplicationTransition(TransitionLog):
    """The log of an application's lifecycle: who moved it, when, and why.

    At most one submission per application, whatever the clicks and retries:
    the database refuses a second `draft → submitted` row.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("de"), max_length=20, choices=ApplicationState.choices)
    to_state = models.CharField(_("vers"), max_length=20, choices=ApplicationState.choices)

    class Meta(TransitionLog.Meta):
        ordering = ["application", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(from_state="draft", to_state="submitted"),
                name="one_submission_per_application",
            )
        ]


class ApplicationRevision(models.Model):
    """What was sent, and each later correction: the application's history.

    `section` is a step name (or `submission` for the content as submitted);
    `changes` maps each field to `[before, after]` (for `submission`: the
    whole content).
    """

    SUBMISSION = "submission"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    section = models.CharField(_("partie"), max_length=30)
    changes = models.JSONField(_("modifications"), default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("historique")
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.section} — {self.at:%Y-%m-%d %H:%M:%S}"


class DraftReminder(models.Model):
    """The e-mail sent to a candidate whose application is still a draft
    48 hours before the call closes: one per candidate and call, by the
    database's unique constraint (two runs at once cannot both send it)."""

    call = models.ForeignKey(
        ApplicationCall,
        verbose_name=_("appel à candidatures"),
        on_delete=models.CASCADE,
        related_name="draft_reminders",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidat·e"),
        on_delete=models.CASCADE,
        related_name="draft_reminders",
    )
    sent_at = models.DateTimeField(_("envoyé le"))
    email = models.ForeignKey(
        "mail.Email",
        verbose_name=_("courriel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rappel de brouillon")
        verbose_name_plural = _("rappels de brouillon")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "candidate"], name="one_draft_reminder_per_candidate_and_call"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.call}"
