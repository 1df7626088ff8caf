"""The site search: one SQL query for a page of ranked article ids, one for the total, on the analysed index.

The Wagtail backends (``miftah.search.backends``) write the index; this module reads it directly so the site
search can blend relevance with freshness, filter by section, author and date, and stay within a few
milliseconds at 100k articles (the stock result wrappers re-rank through a correlated subquery per row).

Score = relevance × (1 + FRESHNESS_WEIGHT / (1 + age_in_days / FRESHNESS_DAYS)): a fresh article wins a tie,
an old but much more relevant one still comes first. Relevance is SQLite FTS5's BM25 (headline weighted 3×)
or PostgreSQL's ts_rank over the weighted tsvector (headline A, dek B, the rest D).

The cost of a query is bounded, whatever the words: the first query walks the matches newest-indexed first and
stops after MATCH_WINDOW + 1 (that is the count: "more than 500 results" beyond it); relevance and freshness
are then computed over at most MATCH_WINDOW rows. Ranking every one of 40k matches of «الرئيس» at 100k articles
costs 50–200 ms and changes nothing a reader sees: when a query matches more than five hundred articles, the
five hundred most recently indexed (≈ published) are where a news reader's answer is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from miftah.search import text as search_text


def _tables():
    """(index entry table, FTS5 table): Wagtail names them after its search app (wagtailsearch_indexentry…)."""
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    return table, f"{table}_fts"

FRESHNESS_WEIGHT = 0.3
FRESHNESS_DAYS = 30.0
SORTS = ("relevance", "newest")
MATCH_WINDOW = 500  # matches ranked at most; also the cap of the count (the page offers 50 pages of 10)


@dataclass
class SearchFilters:
    section_path: str | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    extra_page_ids: list[int] | None = field(default=None)  # e.g. articles tagged with a dossier entity

    def narrowing(self):
        """True when a filter other than "live and public" limits the articles."""
        return bool(self.section_path or self.author_id or self.date_from or self.date_to
                    or self.extra_page_ids is not None)


@dataclass
class SearchPage:
    total: int  # matches, counted up to MATCH_WINDOW (then `capped`)
    hits: list[tuple[int, float]]  # (page id, score), best first
    operator: str  # "and", or "or" when no article had every word
    capped: bool = False  # more than MATCH_WINDOW matches: `total` is MATCH_WINDOW, the page says "more than"


def _article_content_type_id():
    from miftah.news.models import ArticlePage

    return ContentType.objects.get_for_model(ArticlePage).pk


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def _reader_visible(params):
    """The one rule for what search shows a reader (results and suggestions alike): live, and not under a view
    restriction (password, login, groups). Checked in the same query, so a page restricted a second ago is already
    left out (and no extra round trip is spent listing the restrictions)."""
    params.append(True)
    return (
        "p.live = %s AND NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r "
        "JOIN wagtailcore_page rp ON rp.id = r.page_id WHERE p.path LIKE rp.path || '%%')"
    )


def _where(filters, params):
    clauses = [_reader_visible(params)]
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
    return " AND ".join(clauses)


def _freshness_sql():
    if connection.vendor == "postgresql":
        age = "GREATEST(EXTRACT(EPOCH FROM (now() - p.first_published_at)) / 86400.0, 0)"
    else:
        age = "MAX(julianday('now') - julianday(p.first_published_at), 0)"
    return f"(1.0 + {FRESHNESS_WEIGHT} / (1.0 + COALESCE({age}, 3650) / {FRESHNESS_DAYS}))"


def _match(groups, operator):
    """(FROM …, WHERE-fragment, relevance expression, params) for this vendor."""
    entries, fts = _tables()
    if connection.vendor == "postgresql":
        expression = search_text.tsquery_expression(groups, operator)
        source = (
            f"{entries} e JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer)"
        )
        return source, "e.body @@ to_tsquery('simple', %s)", "ts_rank(e.body, to_tsquery('simple', %s))", [expression]
    expression = "{title body} : (" + search_text.fts5_expression(groups, operator) + ")"
    source = (
        # CROSS JOIN fixes the loop order (SQLite's planner otherwise walks every index entry and runs MATCH per row).
        f"{fts} f CROSS JOIN {entries} e ON e.id = f.rowid "
        "CROSS JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer)"
    )
    return source, f"{fts} MATCH %s", f"-bm25({fts}, 0.0, 1.0, 3.0)", [expression]


def search(query, filters=None, *, sort="relevance", offset=0, limit=10, operator="and", fallback_to_or=True):
    """A page of (article id, score) for a reader's query, with the total number of matches."""
    filters = filters or SearchFilters()
    groups = search_text.query_groups(query)
    if not groups:
        return SearchPage(0, [], operator)
    page = _search(groups, filters, sort, offset, limit, operator)
    if page.total == 0 and fallback_to_or and operator == "and" and len(groups) > 1:
        page = _search(groups, filters, sort, offset, limit, "or")
    return page


