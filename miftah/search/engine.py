"""The site search's one door: /search/, suggestions, related articles and the `miftah search` command call here.

A query is analysed once (``miftah.search.text``: normalised, stemmed, expanded with synonyms, into one ``Group``
of alternatives a word) and handed to the configured Wagtail search backend, which answers on its own index: SQLite
FTS5 and PostgreSQL read the database backends' tables (``miftah.search.backends``), OpenSearch its own index
(``miftah.search.opensearch``). What a backend must answer, and the ranking all of them follow, is in
``miftah.search.site``. Nothing here speaks a vendor's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from dataclasses import replace

from django.db import connection

from miftah.search import text as search_text
from miftah.search.editions import Edition, current_edition
from miftah.search.site import MATCH_WINDOW, SORTS, SearchFilters, SearchPage  # noqa: F401 (the public names)

_backends = {}


def site_backend():
    """The default Wagtail search backend (one instance per configuration and database vendor)."""
    from wagtail.search.backends import get_search_backend

    # By identity: the Elasticsearch-family backends write into their OPTIONS dict while starting.
    key = (id(settings.WAGTAILSEARCH_BACKENDS), connection.vendor)
    backend = _backends.get(key)
    if backend is None:
        backend = _backends[key] = get_search_backend()
    return backend


def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        _backends.clear()


setting_changed.connect(_forget_backends)


def search(query, filters=None, *, sort="relevance", offset=0, limit=10, operator="and", fallback_to_or=True,
           edition: Edition | None = None):
    """A page of (article id, score) for a reader's query, with the total number of matches.

    Only the articles of the reader's edition (``edition``, by default the active language's: see
    ``miftah.search.editions``) are searched, with that edition's analysis."""
    edition = edition or current_edition()
    filters = filters or SearchFilters()
    if filters.locale_id is None and edition.locale_id is not None:
        filters = replace(filters, locale_id=edition.locale_id)
    # A word that may carry a glued ب/ل (بحكمه, لبنك) also matches the word without it: the headline-coverage
    # ranking (miftah.search.site) keeps the rare wrong reading of a radical ب/ل (بيانات → يان) from the top.
    groups = search_text.query_groups(query, glued=True, language=edition.language)
    if not groups:
        return SearchPage(0, [], operator)
    backend = site_backend()
    page = backend.site_search(groups, filters, sort=sort, offset=offset, limit=limit, operator=operator)
    if page.total == 0 and fallback_to_or and operator == "and" and len(groups) > 1:
        page = backend.site_search(groups, filters, sort=sort, offset=offset, limit=limit, operator="or")
    return page


def suggest(prefix, limit=8, *, edition: Edition | None = None):
    """Live, public headlines starting with (or containing a word starting with) what was typed: [(page id, title)].

    The same rules as `search`: a page under a view restriction (login, password, groups) is never suggested, and
    only the reader's edition is read, with its analysis."""
    edition = edition or current_edition()
    groups = search_text.autocomplete_groups(prefix, language=edition.language)
    if not groups:
        return []
    return site_backend().site_suggest(groups, limit, locale_id=edition.locale_id)


def document_frequencies(terms):
    """{term: number of indexed articles containing it}."""
    return site_backend().document_frequencies(list(terms))


def indexed_article_count():
    return site_backend().indexed_article_count()


def more_like_this(terms, *, exclude_id, limit=50, published_after=None, locale_id=None):
    """[(article id, relevance)] for an OR query over `terms`, pure relevance (no freshness), live articles only
    (of the edition `locale_id` when given: an article's related articles come from its own edition)."""
    if not terms:
        return []
    return site_backend().more_like_this(list(terms), exclude_id=exclude_id, limit=limit,
                                         published_after=published_after, locale_id=locale_id)
