"""SQLite FTS5 backend storing analysed Arabic text (see miftah.search.backends), and the site search read from
its FTS5 table (``SQLiteSiteSearch``; see miftah.search.site)."""

from django.db import connection
from django.db.models.expressions import Func, Value
from django.db.models.fields import FloatField
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite as stock
from modelsearch.backends.database.sqlite.query import LexemeCombinable, SearchQueryExpression, SearchQueryField
from modelsearch.query import Phrase, PlainText

from miftah.search import text as search_text

from miftah.search import site
from miftah.search.site import SearchPage, article_content_type_id

from . import matches_page_text
from .indexing import AnalysedFields, refresh_title_norms, title_norms_with_rows
from .reading import DatabaseSiteSearch, index_tables, where_clause

# bm25() weights for the FTS5 columns in their declared order: autocomplete, body, title.
COLUMN_WEIGHTS = (0.0, 1.0, 3.0)
# Pages autocompleted in the admin also match their analysed title and body (see matches_page_text).
PAGE_AUTOCOMPLETE_WEIGHTS = (1.0, 1.0, 3.0)
NO_MATCH = '"\u2063nomatch\u2063"'


class RawMatch(LexemeCombinable, Value):
    """An already-built, already-quoted FTS5 expression."""

    _output_field = SearchQueryField()

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class WeightedBM25(Func):
    output_field = FloatField()

    def __init__(self, weights=COLUMN_WEIGHTS):
        self.weights = weights
        super().__init__()

    def as_sql(self, compiler, connection, **extra):
        weights = ", ".join(str(float(w)) for w in self.weights)
        return f"bm25({stock.SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class ArabicObjectIndexer(stock.ObjectIndexer):
    @cached_property
    def analysed(self):
        return AnalysedFields(self.obj)

    @cached_property
    def id(self):
        return force_str(self.obj.pk)

    @cached_property
    def title(self):
        return self.analysed.title

    @cached_property
    def body(self):
        return self.analysed.body

    @cached_property
    def autocomplete(self):
        return self.analysed.autocomplete


