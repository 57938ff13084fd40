"""Heartbeats and the once-per-slot enqueueing of periodic jobs."""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from eig.scheduling.models import Heartbeat, ScheduledRun

logger = logging.getLogger(__name__)

WORKER = "worker"
SCHEDULER = "scheduler"
# Slots older than this are forgotten (the unique row only has to outlive
# the clock skew between two schedulers).
KEEP_RUNS = timedelta(days=7)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(name: str, *, now: datetime | None = None, holder: str | None = None) -> Heartbeat:
    """Record that the process `name` is alive now."""
    heartbeat, _created = Heartbeat.objects.update_or_create(
        name=name,
        defaults={"beat_at": now or timezone.now(), "holder": holder or process_name()},
    )
    return heartbeat


def heartbeat_ages(names, *, now: datetime | None = None) -> dict[str, float | None]:
    """Seconds since each process's last heartbeat (None: never)."""
    now = now or timezone.now()
    beats = dict(Heartbeat.objects.filter(name__in=names).values_list("name", "beat_at"))
    return {name: (now - beats[name]).total_seconds() if name in beats else None for name in names}


def enqueue_once(job, *, scheduled_for: datetime, scheduler: str = "") -> bool:
    """Enqueue `job`'s task for the slot `scheduled_for`, unless some scheduler
    already did: the unique `ScheduledRun` row and the task (in the database
    task backend) commit together, so of two schedulers firing the same slot
    exactly one enqueues. Returns whether this call enqueued it."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                job=job.name, scheduled_for=scheduled_for, scheduler=scheduler
            )
            result = job.get_task().enqueue()
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        logger.info("%s for %s was already enqueued by another scheduler.", job.name, scheduled_for)
        return False
    return True


def forget_old_runs(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = ScheduledRun.objects.filter(enqueued_at__lt=now - KEEP_RUNS).delete()
    return deleted
