"""Run the periodic jobs of eig/scheduling/schedule.py: one process only.

    manage.py run_scheduler          # runs until stopped (SIGINT/SIGTERM)
    manage.py run_scheduler --list   # prints the schedule and the next times

The scheduler only enqueues tasks; the task worker (`manage.py db_worker`)
runs them. See docs/operations.md.
"""

import signal

from django.core.management.base import BaseCommand
from django.utils import timezone

from eig.scheduling.schedule import SCHEDULE, TIMEZONE
from eig.scheduling.scheduler import ask_worker_heartbeat, build_scheduler, next_time
from eig.scheduling.services import process_name


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders, mail_resume, purge) through the task queue."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Print the schedule and exit.")

    def handle(self, *args, list=False, **options):
        now = timezone.now()
        for job in SCHEDULE:
            upcoming = timezone.localtime(next_time(job, after=now), TIMEZONE)
            self.stdout.write(
                f"{job.name:<22} {job.cron:<14} next {upcoming:%Y-%m-%d %H:%M %Z}"
                f"  {job.description}"
            )
        if list:
            return
        name = process_name()
        scheduler = build_scheduler(name=name)

        def stop(signum, frame):
            self.stdout.write("Scheduler stopping.")
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler {name} started (Europe/Paris time).")
        self.stdout.flush()
        ask_worker_heartbeat()
        scheduler.start()
