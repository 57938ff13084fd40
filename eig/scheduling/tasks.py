"""The periodic jobs as tasks (enqueued by the scheduler, run by the worker).

Each one is safe to run twice: the services they call send each reminder
once (a unique row or a conditional UPDATE) and the purge finds nothing
the second time.
"""

from django_tasks import task

from eig.scheduling.services import WORKER, beat


# Before the e-mails waiting in the queue, so that a backlog does not stop it.
@task(priority=50)
def worker_heartbeat() -> str:
    beat(WORKER)
    return "ok"


@task()
def mail_resume() -> int:
    from eig.mail.services import mail_resume as resume

    return resume()


@task()
def event_reminders() -> int:
    from eig.events.services import event_reminders_send

    return event_reminders_send()


@task()
def draft_reminders() -> int:
    from eig.applications.reminders import draft_reminders_send

    return draft_reminders_send()


@task()
def cohort_reminders() -> int:
    from eig.cohortlife.services import cohort_reminders_send

    return cohort_reminders_send()


@task()
def purge_personal_data() -> dict:
    from eig.privacy.services import purge_personal_data as purge

    return purge().counts
