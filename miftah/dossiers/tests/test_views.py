"""Reader pages: dossier index, dossier page (chart, network, timeline), region network; cacheable, accessible
figures with table fallbacks, and a constant number of queries whatever the number of articles."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from miftah.dossiers.models import ArticleEntity, Entity, TimelineEntry
from miftah.dossiers.queries import article_ids_for_entity, coverage_by_month, shared_entity_scores
from miftah.news.models import ArticlePage
from miftah.news.tests.factories import bulk_articles, make_article, make_image, make_section

pytestmark = pytest.mark.django_db

NAMES = ["العراق", "بغداد", "الأمم المتحدة", "طهران", "إيران"]


def corpus(home, count):
    """``count`` live articles linked to five entities in a fixed pattern, with timeline rows (bulk, fast)."""
    section = make_section(home, "تقارير", slug="reports")
    bulk_articles(section, count, hero=make_image())
    entities = [Entity.objects.get(canonical=name) for name in NAMES]
    ids = list(ArticlePage.objects.filter(live=True).order_by("pk").values_list("pk", flat=True))
    rows, entries = [], []
    for i, pk in enumerate(ids):
        for j, entity in enumerate(entities):
            if i % (j + 1) == 0:
                rows.append(ArticleEntity(article_id=pk, entity=entity, count=1 + j, first_offset=j))
                entries.append(TimelineEntry(article_id=pk, entity=entity, date=date(2024, 1, 1) + timedelta(days=i),
                                             iso=(date(2024, 1, 1) + timedelta(days=i)).isoformat(), precision="day",
                                             snippet=f"جملة رقم {i}"))
    ArticleEntity.objects.bulk_create(rows)
    TimelineEntry.objects.bulk_create(entries)
    # Spread publication over months so the chart has several bars.
    for i, pk in enumerate(ids):
        ArticlePage.objects.filter(pk=pk).update(first_published_at=timezone.now() - timedelta(days=20 * i))
    return entities


def count_queries(path):
    client = Client()
    client.get(path)  # warm renditions and Wagtail's site-root cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_COOKIE="sessionid=none")  # bypass the page cache
    assert response.status_code == 200, path
    return len(queries)


def paths(entities):
    return {"index": "/dossiers/", "network": "/dossiers/network/", "dossier": entities[0].get_absolute_url(),
            "dossier page 2": entities[0].get_absolute_url() + "?page=2"}


def test_query_counts_do_not_grow_with_the_number_of_articles(home):
    small = {label: count_queries(path) for label, path in paths(corpus(home, 30)).items()}
    from wagtail.models import Page

    Page.objects.filter(depth__gt=2).delete()
    large = {label: count_queries(path) for label, path in paths(corpus(home, 400)).items()}
    assert small == large
    assert max(large.values()) <= 30, large


def test_dossier_page_shows_coverage_chart_network_and_timeline(home):
    entities = corpus(home, 30)
    iraq = entities[0]
    response = Client().get(iraq.get_absolute_url())
    html = response.content.decode()
    assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]
    assert "<h1>العراق</h1>" in html and "dossiers/dossiers.css" in html
    # The chart is a picture (role=img); the network holds links, so it is a labelled group, never role=img
    # (axe: nested-interactive). Both have <title>/<desc> referenced by aria attributes, and a data table each.
    assert html.count('role="img"') == 1 and html.count('role="group"') == 1
    for figure in ("dossier-chart", "dossier-network"):
        start = html.index(f'<svg class="{figure}"')
        svg = html[start:html.index("</svg>", start)]
        uid = svg.split('<title id="')[1].split('-t"')[0]
        assert f'aria-labelledby="{uid}-t' in svg and f'{uid}-d"' in svg and f'<desc id="{uid}-d">' in svg
    assert "البيانات في جدول" in html and '<table class="co-mentions">' in html
    for other in entities[1:]:
        assert f'href="{other.get_absolute_url()}"' in html
    # Timeline: oldest first, dates as the site prints them, links to the articles.
    timeline = html[html.index('class="dossier-timeline"'):]
    assert timeline.index("جملة رقم 0<") < timeline.index("جملة رقم 1<")
    assert '<time datetime="2024-01-01">' in timeline
    months = coverage_by_month(iraq)
    assert sum(n for _, n in months) == 30 and months == sorted(months)


def test_index_and_region_network(home):
    entities = corpus(home, 12)
    index = Client().get("/dossiers/").content.decode()
    assert index.index("العراق") < index.index("طهران")  # most covered first within a type
    assert "أماكن" in index and "منظمات" in index
    network = Client().get("/dossiers/network/").content.decode()
    assert 'role="group"' in network and 'role="img"' not in network and "أقوى الروابط" in network
    assert all(e.canonical in network for e in entities)
    assert Client().get("/dossiers/لا-يوجد/").status_code == 404


def test_retired_entities_have_no_dossier(home):
    entities = corpus(home, 3)
    Entity.objects.filter(pk=entities[1].pk).update(active=False)
    assert Client().get(entities[1].get_absolute_url()).status_code == 404
    assert entities[1].canonical not in Client().get("/dossiers/").content.decode()


def test_queries_for_search_and_related_articles(home, django_assert_num_queries):
    section = make_section(home, "أخبار", slug="news")
    a = make_article(section, "بغداد وطهران", body=("التقى وفد من بغداد بمسؤولين في طهران.",))
    b = make_article(section, "طهران", body=("زيارة إلى طهران.",))
    c = make_article(section, "بغداد", body=("أمطار في بغداد.",))
    d = make_article(section, "القاهرة", body=("في القاهرة.",))
    make_article(section, "بغداد مسودة", body=("مسودة عن بغداد.",), publish=False)
    baghdad = Entity.objects.get(canonical="بغداد")
    with django_assert_num_queries(1):
        assert sorted(article_ids_for_entity(baghdad)) == sorted([a.pk, c.pk])
    assert sorted(article_ids_for_entity(baghdad.slug)) == sorted(article_ids_for_entity(baghdad.pk))
    assert sorted(ArticlePage.objects.filter(pk__in=article_ids_for_entity(baghdad)).values_list("pk", flat=True)) == \
        sorted([a.pk, c.pk])
    with django_assert_num_queries(2):
        scores = shared_entity_scores(a)
    assert set(scores) == {b.pk, c.pk} and d.pk not in scores and a.pk not in scores
    ArticleEntity.objects.filter(article=c, entity=baghdad).update(status=ArticleEntity.REJECTED)
    assert set(shared_entity_scores(a)) == {b.pk}
    assert list(article_ids_for_entity(baghdad)) == [a.pk]
