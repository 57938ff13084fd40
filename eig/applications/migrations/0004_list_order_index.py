"""The team's list order, indexed so that a page of a large result needs no sort.

The list orders by `submitted_at DESC NULLS LAST, id DESC` (drafts last).
PostgreSQL needs NULLS LAST written in the index to use it; SQLite cannot
write it there but already puts NULLs last in a descending order.
"""

from django.db import migrations

INDEX = "application_list_order"


def create_index(apps, schema_editor):
    nulls_last = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON applications_application "
        f"(submitted_at DESC{nulls_last}, id DESC)"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("applications", "0003_application_search_index")]

    operations = [
        # The index of migration 0002 ordered by (-submitted_at, -created_at).
        migrations.RemoveIndex(model_name="application", name=INDEX),
        migrations.RunPython(create_index, drop_index),
    ]
