"""The deadline surge: many candidates submit in the last minutes, nothing is lost.

One command (from the repository root):

    .venv/bin/python bench/surge.py [--candidates 1000] [--concurrency 150] [--json]
        [--deadline-in 100] [--web-workers 4] [--skip-restarts] [--log FILE]

It builds its own PostgreSQL database `eig_surge` at 127.0.0.1:5432 (dropped
and recreated), migrates it, creates a programme, a cohort with 5 défis and
`--candidates` accounts with confirmed e-mail addresses, then runs the surge
twice on a fresh copy of that database:

1. plain;
2. with restarts: one gunicorn worker killed (SIGKILL) at 25 % of the time
   before the deadline, the task worker killed (SIGKILL) at 35 % and started
   again at 60 %, the whole gunicorn (master and workers) killed (SIGKILL)
   at 45 % and started again at once.

Each run serves the site as production does: gunicorn with `--web-workers`
sync workers, DEBUG off, a SECRET_KEY, ALLOWED_HOSTS, persistent database
connections, static files collected and served by WhiteNoise, HTTPS settings
on (secure cookies, HSTS, redirect to https) behind a pretend load balancer:
the clients send `X-Forwarded-Proto: https` and the server trusts it
(`SECURE_PROXY_SSL_HEADER`); and the task worker (`manage.py db_worker`)
delivers the e-mails (file backend: each delivery is written to a file,
so deliveries are counted, not only records). Knobs set for the bench server
only: `EIG_PASSWORD_HASHERS=…MD5PasswordHasher` (1 000 PBKDF2 log-ins would
cost 1 000 × 0.3 s of CPU on a 2-core machine: the log-in's hashing is not
what is measured here), and the rate limits on log-in and submission lifted
when their settings exist (every simulated candidate comes from 127.0.0.1).

The call's deadline is placed from what this machine can do: first a
warm-up (a tenth of the candidates, at most `--concurrency`, all at once, on
another call with other accounts, not counted) measures how many candidates
per second go through; the deadline is then set, to the second (stored in
UTC, shown in Europe/Paris time), at the time the on-time candidates need
plus 30 % and 15 s (20 s more with the restarts), or `--deadline-in` seconds
after the start. `--concurrency` candidates run at once from the start, each
replaced by the next as soon as it is done; each one, with its own cookies,
like a browser: GET the log-in page, log in (CSRF token), start an
application, save the 8 steps one by one (identity, profile, skills, links,
a real PDF CV of its own, availability, 2 défis with motivations, consent),
then submit and read the answer (the message Django's messages cookie
carries to the next page, decoded with the bench server's key). One
candidate in 20 is late by design: it fills everything in on time but
submits 1 to 4 s after the deadline, and must be refused with the French
message. A connection error (a killed process) is retried, up to 8 times
with a growing pause: the steps and the submission are idempotent; retries
are counted.

Figures: `acknowledged` = the answer page said the application is submitted
(or already was); `stored` = submitted rows in the database; `lost` =
acknowledged but not stored (must be 0); `duplicates` = applications with
more than one submission record, submission snapshot, receipt record or
receipt delivered (must be 0); `late_refused` = late candidates shown the
"clos" message, `late_expected` = late candidates; `receipts` = receipt
e-mails recorded as sent once the task worker has drained its queue (one
per stored submission); p50/p95/p99 = latency of every HTTP request
answered; `errors` = what went wrong, by kind (`connection_retried` counts
retried requests). The stored CVs are checked against the bytes each
candidate sent (sha256, on disk and in the database).

`--json` prints {"candidates", "acknowledged", "stored", "lost",
"duplicates", "late_refused", "late_expected", "receipts", "p50_ms",
"p95_ms", "p99_ms", "errors", "with_restarts": {same keys}}. The exit status
is 1 when something acknowledged is lost, duplicated, a late one accepted or
an on-time one refused, or a receipt is missing.
"""

