"""Wagtail search backends that run Miftah's Arabic analyser at index and at query time.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "miftah.search.backends"}}`` picks the SQLite FTS5 or the
PostgreSQL backend after the default database, as ``modelsearch.backends.database`` does. Both subclass the
stock ``modelsearch`` backends in three places only: the indexer's value preparation (analysed text is
stored), the index's ``add_items`` (which names the indexer), and the query compiler's plain-text and
phrase handling (the query is analysed the same way). Wagtail's admin search and the site search share it.

Wagtail's admin page search (the page explorer's search box, the search page, page choosers) calls
``Page.objects.autocomplete(q)``, and ``Page`` only declares its title as an autocomplete field, so body
matches were never found there. For page models the autocomplete queries also match the analysed title and
body columns of the index entry (``matches_page_text``): the admin finds what /search/ finds.
"""

from django.db import connection


def matches_page_text(model):
    """Whether autocomplete on ``model`` should also match the indexed title and body (page models)."""
    from wagtail.models import Page

    return issubclass(model, Page)


def SearchBackend(params):
    if connection.vendor == "postgresql":
        from .postgres import ArabicPostgresSearchBackend

        return ArabicPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import ArabicSQLiteSearchBackend

        return ArabicSQLiteSearchBackend(params)
    raise NotImplementedError(f"Miftah search supports SQLite and PostgreSQL, not {connection.vendor}")
