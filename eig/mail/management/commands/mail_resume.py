"""Queue again the e-mails a dead task worker held (see `mail_resume`).

From cron every few minutes, with the default age; right after restarting
the only task worker, `--stale-after 0` (no other worker can be sending).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from eig.mail.services import STALE_AFTER, mail_resume


class Command(BaseCommand):
    help = "Queue again the e-mails that no live task will deliver (a worker died)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=float,
            default=STALE_AFTER.total_seconds(),
            help="seconds after which a running delivery is taken as dead (default: 600)",
        )

    def handle(self, *args, stale_after: float, **options):
        resumed = mail_resume(stale_after=timedelta(seconds=stale_after))
        self.stdout.write(f"{resumed} e-mail(s) queued again.")
