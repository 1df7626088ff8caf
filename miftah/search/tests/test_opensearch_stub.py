"""The OpenSearch backend's site search, driven through opensearch-py against a STUB transport.

No OpenSearch server can run on this machine, so these tests do not prove what a real server returns: a stub
transport (``StubTransport``) records every HTTP request the real client library sends and answers with canned JSON.
What they do check, on the real database: that indexed documents carry Miftah's analysed terms (what SQLite and
PostgreSQL store), that the mapping and index settings declare the no-op ``miftah_terms`` analyser for them, that a
site search sends the same analysed alternatives and filters, and that whatever the index answers, the database's
rule decides what a reader may see (drafts, view-restricted and filtered-out pages never come back).
The live-server test (``@pytest.mark.opensearch``) runs only where OPENSEARCH_URL points at a real server.
"""

import json

import pytest
from opensearchpy import Transport

from miftah.search import engine, text as search_text
from miftah.search.opensearch import opensearch_backend

pytestmark = pytest.mark.django_db


class StubTransport(Transport):
    """opensearch-py's transport with the network replaced: records requests, answers from `answers`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = []
        self.answers = {}  # URL suffix ("_search", "_count") -> canned response body

    def perform_request(self, method, url, params=None, body=None, timeout=None, ignore=(), headers=None):
        if isinstance(body, (bytes, str)):
            body = [json.loads(line) for line in body.splitlines() if line.strip()] if "_bulk" in url else json.loads(body)
        self.requests.append((method, url, body))
        for suffix, answer in self.answers.items():
            if url.endswith(suffix):
                return answer
        if url.endswith("_search"):
            return {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
        if url.endswith("_count"):
            return {"count": 0}
        return {"acknowledged": True, "result": "created", "errors": False, "items": []}


def hits(*pages):
    return {"hits": {"total": {"value": len(pages), "relation": "eq"},
                     "hits": [{"_id": str(page.pk if hasattr(page, "pk") else page), "_score": 10.0 - n}
                              for n, page in enumerate(pages)]}}


@pytest.fixture
def opensearch(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": opensearch_backend("http://opensearch.invalid:9200",
                                                                     transport_class=StubTransport)}
    backend = engine.site_backend()
    assert isinstance(backend.es.transport, StubTransport)
    return backend


def searches(backend):
    return [body for method, url, body in backend.es.transport.requests if url.endswith("_search")]


def test_documents_and_mapping_carry_miftahs_analysed_terms(newsroom_search, opensearch):
    from miftah.news.models import ArticlePage
    from miftah.search.backends.indexing import AnalysedFields

    article = newsroom_search["old"]
    opensearch.add(article)
    (method, url, document), = [r for r in opensearch.es.transport.requests if f"/_doc/{article.pk}" in r[1]]
    assert method in ("PUT", "POST") and url.startswith("/miftah_wagtailcore_page/")
    analysed = AnalysedFields(article, title_in_body=True)
    assert document["miftah_body"] == analysed.body and document["miftah_title"] == analysed.title
    # The body holds the analysed (stemmed) form of the headline's words, as the database backends store them.
    assert set(search_text.index_text("الميليشيات").split()) <= set(document["miftah_body"].split())
    assert document["miftah_path"] == article.path and document["miftah_live"] is True
    assert document["miftah_published"].startswith(str(article.first_published_at.date()))
    assert document["miftah_authors"] == [newsroom_search["layla"].pk]

    opensearch.get_index_for_model(ArticlePage).add_model(ArticlePage)
    mapping = [body for method, url, body in opensearch.es.transport.requests if url.endswith("/_mapping")][-1]
    for field in ("miftah_title", "miftah_body", "miftah_autocomplete"):
        assert mapping["properties"][field] == {"type": "text", "analyzer": "miftah_terms"}
    assert mapping["properties"]["miftah_path"] == {"type": "keyword"}
    assert opensearch.settings["settings"]["analysis"]["analyzer"]["miftah_terms"] == {
        "type": "custom", "tokenizer": "whitespace", "filter": []}


def test_site_search_sends_the_analysed_query_and_the_database_decides_what_is_seen(newsroom_search, opensearch):
    from wagtail.models import PageViewRestriction

    data = newsroom_search
    PageViewRestriction.objects.create(page=data["new"], restriction_type="password", password="x")
    # The index answers with: a restricted article, an article of the other section, one of this section, an unknown id.
    opensearch.es.transport.answers["_search"] = hits(data["new"], data["sport_article"], data["old"], 999_999)
    page = engine.search("ميليشيات", engine.SearchFilters(section_path=data["politics"].path))
    assert [pk for pk, _ in page.hits] == [data["old"].pk] and page.total == 1

    body = searches(opensearch)[-1]
    inner = body["query"]["function_score"]["query"]["bool"]
    (group,) = inner["must"][0]["bool"]["must"]
    sent = set(group["bool"]["should"][0]["match"]["miftah_title"]["query"].split())
    assert sent == set(search_text.query_groups("ميليشيات")[0].exact)  # the same alternatives SQL would match
    assert {"prefix": {"miftah_path": data["politics"].path}} in inner["filter"]
    assert {"term": {"_django_content_type": "news.ArticlePage"}} in inner["filter"]
    assert "freshness" not in body and "params.weight" in body["query"]["function_score"]["script_score"]["script"]["source"]
    assert body["size"] == engine.MATCH_WINDOW + 1


def test_two_words_are_both_required_and_or_is_the_fallback(newsroom_search, opensearch):
    page = engine.search("الميليشيات الموانئ")
    assert page.total == 0 and page.operator == "or"
    first, second = searches(opensearch)[-2:]
    assert len(first["query"]["function_score"]["query"]["bool"]["must"][0]["bool"]["must"]) == 2
    assert second["query"]["function_score"]["query"]["bool"]["must"][0]["bool"]["minimum_should_match"] == 1


def test_the_search_page_and_suggestions_read_through_opensearch(client, newsroom_search, opensearch):
    from wagtail.models import PageViewRestriction

    data = newsroom_search
    opensearch.es.transport.answers["_search"] = hits(data["sport_article"], data["old"])
    response = client.get("/search/", {"q": "ميليشيات"})
    assert [r["article"].pk for r in response.context["results"]] == [data["sport_article"].pk, data["old"].pk]
    assert data["sport_article"].url in response.content.decode()

    PageViewRestriction.objects.create(page=data["old"], restriction_type="login")
    suggestions = client.get("/search/suggest/", {"q": "الميلي"}, HTTP_ACCEPT="application/json").content.decode()
    assert data["sport_article"].title in suggestions and data["old"].url not in suggestions
    suggest_body = searches(opensearch)[-1]
    (group,) = suggest_body["query"]["bool"]["must"][0]["bool"]["must"]
    assert any("prefix" in clause for clause in group["bool"]["should"])


def test_related_article_statistics_come_from_the_index(newsroom_search, opensearch):
    opensearch.es.transport.answers["_count"] = {"count": 7}
    assert engine.indexed_article_count() == 7
    assert engine.document_frequencies(["مليشي"]) == {"مليشي": 7}
    data = newsroom_search
    opensearch.es.transport.answers["_search"] = hits(data["new"], data["old"])
    data["old"].unpublish()
    assert engine.more_like_this(["مليشي"], exclude_id=data["sport_article"].pk) == [(data["new"].pk, 10.0)]
    body = searches(opensearch)[-1]
    assert body["query"]["bool"]["must_not"] == [{"ids": {"values": [str(data["sport_article"].pk)]}}]

