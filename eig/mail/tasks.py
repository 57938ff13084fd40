from django_tasks import task

from eig.mail.services import mail_deliver_now


@task()
def mail_deliver(email_id: int) -> str:
    """Background task: deliver one recorded e-mail (see `mail_deliver_now`)."""
    return mail_deliver_now(email_id=email_id)
