from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person may do; a person may hold several roles.

    `STAFF` is `User.is_staff` (the programme team); the other roles are
    `RoleGrant` records.
    """

    STAFF = "staff", _("Équipe du programme")
    AGENT = "agent", _("Agent d'une administration")
    JURY = "jury", _("Membre du jury")
    MENTOR = "mentor", _("Mentor")
    FELLOW = "fellow", _("EIG")
    CANDIDATE = "candidate", _("Candidat·e")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        # Whoever runs createsuperuser owns the address: no link to click.
        extra.setdefault("email_confirmed_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; logs in with their e-mail address.

    `is_staff` means the programme team. Other roles (administration agent,
    jury member, mentor, fellow, candidate) are held through `RoleGrant`
    records, and a person may hold several.
    """

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("équipe du programme"),
        default=False,
        help_text=_("Accès à la gestion du programme."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmé le"), null=True, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class RoleGrantQuerySet(models.QuerySet):
    def agents(self):
        return self.filter(role=Role.AGENT)

    def verified(self):
        return self.filter(verified_at__isnull=False)


class RoleGrant(models.Model):
    """One role held by one person (an agent's role names its organisation).

    An agent who signed up alone and named their organisation is *unverified*:
    they see only the proposals they wrote until the programme team verifies
    them. Roles granted by the team (invitations) are verified at once.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
    )
    granted_at = models.DateTimeField(_("accordé le"), default=timezone.now)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("accordé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="unique_role_grant"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organization__isnull=True),
                name="unique_role_grant_without_organization",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="agent") | models.Q(organization__isnull=False),
                name="agent_role_names_an_organization",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="staff"), name="staff_role_is_user_is_staff"
            ),
        ]

    def __str__(self) -> str:
        if self.organization_id:
            return f"{self.get_role_display()} — {self.organization}"
        return str(self.get_role_display())


class LoginAttempt(models.Model):
    """One try to log in, kept a day, to slow down and lock password guessing.

    Stored in the database (not a per-process cache) so that the count holds
    across several web processes.
    """

    email = models.CharField(_("adresse e-mail saisie"), max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, db_index=True)
    succeeded = models.BooleanField(_("réussie"), default=False)
    attempted_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("tentative de connexion")
        verbose_name_plural = _("tentatives de connexion")
        ordering = ["-attempted_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.ip_address} {self.attempted_at:%Y-%m-%d %H:%M:%S}"
