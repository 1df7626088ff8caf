"""Re-analyse the search index once more: the stemmer changed again (issue 16, third round).

Nouns in اة keep their ا before a pronoun (حياتها, وفاته were حي, وف; now حيا, وفا like الحياة, الوفاة), and a
protected nisba name joins its other nisba forms (الحوثيون was حوثيون beside حوثية → حوث; all are now حوث). Stored
terms written by the old stemmer would miss those words, so a non-empty index is rebuilt exactly as migration 0003
does (its `forwards`: what `miftah reindex` runs); an empty one (a new install, a test database) has nothing to redo.
"""

import importlib

from django.db import migrations

forwards = importlib.import_module("miftah.search.migrations.0003_reindex_for_stemming_2").forwards


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("miftah_search", "0003_reindex_for_stemming_2"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
