"""PostgreSQL only: a GIN index for the full-text search of applications.

The expression is the one `selectors.search_applications` filters on (the
stored document is already folded: no accents, lower case). SQLite searches
the same document with LIKE and needs nothing here.
"""

from django.db import migrations

INDEX = "application_search_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON applications_application USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_application_and_history")]

    operations = [migrations.RunPython(create_index, drop_index)]
