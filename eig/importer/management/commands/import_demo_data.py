"""`manage.py import_demo_data`: the real data of demo_data/, in order.

Who: `make run` (and anyone setting up a laptop).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eig.importer.management.commands.import_site import run_import

# programme.yml and figures.yml first (programmes, cohorts), then the original
# site, then the current site (merged into the records of the original one,
# see eig/importer/matching.py),
# then the seeds, then the team's translations of their pages; import_paths
# also sorts the parts in this order.
DEMO_PARTS = ["programme.yml", "figures.yml", "site-eig", "site-eig-v3", "seeds", "translations"]


class Command(BaseCommand):
    help = "Importe les données réelles du programme (settings.EIG_DEMO_DATA_DIR)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, no_progress: bool, **options):
        root = Path(settings.EIG_DEMO_DATA_DIR)
        paths = [root / part for part in DEMO_PARTS if (root / part).exists()]
        if not paths:
            raise CommandError(f"aucune donnée de démonstration dans {root}")
        run_import(self, paths, progress=not no_progress)
