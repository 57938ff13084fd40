"""/healthz tells the truth: the database, the task worker's and the
scheduler's heartbeats, the e-mails waiting or failed."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from eig.mail.models import Email, EmailState
from eig.scheduling.services import beat
from eig.scheduling.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


def _email(state):
    return Email.objects.create(
        to="a@exemple.fr", subject="s", template="t", body_text="b", state=state
    )


@pytest.fixture
def alive():
    """Both background processes beat a few seconds ago."""
    now = timezone.now()
    beat("worker", now=now - timedelta(seconds=20), holder="host:1")
    beat("scheduler", now=now - timedelta(seconds=5), holder="host:2")


def test_healthy_platform_answers_200_with_every_figure(client, alive, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 180
    for state in (EmailState.QUEUED, EmailState.QUEUED, EmailState.SENDING, EmailState.FAILED):
        _email(state)
    _email(EmailState.SENT)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["reasons"] == []
    assert body["worker"]["state"] == "ok"
    assert 19 <= body["worker"]["last_heartbeat_age_seconds"] < 60
    assert body["worker"]["max_age_seconds"] == 180
    assert body["scheduler"]["state"] == "ok"
    assert 4 <= body["scheduler"]["last_heartbeat_age_seconds"] < 60
    assert body["emails"] == {"waiting": 3, "failed": 1}


def test_a_stopped_worker_gives_503_with_the_reason(client, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 180
    now = timezone.now()
    beat("worker", now=now - timedelta(minutes=10))  # the worker stopped 10 minutes ago
    beat("scheduler", now=now - timedelta(seconds=10))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["worker"]["state"] == "stale"
    assert body["worker"]["last_heartbeat_age_seconds"] >= 600
    assert body["scheduler"]["state"] == "ok"
    [reason] = body["reasons"]
    assert reason.startswith("worker: last heartbeat 6")
    assert reason.endswith("s ago (limit 180 s)")


def test_a_stopped_scheduler_gives_503(client, settings):
    now = timezone.now()
    beat("worker", now=now - timedelta(seconds=30))
    beat("scheduler", now=now - timedelta(minutes=30))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["worker"]["state"], body["scheduler"]["state"]) == ("ok", "stale")
    [reason] = body["reasons"]
    # 1800 s, and a little more when the machine is slow between the beat and the request
    seconds = re.fullmatch(r"scheduler: last heartbeat (\d+) s ago \(limit 180 s\)", reason)
    assert seconds, reason
    assert 1800 <= int(seconds.group(1)) < 1900, reason


def test_the_threshold_comes_from_settings(client, alive, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 15  # the scheduler beat 5 s ago, the worker 20 s ago

    response = client.get("/healthz")

    assert response.status_code == 503
    [reason] = response.json()["reasons"]
    assert reason.startswith("worker: last heartbeat 2")
    assert reason.endswith(" s ago (limit 15 s)")


def test_no_heartbeat_ever_is_not_healthy(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["worker"] == {
        "state": "never",
        "last_heartbeat_age_seconds": None,
        "max_age_seconds": 180,
    }
    assert body["reasons"] == [
        "worker: no heartbeat ever recorded",
        "scheduler: no heartbeat ever recorded",
    ]


def test_the_worker_heartbeat_task_makes_it_healthy_again(client, alive, settings):
    beat("worker", now=timezone.now() - timedelta(hours=1))
    assert client.get("/healthz").status_code == 503

    worker_heartbeat.call()  # what the worker runs, every minute

    assert client.get("/healthz").status_code == 200


def test_healthz_is_503_when_the_database_is_down(client, alive):
    with mock.patch(
        "eig.www.public.health.connection.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "reasons": ["database: unavailable"],
    }


def test_the_web_scope_checks_the_database_only(client):
    """For the load balancer: a web process is not taken out because the worker stopped."""
    response = client.get("/healthz?scope=web")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
