"""Command-line door: ``python -m eig.matching < instance.json > result.json``.

The instance and result formats are described in docs/matching.md.
"""

import argparse
import json
import sys

from eig.matching.market import InstanceError
from eig.matching.optimal import OptimalUnavailable
from eig.matching.solve import solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eig.matching",
        description="Forme les équipes : lit une instance JSON sur l'entrée standard, "
        "écrit le résultat JSON sur la sortie standard.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--stable-only",
        action="store_true",
        help="s'arrêter à l'appariement stable (sans l'étape de taille minimale)",
    )
    mode.add_argument(
        "--optimal",
        action="store_true",
        help="mode optimal CP-SAT (OR-Tools) au lieu de l'étape de taille minimale",
    )
    parser.add_argument(
        "--require-profile",
        default="developer",
        help="mode optimal : profil exigé dans chaque équipe ouverte (vide : aucun)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=30.0,
        help="mode optimal : limite de temps déterministe de CP-SAT (défaut 30)",
    )
    parser.add_argument("--compact", action="store_true", help="JSON sur une seule ligne")
    args = parser.parse_args(argv)

    try:
        instance = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(f"Entrée JSON illisible : {error}", file=sys.stderr)
        return 2
    try:
        result = solve(
            instance,
            stable_only=args.stable_only,
            optimal=args.optimal,
            required_profile=args.require_profile or None,
            deterministic_time=args.time_limit,
        )
    except InstanceError as error:
        print(f"Instance invalide : {error}", file=sys.stderr)
        return 2
    except OptimalUnavailable as error:
        print(str(error), file=sys.stderr)
        return 1
    # One string, one write: json.dump would write each of its many pieces.
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if args.compact else 2))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
