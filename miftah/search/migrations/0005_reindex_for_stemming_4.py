"""Re-analyse the search index once more: the stemmer changed again (issue 16, fourth round).

"Their" (هم, هما) after a three-letter word is stripped (دولهم, عملهم were whole; now دول, عمل like الدول, العمل),
and a word of the radical-و/ف list is no longer read as و/ف + a protected name (ورقة, فرقة were indexed as the city
الرقة, فاسد as الأسد, وجيزة as الجيزة). Stored terms written by the old stemmer would miss those words, so a non-empty
index is rebuilt exactly as migration 0003 does (its `forwards`: what `miftah reindex` runs); an empty one (a new
install, a test database) has nothing to redo.
"""

import importlib

from django.db import migrations

forwards = importlib.import_module("miftah.search.migrations.0003_reindex_for_stemming_2").forwards


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("miftah_search", "0004_reindex_for_stemming_3"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
