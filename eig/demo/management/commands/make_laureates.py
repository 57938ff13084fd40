"""manage.py make_laureates --cohort N: fake laureates to try team formation."""

from django.core.management.base import BaseCommand, CommandError

from eig.demo.laureates import DemoError, make_laureates


class Command(BaseCommand):
    help = (
        "Crée des lauréat·es fictif·ves (Faker, en français) pour une promotion : par défaut "
        "41 personnes (18 développeur·euses, 14 designers, 9 data scientists) avec trois "
        "défis classés et les évaluations du jury ; crée la promotion et 17 défis s'il le faut."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cohort", required=True, help="numéro ou identifiant de la promotion")
        parser.add_argument("--count", type=int, default=41)
        parser.add_argument(
            "--challenges", type=int, default=17, help="défis à créer si la promotion n'en a pas"
        )
        parser.add_argument("--seed", type=int, default=4)
        parser.add_argument(
            "--add", action="store_true", help="même si la promotion a déjà des lauréat·es"
        )

    def handle(self, *args, **options):
        if options["count"] < 1 or options["challenges"] < 1:
            raise CommandError("--count et --challenges doivent être positifs.")
        try:
            report = make_laureates(
                cohort_ref=options["cohort"],
                count=options["count"],
                challenges=options["challenges"],
                seed=options["seed"],
                add=options["add"],
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        cohort = report.cohort
        self.stdout.write(
            f"{cohort} ({cohort.slug}){' créée' if report.cohort_created else ''} : "
            f"{report.laureates} lauréat·es, {report.reviews} évaluations, "
            f"{report.challenges_created} défi(s) créé(s)."
        )
