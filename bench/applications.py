"""Benchmark of the applications back office with many applications.

One command (from the repository root):

    .venv/bin/python bench/applications.py [--rows 100000] [--json]
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--runs 40] [--keep]
        [--xlsx] [--smoke]

``--smoke`` is the run CI does (bench/smoke): 300 applications, 3 runs, both
exports; figures printed, no threshold.

It builds a scratch database (a fresh SQLite file in a temporary folder by
default; with ``--database-url`` or ``DATABASE_URL`` pointing at PostgreSQL, a
new database ``eig_bench_<pid>`` created on that server and dropped at the
end), migrates it, and generates ``--rows`` applications with ``bulk_create``:
one user each, two cohorts with their calls and 15 défis, 1 to 3 ranked
choices per application, French text with accents, the folded search
document built by the application code itself.

Then it measures, on a warm process:

* ``search``: the team's full-text search (``selectors.filtered_applications``
  with a query, then what the list page reads: the count, capped at 2 000 by
  ``views.CappedPaginator``, and the first page of 50 rows with their
  choices), over a rotation of queries (common and rare words, accents, two
  words, prefixes); the generated text uses a small vocabulary, so most words
  match about half of the applications;
* ``list``: the filtered list page ``/gestion/candidatures/`` requested by a
  staff member through Django's test client (view, queries and template),
  over a rotation of filters (cohort, défi, profile, state, page number);
* ``export``: the CSV export view (and with ``--xlsx`` the XLSX one) streamed
  to the end, in a fresh subprocess; its time to the first byte, its time, and
  its peak memory: the peak resident set size of that process
  (Linux VmHWM, reset through /proc/self/clear_refs just before the export,
  so it is the whole process' resident memory at its highest during the
  export — Django and the database driver included).

Times are wall-clock; p95 is the 95th percentile over ``--runs`` runs after
two warm-up runs. ``--json`` prints
``{"search_p95_ms", "list_p95_ms", "export_s", "export_first_byte_s", "export_peak_mb",
"rows", "database"}``, and with ``--xlsx`` also ``"xlsx_s", "xlsx_first_byte_s",
"xlsx_peak_mb", "xlsx_bytes"``.

Each export is also timed to its **first byte**: from the request until the
first non-empty chunk of ``streaming_content`` (what a browser waits for
before its download starts; target < 2 s for 100 000 applications).
"""

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

BATCH = 5000
PAGE_SIZE = 50
# Production settings keep the HTTPS ones on (redirect to https, secure
# cookies): the test client asks over https, as a browser would.
SECURE = True


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    "données publiques santé sécurité éducation énergie écologie transport agriculture "
    "biologique justice fiscalité emploi territoire cartographie accessibilité usagers "
    "démarches administration algorithme apprentissage modèle prédiction visualisation "
    "tableau bord open source logiciel libre contribution association bénévole startup "
    "conception recherche utilisateur prototype maquette interface design système "
    "graphique typographie python django javascript react vue typescript postgresql "
    "kubernetes docker rust golang java kotlin scala spark pandas scikit tensorflow "
    "statistique économétrie géomatique sig qgis osm api rest graphql sécurisation "
    "infrastructure cloud déploiement intégration continue tests qualité équipe agile "
    "mentorat pédagogie médiation collectivité préfecture hôpital école université "
    "réfugiés intégration fraude contrôle impôts douane mer navires réglementation "
    "droit travail jurisprudence décisions pseudonymisation anonymisation éthique "
    "transparence citoyens participation concertation évaluation impact politiques"
)
FIRST_NAMES = _words(
    "Camille Dominique Hélène Inès Léo Zoé Maël Noé Anaïs Chloé Loïc Gaël Jérôme Cécile "
    "Frédéric Amélie Théo Lucas Emma Jules Léa Hugo Manon Éloïse Anaëlle Bérénice"
)
LAST_NAMES = _words(
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier"
)
PROFILES = ["developer", "designer", "data_scientist"]
SEARCHES = [
    "python",
    "données",
    "securite",
    "SANTÉ publique",
    "cartographie",
    "pseudonym",
    "rust kubernetes",
    "éco",
    "Hélène",
    "qgis",
    "jurisprudence éthique",
    "zzzintrouvable",
]


