"""Reader pages run a constant number of queries whatever the number of articles (measured at 30 and 3,000)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from miftah.news.models import Author, NewsTag
from miftah.news.related import compute_related

from .factories import bulk_articles, make_image, make_section

pytestmark = pytest.mark.django_db


def count_queries(path):
    client = Client()
    client.get(path)  # warm renditions and Wagtail's site-root cache, as any server would be
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_COOKIE="sessionid=none")  # a session cookie bypasses the page cache
    assert response.status_code == 200, path
    return len(queries)


def site_with(home, count):
    section = make_section(home, "تقارير", slug="reports")
    author = Author.objects.get_or_create(slug="writer", defaults={"name": "كاتب"})[0]
    tag = NewsTag.objects.get_or_create(slug="borders", defaults={"name": "حدود"})[0]
    bulk_articles(section, count, author=author, tag=tag, hero=make_image())
    article = section.get_children().last().specific
    compute_related(article)
    return {"home": "/", "section": "/reports/", "article": article.url, "author": "/author/writer/",
            "tag": "/tag/borders/", "section page 2": "/reports/?page=2"}


def test_query_counts_do_not_grow_with_the_number_of_articles(home):
    small = {label: count_queries(path) for label, path in site_with(home, 30).items()}
    from wagtail.models import Page

    Page.objects.filter(depth__gt=2).delete()
    large = {label: count_queries(path) for label, path in site_with(home, 3000).items()}
    for label in small:
        assert large[label] == small[label], f"{label}: {small[label]} queries at 30 articles, {large[label]} at 3,000"
    print("queries per page at 30 and 3,000 articles:", small)
    assert max(small.values()) <= 30, small
