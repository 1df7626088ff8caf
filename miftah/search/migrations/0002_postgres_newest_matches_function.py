"""PostgreSQL only: the search window ("the newest 501 matches") found by one server-side function call.

`miftah_search_newest(query, content_type, wanted, first_span, top, block)` searches the newest `first_span` index
entries, then four times as many, and so on (the blocks of migration 0001's index), until `wanted` matches are
found or every entry was searched, and returns them newest first with their relevance (`ts_rank`, computed while
the row is at hand) and the number found. Done in the server it is
one round trip; from Python it was five round trips, a transaction to scope the setting, and two 500-element
array literals to parse on every search.
Plain index scans are off inside the function only (`SET` on the function): walking the primary key backwards
would test the words against every row's vector until enough matched.
"""

from django.db import migrations

FUNCTION = "miftah_search_newest"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(query tsquery, content_type integer, wanted integer, first_span integer,
                                      top integer, block integer)
RETURNS TABLE (entry_id integer, object_id text, relevance real, found integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 500
SET enable_indexscan = off
AS $body$
DECLARE
    lower_id bigint := greatest(coalesce(top, 0) - first_span, 0);
    upper_block bigint;  -- blocks from here up were searched by the steps before
    span bigint;
    ids integer[] := '{{}}';
    objects text[] := '{{}}';
    ranks real[] := '{{}}';
    step_ids integer[];
    step_objects text[];
    step_ranks real[];
BEGIN
    LOOP
        -- Bounds in whole blocks, written as the index's own expression (id / block, block = 1024 in migration
        -- 0001), and no lower bound at all for the last step: the index walks every key a range covers. Each
        -- step searches only blocks the steps before did not, and ranks only the rows it keeps.
        EXECUTE format(
            'SELECT array_agg(s.id ORDER BY s.id DESC), array_agg(s.object_id ORDER BY s.id DESC), '
            'array_agg(ts_rank(s.body, $1) ORDER BY s.id DESC) '
            'FROM (SELECT e.id, e.object_id, e.body FROM {table} e WHERE e.body @@ $1 AND e.content_type_id = $2 '
            '%s %s ORDER BY e.id DESC LIMIT $3) s',
            CASE WHEN lower_id > 0 THEN format('AND (e.id / %s) >= %s', block, lower_id / block) ELSE '' END,
            CASE WHEN upper_block IS NOT NULL THEN format('AND (e.id / %s) < %s', block, upper_block) ELSE '' END)
        INTO step_ids, step_objects, step_ranks USING query, content_type, wanted - cardinality(ids);
        IF step_ids IS NOT NULL THEN
            ids := ids || step_ids;
            objects := objects || step_objects;
            ranks := ranks || step_ranks;
        END IF;
        EXIT WHEN cardinality(ids) >= wanted OR lower_id = 0;
        upper_block := lower_id / block;
        -- Four times as far back, not as far as the density so far suggests: the newest entries can be all sport.
        span := (top - lower_id) * 4;
        lower_id := CASE WHEN span < top * 0.6 THEN top - span ELSE 0 END;
    END LOOP;
    RETURN QUERY SELECT f.i, f.o, f.r, cardinality(ids) FROM unnest(ids, objects, ranks) AS f(i, o, r);
END
$body$
""", None)  # no parameters: the %s are format()'s


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsquery, integer, integer, integer, integer, integer)")


class Migration(migrations.Migration):
    dependencies = [("miftah_search", "0001_postgres_recent_matches_index")]
    operations = [migrations.RunPython(forwards, backwards)]
