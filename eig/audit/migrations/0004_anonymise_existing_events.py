"""Take out of the events already written what named a person.

Before, the log copied e-mail addresses (`actor_label`), CV file names,
conflict reasons, comments and names into `detail`. Every event now gets the
label « compte n° <id> » (« système » without a person) and keeps in
`detail` only numbers, booleans, ids and the platform's codes, as
`audit_record` writes them from now on (eig/audit/services.py). Through the
one change the trigger allows (migration 0003).
"""

from django.db import migrations

# As eig/audit/services.py CODE_KEYS and scrubbed_detail, frozen here.
CODE_KEYS = {"from", "to", "kind", "export", "before", "cohort", "profile", "state", "filters"}


def _scrubbed(detail):
    if not isinstance(detail, dict):
        return {}
    kept = {}
    for key, value in detail.items():
        if isinstance(value, dict):
            kept[key] = _scrubbed(value)
        elif isinstance(value, list):
            kept[key] = [item for item in value if not isinstance(item, str | dict | list)]
        elif not isinstance(value, str) or key in CODE_KEYS:
            kept[key] = value
    return kept


def anonymise(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("audit", "AuditEvent")
    rows = AuditEvent._base_manager.using(connection.alias)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL eig.audit_anonymise = 'on'")
    for pk, label, actor_id, detail in rows.values_list(
        "pk", "actor_label", "actor_id", "detail"
    ).iterator():
        new_label = "système" if actor_id is None else f"compte n° {actor_id}"
        new_detail = _scrubbed(detail)
        if (label, detail) != (new_label, new_detail):
            rows.filter(pk=pk).update(actor_label=new_label, detail=new_detail)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL eig.audit_anonymise = 'off'")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_trigger_allows_anonymising")]

    operations = [migrations.RunPython(anonymise, migrations.RunPython.noop, elidable=True)]
