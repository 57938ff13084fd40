"""`manage.py import_site PATH [PATH …]`: import the original static site.

Who: the programme team (staff) and `make run`, from a shell.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from eig.importer.report import ImportReport
from eig.importer.services import FatalImportError, count_files, discover_parts, import_paths


def run_import(command: BaseCommand, paths: list[Path], *, progress: bool) -> ImportReport:
    """Import with a progress bar on stderr, print the summary; fatal -> CommandError."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise CommandError(f"chemin introuvable : {', '.join(str(p) for p in missing)}")
    total = sum(count_files(discover_parts(path)) for path in paths)
    show = progress and sys.stderr.isatty()
    with tqdm(total=total, unit="fichier", file=sys.stderr, disable=not show, leave=False) as bar:

        def tick(label: str) -> None:
            bar.set_postfix_str(label[:40], refresh=False)
            bar.update(1)

        try:
            report = import_paths(paths, tick=tick)
        except FatalImportError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                f"base de données indisponible ou non migrée (manage.py migrate) : {exc}"
            ) from exc
    write_report(command, report)
    if report.met == 0 and report.source_files:
        raise CommandError(
            f"aucun enregistrement importé alors que la source compte {report.source_files} "
            "fichier(s) : voir les fichiers ignorés et les erreurs ci-dessus"
        )
    return report


def write_report(command: BaseCommand, report: ImportReport) -> None:
    out = command.stdout
    for path, label in report.formats:
        out.write(f"Format reconnu : {label} — {path}")
    if report.formats:
        out.write("")
    width = max([len("Type"), *(len(kind) for kind in report.counts)]) + 2
    out.write(f"{'Type':<{width}}{'créés':>8}{'mis à jour':>12}{'inchangés':>11}")
    for kind, created, updated, unchanged in report.rows():
        out.write(f"{kind:<{width}}{created:>8}{updated:>12}{unchanged:>11}")
    out.write(f"{'Total':<{width}}{report.created:>8}{report.updated:>12}{report.unchanged:>11}")
    if report.warnings:
        out.write(f"\nAvertissements ({len(report.warnings)}) :")
        for issue in report.warnings:
            out.write(f"  {issue}")
    if report.errors:
        out.write(
            command.style.ERROR(f"\nFichiers ou entrées non importés ({len(report.errors)}) :")
        )
        for issue in report.errors:
            out.write(f"  {issue}")
    if report.skipped:
        out.write(f"\nFichiers ignorés ({len(report.skipped)}) :")
        for issue in report.skipped:
            out.write(f"  {issue}")
    if any(report.merged.values()):
        listing = ", ".join(f"{kind} {number}" for kind, number in report.merged.items() if number)
        out.write(f"\nFusionnés avec un enregistrement d'une autre source : {listing}")
    if report.ambiguous:
        out.write(
            command.style.WARNING(
                f"\nRapprochements ambigus, non fusionnés ({len(report.ambiguous)}) :"
            )
        )
        for issue in report.ambiguous:
            out.write(f"  {issue}")
    if not report.warnings and not report.errors:
        out.write("\nAucun avertissement, aucune erreur.")
    if report.tallies:
        out.write("\nCe que la source contient et ce qui a été importé :")
        for kind, (held, imported) in report.tallies.items():
            line = f"  {kind} : {held} dans la source, {imported} importés"
            out.write(line if held == imported else command.style.WARNING(line))


class Command(BaseCommand):
    help = (
        "Importe un dossier dans un format connu : site Hugo/Decap CMS (reconnu à "
        "site/static/admin/config.yml), site Jekyll d'origine (_config.yml, _data/), "
        "dossier « seeds » (documents Markdown avec front matter), programme.yml, "
        "figures.yml. Tout autre dossier est refusé. Idempotent : une seconde exécution "
        "ne change rien. Les fichiers ignorés ou illisibles sont listés avec la raison."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, paths: list[Path], no_progress: bool, **options):
        run_import(self, paths, progress=not no_progress)
