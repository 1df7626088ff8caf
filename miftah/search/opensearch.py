"""OpenSearch for outlets that run one, with Miftah's own Arabic analysis, answering the same site-search calls.

``WAGTAILSEARCH_BACKENDS["default"] = opensearch_backend(url)`` when ``OPENSEARCH_URL`` is set (needs the
``[opensearch]`` extra: ``pip install miftah[opensearch]``). The backend is modelsearch's OpenSearch backend with
two additions (on modelsearch's OpenSearch 3 backend, for opensearch-py 3):

* **Documents carry Miftah's analysed terms** — the very text the database backends store (normalised, stop words
  out, stemmed, protected names kept, the و/ف rules applied): ``miftah_title``, ``miftah_body`` (the title's terms
  too) and ``miftah_autocomplete``, in fields whose analyser only splits on spaces (``miftah_terms``), so OpenSearch
  adds nothing of its own and matches exactly what SQLite and PostgreSQL match. Beside them, what the site search
  filters on: ``miftah_path``, ``miftah_live``, ``miftah_published``, ``miftah_authors``, ``miftah_locale`` (the
  page's locale id: search per edition; an English page's terms are those of ``miftah.search.english``). The stock fields (with
  OpenSearch's own Arabic analysers, below) stay for Wagtail's admin search.
* **The site-search calls** of ``miftah.search.site`` (``site_search``, ``site_suggest``, ``document_frequencies``,
  ``indexed_article_count``, ``more_like_this``) as OpenSearch queries built from the same analysed ``Group``s: a
  word matches any of its alternatives (synonyms included) in the title (3×) or the body; the score is BM25 times
  the freshness factor (a ``function_score`` script, the formula of ``site.freshness``). OpenSearch ranks every
  match and returns the best MATCH_WINDOW + 1; the database then keeps those that are live and under no view
  restriction — the one rule of ``miftah.search.backends.reading.where_clause`` — so the index never decides who
  may see a page.
"""

from __future__ import annotations

from modelsearch.backends.opensearch3 import OpenSearch3Mapping, OpenSearch3SearchBackend

from miftah.search import site
from miftah.search.site import FRESHNESS_DAYS, FRESHNESS_WEIGHT, SearchFilters, SearchPage

ARABIC_FILTERS = ["lowercase", "decimal_digit", "arabic_stop", "arabic_normalization", "arabic_stem"]

INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "arabic_stop": {"type": "stop", "stopwords": "_arabic_"},
            },
            "analyzer": {
                # Terms already analysed by Miftah: split on spaces, nothing more.
                "miftah_terms": {"type": "custom", "tokenizer": "whitespace", "filter": []},
                "default": {"type": "custom", "tokenizer": "standard", "filter": ARABIC_FILTERS},
                "default_search": {"type": "custom", "tokenizer": "standard", "filter": ARABIC_FILTERS},
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "decimal_digit", "arabic_normalization", "edgengram"],
                },
                "ngram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "decimal_digit", "arabic_normalization", "ngram"],
                },
            },
        }
    }
}

ANALYSED_TERMS = {"type": "text", "analyzer": "miftah_terms"}
MIFTAH_PROPERTIES = {
    "miftah_title": ANALYSED_TERMS,
    "miftah_body": ANALYSED_TERMS,
    "miftah_autocomplete": ANALYSED_TERMS,
    "miftah_path": {"type": "keyword"},
    "miftah_live": {"type": "boolean"},
    "miftah_published": {"type": "date"},
    "miftah_authors": {"type": "long"},
    "miftah_locale": {"type": "long"},  # search per edition (miftah.search.editions)
}
TITLE_BOOST = 3.0
ARTICLE = "news.ArticlePage"
FRESHNESS_SCRIPT = (
    "double age = doc['miftah_published'].size() == 0 ? 3650.0 : "
    "Math.max(0.0, (params.now - doc['miftah_published'].value.toInstant().toEpochMilli()) / 86400000.0);"
    "return _score * (1.0 + params.weight / (1.0 + age / params.days));"
)