import argparse
import collections
import contextlib
import hashlib
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import requests  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "eig_surge"
TEMPLATE = "eig_surge_template"
PASSWORD = "Surge-mot-de-passe-2018"
SURGE_CALL = "Appel à candidatures — vague"
WARM_UP_CALL = "Appel d'échauffement"
LATE_EVERY = 20  # one candidate in 20 submits after the deadline
MAX_ATTEMPTS = 8
KEYS = [
    "candidates",
    "acknowledged",
    "stored",
    "lost",
    "duplicates",
    "late_refused",
    "late_expected",
    "receipts",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "errors",
]
ACK_NEW = "Votre candidature est déposée"
ACK_AGAIN = "Votre candidature était déjà déposée"
CLOSED = "est clos depuis le"


def progress(message: str) -> None:
    print(f"[surge {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Database, data and servers ------------------------------------------------------


def pg_admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def server_env(workdir: Path, database: str | None = None) -> dict:
    database = database or DATABASE
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EIG_", "DATABASE_URL", "SECURE_", "TASKS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "eig.settings",
            "DEBUG": "false",
            "SECRET_KEY": "surge-bench-only-not-a-secret-0123456789abcdefghijklmnop",
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"{PG_SERVER}/{database}",
            "CONN_MAX_AGE": "60",
            "EIG_VAR_DIR": str(workdir / "var"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
            "STATIC_ROOT": str(workdir / "static"),
            "EIG_SITE_URL": "https://eig.example.org",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(workdir / "mail"),
            # Behind a load balancer that ends TLS and sets X-Forwarded-Proto.
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "EIG_PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
            # Lift the rate limits, if they exist: every candidate is 127.0.0.1.
            "EIG_RATE_LIMITS": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env: dict, log: Path, *args: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def build_template(candidates: int, workdir: Path, log: Path) -> None:
    """Migrate `eig_surge`, add a cohort, 5 défis, an open call and the accounts;
    then keep it as the template each run starts from."""
    from django.contrib.auth.hashers import make_password
    from django.db import connections
    from django.utils import timezone

    from eig.accounts.models import User
    from eig.applications.models import ApplicationCall
    from eig.challenges.models import Challenge
    from eig.cohorts.models import Cohort, Programme
    from eig.organizations.models import Organization

    pg_admin(
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
        f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)",
        f"CREATE DATABASE {DATABASE}",
    )
    env = server_env(workdir)
    started = time.monotonic()
    manage(env, log, "migrate", "--noinput")
    progress(f"migrated in {time.monotonic() - started:.0f} s")
    programme, _created = Programme.objects.get_or_create(
        slug="eig",
        defaults={"name": "Entrepreneurs d'intérêt général", "acronym": "EIG"},
    )
    cohort = Cohort.objects.create(
        programme=programme,
        slug="eig-surge",
        number=99,
        name="Promotion de la vague",
        year=2027,
        starts_on=date(2027, 1, 15),
        is_published=True,
    )
    organization = Organization.objects.create(name="Direction du numérique", slug="dinum-surge")
    for number in range(1, 6):
        Challenge.objects.create(
            title=f"Défi de la vague n° {number}",
            slug=f"defi-vague-{number}",
            cohort=cohort,
            year=2027,
            organization=organization,
            pitch="Mieux servir les usagers grâce aux données.",
            is_published=True,
        )
    now = timezone.now()
    ApplicationCall.objects.create(
        cohort=cohort,
        title=SURGE_CALL,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        max_choices=3,
    )
    ApplicationCall.objects.create(
        cohort=cohort,
        title=WARM_UP_CALL,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        max_choices=3,
    )
    password = make_password(PASSWORD)  # one hash, shared: the same password for all
    User.objects.bulk_create(
        (
            User(
                email=candidate_email(index),
                password=password,
                first_name="Camille",
                last_name=f"Vague{index}",
                email_confirmed_at=now,
            )
            for index in range(candidates)
        ),
        batch_size=2000,
    )
    connections.close_all()
    pg_admin(f"CREATE DATABASE {TEMPLATE} TEMPLATE {DATABASE}")
    progress(f"{candidates} accounts ready")


def candidate_email(index: int) -> str:
    return f"candidat-{index:05d}@vague.example.org"


def fresh_database(workdir: Path) -> None:
    from django.db import connections

    connections.close_all()
    pg_admin(
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
        f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}",
    )
    for name in ("private", "mail"):
        shutil.rmtree(workdir / name, ignore_errors=True)
        (workdir / name).mkdir(parents=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Servers:
    """gunicorn and the task worker of one run, which can be killed and restarted."""

    def __init__(self, env: dict, workdir: Path, workers: int, log: Path):
        self.env, self.workdir, self.workers, self.log = env, workdir, workers, log
        self.port = free_port()
        self.web: subprocess.Popen | None = None
        self.tasks: subprocess.Popen | None = None

    def _spawn(self, args: list) -> subprocess.Popen:
        out = self.log.open("a")
        return subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_web(self) -> None:
        self.web = self._spawn(
            [GUNICORN, "eig.wsgi", "--workers", str(self.workers)]
            + ["--bind", f"{HOST}:{self.port}", "--reuse-port", "--timeout", "60"]
            + ["--chdir", str(ROOT), "--log-level", "warning"]
        )
        deadline = time.monotonic() + 60
        while True:
            if self.web.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up, see {self.log}")
            try:
                answer = requests.get(f"{self.base}/healthz?scope=web", timeout=2)
                if answer.status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s, see {self.log}")
            time.sleep(0.2)

    def start_tasks(self, *, after_crash: bool = False) -> None:
        """The task worker; after a crash of the only worker, as
        docs/operations.md says: `mail_resume --stale-after 0` first (the
        e-mails the dead worker held), then `db_worker`."""
        worker = f"{PYTHON} manage.py db_worker --interval 0.2 --no-reload"
        if after_crash:
            worker = f"{PYTHON} manage.py mail_resume --stale-after 0 && exec {worker}"
        self.tasks = self._spawn(["/bin/sh", "-c", f"exec {worker}" if not after_crash else worker])

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def web_workers(self) -> list[int]:
        if self.web is None:
            return []
        path = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in path.read_text().split()]
        return []

    def kill_one_web_worker(self) -> int | None:
        pids = self.web_workers()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def kill_web(self) -> None:
        """SIGKILL the master and each of its workers, as a crashed machine would."""
        children = self.web_workers()
        self.web.kill()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.web.wait()

    def kill_tasks(self) -> None:
        self.tasks.kill()
        self.tasks.wait()

    def stop(self) -> None:
        for process in (self.web, self.tasks):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.web, self.tasks):
            if process is None:
                continue
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- The simulated candidates ------------------------------------------------------


