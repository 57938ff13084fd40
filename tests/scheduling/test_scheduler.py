"""The scheduler: one table of periodic jobs, each slot enqueued once on the
task queue even with two schedulers running, every job run by the worker."""

import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from apscheduler.triggers.cron import CronTrigger
from django.core.management import call_command
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from eig.mail.models import Email
from eig.scheduling.models import Heartbeat, ScheduledRun
from eig.scheduling.schedule import JOBS, SCHEDULE
from eig.scheduling.scheduler import build_scheduler, fire, slot_of, tick
from eig.scheduling.services import forget_old_runs
from tests.applications.factories import ApplicationFactory
from tests.factories import ApplicationCallFactory
from tests.scheduling.helpers import run_worker

# transaction=True: the worker (db_worker) recycles its connection, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_NOON = datetime(2030, 3, 11, 11, 0, tzinfo=UTC)  # 12:00 in Paris


def test_the_schedule_holds_every_periodic_job_and_each_is_a_task():
    assert set(JOBS) == {
        "worker_heartbeat",
        "publish_due",
        "mail_resume",
        "event_reminders",
        "draft_reminders",
        "cohort_reminders",
        "purge_personal_data",
    }
    for job in SCHEDULE:
        assert isinstance(job.get_task(), Task), job.name
        CronTrigger.from_crontab(job.cron)  # a valid cron expression


def test_the_scheduler_process_has_one_cron_job_per_entry_and_its_heartbeat():
    scheduler = build_scheduler(name="test")
    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == set(JOBS) | {"scheduler_tick"}
    for name, job in JOBS.items():
        assert isinstance(jobs[name].trigger, CronTrigger)
        assert jobs[name].kwargs["job"] is job


def test_every_job_runs_in_the_worker():
    for job in SCHEDULE:
        assert fire(job, name="test")
    run_worker()

    results = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert results == {job.task: "SUCCESSFUL" for job in SCHEDULE}
    assert Heartbeat.objects.get(name="worker").beat_at is not None


def test_runs_a_few_seconds_apart_belong_to_the_same_slot():
    job = JOBS["draft_reminders"]  # every quarter of an hour
    slot = datetime(2030, 3, 11, 11, 15, tzinfo=UTC)

    assert slot_of(job, slot) == slot
    assert slot_of(job, slot + timedelta(seconds=0.3)) == slot
    assert slot_of(job, slot + timedelta(seconds=29)) == slot
    assert slot_of(job, slot - timedelta(seconds=2)) == slot  # a clock 2 s behind
    assert slot_of(job, slot + timedelta(minutes=15)) == slot + timedelta(minutes=15)


def test_two_schedulers_never_enqueue_the_same_slot_twice_nor_send_twice(mailoutbox):
    """Two scheduler processes by mistake (clocks 2 s apart): each slot is
    enqueued by the first one only, and the candidate gets one e-mail."""
    call = ApplicationCallFactory(
        opens_at=MONDAY_NOON - timedelta(days=20), closes_at=MONDAY_NOON + timedelta(hours=30)
    )
    ApplicationFactory(call=call)
    job = JOBS["draft_reminders"]
    slot = MONDAY_NOON + timedelta(minutes=15)

    with time_machine.travel(slot + timedelta(seconds=0.5), tick=False):
        assert fire(job, name="host-a:1") is True
    with time_machine.travel(slot + timedelta(seconds=2.5), tick=False):
        assert fire(job, name="host-b:2") is False
        run_worker()

    [run] = ScheduledRun.objects.all()
    assert (run.job, run.scheduled_for, run.scheduler) == ("draft_reminders", slot, "host-a:1")
    assert DBTaskResult.objects.filter(task_path=job.task).count() == 1
    assert len(mailoutbox) == 1

    # Even a task enqueued twice (a clock far off) sends nothing more.
    with time_machine.travel(slot + timedelta(minutes=15), tick=False):
        assert fire(job, name="host-b:2") is True
        run_worker()
    assert DBTaskResult.objects.filter(task_path=job.task, status="SUCCESSFUL").count() == 2
    assert len(mailoutbox) == 1
    assert Email.objects.count() == 1


def test_the_scheduler_ticks_its_heartbeat_and_warns_of_a_second_scheduler(caplog):
    with time_machine.travel(MONDAY_NOON, tick=False):
        tick(name="host-a:1")
    beat = Heartbeat.objects.get(name="scheduler")
    assert (beat.beat_at, beat.holder) == (MONDAY_NOON, "host-a:1")

    with (
        caplog.at_level(logging.WARNING, logger="eig.scheduling.scheduler"),
        time_machine.travel(MONDAY_NOON + timedelta(seconds=10), tick=False),
    ):
        tick(name="host-b:2")
    assert "Another scheduler (host-a:1) is running" in caplog.text
    assert Heartbeat.objects.get(name="scheduler").holder == "host-b:2"


def test_old_slots_are_forgotten_after_a_week():
    with time_machine.travel(MONDAY_NOON - timedelta(days=8), tick=False):
        fire(JOBS["mail_resume"], name="a")
    with time_machine.travel(MONDAY_NOON, tick=False):
        fire(JOBS["mail_resume"], name="a")
        assert forget_old_runs() == 1
    assert ScheduledRun.objects.count() == 1


def test_run_scheduler_lists_the_schedule():
    out = io.StringIO()
    with time_machine.travel(MONDAY_NOON, tick=False):
        call_command("run_scheduler", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(SCHEDULE)
    assert any(
        line.startswith("purge_personal_data") and "next 2030-03-12 03:30 CET" in line
        for line in lines
    ), lines
