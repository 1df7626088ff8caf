"""PostgreSQL only: let the site search find the newest matches of a common word without visiting every match.

A GIN index on (body, id / 1024) (btree_gin) answers "matches of these words among the newest N entries" inside
the index, so a word found in 40,000 articles costs a few hundred heap visits instead of 40,000. Ids go in blocks
of 1,024: a range of blocks is a handful of index keys, where a range of ids was one key per entry (4× slower). The body vectors are
stored out of line and uncompressed: rows stay narrow, and ranking reads a vector without decompressing it.
SQLite needs none of this (FTS5 walks its doclists newest first). Without the extension (no privilege to create
it) the search still works, only slower on very common words; `miftah check` is not affected.
"""

from django.db import migrations

INDEX = "miftah_search_body_recent_gin"
BLOCK = 1024  # also in miftah.search.backends.postgres.ID_BLOCK


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} SET (toast_tuple_target = 128)")
        cursor.execute(f"ALTER TABLE {table} ALTER COLUMN body SET STORAGE EXTERNAL")
        cursor.execute("SAVEPOINT miftah_btree_gin")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        except Exception as error:  # noqa: BLE001 (any refusal: the index is an optimisation)
            cursor.execute("ROLLBACK TO SAVEPOINT miftah_btree_gin")
            print(f"\n  btree_gin unavailable ({error.__class__.__name__}): searches of very common words will be slower")
            return
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (body, (id / {BLOCK}))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]
    operations = [migrations.RunPython(forwards, backwards)]
