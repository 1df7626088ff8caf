"""Every kind of reader page — home, section, article, author, tag, dossier, search — runs at most six queries, the
same number at 30 and at 3,000 articles (page cache bypassed, as with the page cache off)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from miftah.news.models import ArticlePage, Author, NewsTag
from miftah.news.related import compute_related

from .factories import bulk_articles, make_image, make_section

pytestmark = pytest.mark.django_db

BUDGET = 6
SEARCHABLE = 100  # articles put in the search index (its size does not change the number of queries)


def count_queries(path):
    client = Client()
    client.get(path)  # warm renditions, the site state and Wagtail's site-root cache, as any server would be
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_COOKIE="sessionid=none")  # a session cookie bypasses the page cache
    assert response.status_code == 200, path
    return len(queries), response


def site_with(home, count):
    from miftah.dossiers.models import ArticleEntity, Entity
    from miftah.search.indexer import index_articles

    section = make_section(home, "تقارير", slug="reports")
    author = Author.objects.get_or_create(slug="writer", defaults={"name": "كاتب"})[0]
    tag = NewsTag.objects.get_or_create(slug="borders", defaults={"name": "حدود"})[0]
    bulk_articles(section, count, author=author, tag=tag, hero=make_image())
    article = section.get_children().last().specific
    compute_related(article)
    ids = list(ArticlePage.objects.filter(live=True).order_by("-pk").values_list("pk", flat=True))
    entity = Entity.objects.get(canonical="العراق")
    ArticleEntity.objects.bulk_create(ArticleEntity(article_id=pk, entity=entity, count=1, first_offset=0) for pk in ids)
    index_articles(ids[:SEARCHABLE])
    return {"home": "/", "section": "/reports/", "article": article.url, "author": "/author/writer/",
            "tag": "/tag/borders/", "dossier": entity.get_absolute_url(), "search": "/search/?q=الحكومة",
            "section page 2": "/reports/?page=2", "dossier page 2": entity.get_absolute_url() + "?page=2"}


def measure(home, count):
    counts = {}
    for label, path in site_with(home, count).items():
        counts[label], response = count_queries(path)
        if label in ("home", "section", "author", "tag", "dossier"):
            assert response.content.count(b'class="card"') >= 4, f"{label}: no article cards"
        if label == "search":
            assert b'class="search-result' in response.content or "الحكومة".encode() in response.content
    return counts


def test_reader_pages_stay_within_six_queries_at_30_and_3000_articles(home):
    from wagtail.models import Page

    small = measure(home, 30)
    Page.objects.filter(depth__gt=2).delete()
    large = measure(home, 3000)
    print("queries per page at 30 and 3,000 articles:", small, large)
    for label in small:
        assert large[label] == small[label], f"{label}: {small[label]} queries at 30 articles, {large[label]} at 3,000"
        assert small[label] <= BUDGET, f"{label}: {small[label]} queries (budget {BUDGET})"