def opensearch_backend(url, index_prefix="miftah_", **options):
    """The WAGTAILSEARCH_BACKENDS entry for an OpenSearch server at ``url`` (``options``: the client's)."""
    return {
        "BACKEND": "miftah.search.opensearch",
        "URLS": [url],
        "INDEX": "miftah",
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 10,
        "INDEX_SETTINGS": INDEX_SETTINGS,
        "OPTIONS": options,
    }


class MiftahOpenSearchMapping(OpenSearch3Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        mapping["properties"].update(MIFTAH_PROPERTIES)
        return mapping

    def get_document(self, obj):
        from wagtail.models import Page

        from miftah.search.backends.indexing import AnalysedFields

        document = super().get_document(obj)
        analysed = AnalysedFields(obj, title_in_body=True)
        document.update(miftah_title=analysed.title, miftah_body=analysed.body,
                        miftah_autocomplete=analysed.autocomplete)
        if isinstance(obj, Page):
            published = obj.first_published_at
            document.update(miftah_path=obj.path, miftah_live=bool(obj.live),
                            miftah_published=published.isoformat() if published else None,
                            miftah_locale=obj.locale_id)
            authors = getattr(obj, "article_authors", None)
            if authors is not None:
                document["miftah_authors"] = [link.author_id for link in authors.all()]
        return document


def group_clause(group, *, prefix_field=None):
    """One query word: any of its alternatives, in the title (boosted) or the body; or, for autocomplete, any term of
    `prefix_field` starting with one of its prefixes."""
    if prefix_field:
        should = [{"terms": {prefix_field: sorted(group.exact)}}] if group.exact else []
        should += [{"prefix": {prefix_field: prefix}} for prefix in sorted(group.prefixes)]
    else:
        terms = " ".join(sorted(group.exact))
        should = [{"match": {"miftah_title": {"query": terms, "boost": TITLE_BOOST}}},
                  {"match": {"miftah_body": {"query": terms}}}]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def words_clause(groups, operator, **kwargs):
    clauses = [group_clause(group, **kwargs) for group in groups]
    if operator.lower() == "or":
        return {"bool": {"should": clauses, "minimum_should_match": 1}}
    return {"bool": {"must": clauses}}


def filter_clauses(filters: SearchFilters):
    """What OpenSearch can narrow by itself; the database checks live and view restrictions again afterwards."""
    clauses = [{"term": {"_django_content_type": ARTICLE}}, {"term": {"miftah_live": True}}]
    if filters.section_path:
        clauses.append({"prefix": {"miftah_path": filters.section_path}})
    if filters.author_id:
        clauses.append({"term": {"miftah_authors": int(filters.author_id)}})
    if filters.date_from or filters.date_to:
        published = {}
        if filters.date_from:
            published["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            published["lte"] = filters.date_to.isoformat() + "||/d"
        clauses.append({"range": {"miftah_published": published}})
    if filters.extra_page_ids is not None:
        clauses.append({"ids": {"values": [str(int(pk)) for pk in filters.extra_page_ids]}})
    if filters.locale_id is not None:
        clauses.append({"term": {"miftah_locale": int(filters.locale_id)}})
    return clauses


def visible(ids, filters: SearchFilters) -> set[int]:
    """Which of these page ids are live, under no view restriction and within the filters: the database's word."""
    from django.db import connection

    from miftah.search.backends.reading import where_clause

    if not ids:
        return set()
    params = [int(pk) for pk in ids]
    where = where_clause(filters, params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.id FROM wagtailcore_page p WHERE p.id IN ({', '.join(['%s'] * len(ids))}) "  # noqa: S608
                       f"AND {where}", params)
        return {row[0] for row in cursor.fetchall()}


class MiftahOpenSearchBackend(OpenSearch3SearchBackend):
    mapping_class = MiftahOpenSearchMapping

    def _page_index(self):
        from wagtail.models import Page

        return self.get_index_for_model(Page).name

    def _search(self, body):
        return self.es.search(index=self._page_index(), body=body)

    def site_search(self, groups, filters, *, sort, offset, limit, operator):
        from django.utils import timezone

        newest = sort == "newest"
        query = {"bool": {"must": [words_clause(groups, operator)], "filter": filter_clauses(filters)}}
        if not newest:
            query = {"function_score": {"query": query, "boost_mode": "replace", "script_score": {"script": {
                "source": FRESHNESS_SCRIPT,
                "params": {"now": int(timezone.now().timestamp() * 1000), "weight": FRESHNESS_WEIGHT,
                           "days": FRESHNESS_DAYS}}}}}
        body = {"query": query, "size": site.MATCH_WINDOW + 1, "_source": ["miftah_title", "miftah_body"] if operator == "or" else ["miftah_title"],
                "track_total_hits": site.MATCH_WINDOW + 1}
        if newest:
            body.update(sort=[{"miftah_published": {"order": "desc", "missing": "_last"}}, "_score"],
                        track_scores=True)
        hits = self._search(body)["hits"]["hits"]
        capped = len(hits) > site.MATCH_WINDOW
        window = [(int(hit["_id"]), float(hit.get("_score") or 0.0), hit.get("_source") or {})
                  for hit in hits[:site.MATCH_WINDOW]]
        allowed = visible([pk for pk, _, _ in window], filters)
        window = [row for row in window if row[0] in allowed]
        if newest:  # already in date order
            return SearchPage(len(window), [(pk, score) for pk, score, _ in window[offset:offset + limit]], operator,
                              capped)
        # Coverage first, as on the database backends (the score already holds the freshness factor).
        rows = [(pk, score, 1.0, None, source.get("miftah_title", ""), source.get("miftah_body", ""))
                for pk, score, source in window]
        return SearchPage(len(window), site.rank_window(rows, groups, sort=sort, offset=offset, limit=limit,
                                                        operator=operator), operator, capped)

    def site_suggest(self, groups, limit, *, locale_id=None):
        filters = SearchFilters(locale_id=locale_id)
        body = {"query": {"bool": {"must": [words_clause(groups, "and", prefix_field="miftah_autocomplete")],
                                   "filter": filter_clauses(filters)}},
                "sort": [{"miftah_published": {"order": "desc", "missing": "_last"}}],
                "size": int(limit) * 2, "_source": False}
        ids = [int(hit["_id"]) for hit in self._search(body)["hits"]["hits"]]
        allowed = visible(ids, filters)
        from wagtail.models import Page

        titles = dict(Page.objects.filter(pk__in=allowed).values_list("pk", "title"))
        return [(pk, titles[pk]) for pk in ids if pk in titles][:int(limit)]

    def _count(self, query):
        return self.es.count(index=self._page_index(), body={"query": query})["count"]

    def document_frequencies(self, terms):
        article = {"term": {"_django_content_type": ARTICLE}}
        return {term: self._count({"bool": {"filter": [article, {"term": {"miftah_body": term}}]}})
                for term in terms}

    def indexed_article_count(self):
        return self._count({"bool": {"filter": [{"term": {"_django_content_type": ARTICLE}}]}})

    def more_like_this(self, terms, *, exclude_id, limit=50, published_after=None, locale_id=None):
        filters = [{"term": {"_django_content_type": ARTICLE}}, {"term": {"miftah_live": True}}]
        if published_after is not None:
            filters.append({"range": {"miftah_published": {"gte": published_after.isoformat()}}})
        if locale_id is not None:
            filters.append({"term": {"miftah_locale": int(locale_id)}})
        body = {"query": {"bool": {"should": [{"match": {"miftah_body": {"query": " ".join(terms)}}}],
                                   "minimum_should_match": 1, "filter": filters,
                                   "must_not": [{"ids": {"values": [str(int(exclude_id))]}}]}},
                "size": int(limit), "_source": False}
        hits = self._search(body)["hits"]["hits"]
        live = visible([int(hit["_id"]) for hit in hits], SearchFilters(locale_id=locale_id))
        return [(int(hit["_id"]), float(hit.get("_score") or 0.0)) for hit in hits if int(hit["_id"]) in live]


SearchBackend = MiftahOpenSearchBackend
