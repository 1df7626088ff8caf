"""PostgreSQL backend storing analysed Arabic text as `simple` tsvectors (see miftah.search.backends).

The text is already normalised and stemmed in Python, so PostgreSQL's own configuration must do nothing
more: `simple` (lower-case, no stemming, no stop words) is forced for indexing and querying. The title's
terms are also written into `body`, so one GIN-indexed column answers a query whose words are split between
headline and text.
"""

from django.contrib.postgres.search import SearchQuery
from django.db.models.expressions import Value
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres as stock
from modelsearch.backends.database.postgres.query import LexemeCombinable
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.query import Not, Phrase, PlainText
from django.contrib.postgres.search import SearchQueryField

from miftah.search import text as search_text

from . import matches_page_text
from .indexing import AnalysedFields, refresh_title_norms

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
        return search_text.query_groups(query.query_string)

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
        return search_text.autocomplete_groups(query.query_string)

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


class ArabicPostgresSearchBackend(stock.PostgresSearchBackend):
    accepts_analysed = True   # reads obj.search_analysed (see .indexing)
    query_compiler_class = ArabicPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ArabicPostgresAutocompleteQueryCompiler
    index_class = ArabicPostgresIndex

    def __init__(self, params):
        super().__init__({**params, "SEARCH_CONFIG": SEARCH_CONFIG})
        self.config = SEARCH_CONFIG
        self.autocomplete_config = SEARCH_CONFIG


SearchBackend = ArabicPostgresSearchBackend
