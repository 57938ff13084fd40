"""Reads of the content studio: lists with their editorial status, counts,
versions with their differences, and each item's audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.audit.models import AuditAction, AuditEvent
from eig.core.text import search_terms
from eig.studio.models import EditorialState, EditorialStatus
from eig.studio.registry import KINDS, ContentKind

S = EditorialStatus


def items(kind: ContentKind, *, query: str = "", status: str = "") -> QuerySet:
    """The kind's items, each with `editorial_status`, `publish_at` and
    `unpublish_at` (annotations: one query whatever the page)."""
    queryset = kind.model.objects.select_related(*kind.select_related).order_by(*kind.ordering)
    if kind.has_workflow:
        states = EditorialState.objects.filter(
            content_type=ContentType.objects.get_for_model(kind.model), object_id=OuterRef("pk")
        )
        queryset = queryset.annotate(
            editorial_status=Coalesce(
                Subquery(states.values("status")[:1]),
                Case(
                    When(**{kind.public_flag: True}, then=Value(S.PUBLISHED.value)),
                    default=Value(S.UNPUBLISHED.value),
                ),
                output_field=CharField(),
            ),
            publish_at=Subquery(states.values("publish_at")[:1]),
            unpublish_at=Subquery(states.values("unpublish_at")[:1]),
        )
        if status in S.values:
            queryset = queryset.filter(editorial_status=status)
    for term in search_terms(query):
        match = Q()
        for field in kind.search_fields:
            match |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(match)
    return queryset


def editorial_state(item) -> EditorialState | None:
    return EditorialState.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).first()


def kinds_overview() -> list[dict]:
    """Each kind with its number of items and of items waiting: to review or
    scheduled (two queries per kind)."""
    waiting = {}
    rows = (
        EditorialState.objects.filter(status__in=[S.REVIEW, S.SCHEDULED])
        .values_list("content_type_id", "status")
        .order_by()
    )
    for content_type_id, status in rows:
        waiting.setdefault(content_type_id, {}).setdefault(status, 0)
        waiting[content_type_id][status] += 1
    overview = []
    types = ContentType.objects.get_for_models(*(kind.model for kind in KINDS))
    for kind in KINDS:
        counts = waiting.get(types[kind.model].pk, {})
        overview.append(
            {
                "kind": kind,
                "count": kind.model.objects.count(),
                "review": counts.get(S.REVIEW, 0),
                "scheduled": counts.get(S.SCHEDULED, 0),
            }
        )
    return overview


def waiting_for_review(limit: int = 20) -> list:
    """The items sent to review, oldest first, with their kind."""
    from eig.studio.registry import BY_MODEL

    states = list(
        EditorialState.objects.filter(status=S.REVIEW)
        .select_related("content_type")
        .order_by("updated_at")[:limit]
    )
    found = []
    for state in states:
        model = state.content_type.model_class()
        if model in BY_MODEL and state.item is not None:
            found.append({"kind": BY_MODEL[model], "item": state.item, "state": state})
    return found


def versions(item, limit: int = 50) -> list[dict]:
    """The item's versions, newest first, each with who made it and what
    changed since the one before (a readable diff of fields)."""
    records = list(item.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    shown = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = item._meta.get_field(change.field)
                changes.append(
                    {
                        "field": str(field.verbose_name),
                        "old": _shown(change.old),
                        "new": _shown(change.new),
                    }
                )
        shown.append({"record": record, "previous": previous, "changes": changes})
    return shown


HISTORY_KINDS = {"+": _("Ajout"), "~": _("Modification"), "-": _("Suppression")}


def related_versions(item, limit: int = 50) -> list[dict]:
    """The versions of the rows edited beside the item (a défi's mentors,
    key figures and achievements, a post's attachments), newest first: what
    was added, changed (which fields) or deleted, by whom."""
    records = []
    for relation in item._meta.related_objects:
        model = relation.related_model
        if not relation.one_to_many or not hasattr(model, "history"):
            continue
        history = model.history.filter(**{relation.field.attname: item.pk})
        for record in history.select_related("history_user").order_by("-history_id")[:limit]:
            records.append((model, record))
    records.sort(key=lambda pair: pair[1].history_date, reverse=True)
    shown = []
    for model, record in records[:limit]:
        changes = []
        if record.history_type == "~" and record.prev_record is not None:
            for change in record.diff_against(record.prev_record).changes:
                field = model._meta.get_field(change.field)
                labels = dict(field.flatchoices) if field.choices else {}
                changes.append(
                    {
                        "field": str(field.verbose_name),
                        "old": _shown(labels.get(change.old, change.old)),
                        "new": _shown(labels.get(change.new, change.new)),
                    }
                )
        try:
            label = str(record.instance)
        except Exception:  # noqa: BLE001 - a row whose linked row is gone
            label = str(record.id)
        shown.append(
            {
                "record": record,
                "what": str(model._meta.verbose_name),
                "label": label,
                "action": HISTORY_KINDS.get(record.history_type, ""),
                "changes": changes,
            }
        )
    return shown


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    text = str(value)
    return text if len(text) <= 600 else text[:600] + "…"


def audit_log(item, limit: int = 100) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=item._meta.label_lower, target_id=str(item.pk)
    ).order_by("-at", "-pk")[:limit]


CONTENT_ACTIONS = [
    action for action in AuditAction.values if action.startswith(("content_", "person_"))
]


def content_journal(*, kind: ContentKind | None = None) -> QuerySet[AuditEvent]:
    """Every studio action on public content, newest first (all kinds, or one)."""
    events = AuditEvent.objects.filter(action__in=CONTENT_ACTIONS)
    if kind is not None:
        events = events.filter(target_type=kind.model_label)
    return events.order_by("-at", "-pk")


def with_items(events: list[AuditEvent]) -> list[AuditEvent]:
    """Each event with `kind` and `item` (None once deleted): one query per
    kind on the page, whatever its length."""
    by_label = {kind.model_label: kind for kind in KINDS}
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.target_type in by_label:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    found = {
        label: {
            str(item.pk): item
            for item in by_label[label].model.objects.filter(pk__in=[int(pk) for pk in ids])
        }
        for label, ids in wanted.items()
    }
    for event in events:
        event.kind = by_label.get(event.target_type)
        event.item = found.get(event.target_type, {}).get(event.target_id)
    return events
