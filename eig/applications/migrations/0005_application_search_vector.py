"""PostgreSQL only: the search document's tsvector, stored, and its GIN index.

A generated column, computed by PostgreSQL whenever `search_document`
changes (Django never writes it, and the model does not list it): the search
then never computes `to_tsvector` while it reads rows, which made a search
matching many rows slow when the planner chose to scan. It replaces the
expression index of migration 0003. SQLite needs nothing here.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS application_search_fts")
    schema_editor.execute(
        "ALTER TABLE applications_application ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_document, ''))) "
        "STORED"
    )
    schema_editor.execute(
        "CREATE INDEX application_search_vector ON applications_application "
        "USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS application_search_vector")
    schema_editor.execute("ALTER TABLE applications_application DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS application_search_fts ON applications_application USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_list_order_index")]

    operations = [migrations.RunPython(forwards, backwards)]
