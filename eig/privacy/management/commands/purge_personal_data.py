"""Delete or anonymise the personal data past its retention period.

    manage.py purge_personal_data [--dry-run] [--no-progress]

Run it every night (docs/privacy.md: cron or a systemd timer). Idempotent: a
second run finds nothing. Each kind's count is written to the audit log.
"""

import sys

from django.core.management.base import BaseCommand

from eig.privacy.retention import KINDS, duration_label, retention_days
from eig.privacy.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Supprime ou anonymise les données personnelles dont la durée de conservation est passée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compte ce qui serait supprimé ou anonymisé, sans rien changer.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas l'avancement."
        )

    def handle(self, *args, dry_run=False, no_progress=False, **options):
        show_progress = not no_progress and options["verbosity"] >= 1

        def progress(key: str, done: int, total: int) -> None:
            if show_progress:
                sys.stderr.write(f"\r  {key} : {done}/{total}")
                if done == total:
                    sys.stderr.write("\n")
                sys.stderr.flush()

        report = purge_personal_data(dry_run=dry_run, progress=progress)
        verb = "à traiter" if dry_run else "traité(s)"
        title = "Simulation (rien n'est changé)" if dry_run else "Purge des données personnelles"
        self.stdout.write(f"{title} au {report.now:%Y-%m-%d %H:%M} UTC")
        for kind in KINDS:
            days = retention_days(kind.key)
            self.stdout.write(
                f"  {kind.key:<27} {report.counts[kind.key]:>7} {verb}"
                f"  (conservation {duration_label(days)}, avant le "
                f"{report.cutoffs[kind.key]:%Y-%m-%d})"
            )
        self.stdout.write(
            f"Total : {sum(report.counts.values())} {verb}"
            + ("" if dry_run else " ; le journal d'audit en garde la trace.")
        )
