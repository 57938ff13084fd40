"""The audit log kept apart and append-only: the router (AUDIT_DATABASE_URL),
a real second database, and the PostgreSQL trigger."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from eig.audit.models import AuditAction, AuditEvent
from eig.audit.routers import AuditRouter

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (SQLite: the Python guard)",
)


def test_without_an_audit_database_everything_stays_in_default(settings):
    router = AuditRouter()

    assert router.db_for_write(AuditEvent) == "default"
    assert router.allow_migrate("default", "audit") is None


def test_with_an_audit_database_the_log_goes_there_and_nothing_else_does(monkeypatch):
    # As when AUDIT_DATABASE_URL adds the `audit` alias to settings.DATABASES.
    monkeypatch.setattr("eig.audit.routers.audit_alias", lambda: "audit")
    router = AuditRouter()

    assert router.db_for_read(AuditEvent) == router.db_for_write(AuditEvent) == "audit"
    assert router.allow_migrate("audit", "audit") is True
    assert router.allow_migrate("default", "audit") is False
    assert router.allow_migrate("audit", "applications") is False
    assert router.allow_migrate("default", "applications") is None


def test_a_real_second_database_holds_the_log(tmp_path):
    """Migrate both databases, write an event through the application code:
    it is in the audit database, and the main one has no audit table."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "eig.settings",
        "EIG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'main.sqlite3'}",
        "AUDIT_DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    manage("migrate", "--noinput", "-v0")
    manage("migrate", "--database", "audit", "--noinput", "-v0")
    manage(
        "shell",
        "-c",
        "from eig.audit.services import audit_record; "
        "audit_record(actor=None, action='purge', target=('privacy.retention', 'cvs'))",
    )

    import sqlite3

    main = sqlite3.connect(tmp_path / "main.sqlite3")
    audit = sqlite3.connect(tmp_path / "audit.sqlite3")
    tables = {row[0] for row in main.execute("SELECT name FROM sqlite_master")}
    assert "audit_auditevent" not in tables
    assert "applications_application" in tables
    assert audit.execute("SELECT action, target_id FROM audit_auditevent").fetchall() == [
        ("purge", "cvs")
    ]
    audit_tables = {row[0] for row in audit.execute("SELECT name FROM sqlite_master")}
    assert "applications_application" not in audit_tables


def _event(**kwargs):
    return AuditEvent.objects.create(
        action=AuditAction.CV_VIEWED,
        target_type="applications.application",
        target_id="1",
        **kwargs,
    )


@pytest.mark.django_db
def test_the_purge_deletes_old_events_through_the_python_guard():
    old = _event(at=timezone.now() - timedelta(days=2000))
    recent = _event()

    deleted = AuditEvent.objects.purge_before(timezone.now() - timedelta(days=1000))

    assert deleted == 1
    assert list(AuditEvent.objects.all()) == [recent]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


@on_postgresql
@pytest.mark.django_db
def test_postgresql_refuses_update_and_delete_from_any_sql():
    event = _event()
    table = AuditEvent._meta.db_table
    for sql in (
        f"UPDATE {table} SET action = 'forged' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.CV_VIEWED


@on_postgresql
@pytest.mark.django_db
def test_postgresql_lets_only_the_purge_delete_and_only_while_it_runs():
    old = _event(at=timezone.now() - timedelta(days=2000))
    kept = _event(at=timezone.now() - timedelta(days=1500))

    assert AuditEvent.objects.purge_before(timezone.now() - timedelta(days=1800)) == 1

    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    # The purge's permission ended with it, even inside this test's transaction.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [kept.pk])
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
