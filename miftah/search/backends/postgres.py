"""PostgreSQL backend storing analysed Arabic text as `simple` tsvectors (see miftah.search.backends).

The text is already normalised and stemmed in Python, so PostgreSQL's own configuration must do nothing
more: `simple` (lower-case, no stemming, no stop words) is forced for indexing and querying. The title's
terms are also written into `body`, so one GIN-indexed column answers a query whose words are split between
headline and text.

``PostgresSiteSearch`` is the site search read from those vectors (see miftah.search.site).
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models.expressions import Value
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres as stock
from modelsearch.backends.database.postgres.query import LexemeCombinable
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.query import Not, Phrase, PlainText
from django.contrib.postgres.search import SearchQueryField

from miftah.search import text as search_text
from miftah.search.editions import is_default_locale

from miftah.search import site
from miftah.search.site import SearchPage, article_content_type_id

from . import matches_page_text
from .indexing import AnalysedFields, refresh_title_norms
from .reading import DatabaseSiteSearch, index_tables, where_clause

SEARCH_CONFIG = "simple"


class RawTsQuery(LexemeCombinable, Value):
    """An already-built, already-quoted to_tsquery text."""

    _output_field = SearchQueryField()

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class ArabicObjectIndexer(stock.ObjectIndexer):
    @cached_property
    def analysed(self):
        return AnalysedFields(self.obj, title_in_body=True)

    @cached_property
    def title(self):
        return self.as_vector([(text, get_weight(boost)) for text, boost in self.analysed.title_parts])

    @cached_property
    def body(self):
        return self.as_vector([(text, get_weight(boost)) for text, boost in self.analysed.body_parts])

    @cached_property
    def autocomplete(self):
        return self.as_vector([(self.analysed.autocomplete, "D")], for_autocomplete=True)

    @cached_property
    def title_text(self):
        return self.analysed.title

    @cached_property
    def body_text(self):
        return self.analysed.body


class ArabicPostgresIndex(stock.PostgresIndex):
    def add_items(self, model, objs):
        """The stock add_items (one INSERT … ON CONFLICT) with the analysing indexer."""
        if not model.get_search_fields():
            return
        indexers = [ArabicObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = stock.get_content_type_pk(model)
        compiler = stock.InsertQuery(stock.IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            sqls = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(stock.IndexEntry._meta.get_field(name), getattr(indexer, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                sqls.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {sqls[0]}, {sqls[1]}, {sqls[2]}, 1.0, %s, %s)")
        table = stock.IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,  # noqa: S608 (table name from the model, values as parameters)
                params,
            )
        refresh_title_norms(self)


def _is_empty(query, groups):
    if isinstance(query, PlainText):
        return not groups(query)
    if isinstance(query, Phrase):
        return not search_text.phrase_terms(query.query_string)
    return False


NO_MATCH = "'\u2063nomatch\u2063'"


class ArabicPostgresSearchQueryCompiler(stock.PostgresSearchQueryCompiler):
    def groups(self, query):
        # Wagtail's own searches (admin, choosers) read every edition: Latin words also match their English stems.
        return search_text.with_english_forms(search_text.query_groups(query.query_string))

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            if isinstance(query, PlainText):
                groups = self.groups(query)
                expression = search_text.tsquery_expression(groups, query.operator) if groups else NO_MATCH
            else:
                terms = search_text.phrase_terms(query.query_string)
                expression = search_text.tsquery_phrase(terms) if terms else NO_MATCH
            if invert:
                expression = f"!({expression})"
            return SearchQuery(RawTsQuery(expression), search_type="raw", config=SEARCH_CONFIG)
        if isinstance(query, Not):
            return self.build_tsquery_content(query.subquery, config=config, invert=not invert)
        return super().build_tsquery_content(query, config=SEARCH_CONFIG, invert=invert)

    def get_fields_vectors(self, search_query):
        # Analysed text lives in the index entry, not in the model's fields: map each field to its column.
        columns = {"title" if name == "title" else "body" for name in self.search_fields}
        return [
            (stock.F("index_entries__title"), stock.F("index_entries__title_norm")) if column == "title"
            else (stock.F("index_entries__body"), 1.0)
            for column in sorted(columns)
        ]

    def search(self, config, start, stop, score_field=None, backend=None):
        if _is_empty(self.query, self.groups):
            return self.queryset.none()
        return super().search(SEARCH_CONFIG, start, stop, score_field=score_field, backend=backend)


class ArabicPostgresAutocompleteQueryCompiler(ArabicPostgresSearchQueryCompiler):
    LAST_TERM_IS_PREFIX = True
    TARGET_SEARCH_FIELD_TYPE = stock.AutocompleteField

    def groups(self, query):
        return search_text.with_english_forms(search_text.autocomplete_groups(query.query_string))

    def get_config(self, backend):
        return SEARCH_CONFIG

    def get_search_fields_for_model(self):
        return self.queryset.model.get_autocomplete_search_fields()

    def get_index_vectors(self, search_query):
        if matches_page_text(self.queryset.model):
            return [(stock.F("index_entries__autocomplete"), 1.0), (stock.F("index_entries__title"), 3.0),
                    (stock.F("index_entries__body"), 1.0)]
        return [(stock.F("index_entries__autocomplete"), 1.0)]

    def get_fields_vectors(self, search_query):
        return self.get_index_vectors(search_query)


FIRST_SPAN = 4_096  # the newest index entries searched first
ID_BLOCK = 1024  # the recent-matches index keys ids in blocks of this size (migration 0001)


class PostgresSiteSearch(DatabaseSiteSearch):
    age_days_sql = "GREATEST(EXTRACT(EPOCH FROM (now() - p.first_published_at)) / 86400.0, 0)"
    relevance_params_repeat = True
    nulls_last = " NULLS LAST"
    published_sql = "EXTRACT(EPOCH FROM p.first_published_at)::float8"

    def _match(self, groups, operator):
        entries, _ = index_tables()
        expression = search_text.tsquery_expression(groups, operator)
        source = f"{entries} e JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer)"
        return source, "e.body @@ to_tsquery('simple', %s)", "ts_rank(e.body, to_tsquery('simple', %s))", [expression]

    def suggest_source(self, groups):
        entries, _ = index_tables()
        return (f"{entries} e JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer)",
                "e.autocomplete @@ to_tsquery('simple', %s)", [search_text.tsquery_expression(groups)])

    def site_search(self, groups, filters, *, sort, offset, limit, operator):
        if filters.narrowing():
            return self._ranked_in_sql(groups, filters, sort, offset, limit, operator)
        found = self._window(groups, filters, sort, offset, limit, operator)
        # The fast window holds the newest matches of every edition. When it is full, another edition than the
        # default one (usually the smaller one) may have matches beyond it, so that search is made exactly, with the
        # edition as a narrowing filter; an unfilled window already saw every match (one query, the common case).
        if found.capped and not is_default_locale(filters.locale_id):
            return self._ranked_in_sql(groups, filters, sort, offset, limit, operator)
        return found

    def _ranked_in_sql(self, groups, filters, sort, offset, limit, operator):
        """With filters: the newest MATCH_WINDOW + 1 filtered matches, then those rows ranked.

        The planner's own choices test the words against row after row's de-TOASTed vector: walking the primary key
        backwards until enough rows pass the filter (every row for a narrow section: 360 ms for «الرئيس» in a small
        section at 100k), or a sequential scan (415 ms), because it does not count reading the vectors. Plain index
        and sequential scans (and JIT) are off for these two queries (locally, restored after): the matches come
        from GIN, are joined to the filtered pages and sorted (~50 ms for the same search), and the second reads
        only the window's rows (relevance, freshness, analysed headline), ranked here by ``site.rank_window``.
        """
        source, match, relevance, match_params = self._match(groups, operator)
        where_params = []
        where = where_clause(filters, where_params)
        entries, _ = index_tables()
        with transaction.atomic(), connection.cursor() as cursor:
            # (JIT too: the cost of a disabled plan node is huge, which would make the query "worth" compiling.)
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                           "current_setting('jit'), set_config('enable_seqscan', 'off', true), "
                           "set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true)")
            previous = list(cursor.fetchone()[:3])
            try:
                cursor.execute(
                    f"SELECT e.id, p.id FROM {source} WHERE {match} AND e.content_type_id = %s AND {where} "  # noqa: S608
                    "ORDER BY e.id DESC LIMIT %s",
                    match_params + [article_content_type_id()] + where_params + [site.MATCH_WINDOW + 1],
                )
                rows = cursor.fetchall()
                capped = len(rows) > site.MATCH_WINDOW
                total = min(len(rows), site.MATCH_WINDOW)
                if total == 0 or offset >= total:
                    return SearchPage(total, [], operator, capped)
                cursor.execute(
                    f"SELECT p.id, {relevance}, {self.freshness_sql()}, {self.published_sql}, e.title_text"  # noqa: S608
                    f"{', e.body_text ' if operator == 'or' else ' '}"
                    f"FROM {entries} e JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer) "
                    "WHERE e.id = ANY(%s) AND p.id = ANY(%s)",
                    list(match_params) + [[entry_id for entry_id, _ in rows[:site.MATCH_WINDOW]],
                                          [page_id for _, page_id in rows[:site.MATCH_WINDOW]]],
                )
                window = cursor.fetchall()
                if site.wants_headline_window(groups, capped=capped, sort=sort, operator=operator):
                    expression = search_text.tsquery_expression(groups, operator)
                    oldest = min(entry_id for entry_id, _ in rows[:site.MATCH_WINDOW])
                    window = site.merge_headline_rows(window, self._headline_rows(expression, filters, oldest))
                hits = site.rank_window(window, groups, sort=sort, offset=offset, limit=limit, operator=operator)
                return SearchPage(total, hits, operator, capped)
            finally:
                # Local to the transaction, but that may be a caller's (a request, a test): put them back.
                cursor.execute("SELECT set_config('enable_seqscan', %s, true), "
                               "set_config('enable_indexscan', %s, true), set_config('jit', %s, true)", previous)

    def _newest_window(self, expression, content_type_id):
        """FROM-clause item: the newest MATCH_WINDOW + 1 matching entries, `w(entry_id, object_id, relevance, found,
        n)`.

        GIN returns matches in no useful order, so "the newest five hundred" would mean visiting every match of a
        common word (40,000 rows for «الرئيس» at 100k articles). The function of migration 0002 searches the newest
        4k entries first, then the newest 16k, 64k…, until enough are found or everything is searched, in the server
        (one round trip). `relevance` is ts_rank (computed in the function, where the row is at hand), `found` how
        many it found (MATCH_WINDOW + 1 means "more"), `n` each entry's place, newest first.
        """
        entries, _ = index_tables()
        return (
            "ROWS FROM (miftah_search_newest(to_tsquery('simple', %s), %s, %s, %s, "
            f"(SELECT max(id) FROM {entries}), %s)) WITH ORDINALITY AS w(entry_id, object_id, relevance, found, n)",
            [expression, content_type_id, site.MATCH_WINDOW + 1, FIRST_SPAN, ID_BLOCK],
        )

    def _window(self, groups, filters, sort, offset, limit, operator):
        """Without narrowing filters: the window comes from the index entries alone, then is joined.

        Joining wagtailcore_page inside the window search makes the planner hash the whole page table (30–50 ms at
        31k articles) for a few thousand matches; here only the MATCH_WINDOW newest entries are joined (primary-key
        lookups), checked (live, not restricted) and counted in one statement, which also returns their analysed
        headlines; they are ranked here (``site.rank_window``: headline coverage, then relevance × freshness).
        """
        expression = search_text.tsquery_expression(groups, operator)
        window, window_params = self._newest_window(expression, article_content_type_id())
        entries, _ = index_tables()
        where_params = []
        where = where_clause(filters, where_params)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.id, w.relevance, {self.freshness_sql()}, {self.published_sql}, e.title_text, w.found"  # noqa: S608
                f"{', e.body_text' if operator == 'or' else ''}, w.entry_id "
                f"FROM {window} JOIN wagtailcore_page p ON p.id = CAST(w.object_id AS integer) "
                f"JOIN {entries} e ON e.id = w.entry_id WHERE w.n <= %s AND {where}",
                window_params + [site.MATCH_WINDOW] + where_params,
            )
            rows = cursor.fetchall()
        # `found` counts the matches the function found (MATCH_WINDOW + 1 means "more"), live or not.
        capped = bool(rows) and (rows[0][5] or 0) > site.MATCH_WINDOW
        window = [row[:5] + row[6:] for row in rows]  # (page id, relevance, freshness, published, headline[, text], entry id)
        ranked = window
        if site.wants_headline_window(groups, capped=capped, sort=sort, operator=operator):
            oldest = min((row[-1] for row in window), default=2**31 - 1)  # (all of the window filtered out)
            ranked = site.merge_headline_rows(window, self._headline_rows(expression, filters, oldest))
        hits = site.rank_window(ranked, groups, sort=sort, offset=offset, limit=limit, operator=operator)
        return SearchPage(site.MATCH_WINDOW if capped else len(rows), hits, operator, capped)

    def _headline_rows(self, expression, filters, below_entry_id):
        """The newest HEADLINE_WINDOW matches among the headlines alone (see ``site.wants_headline_window``) with an entry
        id under ``below_entry_id`` (every match above the window's oldest is in the window already), in the window's
        row shape, ranked on the whole vector as the window is.

        From the headline GIN index: plain index scans are off for this query (locally, restored after), or the
        planner walks the primary key backwards testing every row's headline until enough match."""
        entries, _ = index_tables()
        where_params = []
        where = where_clause(filters, where_params)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_indexscan'), current_setting('jit'), "
                           "set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true)")
            previous = list(cursor.fetchone()[:2])
            try:
                # ts_rank outside the LIMIT: computed (its vector read out of TOAST) for the rows kept only, not for
                # every headline that matches (thousands for «عاجل» + a word at 100k).
                cursor.execute(
                    "SELECT s.page_id, ts_rank(s.body, to_tsquery('simple', %s)), s.fresh, s.published, s.title_text "
                    f"FROM (SELECT p.id AS page_id, e.body, {self.freshness_sql()} AS fresh, "  # noqa: S608
                    f"{self.published_sql} AS published, e.title_text FROM {entries} e "
                    "JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer) "
                    f"WHERE e.title @@ to_tsquery('simple', %s) AND e.content_type_id = %s AND e.id < %s AND {where} "
                    "ORDER BY e.id DESC LIMIT %s) s",
                    [expression, expression, article_content_type_id(), below_entry_id] + where_params
                    + [site.HEADLINE_WINDOW],
                )
                return cursor.fetchall()
            finally:
                cursor.execute("SELECT set_config('enable_indexscan', %s, true), set_config('jit', %s, true)",
                               previous)


class ArabicPostgresSearchBackend(PostgresSiteSearch, stock.PostgresSearchBackend):
    accepts_analysed = True   # reads obj.search_analysed (see .indexing)
    query_compiler_class = ArabicPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ArabicPostgresAutocompleteQueryCompiler
    index_class = ArabicPostgresIndex

    def __init__(self, params):
        super().__init__({**params, "SEARCH_CONFIG": SEARCH_CONFIG})
        self.config = SEARCH_CONFIG
        self.autocomplete_config = SEARCH_CONFIG


SearchBackend = ArabicPostgresSearchBackend