def _search(groups, filters, sort, offset, limit, operator):
    if connection.vendor == "postgresql":
        if filters.narrowing():
            return _search_ranked_in_sql(groups, filters, sort, offset, limit, operator)
        return _search_postgres_window(groups, filters, sort, offset, limit, operator)
    return _search_sqlite_window(groups, filters, sort, offset, limit, operator)


def _search_sqlite_window(groups, filters, sort, offset, limit, operator):
    """SQLite: one pass over the newest MATCH_WINDOW + 1 matches gives the count, the scores and the order.

    FTS5 walks its doclists newest first and stops at the LIMIT; bm25 and freshness are computed for those rows
    only (bm25 once a row), and the rows are scored and sorted here — cheaper than asking SQLite to match, join
    and score the window a second time.
    """
    source, match, relevance, match_params = _match(groups, operator)
    where_params = []
    where = _where(filters, where_params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, {relevance}, {_freshness_sql()}, julianday(p.first_published_at) "  # noqa: S608
            f"FROM {source} WHERE {match} AND e.content_type_id = %s AND {where} ORDER BY f.rowid DESC LIMIT %s",
            match_params + [_article_content_type_id()] + where_params + [MATCH_WINDOW + 1],
        )
        rows = cursor.fetchall()
    capped = len(rows) > MATCH_WINDOW
    # (page id, score, date): "newest" orders by date and shows pure relevance, like the SQL ranking.
    newest = sort == "newest"
    scored = [(pk, (relevance or 0.0) * (1.0 if newest else freshness), published or 0.0)
              for pk, relevance, freshness, published in rows[:MATCH_WINDOW]]
    order = 2 if newest else 1
    scored.sort(key=lambda row: (row[order], row[0]), reverse=True)
    return SearchPage(len(scored), [(pk, float(score)) for pk, score, _ in scored[offset:offset + limit]],
                      operator, capped)


