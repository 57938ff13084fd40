from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitHit(models.Model):
    """One counted request (a sign-up, a reset link asked, a submission…).

    In the database, not a per-process cache, so that a limit holds across
    every web process. `key` is "ip:<address>" or "account:<id or e-mail>".
    Rows older than their window are deleted as new ones come, and by
    `purge_personal_data` (an address is personal data).
    """

    scope = models.CharField(_("action"), max_length=40)
    key = models.CharField(_("clé"), max_length=300)
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("requête comptée")
        verbose_name_plural = _("requêtes comptées")
        indexes = [models.Index(fields=["scope", "key", "at"], name="ratelimit_scope_key_at")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.at:%Y-%m-%d %H:%M:%S}"
