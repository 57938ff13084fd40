import pytest

from eig.audit.models import AppendOnlyError, AuditAction, AuditEvent
from eig.audit.selectors import application_audit_log
from eig.audit.services import audit_record
from tests.applications.factories import ApplicationFactory, candidate

pytestmark = pytest.mark.django_db


def test_an_event_names_who_what_and_the_application():
    staff = candidate(is_staff=True)
    application = ApplicationFactory()

    event = audit_record(actor=staff, action=AuditAction.CV_VIEWED, target=application)

    assert (event.actor_id, event.actor_label) == (staff.pk, f"compte n° {staff.pk}")
    assert (event.target_type, event.target_id) == ("applications.application", str(application.pk))
    assert list(application_audit_log(application.pk)) == [event]
    assert event.action_label == "Consultation d'un CV"


def test_the_log_cannot_be_changed_nor_deleted():
    event = audit_record(actor=None, action=AuditAction.PURGE, target=("accounts.user", 7))
    assert event.actor_label == "système"

    event.action = "something_else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == AuditAction.PURGE
