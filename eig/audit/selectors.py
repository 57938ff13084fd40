from django.db.models import QuerySet

from eig.audit.models import AuditEvent


def application_audit_log(application_id: int) -> QuerySet[AuditEvent]:
    """Everything logged about an application, newest first (staff only)."""
    return AuditEvent.objects.for_application(application_id)


def actor_audit_log(actor_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=actor_id)
