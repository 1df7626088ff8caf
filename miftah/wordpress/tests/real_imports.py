"""Import a real export once per test module (module-scoped, rolled back at the end) to keep CI time small."""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def imported_once(django_db_blocker, path, **options):
    from miftah.news.tests.factories import make_home
    from miftah.wordpress.importer import import_wordpress, scan

    with django_db_blocker.unblock():
        with transaction.atomic():
            make_home()
            inventory = scan(path)
            summary = import_wordpress(path, **options)
            yield inventory, summary
            transaction.set_rollback(True)
