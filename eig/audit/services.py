"""Writing to the audit log: `audit_record` is the only way in."""

from django.db import models

from eig.audit.models import AuditEvent


def _target(target) -> tuple[str, str]:
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    raise TypeError("target: a model instance or a (type, id) pair")


def audit_record(
    *,
    actor,
    action: str,
    target,
    application_id: int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Record that `actor` (a user, or None for the system) did `action` on `target`.

    `target` is a model instance or a ("app.model", id) pair; `application_id`
    files the event in that application's log as well.
    """
    target_type, target_id = _target(target)
    if application_id is None and target_type == "applications.application":
        application_id = int(target_id)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor_id=actor.pk if authenticated else None,
        actor_label=actor.email if authenticated else "système",
        action=str(action),
        target_type=target_type,
        target_id=target_id,
        application_id=application_id,
        detail=detail or {},
    )
