"""Send the day-before reminders of event registrations.

Idempotent: each confirmed registration is reminded once (claimed with a
conditional UPDATE), so the command can run as often as wanted. In
production run it every hour (cron, a systemd timer or the platform's
scheduler): `python manage.py send_event_reminders`. The e-mails themselves
go through the task queue like every other mail.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from eig.events.services import event_reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to people registered to an event starting within 24 hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.EIG_SITE_URL,
            help="Address of the site in the e-mails (default: EIG_SITE_URL).",
        )

    def handle(self, *args, site_url, **options):
        sent = event_reminders_send(site_url=site_url)
        self.stdout.write(f"{sent} reminder(s) queued.")
