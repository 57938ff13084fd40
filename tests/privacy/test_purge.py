"""The retention purge (eig/privacy/services.py, manage.py purge_personal_data)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from eig.accounts.models import LoginAttempt
from eig.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationRevision,
    ApplicationState,
)
from eig.applications.storage import private_storage
from eig.audit.models import AuditAction, AuditEvent
from eig.mail.models import Email, EmailState
from eig.privacy import services
from eig.security.models import RateLimitHit
from tests.applications.factories import (
    ApplicationDocumentFactory,
    ApplicationFactory,
    ApplicationTransitionFactory,
)
from tests.factories import ApplicationCallFactory

pytestmark = pytest.mark.django_db
S = ApplicationState
DAY = timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def old_call(now):
    """Closed three years ago: past every application period."""
    return ApplicationCallFactory(opens_at=now - 1200 * DAY, closes_at=now - 1100 * DAY)


def _decided(call, state, *, at, **kwargs):
    application = ApplicationFactory(call=call, complete=True, **kwargs)
    Application.objects.filter(pk=application.pk).update(state=state, submitted_at=at)
    ApplicationTransitionFactory(
        application=application, from_state=S.DRAFT, to_state=S.SUBMITTED, at=at
    )
    ApplicationTransitionFactory(
        application=application, from_state=S.SUBMITTED, to_state=state, at=at, comment="Profil"
    )
    ApplicationMessage.objects.create(
        application=application, body="Bonjour, je suis Camille.", created_at=at
    )
    ApplicationRevision.objects.create(
        application=application, section="identite", changes={"city": ["", "Lyon"]}, at=at
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def world(now, old_call, django_capture_on_commit_callbacks):
    old = now - 1000 * DAY
    open_call = ApplicationCallFactory()
    data = {
        "old_draft": ApplicationFactory(call=old_call, complete=True),
        "refused": _decided(old_call, S.REFUSED, at=old),
        "withdrawn": _decided(old_call, S.WITHDRAWN, at=old),
        "laureate": _decided(old_call, S.LAUREATE, at=old),
        # Refused long ago, but written to a month ago: the last contact counts.
        "recent_contact": _decided(old_call, S.REFUSED, at=old),
        "current_draft": ApplicationFactory(call=open_call, complete=True),
    }
    ApplicationMessage.objects.create(
        application=data["recent_contact"], body="Une question", created_at=now - 30 * DAY
    )
    # A CV replaced two years ago, on an application otherwise kept.
    data["replaced_cv"] = ApplicationDocumentFactory(
        application=data["laureate"], replaced_at=now - 400 * DAY
    )
    LoginAttempt.objects.create(
        email="a@b.fr", ip_address="192.0.2.1", attempted_at=now - 200 * DAY
    )
    LoginAttempt.objects.create(email="a@b.fr", ip_address="192.0.2.1", attempted_at=now - DAY)
    RateLimitHit.objects.create(scope="sign_up", key="ip:192.0.2.1", at=now - 200 * DAY)
    for days, state in ((200, EmailState.SENT), (800, EmailState.SENT), (800, EmailState.QUEUED)):
        email = Email.objects.create(
            to="camille@exemple.fr",
            subject="Accusé de réception",
            template="applications/receipt",
            body_text="Votre candidature…",
            context={"name": "Camille"},
            state=state,
        )
        Email.objects.filter(pk=email.pk).update(created_at=now - days * DAY)
    AuditEvent.objects.create(
        action=AuditAction.CV_VIEWED, target_type="x", target_id="1", at=now - 1200 * DAY
    )
    AuditEvent.objects.create(action=AuditAction.CV_VIEWED, target_type="x", target_id="2")
    return data


def _files(application) -> list[str]:
    return list(
        ApplicationDocument.objects.filter(application=application).values_list("file", flat=True)
    )


def test_the_purge_deletes_and_anonymises_what_is_past_its_period(
    world, now, django_capture_on_commit_callbacks
):
    refused_files = _files(world["refused"])
    draft_files = _files(world["old_draft"])
    replaced_file = world["replaced_cv"].file.name
    assert all(private_storage.exists(name) for name in refused_files + draft_files)

    with django_capture_on_commit_callbacks(execute=True):
        report = services.purge_personal_data(now=now)

    assert report.counts == {
        "draft_applications": 1,
        "cvs": 3,  # the refused and withdrawn CVs, the replaced one
        "unsuccessful_applications": 2,
        "event_registrations": 0,
        "login_attempts": 2,
        "email_bodies": 2,  # both sent ones (the older one is then deleted)
        "emails": 1,
        "audit_log": 1,
    }
    # Drafts never submitted: gone, files included.
    assert not Application.objects.filter(pk=world["old_draft"].pk).exists()
    assert not any(private_storage.exists(name) for name in draft_files + refused_files)
    assert not private_storage.exists(replaced_file)
    # Unsuccessful: anonymised, the statistics stay.
    for key in ("refused", "withdrawn"):
        application = Application.objects.get(pk=world[key].pk)
        assert (application.first_name, application.last_name, application.phone) == ("", "", "")
        assert (application.experience, application.skills, application.search_document) == (
            "",
            "",
            "",
        )
        assert application.state == world[key].state
        assert application.profile == world[key].profile
        assert not application.documents.exists()
        assert not application.messages.exists()
        assert not application.revisions.exists()
        assert [c.motivation for c in application.choices.all()] == [""]
        assert application.choices.count() == 1
        assert {t.comment for t in application.transitions.all()} == {""}
    # Kept: the laureate, the recent contact, the open call's draft.
    for key in ("laureate", "recent_contact", "current_draft"):
        application = Application.objects.get(pk=world[key].pk)
        assert application.last_name == world[key].last_name
    assert ApplicationDocument.objects.filter(application=world["laureate"]).count() == 1
    assert world["recent_contact"].documents.exists()
    # Log-in attempts, rate-limit counts, e-mails, audit log.
    assert LoginAttempt.objects.count() == 1
    assert not RateLimitHit.objects.exists()
    bodies = sorted(Email.objects.values_list("state", "body_text"))
    assert bodies == [(EmailState.QUEUED, "Votre candidature…"), (EmailState.SENT, "")]
    assert AuditEvent.objects.filter(action=AuditAction.CV_VIEWED).count() == 1


def test_each_kind_is_logged_with_its_count(world, now):
    services.purge_personal_data(now=now)

    events = {
        event.target_id: event.detail
        for event in AuditEvent.objects.filter(action=AuditAction.PURGE)
    }
    assert set(events) == set(services.PURGES)
    assert events["unsuccessful_applications"]["count"] == 2
    assert events["unsuccessful_applications"]["retention_days"] == 730
    assert events["draft_applications"]["count"] == 1


def test_a_dry_run_counts_and_changes_nothing(world, now):
    before = (
        Application.objects.count(),
        ApplicationDocument.objects.count(),
        Email.objects.count(),
    )

    report = services.purge_personal_data(now=now, dry_run=True)

    assert report.counts["unsuccessful_applications"] == 2
    assert report.counts["draft_applications"] == 1
    after = (
        Application.objects.count(),
        ApplicationDocument.objects.count(),
        Email.objects.count(),
    )
    assert after == before
    assert Application.objects.get(pk=world["refused"].pk).last_name == world["refused"].last_name
    assert not AuditEvent.objects.filter(action=AuditAction.PURGE).exists()


def test_the_purge_is_idempotent(world, now):
    services.purge_personal_data(now=now)

    again = services.purge_personal_data(now=now)

    assert set(again.counts.values()) == {0}


def test_periods_come_from_the_setting(world, now, settings):
    settings.EIG_RETENTION = {**settings.EIG_RETENTION, "unsuccessful_applications": 5000}

    report = services.purge_personal_data(now=now, dry_run=True)

    assert report.counts["unsuccessful_applications"] == 0


def test_other_apps_anonymise_their_data_with_the_application(world, now):
    seen = []
    services.register_application_anonymiser(seen.extend)
    try:
        services.purge_personal_data(now=now)
    finally:
        services._application_anonymisers.remove(seen.extend)

    assert sorted(seen) == sorted([world["refused"].pk, world["withdrawn"].pk])


def test_the_command_prints_a_summary_and_its_progress(world, capsys):
    out = io.StringIO()

    call_command("purge_personal_data", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Simulation" in text
    assert "unsuccessful_applications" in text and "2 à traiter" in text
    assert "conservation 2 ans" in text

    call_command("purge_personal_data", stdout=out)

    assert "unsuccessful_applications : 2/2" in capsys.readouterr().err
    assert Application.objects.get(pk=world["refused"].pk).last_name == ""


def test_event_registrations_go_a_year_after_their_event(now):
    from eig.events.models import Registration
    from tests.factories_cohort_life import RegistrationFactory, WebinarFactory

    past = WebinarFactory(starts_at=now - 400 * DAY, ends_at=now - 399 * DAY)
    recent = WebinarFactory(starts_at=now - 300 * DAY, ends_at=None)
    RegistrationFactory(event=past, name="Camille Ancienne")
    kept = RegistrationFactory(event=recent, name="Camille Récente")

    report = services.purge_personal_data(now=now)

    assert report.counts["event_registrations"] == 1
    assert list(Registration.objects.values_list("pk", flat=True)) == [kept.pk]
