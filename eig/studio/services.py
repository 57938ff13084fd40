"""Writes of the content studio: every change of public content goes here.

Each write keeps a version (django-simple-history, with the person who made
it), writes the audit log, and, through the content models' own signals,
invalidates the public page cache in every process (eig/core/cache.py).

The workflow: a new item is a draft and not public; it may be sent to
review, scheduled for a date (Paris time, stored in UTC), published or
unpublished; publishing and unpublishing are explicit. A scheduled item goes
live when `publish_due` runs (every minute, from the scheduler) and leaves at
its end date if it has one.

An item is public by its kind's flag (`ContentKind.public_flag`:
`is_published`, or `is_public` for a person's profile).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.audit.models import AuditAction
from eig.audit.services import audit_record
from eig.studio.models import EditorialState, EditorialStatus
from eig.studio.registry import kind_of

S = EditorialStatus

# Which status may follow which: publishing and unpublishing are explicit.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.REVIEW, S.SCHEDULED, S.PUBLISHED}),
    S.REVIEW: frozenset({S.DRAFT, S.SCHEDULED, S.PUBLISHED}),
    S.SCHEDULED: frozenset({S.DRAFT, S.REVIEW, S.PUBLISHED}),
    S.PUBLISHED: frozenset({S.UNPUBLISHED}),
    S.UNPUBLISHED: frozenset({S.DRAFT, S.REVIEW, S.SCHEDULED, S.PUBLISHED}),
}

ACTIONS = {
    S.DRAFT: AuditAction.CONTENT_TO_DRAFT,
    S.REVIEW: AuditAction.CONTENT_TO_REVIEW,
    S.SCHEDULED: AuditAction.CONTENT_SCHEDULED,
    S.PUBLISHED: AuditAction.CONTENT_PUBLISHED,
    S.UNPUBLISHED: AuditAction.CONTENT_UNPUBLISHED,
}


class StudioError(ValueError):
    """A change the workflow refuses, with a message for the person."""


def _state(item, *, lock: bool = False) -> EditorialState | None:
    from django.contrib.contenttypes.models import ContentType

    queryset = EditorialState.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def status_of(item, state: EditorialState | None = None) -> str:
    """The item's status: its row's, or, for content without one (imported),
    what its public flag says."""
    if state is not None:
        return state.status
    kind = kind_of(item)
    if not kind.has_workflow:
        return S.PUBLISHED
    return S.PUBLISHED if kind.is_public(item) else S.UNPUBLISHED


def _set_public(item, kind, public: bool, *, actor, reason: str) -> None:
    """Set the kind's public flag and keep a version, if it changes."""
    if kind.is_public(item) != public:
        setattr(item, kind.public_flag, public)
        _save_version(item, actor=actor, reason=reason, update_fields=[kind.public_flag])


def _save_version(item, *, actor, reason: str, update_fields=None) -> None:
    item._history_user = actor
    item._change_reason = reason
    item.save(update_fields=update_fields)


@transaction.atomic
def save_item(*, actor, item, save_m2m=None, related=()):
    """Create or change a public item (a form's unsaved instance).

    `related` are the parts edited beside it (its mentors, its team, a post's
    attachments…): each is saved after the item, in the same transaction, by
    its `save(item=, actor=)`, which writes through `save_rows`, `save_row`,
    `delete_row` and `set_links` below and returns what it changed (counts),
    kept in the audit log under its `key`.

    A new item with a workflow starts as a draft, not public, whatever its
    flag said. Returns the item.
    """
    kind = kind_of(item)
    created = item._state.adding
    if created and kind.has_workflow:
        setattr(item, kind.public_flag, False)
    _save_version(item, actor=actor, reason=_("Création") if created else _("Modification"))
    if save_m2m is not None:
        save_m2m()
    changes = {}
    for part in related:
        counts = part.save(item=item, actor=actor)
        if counts and any(counts.values()):
            changes[part.key] = counts
    if created and kind.has_workflow:
        EditorialState.objects.create(item=item, status=S.DRAFT, changed_by=actor)
    detail = {"kind": kind.key}
    if changes:
        detail["related"] = changes
    audit_record(
        actor=actor,
        action=AuditAction.CONTENT_CREATED if created else AuditAction.CONTENT_CHANGED,
        target=item,
        detail=detail,
    )
    return item


def save_row(row, *, actor) -> None:
    """Save one row belonging to an item (a version of it, by `actor`, when
    the row's model keeps versions)."""
    row._history_user = actor
    row.save()


def delete_row(row, *, actor) -> None:
    row._history_user = actor
    row.delete()


def save_rows(formset, *, actor) -> dict[str, int]:
    """Save a valid model formset of an item's rows: its new, changed and
    deleted rows; returns how many of each."""
    rows = formset.save(commit=False)
    for row in formset.deleted_objects:
        if row.pk is not None:
            delete_row(row, actor=actor)
    for row in rows:
        save_row(row, actor=actor)
    formset.save_m2m()
    return {
        "added": len(formset.new_objects),
        "changed": len(formset.changed_objects),
        "deleted": len(formset.deleted_objects),
    }


def set_links(manager, objects) -> dict[str, int]:
    """Make a many-to-many relation of an item hold exactly `objects`."""
    before = set(manager.values_list("pk", flat=True))
    after = {obj.pk for obj in objects}
    manager.set(list(objects))
    return {"added": len(after - before), "deleted": len(before - after)}