class ArabicSQLiteIndex(stock.SQLiteIndex):
    def add_items(self, model, objs):
        """The stock add_items with the analysing indexer (the stock one names its own indexer class)."""
        if not model.get_search_fields():
            return
        indexers = [ArabicObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = stock.get_content_type_pk(model)
        data = {indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        new = [(object_id, texts) for object_id, texts in data.items() if object_id not in existing]
        norms = title_norms_with_rows(self, [title for _, (title, _, _) in new], others_changed=bool(existing))
        self.entries.bulk_create(
            [
                stock.IndexEntry(content_type_id=content_type_pk, object_id=object_id, title=title,
                                 autocomplete=autocomplete, body=body,
                                 **({"title_norm": norms[number]} if norms is not None else {}))
                for number, (object_id, (title, autocomplete, body)) in enumerate(new)
            ],
            batch_size=500,
        )
        if norms is None:
            refresh_title_norms(self)


def _is_empty(query):
    if isinstance(query, PlainText):
        return not search_text.query_groups(query.query_string)
    if isinstance(query, Phrase):
        return not search_text.phrase_terms(query.query_string)
    return False


class ArabicSQLiteSearchQueryCompiler(stock.SQLiteSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fields:
            # Analysed text lives in the FTS columns, not in the model's fields: map each field to its column.
            self.fields = sorted({"title" if name == "title" else "body" for name in self.fields})

    def groups(self, query):
        # Wagtail's own searches (admin, choosers) read every edition: Latin words also match their English stems.
        return search_text.with_english_forms(search_text.query_groups(query.query_string))

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            groups = self.groups(query)
            expression = search_text.fts5_expression(groups, query.operator) if groups else NO_MATCH
            return SearchQueryExpression(RawMatch(expression))
        if isinstance(query, Phrase):
            terms = search_text.phrase_terms(query.query_string)
            return SearchQueryExpression(RawMatch(search_text.fts5_phrase(terms) if terms else NO_MATCH))
        return super().build_search_query_content(query, config=config)

    rank_weights = COLUMN_WEIGHTS

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        return WeightedBM25(self.rank_weights)

    def get_search_vectors(self):
        return [(None, 1.0)]

    def search(self, config, start, stop, score_field=None):
        if _is_empty(self.query):
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field)


class ArabicSQLiteAutocompleteQueryCompiler(ArabicSQLiteSearchQueryCompiler):
    LAST_TERM_IS_PREFIX = True
    TARGET_SEARCH_FIELD_TYPE = stock.AutocompleteField
    FTS_TABLE_FIELDS = ["autocomplete"]
    rank_weights = (1.0, 0.0, 0.0)

    def groups(self, query):
        return search_text.with_english_forms(search_text.autocomplete_groups(query.query_string))

    def get_config(self, backend):
        return backend.autocomplete_config

    def __init__(self, *args, **kwargs):
        stock.SQLiteSearchQueryCompiler.__init__(self, *args, **kwargs)
        if self.fields:
            self.fields = ["autocomplete"]

    def get_search_fields_for_model(self):
        return self.queryset.model.get_autocomplete_search_fields()

    def search(self, config, start, stop, score_field=None):
        if isinstance(self.query, PlainText) and not self.groups(self.query):
            return self.queryset.none()
        if not self.fields and matches_page_text(self.queryset.model):
            self.fields = ["autocomplete", "title", "body"]
            self.rank_weights = PAGE_AUTOCOMPLETE_WEIGHTS
        return stock.SQLiteSearchQueryCompiler.search(self, config, start, stop, score_field=score_field)


class SQLiteSiteSearch(DatabaseSiteSearch):
    age_days_sql = "MAX(julianday('now') - julianday(p.first_published_at), 0)"

    def _match(self, groups, operator, columns="{title body}"):
        entries, fts = index_tables()
        expression = columns + " : (" + search_text.fts5_expression(groups, operator) + ")"
        source = (
            # CROSS JOIN fixes the loop order (SQLite's planner otherwise walks every index entry and runs MATCH per
            # row).
            f"{fts} f CROSS JOIN {entries} e ON e.id = f.rowid "
            "CROSS JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer)"
        )
        return source, f"{fts} MATCH %s", f"-bm25({fts}, {', '.join(map(str, COLUMN_WEIGHTS))})", [expression]

    def suggest_source(self, groups):
        entries, fts = index_tables()
        source = (f"{fts} f CROSS JOIN {entries} e ON e.id = f.rowid "
                  "CROSS JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS integer)")
        return source, f"{fts} MATCH %s", ["{autocomplete} : (" + search_text.fts5_expression(groups) + ")"]

    def site_search(self, groups, filters, *, sort, offset, limit, operator):
        """One pass over the newest MATCH_WINDOW + 1 matches gives the count, the scores and the order.

        FTS5 walks its doclists newest first and stops at the LIMIT; bm25 and freshness are computed for those rows
        only (bm25 once a row), and the rows are ranked here (``site.rank_window``: headline coverage, then score)
        — cheaper than asking SQLite to match, join and score the window a second time.
        """
        rows = self._newest_rows(groups, filters, operator)
        capped = len(rows) > site.MATCH_WINDOW
        window = rows[:site.MATCH_WINDOW]
        ranked = window
        if site.wants_headline_window(groups, capped=capped, sort=sort, operator=operator):
            # The same walk over the headlines alone: older articles whose headline holds every word. Their bm25 is
            # the headline's alone (FTS5 scores the expression it matched); scoring them on the whole text again, by
            # rowid list, took 200+ ms at 31.5k.
            # Only below the window's oldest match: every match above it is in the window already.
            headlines = self._newest_rows(groups, filters, operator, columns="{title}", below=window[-1][-1],
                                          limit=site.HEADLINE_WINDOW)
            ranked = site.merge_headline_rows(window, headlines)
        return SearchPage(len(window), site.rank_window(ranked, groups, sort=sort, offset=offset, limit=limit,
                                                        operator=operator), operator, capped)

    def _newest_rows(self, groups, filters, operator, columns="{title body}", below=None, limit=None):
        """The newest ``limit`` (default MATCH_WINDOW + 1) matches in ``columns`` (with an FTS5 rowid under ``below``
        only): (page id, relevance, freshness, published, analysed headline[, analysed text with "or"], rowid)."""
        source, match, relevance, match_params = self._match(groups, operator, columns)
        where_params = []
        where = where_clause(filters, where_params)
        if below is not None:
            where += " AND f.rowid < %s"
            where_params.append(below)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.id, {relevance}, {self.freshness_sql()}, julianday(p.first_published_at), e.title"  # noqa: S608
                f"{', e.body' if operator == 'or' else ''}, f.rowid "
                f"FROM {source} WHERE {match} AND e.content_type_id = %s AND {where} ORDER BY f.rowid DESC LIMIT %s",
                match_params + [article_content_type_id()] + where_params + [limit or site.MATCH_WINDOW + 1],
            )
            return cursor.fetchall()


class ArabicSQLiteSearchBackend(SQLiteSiteSearch, stock.SQLiteSearchBackend):
    accepts_analysed = True   # reads obj.search_analysed (see .indexing)
    query_compiler_class = ArabicSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ArabicSQLiteAutocompleteQueryCompiler
    index_class = ArabicSQLiteIndex


SearchBackend = ArabicSQLiteSearchBackend
