from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eig.audit.models import AuditEvent


def application_audit_log(application_id: int) -> QuerySet[AuditEvent]:
    """Everything logged about an application, newest first (staff only)."""
    return AuditEvent.objects.for_application(application_id)


def with_actor_names(events) -> list[AuditEvent]:
    """The events, each with `who`: the person's current name (one query),
    « compte n° 12 (supprimé) » once their account is gone. The log itself
    keeps only the number (eig/audit/services.py)."""
    from eig.accounts.models import User

    events = list(events)
    ids = {event.actor_id for event in events if event.actor_id is not None}
    names = {
        user.pk: user.get_full_name() or user.email
        for user in User.objects.filter(pk__in=ids).only("pk", "first_name", "last_name", "email")
    }
    for event in events:
        if event.actor_id is None:
            event.who = event.actor_label
        elif event.actor_id in names:
            event.who = names[event.actor_id]
        else:
            event.who = _("%(label)s (supprimé)") % {"label": event.actor_label}
    return events


def actor_audit_log(actor_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=actor_id)
