"""Send the day-before reminders of event registrations.

Idempotent: each confirmed registration is reminded once (claimed with a
conditional UPDATE), so the command can run as often as wanted. In
production run it every hour (cron, a systemd timer or the platform's
scheduler): `python manage.py send_event_reminders`. The e-mails themselves
go through the task queue like every other mail; their links are on
`EIG_SITE_URL`.
"""

from django.core.management.base import BaseCommand

from eig.events.services import event_reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to people registered to an event starting within 24 hours."

    def handle(self, *args, **options):
        sent = event_reminders_send()
        self.stdout.write(f"{sent} reminder(s) queued.")
