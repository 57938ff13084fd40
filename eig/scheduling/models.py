from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last sign of life of a background process (`worker`, `scheduler`),
    read by /healthz. `holder` names the process that wrote it (host:pid)."""

    name = models.CharField(_("processus"), max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("dernier signe de vie"))
    holder = models.CharField(_("écrit par"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signe de vie")
        verbose_name_plural = _("signes de vie")

    def __str__(self) -> str:
        return f"{self.name} — {self.beat_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """A periodic job's slot, enqueued once: the unique (job, slot) row is
    written in the transaction that enqueues the task, so a second scheduler
    firing the same slot finds it and enqueues nothing."""

    job = models.CharField(_("tâche"), max_length=100)
    scheduled_for = models.DateTimeField(_("prévue pour"))
    enqueued_at = models.DateTimeField(_("mise en file le"), auto_now_add=True)
    scheduler = models.CharField(_("planificateur"), max_length=200, blank=True)
    task_id = models.CharField(_("identifiant de la tâche"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("exécution planifiée")
        verbose_name_plural = _("exécutions planifiées")
        ordering = ["-scheduled_for"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "scheduled_for"], name="one_run_per_job_and_slot"
            )
        ]
        indexes = [models.Index(fields=["enqueued_at"], name="scheduled_run_enqueued")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.scheduled_for:%Y-%m-%d %H:%M}"
