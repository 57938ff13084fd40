"""Writing to the audit log: `audit_record` is the only way in.

The log keeps identifiers, never copies: the person who acted by id (and a
label, « compte n° 12 », that names nobody), the object by type and id, and a
`detail` of numbers, booleans, ids and the platform's own codes (a state, an
export's name). No name, e-mail address, file name nor typed text (a reason,
a comment) goes in: those stay in their own rows, which deletion and the
purge remove or anonymise, and the log would otherwise bring them back.
`audit_record` refuses a text in `detail` under a key not in `CODE_KEYS`.

Events written before that rule may hold such copies: `audit_anonymise`
rewrites their label and detail (the one change the log allows, see
`AuditEventQuerySet.anonymise`), and account deletion and the purge call it
for what they delete or anonymise.
"""

from django.db import models
from django.db.models import Q

from eig.audit.models import AuditAction, AuditEvent

SYSTEM_LABEL = "système"
# Keys of `detail` whose text value is a code of the platform, never typed by a person.
CODE_KEYS = frozenset(
    {
        "from",
        "to",
        "kind",
        "export",
        "before",
        "cohort",
        "profile",
        "state",
        "filters",
    }
)


class AuditDetailError(TypeError):
    pass


def _target(target) -> tuple[str, str]:
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    raise TypeError("target: a model instance or a (type, id) pair")


def actor_label(actor_id: int | None) -> str:
    """What the log calls a person: their account's number, not their name."""
    return SYSTEM_LABEL if actor_id is None else f"compte n° {actor_id}"


def _check_detail(detail: dict, path: str = "") -> None:
    for key, value in detail.items():
        if isinstance(value, dict):
            _check_detail(value, f"{path}{key}.")
        elif isinstance(value, str) and key not in CODE_KEYS:
            raise AuditDetailError(
                f"audit detail {path}{key!s}: a text is kept only under a code key "
                f"({', '.join(sorted(CODE_KEYS))}); log an id instead"
            )


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
    files the event in that application's log as well. `detail` holds
    identifiers and codes only (see the module's docstring).
    """
    detail = dict(detail or {})
    _check_detail(detail)
    target_type, target_id = _target(target)
    if application_id is None and target_type == "applications.application":
        application_id = int(target_id)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    actor_id = actor.pk if authenticated else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label=actor_label(actor_id),
        action=str(action),
        target_type=target_type,
        target_id=target_id,
        application_id=application_id,
        detail=detail,
    )


def export_audited(*, actor, export: str, rows: int, target, filters: dict | None = None):
    """Write to the audit log that `actor` exported `rows` rows of `export`.

    Identifiers only (the export's name, the object exported from, the count,
    the filters by id or code): no typed text nor any content of the rows.
    """
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=target,
        detail={"export": export, "rows": int(rows)} | ({"filters": filters} if filters else {}),
    )


def scrubbed_detail(detail) -> dict:
    """`detail` without any text but the platform's codes (see CODE_KEYS)."""
    if not isinstance(detail, dict):
        return {}
    kept = {}
    for key, value in detail.items():
        if isinstance(value, dict):
            kept[key] = scrubbed_detail(value)
        elif isinstance(value, list):
            kept[key] = [item for item in value if not isinstance(item, str | dict | list)]
        elif not isinstance(value, str) or key in CODE_KEYS:
            kept[key] = value
    return kept


def audit_anonymise(
    *,
    actor_id: int | None = None,
    application_ids=(),
    targets=(),
) -> int:
    """Rewrite, without what names a person, the events of a person
    (`actor_id`), of applications, or about objects (("app.model", id) pairs
    or instances): the label becomes the account's number, the detail keeps
    only numbers, booleans and codes. Returns how many events changed."""
    condition = Q(pk__in=[])
    if actor_id is not None:
        condition |= Q(actor_id=actor_id)
    application_ids = list(application_ids)
    if application_ids:
        condition |= Q(application_id__in=application_ids)
    for target in targets:
        target_type, target_id = _target(target)
        condition |= Q(target_type=target_type, target_id=target_id)
    changes = {}
    for pk, label, who, detail in AuditEvent.objects.filter(condition).values_list(
        "pk", "actor_label", "actor_id", "detail"
    ):
        new_label, new_detail = actor_label(who), scrubbed_detail(detail)
        if (label, detail) != (new_label, new_detail):
            changes[pk] = (new_label, new_detail)
    return AuditEvent.objects.anonymise(changes)
