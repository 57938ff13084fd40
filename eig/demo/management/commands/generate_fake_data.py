"""manage.py generate_fake_data --scale N: a programme N times the real one."""

from django.core.management.base import BaseCommand, CommandError

from eig.demo.fake_data import generate_fake_data


class Command(BaseCommand):
    help = (
        "Crée un programme fictif N fois plus grand que le vrai (promotions, défis, "
        "administrations, EIG, mentors, actualités, événements), pour les essais de charge."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Facteur de taille (1 : la taille réelle)."
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Graine du hasard (même graine, mêmes données)."
        )

    def handle(self, *args, scale: int, seed: int, **options):
        if scale < 1:
            raise CommandError("--scale doit valoir au moins 1.")
        verbose = options["verbosity"] >= 1
        report = generate_fake_data(
            scale=scale,
            seed=seed,
            progress=(lambda line: self.stdout.write(line)) if verbose else (lambda line: None),
        )
        total = sum(report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} lignes créées en {report.seconds:.1f} s (échelle {scale}, graine {seed})."
            )
        )
