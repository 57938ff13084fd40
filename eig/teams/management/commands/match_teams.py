"""manage.py match_teams --cohort N [--dry-run] [--mode …] [--seed …] [--confirm]"""

from django.core.management.base import BaseCommand, CommandError

from eig.cohorts.models import Cohort
from eig.teams.models import RunMode
from eig.teams.selectors import run_teams
from eig.teams.services import TeamsError, matching_run_confirm, matching_run_create


def find_cohort(ref: str) -> Cohort:
    query = Cohort.objects.filter(slug=ref)
    if ref.isdigit():
        query = Cohort.objects.filter(number=int(ref)) | query
    cohort = query.select_related("programme").order_by("pk").first()
    if cohort is None:
        raise CommandError(f"Promotion introuvable : {ref}.")
    return cohort


class Command(BaseCommand):
    help = (
        "Forme les équipes d'une promotion à partir de ses lauréat·es (comme l'écran "
        "/gestion/equipes/) et les affiche ; l'essai est enregistré sauf avec --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cohort", required=True, help="numéro ou identifiant de la promotion")
        parser.add_argument("--dry-run", action="store_true", help="calculer sans rien enregistrer")
        parser.add_argument(
            "--mode", choices=RunMode.values, default=RunMode.MIN_SIZE, help="défaut : min_size"
        )
        parser.add_argument("--seed", type=int, default=None, help="graine du tirage au sort")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="confirmer l'essai : les équipes deviennent les EIG des défis "
            "(profils non publics tant que les personnes n'ont pas donné leur accord)",
        )

    def handle(self, *args, **options):
        if options["dry_run"] and options["confirm"]:
            raise CommandError("--dry-run et --confirm s'excluent.")
        cohort = find_cohort(options["cohort"])
        try:
            run = matching_run_create(
                cohort=cohort,
                by=None,
                mode=options["mode"],
                seed=options["seed"],
                save=not options["dry_run"],
            )
        except TeamsError as error:
            raise CommandError(error.message) from error
        view = run_teams(run, compare=not options["dry_run"])
        out = self.stdout.write
        label = "essai non enregistré" if options["dry_run"] else f"essai n° {run.number}"
        out(
            f"{cohort} — {label}, mode {run.mode}, graine {run.seed} : "
            f"{view.placed} placé·es sur {view.total}, {len(view.cards)} défis."
        )
        for card in view.cards:
            state = " — en sous-effectif" if card.understaffed else ""
            state += " — fermé" if card.closed else ""
            out(f"\n{card.title} ({len(card.members)}/{card.capacity}){state}")
            for member in card.members:
                pinned = ", fixé·e" if member.pinned else ""
                out(f"  - {member.name} ({member.profile}{pinned})")
            out(f"  {card.explanation}")
        if view.unassigned:
            out("\nSans équipe :")
            for person in view.unassigned:
                out(f"  - {person.name} ({person.profile}) : {person.explanation}")
        if view.given_up:
            out("\nStabilité abandonnée :")
            for line in view.given_up:
                out(f"  - {line}")
        checks = view.checks
        out(
            f"\nVérification indépendante : {checks.get('blocking_pairs', 0)} paire(s) "
            f"bloquante(s), {len(checks.get('quota_violations', []))} violation(s) de quota."
        )
        if view.moves:
            out(f"\nChangements depuis l'essai n° {view.previous.number} :")
            for move in view.moves:
                out(f"  - {move.name} : {move.before} → {move.after}")
        if options["confirm"]:
            try:
                report = matching_run_confirm(run=run, by=None)
            except TeamsError as error:
                raise CommandError(error.message) from error
            out(
                f"\nÉquipes confirmées : {report.created} profil(s) créé(s), "
                f"{report.updated} mis à jour, {report.unlinked} retiré(s) de leur défi."
            )