class CandidateFailed(Exception):
    pass


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list = field(default_factory=list)
    errors: collections.Counter = field(default_factory=collections.Counter)
    acknowledged: set = field(default_factory=set)
    refused_late: set = field(default_factory=set)
    sent_cv: dict = field(default_factory=dict)  # email -> sha256 of the CV sent last
    samples: dict = field(default_factory=dict)  # error kind -> what the server said, once
    by_kind: dict = field(default_factory=lambda: collections.defaultdict(list))
    in_flight: int = 0
    peak_in_flight: int = 0

    def error(self, kind: str, sample: str = "") -> None:
        with self.lock:
            self.errors[kind] += 1
            if sample:
                self.samples.setdefault(kind, sample[:300])

    def enter(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


def what_it_said(answer) -> str:
    """The redirect, or the error messages of a page, for the report."""
    if answer.headers.get("Location"):
        return f"{answer.status_code} -> {answer.headers['Location']}"
    found = re.findall(
        r'class="fr-(?:error-text|message--error|alert__title)[^"]*"[^>]*>\s*([^<]+)', answer.text
    )
    return f"{answer.status_code}: " + " | ".join(" ".join(f.split()) for f in found[:3])


def pdf_for(index: int) -> bytes:
    """A real one-page PDF of the candidate's own (its title makes it unique)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"CV de Camille Vague{index}", "/Author": f"n° {index}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Candidate:
    def __init__(self, index: int, base: str, tally: Tally, *, call_pk: int, challenges: list):
        self.index = index
        self.email = candidate_email(index)
        self.base = base
        self.tally = tally
        self.call_pk = call_pk
        self.challenges = challenges
        self.session = requests.Session()
        self.session.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "Origin": f"https://{base.split('://', 1)[1]}",
                "User-Agent": "eig-surge/1.0",
            }
        )
        self.application_pk = None

    def request(self, method: str, path: str, *, expect=(200,), data=None, files=None):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if data is not None:
                data = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
            started = time.perf_counter()
            try:
                answer = self.session.request(
                    method,
                    self.base + path,
                    data=data,
                    files=files,
                    allow_redirects=False,
                    timeout=(5, 120),
                )
            except (requests.ConnectionError, requests.Timeout):
                if attempt == MAX_ATTEMPTS:
                    self.tally.error("gave_up_after_retries")
                    raise CandidateFailed from None
                self.tally.error("connection_retried")
                time.sleep(min(0.25 * 2**attempt, 8))
                continue
            elapsed = (time.perf_counter() - started) * 1000
            # The balancer's backend is plain http: keep sending the Secure
            # cookies, as the browser does over https.
            for cookie in self.session.cookies:
                cookie.secure = False
            label = method + " " + re.sub(r"\d+/", "", path).strip("/").rsplit("/", 1)[-1]
            with self.tally.lock:
                self.tally.latencies.append(elapsed)
                self.tally.by_kind[label].append(elapsed)
            if answer.status_code not in expect:
                kind = f"http_{answer.status_code}"
                if answer.status_code == 200:
                    kind = "form_refused_" + path.rstrip("/").rsplit("/", 1)[-1]
                self.tally.error(kind, what_it_said(answer))
                raise CandidateFailed(kind)
            return answer
        raise AssertionError("unreachable")

    def post_step(self, step: str, data: dict, files=None) -> None:
        self.request(
            "POST",
            f"/espace/candidature/{self.application_pk}/{step}/",
            expect=(302,),
            data={**data, "next": "1"},
            files=files,
        )

    def fill_in(self) -> None:
        """Everything before the submission: log in, start, the 8 steps as drafts."""
        self.request("GET", "/compte/connexion/")
        self.request(
            "POST",
            "/compte/connexion/",
            expect=(302,),
            data={"email": self.email, "password": PASSWORD},
        )
        answer = self.request(
            "POST", f"/espace/candidature/commencer/{self.call_pk}/", expect=(302,), data={}
        )
        match = re.search(r"/espace/candidature/(\d+)/", answer.headers.get("Location", ""))
        if not match:
            self.tally.error("start_without_application", what_it_said(answer))
            raise CandidateFailed
        self.application_pk = int(match.group(1))
        i = self.index
        self.post_step(
            "identite",
            {
                "first_name": "Camille",
                "last_name": f"Vague{i}",
                "phone": "06 12 34 56 78",
                "city": "Nantes",
            },
        )
        self.post_step(
            "profil",
            {
                "profile": ("developer", "designer", "data_scientist")[i % 3],
                "experience": f"Dix ans de développement, candidat·e n° {i}, à l'écoute.",
            },
        )
        self.post_step(
            "competences",
            {"skills": "Python, Django, PostgreSQL, accessibilité.", "general_interest": ""},
        )
        self.post_step("liens", {"code_url": f"https://forge.example.org/candidat-{i}"})
        cv = pdf_for(i)
        self.post_step("cv", {}, files={"cv": (f"CV Vague{i}.pdf", cv, "application/pdf")})
        with self.tally.lock:
            self.tally.sent_cv[self.email] = hashlib.sha256(cv).hexdigest()
        self.post_step(
            "disponibilite",
            {"available_from": "2027-01-15", "full_time": "on", "availability_comment": ""},
        )
        first, second = self.challenges[i % 5], self.challenges[(i + 1) % 5]
        self.post_step(
            "defis",
            {
                "challenge_1": first,
                "motivation_1": "Ce défi touche les usagers au quotidien.",
                "challenge_2": second,
                "motivation_2": "Les données ouvertes me passionnent.",
                "challenge_3": "",
                "motivation_3": "",
            },
        )
        self.post_step("consentement", {"consent": "on"})

    def submit(self) -> str:
        """'acknowledged', 'refused_late' or 'unclear'."""
        pk = self.application_pk
        self.request("POST", f"/espace/candidature/{pk}/deposer/", expect=(302,), data={})
        page = submitted_message(self.session.cookies.get("messages", ""))
        if not page:  # not in the cookie: read the page the browser is sent to
            page = self.request("GET", f"/espace/candidature/{pk}/").text
        if ACK_NEW in page or ACK_AGAIN in page:
            return "acknowledged"
        if CLOSED in page:
            return "refused_late"
        return "unclear"


def submitted_message(cookie: str) -> str:
    """The newest message of Django's messages cookie (signed with the bench
    server's SECRET_KEY, which this process shares): what the next page shows."""
    from django.contrib.messages.storage.cookie import CookieStorage

    if not cookie:
        return ""
    messages = CookieStorage(None)._decode(cookie.strip('"').replace("\\054", ","))
    return str(messages[-1].message) if messages else ""


def run_clients(
    servers: Servers, indexes: list, concurrency: int, tally: Tally, deadline: float, ids
) -> int:
    """`concurrency` candidates at once, each followed by the next as soon as
    it is done; late ones submit 1–4 s after the deadline."""
    concurrency = min(concurrency, len(indexes))
    call_pk, challenges = ids
    pending = collections.deque(indexes)
    late: list[Candidate] = []
    queue_lock = threading.Lock()

    def worker():
        while True:
            with queue_lock:
                if not pending:
                    return
                index = pending.popleft()
            candidate = Candidate(
                index, servers.base, tally, call_pk=call_pk, challenges=challenges
            )
            tally.enter()
            try:
                candidate.fill_in()
                if index % LATE_EVERY == LATE_EVERY - 1:
                    with queue_lock:
                        late.append(candidate)
                    continue
                if time.monotonic() >= deadline:
                    tally.error("on_time_candidate_reached_the_deadline")
                outcome = candidate.submit()
                record(tally, candidate, outcome, is_late=False)
            except CandidateFailed:
                pass
            finally:
                tally.leave()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    late_expected = sum(1 for index in indexes if index % LATE_EVERY == LATE_EVERY - 1)

    def late_submit(candidate: Candidate, number: int):
        time.sleep(max(0.0, deadline + 1 + number % 4 - time.monotonic()))
        with contextlib.suppress(CandidateFailed):
            record(tally, candidate, candidate.submit(), is_late=True)

    late_threads = [
        threading.Thread(target=late_submit, args=(candidate, number), daemon=True)
        for number, candidate in enumerate(late)
    ]
    for thread in late_threads:
        thread.start()
    for thread in late_threads:
        thread.join()
    return late_expected


def record(tally: Tally, candidate: Candidate, outcome: str, *, is_late: bool) -> None:
    with tally.lock:
        if outcome == "acknowledged":
            tally.acknowledged.add(candidate.email)
            if is_late:
                tally.errors["late_accepted"] += 1
        elif outcome == "refused_late":
            if is_late:
                tally.refused_late.add(candidate.email)
            else:
                tally.errors["on_time_refused"] += 1
        else:
            tally.errors["submit_answer_unclear"] += 1


# --- Chaos ------------------------------------------------------------------------------


def chaos(servers: Servers, t0: float, deadline: float, events: list, stop: threading.Event):
    span = deadline - t0

    def at(fraction: float) -> bool:
        return not stop.wait(max(0.0, t0 + fraction * span - time.monotonic()))

    if not at(0.25):
        return
    pid = servers.kill_one_web_worker()
    events.append(f"{time.monotonic() - t0:.1f} s: SIGKILL gunicorn worker {pid}")
    if not at(0.35):
        return
    servers.kill_tasks()
    events.append(f"{time.monotonic() - t0:.1f} s: SIGKILL task worker")
    if not at(0.45):
        return
    servers.kill_web()
    events.append(f"{time.monotonic() - t0:.1f} s: SIGKILL gunicorn master and workers")
    servers.start_web()
    events.append(f"{time.monotonic() - t0:.1f} s: gunicorn answering again")
    if not at(0.60):
        return
    servers.start_tasks(after_crash=True)
    events.append(f"{time.monotonic() - t0:.1f} s: task worker started again")


# --- One run ----------------------------------------------------------------------------


def percentile(values: list, fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return round(ordered[rank], 1)


def delivered_receipts(mail_dir: Path) -> collections.Counter:
    """How many receipts each address was actually sent (the file backend's output)."""
    import email
    from email.header import decode_header, make_header

    counts = collections.Counter()
    for path in mail_dir.glob("*.log"):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.lstrip(b"\n"))
            subject = str(make_header(decode_header(message.get("Subject", ""))))
            if subject.startswith("Accusé de réception"):
                counts[message.get("To", "").strip().lower()] += 1
    return counts


def wait_for_receipts(expected: int, timeout: float) -> None:
    from django.db import close_old_connections

    from eig.mail.models import Email, EmailState

    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        close_old_connections()
        receipts = Email.objects.filter(template="applications/receipt")
        if (
            receipts.filter(state=EmailState.SENT).count() >= expected
            and not receipts.exclude(state=EmailState.SENT).exists()
        ):
            return
        time.sleep(1)


def measure(tally: Tally, args, late_expected: int, workdir: Path, call_pk: int) -> dict:
    from django.db import close_old_connections
    from django.db.models import Count

    from eig.applications.models import (
        Application,
        ApplicationDocument,
        ApplicationRevision,
        ApplicationState,
        ApplicationTransition,
    )
    from eig.mail.models import Email, EmailState

    close_old_connections()
    submitted = Application.objects.filter(call_id=call_pk, state=ApplicationState.SUBMITTED)
    stored_emails = set(submitted.values_list("candidate__email", flat=True))
    duplicated = set()
    for query in (
        ApplicationTransition.objects.filter(from_state="draft", to_state="submitted")
        .values("application__candidate__email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1),
        ApplicationRevision.objects.filter(section=ApplicationRevision.SUBMISSION)
        .values("application__candidate__email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1),
    ):
        duplicated |= {row["application__candidate__email"] for row in query}
    surge_addresses = {candidate_email(index) for index in range(args.candidates)}
    receipts = Email.objects.filter(template="applications/receipt", to__in=surge_addresses)
    receipt_rows = collections.Counter(receipts.values_list("to", flat=True))
    duplicated |= {address for address, n in receipt_rows.items() if n > 1}
    delivered = collections.Counter(
        {
            address: n
            for address, n in delivered_receipts(workdir / "mail").items()
            if address in surge_addresses
        }
    )
    duplicated |= {address for address, n in delivered.items() if n > 1}
    errors = dict(tally.errors)
    # The CVs: what each candidate sent is what is stored, in the database and on disk.
    documents = ApplicationDocument.objects.current_cvs().filter(
        application__call_id=call_pk, application__state=ApplicationState.SUBMITTED
    )
    mismatched = 0
    for address, sha, name in documents.values_list(
        "application__candidate__email", "sha256", "file"
    ):
        path = workdir / "private" / name
        on_disk = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
        if sha != tally.sent_cv.get(address) or on_disk != sha:
            mismatched += 1
    if mismatched:
        errors["cv_mismatch"] = mismatched
    missing_cv = len(stored_emails) - documents.count()
    if missing_cv:
        errors["submitted_without_cv"] = missing_cv
    sent = receipts.filter(state=EmailState.SENT).count()
    if sum(delivered.values()) != sent:
        errors["receipts_delivered_vs_recorded"] = sum(delivered.values()) - sent
    figures = {
        "candidates": args.candidates,
        "acknowledged": len(tally.acknowledged),
        "stored": len(stored_emails),
        "lost": len(tally.acknowledged - stored_emails),
        "duplicates": len(duplicated),
        "late_refused": len(tally.refused_late),
        "late_expected": late_expected,
        "receipts": sent,
        "p50_ms": percentile(tally.latencies, 0.50),
        "p95_ms": percentile(tally.latencies, 0.95),
        "p99_ms": percentile(tally.latencies, 0.99),
        "errors": dict(sorted(errors.items())),
    }
    figures["_extra"] = {
        "requests": len(tally.latencies),
        "peak_in_flight": tally.peak_in_flight,
        "stored_not_acknowledged": len(stored_emails - tally.acknowledged),
    }
    return figures


def warm_up_size(args) -> int:
    return min(args.concurrency, max(20, args.candidates // 10))


def calibrate(servers: Servers, args, ids, restarts: bool) -> int:
    """Seconds to the deadline: the time this machine takes for the on-time
    candidates, measured on a warm-up call with other accounts (not counted),
    plus 30 % and 15 s (and 20 s more for the restarts' downtime)."""
    size = warm_up_size(args)
    indexes = list(range(args.candidates, args.candidates + size))
    started = time.monotonic()
    tally = Tally()
    far = time.monotonic() + 3600
    run_clients(
        servers, [i for i in indexes if i % LATE_EVERY != LATE_EVERY - 1], size, tally, far, ids
    )
    per_second = size / (time.monotonic() - started)
    on_time = args.candidates - args.candidates // LATE_EVERY
    seconds = int(on_time / per_second * 1.3 + 15 + (20 if restarts else 0))
    progress(
        f"warm-up: {size} candidates at once, {per_second:.1f} candidates/s "
        f"({dict(tally.errors) or 'no error'}): deadline in {seconds} s"
    )
    return seconds


def one_run(args, workdir: Path, log: Path, *, restarts: bool) -> dict:
    from django.db import connections
    from django.utils import timezone

    from eig.applications.models import ApplicationCall
    from eig.challenges.models import Challenge

    label = "with restarts" if restarts else "plain"
    progress(f"run {label}: fresh database")
    fresh_database(workdir)
    env = server_env(workdir)
    servers = Servers(env, workdir, args.web_workers, log)
    events: list[str] = []
    try:
        servers.start_web()
        servers.start_tasks()
        call = ApplicationCall.objects.get(title=SURGE_CALL)
        warm_up_call = ApplicationCall.objects.get(title=WARM_UP_CALL)
        challenges = [
            str(pk) for pk in Challenge.objects.order_by("pk").values_list("pk", flat=True)
        ]
        connections.close_all()
        deadline_in = args.deadline_in
        if deadline_in is None:
            deadline_in = calibrate(servers, args, (warm_up_call.pk, challenges), restarts)
        # The deadline, to the second, `deadline_in` seconds from now.
        now = timezone.now()
        closes_at = (now + timedelta(seconds=deadline_in)).replace(microsecond=0)
        call.opens_at = now - timedelta(days=1)
        call.closes_at = closes_at
        call.save()
        connections.close_all()
        t0 = time.monotonic()
        deadline = t0 + (closes_at - timezone.now()).total_seconds()
        progress(
            f"run {label}: {args.candidates} candidates, deadline "
            f"{timezone.localtime(closes_at):%H:%M:%S} Europe/Paris "
            f"({deadline - t0:.0f} s from now)"
        )
        stop = threading.Event()
        chaos_thread = None
        if restarts:
            chaos_thread = threading.Thread(
                target=chaos, args=(servers, t0, deadline, events, stop), daemon=True
            )
            chaos_thread.start()
        tally = Tally()
        late_expected = run_clients(
            servers,
            list(range(args.candidates)),
            args.concurrency,
            tally,
            deadline,
            (call.pk, challenges),
        )
        stop.set()
        if chaos_thread is not None:
            chaos_thread.join()
            if servers.tasks is None or servers.tasks.poll() is not None:
                servers.start_tasks(after_crash=True)
        elapsed = time.monotonic() - t0
        progress(f"run {label}: clients done in {elapsed:.0f} s, waiting for the receipts")
        drained = time.monotonic()
        wait_for_receipts(len(tally.acknowledged), args.drain_timeout)
        progress(f"run {label}: receipts drained in {time.monotonic() - drained:.0f} s")
        for kind, values in sorted(tally.by_kind.items()):
            progress(
                f"run {label}: {kind}: {len(values)} requests, p50 "
                f"{percentile(values, 0.5)} ms, p95 {percentile(values, 0.95)} ms"
            )
        for kind, sample in sorted(tally.samples.items()):
            progress(f"run {label}: {kind}: {sample}")
        figures = measure(tally, args, late_expected, workdir, call.pk)
        figures["_extra"]["events"] = events
        figures["_extra"]["seconds"] = round(elapsed)
        figures["_extra"]["deadline_in"] = round(deadline - t0)
        return figures
    finally:
        servers.stop()
        connections.close_all()


def ok(figures: dict) -> bool:
    errors = figures["errors"]
    return (
        figures["lost"] == 0
        and figures["duplicates"] == 0
        and figures["late_refused"] == figures["late_expected"]
        and figures["receipts"] == figures["stored"]
        and figures["stored"] >= figures["acknowledged"]
        and not errors.get("late_accepted")
        and not errors.get("on_time_refused")
        and not errors.get("cv_mismatch")
    )


def table(runs: dict) -> str:
    rows = [*KEYS[:-1], "requests", "peak_in_flight", "stored_not_acknowledged"]
    rows += ["deadline_in", "seconds"]
    names = list(runs)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "--:|" * len(names)]
    for row in rows:
        cells = []
        for name in names:
            figures = runs[name]
            cells.append(str(figures.get(row, figures["_extra"].get(row, ""))))
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    kinds = sorted({kind for figures in runs.values() for kind in figures["errors"]})
    for kind in kinds:
        cells = [str(runs[name]["errors"].get(kind, 0)) for name in names]
        lines.append(f"| errors: {kind} | " + " | ".join(cells) + " |")
    if not kinds:
        lines.append("| errors | " + " | ".join("none" for _ in names) + " |")
    return "\n".join(lines)


def main() -> int:
    global DATABASE, TEMPLATE
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=150)
    parser.add_argument(
        "--deadline-in",
        type=int,
        default=None,
        help="seconds from the clients' start to the deadline (default: measured on a warm-up)",
    )
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--drain-timeout", type=float, default=180)
    parser.add_argument("--skip-restarts", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--log", type=Path, default=None, help="the servers' output")
    parser.add_argument(
        "--database", default=DATABASE, help="the scratch database (and NAME_template)"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the CI run: 20 candidates, 10 at once, 2 web workers, no restarts, "
        "a database of its own",
    )
    args = parser.parse_args()
    if args.smoke:
        args.candidates, args.concurrency, args.web_workers = 20, 10, 2
        args.skip_restarts, args.drain_timeout = True, 60
        if args.database == DATABASE:
            args.database = f"eig_surge_smoke_{os.getpid()}"
    DATABASE, TEMPLATE = args.database, f"{args.database}_template"
    workdir = Path(tempfile.mkdtemp(prefix="eig-surge-"))
    log = args.log or workdir / "servers.log"
    started = time.monotonic()
    try:
        env = server_env(workdir)
        for name in ("var", "static", "private", "mail", "media"):
            (workdir / name).mkdir(parents=True, exist_ok=True)
        setup_django(env)
        progress(f"building {DATABASE} (log: {log})")
        build_template(args.candidates + warm_up_size(args), workdir, log)
        progress("collectstatic")
        manage(env, log, "collectstatic", "--noinput", "--verbosity", "0")
        runs = {"plain": one_run(args, workdir, log, restarts=False)}
        if not args.skip_restarts:
            runs["with_restarts"] = one_run(args, workdir, log, restarts=True)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with contextlib.suppress(Exception):
            pg_admin(
                f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
                f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)",
            )
        if args.log is None:
            shutil.rmtree(workdir, ignore_errors=True)
    plain = runs["plain"]
    result = {key: plain[key] for key in KEYS}
    restarted = runs.get("with_restarts")
    result["with_restarts"] = {key: restarted[key] for key in KEYS} if restarted else None
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            f"Deadline surge: {args.candidates} candidates, {args.concurrency} at once, "
            f"deadline {plain['_extra']['deadline_in']} s after the start (plain run), "
            f"gunicorn {args.web_workers} "
            f"workers, PostgreSQL; {platform.python_version()}, {os.cpu_count()} CPU; "
            f"{time.monotonic() - started:.0f} s in all"
        )
        print()
        print(table(runs))
        for name, figures in runs.items():
            for event in figures["_extra"].get("events", []):
                print(f"  {name}: {event}")
    return 0 if all(ok(figures) for figures in runs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
