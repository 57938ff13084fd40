"""Send the reminders driven by the cohorts' dates (contracts' start and end).

Idempotent: each reminder goes once per contract (a unique row records it),
so the command can run as often as wanted. In production run it once a day
(cron, a systemd timer or the platform's scheduler):
`python manage.py send_cohort_reminders`. The e-mails go through the task
queue like every other mail; their links are on `EIG_SITE_URL`.
"""

import datetime

from django.core.management.base import BaseCommand

from eig.cohortlife.services import cohort_reminders_send


class Command(BaseCommand):
    help = "E-mail fellows the onboarding, welcome, end-of-contract and alumni reminders due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this day (YYYY-MM-DD), to catch up or test.",
        )

    def handle(self, *args, date, **options):
        sent = cohort_reminders_send(today=date)
        self.stdout.write(f"{sent} reminder(s) queued.")