# Scratch database ----------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def scratch_database(url: str | None) -> tuple[str, callable]:
    """(DATABASE_URL of a new empty database, cleanup)."""
    if url and url.startswith(("postgres://", "postgresql://")):
        name = f"eig_bench_{os.getpid()}"
        _pg_admin(url, f'CREATE DATABASE "{name}"')
        return _with_database(url, name), lambda: _pg_admin(
            url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )
    folder = tempfile.mkdtemp(prefix="eig-bench-")
    path = Path(folder) / "bench.sqlite3"

    def cleanup():
        for file in Path(folder).glob("*"):
            file.unlink()
        Path(folder).rmdir()

    return f"sqlite:///{path}", cleanup


def setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["EIG_VAR_DIR"] = var_dir
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "eig.settings"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ.setdefault("STATIC_ROOT", str(Path(var_dir) / "static"))
    Path(os.environ["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    import django
    from django.conf import settings

    # Production settings, except static files read without a manifest (no
    # collectstatic here); set before setup, since the storages are built once.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()


# Data -----------------------------------------------------------------------------


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def generate(rows: int, seed: int = 2018) -> dict:
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.db import connection

    from eig.accounts.models import User
    from eig.applications.models import (
        Application,
        ApplicationCall,
        ApplicationChoice,
        ApplicationState,
    )
    from eig.applications.selectors import build_search_document
    from eig.challenges.models import Challenge
    from eig.cohorts.models import Cohort, Programme
    from eig.organizations.models import Organization

    rng = random.Random(seed)
    paris = ZoneInfo("Europe/Paris")
    programme = Programme.objects.create(
        name="Entrepreneurs d'intérêt général", slug="eig", acronym="EIG"
    )
    organization = Organization.objects.create(name="Direction du numérique", slug="dinum")
    cohorts, calls, challenges = [], [], {}
    for number, year in ((3, 2019), (4, 2020)):
        cohort = Cohort.objects.create(
            programme=programme,
            slug=f"eig-{number}",
            number=number,
            name=f"Promotion {number}",
            year=year,
            starts_on=date(year, 1, 15),
        )
        cohorts.append(cohort)
        calls.append(
            ApplicationCall.objects.create(
                cohort=cohort,
                title=f"Appel à candidatures – Promotion {number}",
                opens_at=datetime(year - 1, 9, 18, tzinfo=paris),
                closes_at=datetime(year - 1, 10, 15, 23, 59, 59, tzinfo=paris),
            )
        )
        challenges[cohort.pk] = [
            Challenge.objects.create(
                title=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {number}-{i}",
                slug=f"defi-{number}-{i}",
                cohort=cohort,
                year=year,
                organization=organization,
            )
            for i in range(15)
        ]
    User.objects.create_user(email="equipe@bench.example", password="bench", is_staff=True)

    started = time.perf_counter()
    states = (
        [ApplicationState.SUBMITTED] * 90
        + [ApplicationState.DRAFT] * 8
        + [ApplicationState.WITHDRAWN] * 2
    )
    base = datetime(2018, 10, 1, tzinfo=paris)
    for start in range(0, rows, BATCH):
        size = min(BATCH, rows - start)
        users = User.objects.bulk_create(
            User(
                email=f"candidat{start + i}@bench.example",
                password="!",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
            )
            for i in range(size)
        )
        applications, choices_of = [], []
        for user in users:
            call = calls[rng.random() < 0.55]
            state = rng.choice(states)
            submitted_at = (
                None
                if state == ApplicationState.DRAFT
                else base + timedelta(seconds=rng.randint(0, 1_500_000))
            )
            application = Application(
                call=call,
                candidate=user,
                state=state,
                first_name=user.first_name,
                last_name=user.last_name,
                phone="06 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
                city=rng.choice(
                    ["Paris", "Lyon", "Nantes", "Besançon", "Créteil", "Saint-Étienne"]
                ),
                profile=rng.choice(PROFILES),
                experience=_sentence(rng, 20, 40),
                skills=_sentence(rng, 8, 16),
                general_interest=_sentence(rng, 0, 12),
                code_url=f"https://github.com/user{start}",
                available_from=date(call.cohort.year, 1, 15),
                full_time=True,
                submitted_at=submitted_at,
                withdrawn_at=submitted_at if state == ApplicationState.WITHDRAWN else None,
            )
            picked = rng.sample(challenges[call.cohort_id], rng.randint(1, 3))
            choices = [
                ApplicationChoice(challenge=challenge, rank=rank, motivation=_sentence(rng, 10, 25))
                for rank, challenge in enumerate(picked, start=1)
            ]
            application.search_document = build_search_document(application, choices)
            applications.append(application)
            choices_of.append(choices)
        Application.objects.bulk_create(applications)
        all_choices = []
        for application, choices in zip(applications, choices_of, strict=True):
            for choice in choices:
                choice.application = application
                all_choices.append(choice)
        ApplicationChoice.objects.bulk_create(all_choices, batch_size=BATCH)
    # The state a live database is in after autovacuum: statistics and visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "generation_s": time.perf_counter() - started,
        "cohorts": [c.pk for c in cohorts],
        "challenges": [c.pk for cohort in cohorts for c in challenges[cohort.pk]],
    }


# Measures ----------------------------------------------------------------------------


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _timed(function, runs: int) -> list[float]:
    for _ in range(2):
        function(0)
    times = []
    for run in range(runs):
        started = time.perf_counter()
        function(run)
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure_search(runs: int) -> list[float]:
    from eig.applications.selectors import (
        ApplicationFilters,
        filtered_applications,
        staff_list_rows,
    )
    from eig.applications.views import CappedPaginator

    def search(run):
        query = SEARCHES[run % len(SEARCHES)]
        queryset = staff_list_rows(filtered_applications(ApplicationFilters(query=query)))
        # As the list page does: its count (capped), then its first page.
        page = CappedPaginator(queryset, PAGE_SIZE).page(1)
        return list(page), page.paginator.count

    return _timed(search, runs)


def measure_list(runs: int, info: dict) -> list[float]:
    from django.test import Client

    from eig.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="equipe@bench.example"))
    cohorts, challenges = info["cohorts"], info["challenges"]
    filters = [
        {},
        {"cohort": cohorts[0]},
        {"cohort": cohorts[1], "profile": "designer"},
        {"state": "submitted", "profile": "data_scientist"},
        {"challenge": challenges[3]},
        {"cohort": cohorts[0], "challenge": challenges[7], "state": "submitted"},
        {"state": "withdrawn"},
        {"profile": "developer", "page": 40},
    ]

    def page(run):
        response = client.get("/gestion/candidatures/", filters[run % len(filters)], secure=SECURE)
        assert response.status_code == 200, response.status_code

    return _timed(page, runs)


