"""Past one machine: two web processes on one PostgreSQL database, and a
candidate whose every request goes to the other one (a load balancer with
no stickiness): log in, start, fill in the steps, upload the CV, submit. The
session holds and nothing is lost.

Runs in the PostgreSQL pass (`DATABASE_URL=postgres://… make test`): the two
servers and the test share the committed database."""

import hashlib
import itertools
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import make_password
from django.db import connection

from eig.accounts.models import Role
from eig.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationState,
    ApplicationTransition,
)
from eig.mail.models import Email
from tests.accounts.factories import make_user
from tests.applications.factories import pdf_bytes
from tests.factories import ApplicationCallFactory, ChallengeFactory

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD = "Deux-serveurs-2018"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # the servers hash with the production hasher; the test hashes the same way
    pytest.mark.real_password_hasher,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two server processes share the database: PostgreSQL only",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn processes (one worker each), the same settings, no shared memory."""
    params = connection.settings_dict
    database = (
        f"postgres://{params['USER'] or 'postgres'}"
        f"{':' + params['PASSWORD'] if params['PASSWORD'] else ''}"
        f"@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("EIG_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "eig.settings",
        "DATABASE_URL": database,
        "SECRET_KEY": "the-same-key-on-every-web-process-0123456789",
        "EIG_VAR_DIR": str(tmp_path / "var"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),  # a shared volume (or S3)
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EIG_RATE_LIMITS": "false",
        "EIG_PAGE_CACHE": "false",
    }
    servers = []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [GUNICORN, "eig.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
                + ["--log-level", "warning"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            servers.append((process, f"http://127.0.0.1:{port}"))
        for process, base in servers:
            limit = time.monotonic() + 90
            while True:
                assert process.poll() is None, process.stderr.read().decode()
                try:
                    if requests.get(f"{base}/healthz?scope=web", timeout=10).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < limit, "the server did not start"
                time.sleep(0.2)
        yield [base for _process, base in servers], tmp_path / "private"
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            process.wait(timeout=20)


def test_a_candidate_alternating_between_two_web_processes_loses_nothing(two_servers):
    (first, second), private_root = two_servers
    assert first != second
    call = ApplicationCallFactory()
    challenge = ChallengeFactory(cohort=call.cohort)
    user = make_user(Role.CANDIDATE, email="camille@exemple.org")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")  # the servers' hasher
    user.save(update_fields=["password"])
    bases = itertools.cycle([first, second])
    seen = []
    client = requests.Session()

    def send(method, path, expect, data=None, files=None):
        base = next(bases)
        seen.append(base)
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")}
        answer = client.request(
            method,
            base + path,
            data=data,
            files=files,
            allow_redirects=False,
            headers={"Origin": base, "Referer": base + path},
            timeout=30,
        )
        assert answer.status_code == expect, (method, path, answer.status_code)
        return answer

    send("GET", "/compte/connexion/", 200)
    answer = send("POST", "/compte/connexion/", 302, {"email": user.email, "password": PASSWORD})
    assert "/connexion/" not in answer.headers["Location"]  # logged in
    answer = send("POST", f"/espace/candidature/commencer/{call.pk}/", 302, {})
    pk = int(re.search(r"/espace/candidature/(\d+)/", answer.headers["Location"]).group(1))
    base_path = f"/espace/candidature/{pk}/"
    steps = [
        ("identite", {"first_name": "Camille", "last_name": "Durand", "phone": "0612345678"}),
        ("profil", {"profile": "developer", "experience": "Dix ans de développement."}),
        ("competences", {"skills": "Python, Django."}),
        ("liens", {"code_url": "https://forge.example.org/camille"}),
        ("cv", {}),
        ("disponibilite", {"available_from": "2027-01-15", "full_time": "on"}),
        ("defis", {"challenge_1": challenge.pk, "motivation_1": "Les données ouvertes."}),
        ("consentement", {"consent": "on"}),
    ]
    cv = pdf_bytes(2)
    for step, data in steps:
        files = {"cv": ("cv.pdf", cv, "application/pdf")} if step == "cv" else None
        answer = send("POST", f"{base_path}{step}/", 302, {**data, "next": "1"}, files)
        # Saved, and still logged in on the other process: sent on to the next step.
        assert answer.headers["Location"].startswith(base_path), answer.headers["Location"]
        page = send("GET", answer.headers["Location"], 200)
        assert "Étape enregistrée" in page.text
    send("POST", f"{base_path}deposer/", 302, {})
    page = send("GET", base_path, 200)
    assert "Votre candidature est déposée" in page.text
    assert set(seen) == {first, second}

    application = Application.objects.get(pk=pk)
    assert application.candidate == user
    assert application.state == ApplicationState.SUBMITTED
    assert (application.first_name, application.phone, application.profile) == (
        "Camille",
        "0612345678",
        "developer",
    )
    assert application.code_url == "https://forge.example.org/camille"
    assert [c.challenge_id for c in application.choices.all()] == [challenge.pk]
    assert application.consent_at is not None
    document = ApplicationDocument.objects.current_cvs().get(application=application)
    digest = hashlib.sha256(cv).hexdigest()
    assert document.sha256 == digest
    assert hashlib.sha256((private_root / document.file.name).read_bytes()).hexdigest() == digest
    assert ApplicationTransition.objects.filter(application=application).count() == 1
    assert Email.objects.filter(to=user.email, template="applications/receipt").count() == 1
