"""Ship the starter knowledge base (data/starter_entities.csv) with every install.

Idempotent (``load_rows`` only adds what is missing), so running it on a database that already has
entities merges aliases rather than duplicating. Reversing it leaves the entities in place: editors
may have corrected them since.
"""

from django.db import migrations


def load_starter(apps, schema_editor):
    from miftah.dossiers.kb import load_rows, read_csv
    from miftah.dossiers.matching import STARTER_ENTITIES_CSV

    with open(STARTER_ENTITIES_CSV, newline="", encoding="utf-8") as handle:
        load_rows(read_csv(handle), apps.get_model("dossiers", "Entity"))


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(load_starter, migrations.RunPython.noop)]