def _vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def export_only(kind: str = "csv") -> dict:
    """In its own process: stream the export view (CSV or XLSX) to the end."""
    from django.test import Client

    from eig.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="equipe@bench.example"))
    # Warm up (imports of every view module, URL resolver) on an empty export.
    warm_up = client.get(
        f"/gestion/candidatures/export.{kind}", {"q": "zzzintrouvable"}, secure=SECURE
    )
    assert warm_up.status_code == 200, warm_up.status_code
    b"".join(warm_up.streaming_content)
    before = _vm_rss_mb()
    # Reset the peak (Linux); elsewhere the peak also counts the setup.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    started = time.perf_counter()
    response = client.get(f"/gestion/candidatures/export.{kind}", secure=SECURE)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    first_byte = None
    for chunk in response.streaming_content:
        if first_byte is None and chunk:
            # What a browser waits for before its download starts.
            first_byte = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    return {
        "export_s": seconds,
        "first_byte_s": seconds if first_byte is None else first_byte,
        "export_peak_mb": _vm_hwm_mb(),
        "rss_before_mb": before,
        "bytes": size,
        "lines": lines,
    }


def measure_export(database_url: str, var_dir: str, kind: str = "csv") -> dict:
    completed = subprocess.run(
        [
            sys.executable,
            __file__,
            "--export-only",
            kind,
            "--database-url",
            database_url,
            "--var-dir",
            var_dir,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--xlsx", action="store_true", help="also time the XLSX export (shown in the table)"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a smoke run: 300 applications, 3 runs, the XLSX export too (figures, no target)",
    )
    parser.add_argument("--export-only", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.runs, args.xlsx = 300, 3, True

    if args.export_only:
        setup_django(args.database_url, args.var_dir)
        print(json.dumps(export_only(args.export_only)))
        return

    database_url, cleanup = scratch_database(args.database_url)
    var_dir = tempfile.mkdtemp(prefix="eig-bench-var-")
    try:
        setup_django(database_url, var_dir)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        info = generate(args.rows)
        search = measure_search(args.runs)
        listing = measure_list(args.runs, info)
        connection.close()
        export = measure_export(database_url, var_dir)
        xlsx = measure_export(database_url, var_dir, "xlsx") if args.xlsx else None
        vendor = connection.vendor
        version = (
            ".".join(str(v) for v in connection.Database.sqlite_version_info)
            if vendor == "sqlite"
            else ""
        )
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
        connection.close()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            cleanup()
    result = {
        "search_p95_ms": round(_p(search, 0.95), 1),
        "list_p95_ms": round(_p(listing, 0.95), 1),
        "export_s": round(export["export_s"], 2),
        "export_first_byte_s": round(export["first_byte_s"], 2),
        "export_peak_mb": round(export["export_peak_mb"], 1),
        "rows": args.rows,
        "database": f"{vendor} {version}".strip(),
    }
    if xlsx:
        result["xlsx_s"] = round(xlsx["export_s"], 2)
        result["xlsx_first_byte_s"] = round(xlsx["first_byte_s"], 2)
        result["xlsx_peak_mb"] = round(xlsx["export_peak_mb"], 1)
        result["xlsx_bytes"] = xlsx["bytes"]
    if args.json:
        print(json.dumps(result))
        return
    generated = info["generation_s"]
    print(f"{args.rows} applications on {result['database']} (generated in {generated:.1f} s)")
    rows = [
        ("measure", "p50", "p95", "target"),
        ("search (first page + count)", _ms(_p(search, 0.5)), _ms(_p(search, 0.95)), "< 100 ms"),
        ("list page (test client)", _ms(_p(listing, 0.5)), _ms(_p(listing, 0.95)), "< 100 ms"),
        ("CSV export, first byte", "", f"{export['first_byte_s']:.2f} s", "< 2 s"),
        ("CSV export, time", "", f"{export['export_s']:.2f} s", "< 10 s"),
        ("CSV export, peak RSS (VmHWM)", "", f"{export['export_peak_mb']:.1f} MB", "< 200 MB"),
    ]
    if xlsx:
        rows += [
            ("XLSX export, first byte", "", f"{xlsx['first_byte_s']:.2f} s", "< 2 s"),
            ("XLSX export, time", "", f"{xlsx['export_s']:.2f} s", ""),
            ("XLSX export, peak RSS (VmHWM)", "", f"{xlsx['export_peak_mb']:.1f} MB", ""),
        ]
    for name, p50, p95, target in rows:
        print(f"{name:<32}{p50:>12}{p95:>12}{target:>12}")
    print(
        f"(export process RSS before the export: {export['rss_before_mb']:.1f} MB; "
        f"{export['lines'] - 1} rows, {export['bytes'] / 1e6:.1f} MB of CSV)"
    )


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


if __name__ == "__main__":
    main()
