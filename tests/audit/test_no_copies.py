"""Finding 8 of the outside test: the audit log undid the purge.

It copied conflict reasons, transition comments, CV file names and e-mail
addresses into `detail` and `actor_label`, so that what deletion and the
purge removed stayed in the log. Now it keeps identifiers, refuses a text
that is not a code, and what it held before is anonymised with the data.
"""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from eig.applications import services as application_services
from eig.applications.models import Application, ApplicationState
from eig.audit.models import AuditAction, AuditEvent
from eig.audit.services import AuditDetailError, audit_anonymise, audit_record
from eig.privacy.services import purge_personal_data
from tests.applications.factories import ApplicationFactory, candidate
from tests.factories import ApplicationCallFactory

pytestmark = pytest.mark.django_db

MARKER = "Zorglub-Témoin-8"


def _everything_logged() -> str:
    return " ".join(
        f"{label} {detail}"
        for label, detail in AuditEvent.objects.values_list("actor_label", "detail")
    )


def test_a_transition_comment_and_the_actor_address_are_not_copied():
    staff = candidate(is_staff=True, email="zorglub-temoin-8@exemple.gouv.fr")
    application = ApplicationFactory(submitted=True, call=ApplicationCallFactory(closed=True))

    application_services.application_transition(
        application=application, to=ApplicationState.NOT_PRESELECTED, by=staff, comment=MARKER
    )
    event = AuditEvent.objects.filter(application_id=application.pk).first()

    assert event is not None
    assert event.actor_id == staff.pk
    assert MARKER not in _everything_logged()
    assert "zorglub" not in _everything_logged().lower()
    assert event.detail["commented"] is True


def test_the_cv_file_name_is_not_copied(client, settings, tmp_path):
    from tests.applications.factories import ApplicationDocumentFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    document = ApplicationDocumentFactory(
        application=ApplicationFactory(), original_name=f"{MARKER}.pdf"
    )
    staff = candidate(is_staff=True)
    client.force_login(staff)

    response = client.get(f"/espace/candidature/document/{document.public_id}/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.CV_VIEWED)
    assert event.target_id == str(document.pk)
    assert MARKER not in _everything_logged()


def test_a_text_in_detail_is_refused():
    with pytest.raises(AuditDetailError):
        audit_record(
            actor=None, action=AuditAction.ASSIGNMENT, target=("x.y", 1), detail={"motif": MARKER}
        )


def _legacy_event(application, **detail):
    """An event as the log wrote them before: the address and a copy of the text."""
    return AuditEvent.objects.create(
        actor_id=application.candidate_id,
        actor_label=application.candidate.email,
        action=AuditAction.STATE_CHANGED,
        target_type="applications.application",
        target_id=str(application.pk),
        application_id=application.pk,
        detail={"from": "submitted", "to": "withdrawn", **detail},
    )


def test_the_purge_anonymises_what_the_log_copied(settings):
    long_ago = timezone.now() - datetime.timedelta(days=3000)
    application = ApplicationFactory(
        call__opens_at=long_ago - datetime.timedelta(days=100),
        call__closes_at=long_ago,
        first_name=MARKER,
    )
    Application.objects.filter(pk=application.pk).update(
        state=ApplicationState.WITHDRAWN, submitted_at=long_ago
    )
    legacy = _legacy_event(application, comment=MARKER, name=f"{MARKER}.pdf")
    address = application.candidate.email

    purge_personal_data(now=timezone.now())

    event = AuditEvent.objects.get(pk=legacy.pk)
    assert MARKER not in str(event.detail)
    assert address not in event.actor_label
    assert event.detail == {"from": "submitted", "to": "withdrawn"}
    assert (event.actor_id, event.action, event.target_id) == (
        legacy.actor_id,
        legacy.action,
        legacy.target_id,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger: PostgreSQL only")
def test_the_trigger_lets_the_anonymisation_through_and_nothing_else():
    application = ApplicationFactory()
    legacy = _legacy_event(application, comment=MARKER)

    assert audit_anonymise(application_ids=[application.pk]) == 1
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL eig.audit_anonymise = 'on'")
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [legacy.pk])
    assert AuditEvent.objects.get(pk=legacy.pk).detail == {"from": "submitted", "to": "withdrawn"}