def _search_ranked_in_sql(groups, filters, sort, offset, limit, operator):
    """PostgreSQL with filters: the newest MATCH_WINDOW + 1 filtered matches, then those rows ranked.

    The planner's own choices test the words against row after row's de-TOASTed vector: walking the primary key
    backwards until enough rows pass the filter (every row for a narrow section: 360 ms for «الرئيس» in a small
    section at 100k), or a sequential scan (415 ms), because it does not count reading the vectors. Plain index
    and sequential scans (and JIT) are off for these two queries (locally, restored after): the matches come from
    GIN, are joined to the filtered pages and sorted (~50 ms for the same search), and the ranking reads only the
    window's rows (ranking "the matches from the window's oldest id up" walked the same range again).
    """
    source, match, relevance, match_params = _match(groups, operator)
    where_params = []
    where = _where(filters, where_params)
    order, score = _order_and_score(sort, relevance)
    entries, _ = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        # (JIT too: the cost of a disabled plan node is huge, which would make the query "worth" compiling: 180 ms.)
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                       "current_setting('jit'), set_config('enable_seqscan', 'off', true), "
                       "set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true)")
        previous = list(cursor.fetchone()[:3])
        try:
            cursor.execute(
                f"SELECT e.id, p.id FROM {source} WHERE {match} AND e.content_type_id = %s AND {where} "  # noqa: S608
                "ORDER BY e.id DESC LIMIT %s",
                match_params + [_article_content_type_id()] + where_params + [MATCH_WINDOW + 1],
            )
            rows = cursor.fetchall()
            capped = len(rows) > MATCH_WINDOW
            total = min(len(rows), MATCH_WINDOW)
            if total == 0 or offset >= total:
                return SearchPage(total, [], operator, capped)
            cursor.execute(
                f"SELECT p.id, {score} AS score FROM {entries} e "  # noqa: S608
                "JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer) "
                f"WHERE e.id = ANY(%s) AND p.id = ANY(%s) ORDER BY {order} LIMIT %s OFFSET %s",
                list(match_params) + [[entry_id for entry_id, _ in rows[:MATCH_WINDOW]],
                                      [page_id for _, page_id in rows[:MATCH_WINDOW]], int(limit), int(offset)],
            )
            hits = [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]
            return SearchPage(total, hits, operator, capped)
        finally:
            # Local to the transaction, but that may be a caller's (a request, a test): put them back.
            cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true), "
                           "set_config('jit', %s, true)", previous)


def _order_and_score(sort, relevance):
    """PostgreSQL's ORDER BY and score for a sort: "newest" orders by date and shows pure relevance."""
    if sort == "newest":
        return "p.first_published_at DESC, p.id DESC", relevance
    return "score DESC, p.id DESC", f"{relevance} * {_freshness_sql()}"


FIRST_SPAN = 4_096  # PostgreSQL: the newest index entries searched first
ID_BLOCK = 1024  # PostgreSQL: the recent-matches index keys ids in blocks of this size (migration 0001)


def _newest_window(expression, content_type_id):
    """FROM-clause item: the newest MATCH_WINDOW + 1 matching entries, `w(entry_id, object_id, relevance, found, n)`.

    GIN returns matches in no useful order, so "the newest five hundred" would mean visiting every match of a common
    word (40,000 rows for «الرئيس» at 100k articles). The function of migration 0002 searches the newest 4k entries
    first, then the newest 16k, 64k…, until enough are found or everything is searched, in the server (one round
    trip). `relevance` is ts_rank (computed in the function, where the row is at hand), `found` how many it found
    (MATCH_WINDOW + 1 means "more"), `n` each entry's place, newest first. PostgreSQL only.
    """
    entries, _ = _tables()
    return (
        "ROWS FROM (miftah_search_newest(to_tsquery('simple', %s), %s, %s, %s, "
        f"(SELECT max(id) FROM {entries}), %s)) WITH ORDINALITY AS w(entry_id, object_id, relevance, found, n)",
        [expression, content_type_id, MATCH_WINDOW + 1, FIRST_SPAN, ID_BLOCK],
    )


