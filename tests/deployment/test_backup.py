"""Backups: scripts/backup then scripts/restore into a fresh database and fresh
folders find every application and every CV, byte for byte.

Runs in the PostgreSQL pass (`DATABASE_URL=postgres://… make test`): the
scripts use pg_dump and pg_restore."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from eig.applications.models import Application, ApplicationDocument
from tests.applications.factories import ApplicationFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
    ),
]


def _url(name: str) -> str:
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{name}"


def _admin(statement: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


@pytest.fixture
def restore_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _script(name: str, *args: str, **env: str) -> str:
    environ = {**os.environ, **{key: str(value) for key, value in env.items()}}
    done = subprocess.run(
        [ROOT / "scripts" / name, *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_restored_backup_holds_every_application_and_cv(settings, tmp_path, restore_database):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    applications = [ApplicationFactory(submitted=True) for _ in range(3)]
    applications.append(ApplicationFactory(complete=True))  # a draft with its CV
    documents = {
        document.public_id: (document.application_id, document.file.name)
        for document in ApplicationDocument.objects.all()
    }
    assert len(documents) == 4
    digests = {
        name: hashlib.sha256((settings.PRIVATE_MEDIA_ROOT / name).read_bytes()).hexdigest()
        for _application, name in documents.values()
    }
    expected = sorted(Application.objects.values_list("pk", "state", "candidate__email"))

    folder = _script(
        "backup",
        str(tmp_path / "backups"),
        DATABASE_URL=_url(connection.settings_dict["NAME"]),
        PRIVATE_MEDIA_ROOT=settings.PRIVATE_MEDIA_ROOT,
        MEDIA_ROOT=settings.MEDIA_ROOT,
    ).strip()
    assert sorted(path.name for path in Path(folder).iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar",
        "private.tar",
    ]

    restored_private = tmp_path / "restored" / "private"
    _script(
        "restore",
        folder,
        DATABASE_URL=_url(restore_database),
        PRIVATE_MEDIA_ROOT=restored_private,
        MEDIA_ROOT=tmp_path / "restored" / "media",
    )

    with psycopg.connect(_url(restore_database)) as restored:
        rows = restored.execute(
            "select a.id, a.state, u.email from applications_application a "
            "join accounts_user u on u.id = a.candidate_id order by a.id"
        ).fetchall()
        files = restored.execute(
            "select public_id, application_id, file, sha256 from applications_applicationdocument"
        ).fetchall()
    assert sorted(rows) == expected
    assert {public_id: (app, name) for public_id, app, name, _sha in files} == documents
    for _public_id, _application, name, _sha in files:
        assert hashlib.sha256((restored_private / name).read_bytes()).hexdigest() == digests[name]


def test_restore_refuses_a_database_that_is_not_empty(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    ApplicationFactory(complete=True)
    database = _url(connection.settings_dict["NAME"])
    folder = _script("backup", str(tmp_path / "backups"), DATABASE_URL=database).strip()
    done = subprocess.run(
        [ROOT / "scripts" / "restore", folder],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database, "PRIVATE_MEDIA_ROOT": str(tmp_path / "new")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "not empty" in done.stderr
