"""Re-analyse the search index once: the stemmer changed (issue 16), so stored terms must be the new ones.

Plural and dual pronouns, the feminine ت before duals and pronouns, and the three-letter minimum of ان/ون/ين
changed the stems of many words (حكومتين was حكومت, now حكوم; بيان was بي, now بيان). Queries are analysed with
the new stemmer, so an index written by the old one would miss those words until it is rebuilt. A database whose
index is empty (a new install, a test database) has nothing to redo. Otherwise this runs what `miftah reindex`
runs (31.5k articles: a few minutes) with the models as they are in this release — the index is derived data,
not schema, so it is rebuilt from the current code rather than from historical models; not in one transaction
(each batch of 500 commits on its own), then merges SQLite's FTS5 segments or vacuums PostgreSQL's index table,
as after a bulk load. The next change of analysis adds a migration like this one.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if not apps.get_model("wagtailsearch", "IndexEntry").objects.exists():
        return
    from miftah.search.indexer import reindex_all

    from miftah.search.progress import Progress

    counts = reindex_all(lambda total, label: Progress(total, label, enabled=False))
    print(f"\n  search index re-analysed: {sum(counts.values())} objects")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("miftah_search", "0002_postgres_newest_matches_function"),
        ("news", "0004_miftah_home_page"),
        ("wagtailsearch", "__latest__"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
