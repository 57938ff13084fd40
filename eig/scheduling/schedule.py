"""Every periodic job of the platform, in one place.

`manage.py run_scheduler` (one process, see docs/operations.md) reads this
table: at each time of a job's cron expression (minute hour day month
weekday, Europe/Paris time) it enqueues the job's task on the task queue
once, and the task worker runs it. No job needs an external cron.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.module_loading import import_string

TIMEZONE = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str
    task: str  # dotted path of a django-tasks task taking no argument
    description: str

    def get_task(self):
        return import_string(self.task)


SCHEDULE: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        "worker_heartbeat",
        "* * * * *",
        "eig.scheduling.tasks.worker_heartbeat",
        "the task worker writes its heartbeat (read by /healthz)",
    ),
    PeriodicJob(
        "publish_due",
        "* * * * *",
        "eig.studio.tasks.publish_due",
        "publish the content scheduled for now, unpublish what reached its end date",
    ),
    PeriodicJob(
        "mail_resume",
        "*/5 * * * *",
        "eig.scheduling.tasks.mail_resume",
        "queue again the e-mails a dead worker held (manage.py mail_resume)",
    ),
    PeriodicJob(
        "event_reminders",
        "*/15 * * * *",
        "eig.scheduling.tasks.event_reminders",
        "remind people registered to an event starting within 24 hours",
    ),
    PeriodicJob(
        "draft_reminders",
        "*/15 * * * *",
        "eig.scheduling.tasks.draft_reminders",
        "remind candidates holding a draft when the call closes within 48 hours",
    ),
    PeriodicJob(
        "cohort_reminders",
        "0 8 * * *",
        "eig.scheduling.tasks.cohort_reminders",
        "the fellows' reminders driven by their contracts' dates",
    ),
    PeriodicJob(
        "purge_personal_data",
        "30 3 * * *",
        "eig.scheduling.tasks.purge_personal_data",
        "delete or anonymise personal data past its retention period",
    ),
)

JOBS = {job.name: job for job in SCHEDULE}