def _search_postgres_window(groups, filters, sort, offset, limit, operator):
    """PostgreSQL without narrowing filters: the window comes from the index entries alone, then is joined.

    Joining wagtailcore_page inside the window search makes the planner hash the whole page table (30–50 ms at
    31k articles) for a few thousand matches; here only the MATCH_WINDOW newest entries are joined (primary-key
    lookups), checked (live, not restricted), ranked and counted, all in one statement.
    """
    expression = search_text.tsquery_expression(groups, operator)
    window, window_params = _newest_window(expression, _article_content_type_id())
    where_params = []
    where = _where(filters, where_params)
    order, score = _order_and_score(sort, "w.relevance")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, {score} AS score, COUNT(*) OVER (), w.found FROM {window} "  # noqa: S608
            "JOIN wagtailcore_page p ON p.id = CAST(w.object_id AS integer) "
            f"WHERE w.n <= %s AND {where} ORDER BY {order} LIMIT %s OFFSET %s",
            window_params + [MATCH_WINDOW] + where_params + [int(limit), int(offset)],
        )
        rows = cursor.fetchall()
        if rows:
            found, total = rows[0][3], rows[0][2]
        else:
            # Nothing on this page: no live match at all, or a page past the last one. Counted apart (rare).
            cursor.execute(
                f"SELECT max(w.found), COUNT(p.id) FROM {window} LEFT JOIN wagtailcore_page p "  # noqa: S608
                f"ON p.id = CAST(w.object_id AS integer) AND {where} WHERE w.n <= %s",
                window_params + where_params + [MATCH_WINDOW],
            )
            found, total = cursor.fetchone()
    capped = (found or 0) > MATCH_WINDOW
    return SearchPage(MATCH_WINDOW if capped else total, [(row[0], float(row[1] or 0.0)) for row in rows],
                      operator, capped)


def suggest(prefix, limit=8):
    """Headlines starting with (or containing a word starting with) what was typed: [(page id, title)]."""
    groups = search_text.autocomplete_groups(prefix)
    if not groups:
        return []
    content_type_id = _article_content_type_id()
    entries, fts = _tables()
    visible_params = []
    visible = _reader_visible(visible_params)
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT p.id, p.title FROM {entries} e JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer) "
            f"WHERE e.autocomplete @@ to_tsquery('simple', %s) AND e.content_type_id = %s AND {visible} "
            "ORDER BY p.first_published_at DESC NULLS LAST LIMIT %s"
        )
        params = [search_text.tsquery_expression(groups), content_type_id, *visible_params, limit]
    else:
        sql = (
            f"SELECT p.id, p.title FROM {fts} f CROSS JOIN {entries} e ON e.id = f.rowid "
            "CROSS JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer) "
            f"WHERE {fts} MATCH %s AND e.content_type_id = %s AND {visible} "
            "ORDER BY p.first_published_at DESC LIMIT %s"
        )
        params = ["{autocomplete} : (" + search_text.fts5_expression(groups) + ")", content_type_id,
                  *visible_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def document_frequencies(terms):
    """{term: number of indexed articles containing it} (one small indexed query per term)."""
    content_type_id = _article_content_type_id()
    frequencies = {}
    with connection.cursor() as cursor:
        for term in terms:
            source, match, _, params = _match([search_text.Group(frozenset([term]))], "and")
            source = source.split(" JOIN wagtailcore_page")[0].removesuffix(" CROSS")
            cursor.execute(f"SELECT COUNT(*) FROM {source} WHERE {match} AND e.content_type_id = %s",  # noqa: S608
                           params + [content_type_id])
            frequencies[term] = cursor.fetchone()[0]
    return frequencies


def indexed_article_count():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_tables()[0]} WHERE content_type_id = %s",  # noqa: S608
                       [_article_content_type_id()])
        return cursor.fetchone()[0]


def more_like_this(terms, *, exclude_id, limit=50, published_after=None):
    """[(article id, relevance)] for an OR query over `terms`, pure relevance (no freshness), live articles only."""
    if not terms:
        return []
    groups = [search_text.Group(frozenset([term])) for term in terms]
    source, match, relevance, match_params = _match(groups, "or")
    params = list(match_params) if connection.vendor == "postgresql" else []
    params += match_params + [_article_content_type_id(), True, exclude_id]
    extra = ""
    if published_after is not None:
        extra = " AND p.first_published_at >= %s"
        params.append(published_after)
    sql = (
        f"SELECT p.id, {relevance} AS score FROM {source} WHERE {match} AND e.content_type_id = %s "  # noqa: S608
        f"AND p.live = %s AND p.id <> %s{extra} ORDER BY score DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + [int(limit)])
        return [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]
