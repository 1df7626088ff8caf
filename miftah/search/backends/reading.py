"""The site search read from the database backends' own index tables (shared part; see miftah.search.site).

The Wagtail backends write the analysed index; the site search reads it with its own SQL so it can blend
relevance with freshness, filter by section, author and date, and stay within a few milliseconds at 100k
articles (the stock result wrappers re-rank through a correlated subquery per row). What differs between SQLite
and PostgreSQL — the MATCH expression, the relevance function, the age of a row, the window search — is in
``sqlite.SQLiteSiteSearch`` and ``postgres.PostgresSiteSearch``; the filters, and the rule that a page under a
view restriction is never found (search and suggestions alike), are here.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from miftah.search import text as search_text
from miftah.search.site import FRESHNESS_DAYS, FRESHNESS_WEIGHT, SearchFilters, article_content_type_id


def index_tables():
    """(index entry table, FTS5 table): Wagtail names them after its search app (wagtailsearch_indexentry…)."""
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    return table, f"{table}_fts"


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def where_clause(filters: SearchFilters, params: list) -> str:
    """The WHERE conditions on `p` (wagtailcore_page) for live, public articles matching the filters."""
    clauses = ["p.live = %s"]
    params.append(True)
    if filters.section_path:
        clauses.append("p.path LIKE %s")
        params.append(filters.section_path + "%")
    if filters.author_id:
        clauses.append("EXISTS (SELECT 1 FROM news_articleauthor aa WHERE aa.page_id = p.id AND aa.author_id = %s)")
        params.append(filters.author_id)
    if filters.date_from:
        clauses.append("p.first_published_at >= %s")
        params.append(_start_of(filters.date_from))
    if filters.date_to:
        clauses.append("p.first_published_at < %s")
        params.append(_start_of(filters.date_to + timedelta(days=1)))
    if filters.extra_page_ids is not None:
        ids = [int(pk) for pk in filters.extra_page_ids] or [0]
        clauses.append(f"p.id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    if filters.locale_id is not None:  # search per edition
        clauses.append("p.locale_id = %s")
        params.append(int(filters.locale_id))
    # Not under a view restriction (password, login, groups): checked in the same query, so a page restricted a
    # second ago is already left out (and no extra round trip is spent listing the restrictions).
    clauses.append(
        "NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r "
        "JOIN wagtailcore_page rp ON rp.id = r.page_id WHERE p.path LIKE rp.path || '%%')"
    )
    return " AND ".join(clauses)


class DatabaseSiteSearch:
    """The site-search calls on an index kept in the database; a vendor supplies `_match`, `age_days_sql`,
    `site_search` and `suggest_source`."""

    age_days_sql = ""  # SQL for the age in days of `p`, set by each vendor

    def _match(self, groups, operator):
        """(FROM …, WHERE-fragment, relevance expression, params) for this vendor."""
        raise NotImplementedError

    def freshness_sql(self):
        return f"(1.0 + {FRESHNESS_WEIGHT} / (1.0 + COALESCE({self.age_days_sql}, 3650) / {FRESHNESS_DAYS}))"

    def site_search(self, groups, filters, *, sort, offset, limit, operator):
        raise NotImplementedError

    def site_suggest(self, groups, limit, *, locale_id=None):
        """Live, public headlines whose autocomplete terms match: [(page id, title)], newest first (of the edition
        `locale_id` when given)."""
        source, match, params = self.suggest_source(groups)
        where_params = []
        where = where_clause(SearchFilters(locale_id=locale_id), where_params)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.id, p.title FROM {source} WHERE {match} AND e.content_type_id = %s AND {where} "  # noqa: S608
                f"ORDER BY p.first_published_at DESC{self.nulls_last} LIMIT %s",
                params + [article_content_type_id()] + where_params + [int(limit)],
            )
            return cursor.fetchall()

    nulls_last = ""

    def suggest_source(self, groups):
        raise NotImplementedError

    def document_frequencies(self, terms):
        """{term: number of indexed articles containing it} (one small indexed query per term)."""
        content_type_id = article_content_type_id()
        frequencies = {}
        with connection.cursor() as cursor:
            for term in terms:
                source, match, _, params = self._match([search_text.Group(frozenset([term]))], "and")
                source = source.split(" JOIN wagtailcore_page")[0].removesuffix(" CROSS")
                cursor.execute(f"SELECT COUNT(*) FROM {source} WHERE {match} AND e.content_type_id = %s",  # noqa: S608
                               params + [content_type_id])
                frequencies[term] = cursor.fetchone()[0]
        return frequencies

    def indexed_article_count(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {index_tables()[0]} WHERE content_type_id = %s",  # noqa: S608
                           [article_content_type_id()])
            return cursor.fetchone()[0]

    relevance_params_repeat = False  # PostgreSQL's relevance expression takes the query as a parameter too

    def more_like_this(self, terms, *, exclude_id, limit=50, published_after=None, locale_id=None):
        """[(article id, relevance)] for an OR query over `terms`, pure relevance, live articles only."""
        if not terms:
            return []
        groups = [search_text.Group(frozenset([term])) for term in terms]
        source, match, relevance, match_params = self._match(groups, "or")
        params = list(match_params) if self.relevance_params_repeat else []
        params += match_params + [article_content_type_id(), True, exclude_id]
        extra = ""
        if published_after is not None:
            extra = " AND p.first_published_at >= %s"
            params.append(published_after)
        if locale_id is not None:  # search per edition
            extra += " AND p.locale_id = %s"
            params.append(int(locale_id))
        sql = (
            f"SELECT p.id, {relevance} AS score FROM {source} WHERE {match} AND e.content_type_id = %s "  # noqa: S608
            f"AND p.live = %s AND p.id <> %s{extra} ORDER BY score DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params + [int(limit)])
            return [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]