@transaction.atomic
def set_status(*, actor, item, status: str, publish_at=None, unpublish_at=None):
    """Move an item to `status`. Scheduling needs a future `publish_at`; an
    end date (`unpublish_at`), when given, must come after publication."""
    kind = kind_of(item)
    if not kind.has_workflow:
        raise StudioError(_("Ce contenu est public dès qu'il est enregistré."))
    state = _state(item, lock=True)
    current = status_of(item, state)
    if status not in TRANSITIONS.get(current, ()):
        raise StudioError(
            _("Impossible de passer de « %(from)s » à « %(to)s ».")
            % {"from": S(current).label, "to": S(status).label}
        )
    now = timezone.now()
    if status == S.SCHEDULED:
        if publish_at is None or publish_at <= now:
            raise StudioError(_("Choisissez une date de publication à venir."))
    else:
        publish_at = None
    start = publish_at or now
    if unpublish_at is not None and unpublish_at <= start:
        raise StudioError(_("La date de retrait doit suivre la date de publication."))
    if state is None:
        state = EditorialState(item=item)
    state.status = status
    state.publish_at = publish_at
    if status in (S.SCHEDULED, S.PUBLISHED):
        state.unpublish_at = unpublish_at
    elif status == S.UNPUBLISHED:
        state.unpublish_at = None
    state.changed_by = actor
    state.save()
    public = status == S.PUBLISHED
    reason = _("Publication") if public else _("Retrait du site public")
    _set_public(item, kind, public, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=ACTIONS[status],
        target=item,
        detail={"kind": kind.key, "from": current, "to": status},
    )
    return state


def publish_due(now=None) -> dict[str, int]:
    """Publish the scheduled items whose time has come and unpublish those
    past their end date (run every minute by the scheduler). Each item is
    moved in its own transaction, under a row lock, so that two schedulers
    running by mistake publish it once."""
    now = now or timezone.now()
    published = unpublished = 0
    due = EditorialState.objects.filter(status=S.SCHEDULED, publish_at__lte=now)
    for pk in list(due.values_list("pk", flat=True)):
        published += _move_due(pk, S.SCHEDULED, S.PUBLISHED, now)
    ended = EditorialState.objects.filter(status=S.PUBLISHED, unpublish_at__lte=now)
    for pk in list(ended.values_list("pk", flat=True)):
        unpublished += _move_due(pk, S.PUBLISHED, S.UNPUBLISHED, now)
    return {"published": published, "unpublished": unpublished}


@transaction.atomic
def _move_due(pk: int, expected: str, status: str, now) -> int:
    state = EditorialState.objects.select_for_update().filter(pk=pk, status=expected).first()
    if state is None:
        return 0  # another scheduler moved it first
    item = state.item
    if item is None:
        state.delete()
        return 0
    public = status == S.PUBLISHED
    state.status = status
    if not public:
        state.unpublish_at = None
    state.save(update_fields=["status", "unpublish_at", "updated_at"])
    kind = kind_of(item)
    setattr(item, kind.public_flag, public)
    reason = _("Publication programmée") if public else _("Fin de publication programmée")
    _save_version(item, actor=None, reason=reason, update_fields=[kind.public_flag])
    audit_record(
        actor=None,
        action=ACTIONS[status],
        target=item,
        detail={"kind": kind.key, "from": expected, "to": status},
    )
    return 1


@transaction.atomic
def restore_version(*, actor, item, history_id: int):
    """Bring back an earlier version's fields; the restore is itself a new
    version. The public flag is the workflow's and stays as it is."""
    record = item.history.filter(history_id=history_id).first()
    if record is None:
        raise StudioError(_("Cette version n'existe pas."))
    old = record.instance
    skipped = {"id", kind_of(item).public_flag, "created_at", "updated_at"}
    for field in item._meta.concrete_fields:
        if field.name in skipped or not hasattr(old, field.attname):
            continue
        setattr(item, field.attname, getattr(old, field.attname))
    reason = _("Restauration de la version du %(date)s") % {
        "date": timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
    }
    _save_version(item, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=AuditAction.CONTENT_RESTORED,
        target=item,
        detail={"kind": kind_of(item).key, "version": record.history_id},
    )
    return item


@transaction.atomic
def erase_person(*, actor, person) -> None:
    """Delete a person's profile (an EIG or a mentor) and everything the
    studio kept of it: every version (personal data, docs/privacy.md) and
    its editorial state. The audit log keeps the fact, by number only.

    The versions also go with any other deletion of the profile (the history
    is registered with `cascade_delete_history`); they are deleted here as
    well, so that none is left even with the history switched off."""
    kind = kind_of(person)
    if not kind.is_person:
        raise StudioError(_("Seul le profil d'une personne s'efface ainsi."))
    model, pk = type(person), person.pk
    history = model.history.model.objects.filter(id=pk)
    history.delete()
    EditorialState.objects.for_model(model).filter(object_id=pk).delete()
    person.delete()
    history.delete()  # a deletion record, if the history wrote one
    audit_record(
        actor=actor,
        action=AuditAction.PERSON_ERASED,
        target=(model._meta.label_lower, pk),
        detail={"kind": kind.key},
    )
