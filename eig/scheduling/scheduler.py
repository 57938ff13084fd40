"""The scheduler process: APScheduler's cron triggers over `SCHEDULE`.

APScheduler keeps the time; at each fire time the job's callback only
enqueues the job's task once for that slot (`enqueue_once`), so the work
itself runs in the task worker. Two schedulers started by mistake compute
the same slot for the same fire time, and the database lets only one of
them enqueue it.
"""

import logging
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.db import close_old_connections, connection
from django.utils import timezone

from eig.scheduling.models import Heartbeat
from eig.scheduling.schedule import SCHEDULE, TIMEZONE, PeriodicJob
from eig.scheduling.services import (
    SCHEDULER,
    beat,
    enqueue_once,
    forget_old_runs,
    process_name,
)

logger = logging.getLogger(__name__)

# A fire time is run at most this late (else APScheduler skips it as missed),
# and no job fires more often than every minute: the slot of a run is the
# first fire time after `now - GRACE`, the same in every scheduler.
GRACE = timedelta(seconds=30)
TICK = timedelta(seconds=30)


def _recycle_connection() -> None:
    """Drop a broken or expired database connection between jobs, as Django
    does between requests (never inside a transaction, e.g. a test's)."""
    if not connection.in_atomic_block:
        close_old_connections()


def trigger_for(job: PeriodicJob) -> CronTrigger:
    return CronTrigger.from_crontab(job.cron, timezone=TIMEZONE)


def slot_of(job: PeriodicJob, now: datetime) -> datetime:
    """The fire time that a run of `job` happening at `now` belongs to."""
    return trigger_for(job).get_next_fire_time(None, now - GRACE)


def next_time(job: PeriodicJob, *, after: datetime) -> datetime:
    return trigger_for(job).get_next_fire_time(None, after)


def fire(job: PeriodicJob, *, now: datetime | None = None, name: str | None = None) -> bool:
    """What the scheduler does when `job` is due: enqueue its slot once."""
    now = now or timezone.now()
    name = name or process_name()
    _recycle_connection()
    try:
        return enqueue_once(job, scheduled_for=slot_of(job, now), scheduler=name)
    finally:
        _recycle_connection()


def tick(*, now: datetime | None = None, name: str | None = None) -> None:
    """The scheduler's own heartbeat (every 30 s), and a warning if another
    scheduler wrote it recently (it runs too: nothing is sent twice, but one
    of them should be stopped)."""
    now = now or timezone.now()
    name = name or process_name()
    _recycle_connection()
    try:
        other = Heartbeat.objects.filter(name=SCHEDULER).exclude(holder=name).first()
        if other and now - other.beat_at < 2 * TICK:
            logger.warning(
                "Another scheduler (%s) is running: stop one of them (no job is enqueued twice).",
                other.holder,
            )
        beat(SCHEDULER, now=now, holder=name)
        forget_old_runs(now=now)
    finally:
        _recycle_connection()


def ask_worker_heartbeat() -> None:
    """At start: ask the worker for a heartbeat now rather than at the next
    minute, so that /healthz is green within seconds of `make run`."""
    from eig.scheduling.tasks import worker_heartbeat

    _recycle_connection()
    try:
        worker_heartbeat.enqueue()
    finally:
        _recycle_connection()


def build_scheduler(*, name: str | None = None) -> BlockingScheduler:
    """A blocking APScheduler with one cron job per entry of `SCHEDULE`."""
    name = name or process_name()
    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": int(GRACE.total_seconds()),
        },
        timezone=TIMEZONE,
    )
    for job in SCHEDULE:
        scheduler.add_job(
            fire,
            trigger_for(job),
            id=job.name,
            name=job.description,
            kwargs={"job": job, "name": name},
        )
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=int(TICK.total_seconds()), timezone=TIMEZONE),
        id="scheduler_tick",
        name="the scheduler's heartbeat",
        kwargs={"name": name},
        next_run_time=datetime.now(TIMEZONE),
    )
    return scheduler
