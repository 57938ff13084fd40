"""The audit log: who viewed or changed what, and when. Append-only.

Kept apart from the data it describes: no foreign key (the person and the
object are named by id and by a label taken at the time), so that the log can
live in a database of its own (AUDIT_DATABASE_URL, eig/audit/routers.py) and
outlives what it names. A row is never changed nor deleted by the
application: `save()` refuses an update, `delete()` refuses, and the queryset
refuses `update()` and `delete()`. On PostgreSQL a trigger refuses them in
the database too (migration 0002), whoever runs the SQL.

The one exception is the retention purge (`manage.py purge_personal_data`):
`AuditEvent.objects.purge_before(cutoff)` deletes the events past their
retention period, in a transaction where it sets `eig.audit_purge`, the
session setting that the trigger lets through. And one change is allowed:
`AuditEvent.objects.anonymise()` rewrites the label and detail of events
that named a person (account deletion, the purge; eig/audit/services.py
`audit_anonymise`), with `eig.audit_anonymise` set, which the trigger lets
through for those two columns only (migration 0003).
"""

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What happened. Not the field's choices: an app adds its own here
    without a migration of this app."""

    CV_VIEWED = "cv_viewed", _("Consultation d'un CV")
    DOCUMENT_VIEWED = "document_viewed", _("Consultation d'un document")
    APPLICATION_VIEWED = "application_viewed", _("Consultation d'une candidature")
    REVIEW_VIEWED = "review_viewed", _("Consultation d'une évaluation")
    REVIEW_SUBMITTED = "review_submitted", _("Évaluation envoyée")
    STATE_CHANGED = "state_changed", _("Changement d'état")
    DECISION = "decision", _("Décision")
    EXPORT = "export", _("Export de données")
    ASSIGNMENT = "assignment", _("Attribution des évaluations")
    PURGE = "purge", _("Purge de données personnelles")
    ACCOUNT_DELETED = "account_deleted", _("Suppression de compte")
    TEAMS_CONFIRMED = "teams_confirmed", _("Confirmation des équipes")
    CONTENT_CREATED = "content_created", _("Création d'un contenu")
    CONTENT_CHANGED = "content_changed", _("Modification d'un contenu")
    CONTENT_TO_DRAFT = "content_to_draft", _("Contenu remis en brouillon")
    CONTENT_TO_REVIEW = "content_to_review", _("Contenu envoyé en relecture")
    CONTENT_SCHEDULED = "content_scheduled", _("Publication programmée")
    CONTENT_PUBLISHED = "content_published", _("Publication d'un contenu")
    CONTENT_UNPUBLISHED = "content_unpublished", _("Retrait d'un contenu du site public")
    CONTENT_RESTORED = "content_restored", _("Restauration d'une version")
    PERSON_ERASED = "person_erased", _("Effacement d'un profil et de ses versions")
    MEDIA_UPLOADED = "media_uploaded", _("Ajout d'un fichier à la médiathèque")
    MEDIA_UPDATED = "media_updated", _("Modification d'un fichier de la médiathèque")
    MEDIA_DELETED = "media_deleted", _("Suppression d'un fichier de la médiathèque")


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")

    def purge_before(self, cutoff) -> int:
        """Delete the events older than `cutoff` (the retention purge only).

        Returns how many were deleted. On PostgreSQL the delete runs with
        `eig.audit_purge` set for this transaction only, which the trigger
        requires.
        """
        alias = router.db_for_write(self.model)
        with transaction.atomic(using=alias):
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL eig.audit_purge = 'on'")
            stale = self.model._base_manager.using(alias).filter(at__lt=cutoff)
            deleted = stale._raw_delete(alias)
            if connection.vendor == "postgresql":
                # Back on at once, should this run inside a longer transaction.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL eig.audit_purge = 'off'")
            return deleted

    def anonymise(self, changes: dict[int, tuple[str, dict]]) -> int:
        """Set {pk: (actor_label, detail)}: the one change the log allows, to
        take out what named a person (eig/audit/services.py `audit_anonymise`).
        On PostgreSQL it runs with `eig.audit_anonymise` set for this
        transaction only; the trigger then lets these two columns change and
        nothing else."""
        if not changes:
            return 0
        alias = router.db_for_write(self.model)
        with transaction.atomic(using=alias):
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL eig.audit_anonymise = 'on'")
            rows = self.model._base_manager.using(alias)
            for pk, (label, detail) in changes.items():
                rows.filter(pk=pk).update(actor_label=label, detail=detail)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL eig.audit_anonymise = 'off'")
        return len(changes)

    def for_object(self, target_type: str, target_id):
        return self.filter(target_type=target_type, target_id=str(target_id))

    def for_application(self, application_id: int):
        return self.filter(application_id=application_id)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("n° de la personne"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("personne"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=60)
    target_id = models.CharField(_("n° de l'objet"), max_length=64)
    # The application concerned, if any: "the log of an application" in one query.
    application_id = models.BigIntegerField(
        _("n° de la candidature"), null=True, blank=True, db_index=True
    )
    detail = models.JSONField(_("détail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    @property
    def action_label(self) -> str:
        try:
            return AuditAction(self.action).label
        except ValueError:
            return self.action
