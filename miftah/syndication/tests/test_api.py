"""The public API: articles (filters, detail with HTML body and hero renditions), sections, authors, images; and
nothing unpublished or restricted, ever, whoever asks."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from miftah.news.tests.factories import bulk_articles, make_article, make_image

pytestmark = pytest.mark.django_db


def get_json(path, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(data):
    return {item["title"] for item in data["items"]}


def test_article_listing_has_card_fields_newest_first(newsroom):
    data = get_json("/api/v2/articles/")
    assert data["meta"]["total_count"] == 4
    first = data["items"][0]
    assert first["title"] == "أسعار الطاقة ترتفع"
    lead = next(item for item in data["items"] if item["title"] == "تحركات الميليشيات قرب الحدود")
    assert lead["dek"] == "موجز عن التحركات"
    assert lead["section"]["title"] == "المفتاح الاستخباراتي"
    assert lead["authors"][0]["slug"] == "layla-haddad"
    assert {t["name"] for t in lead["tags"]} == {"أمن", "حدود"}
    assert lead["hero"]["url"].startswith("http://localhost/media/images/") and lead["hero"]["width"] == 640
    assert lead["meta"]["html_url"] == newsroom["articles"][0].full_url
    assert "body" not in lead and "body_html" not in lead


FILTERS = [
    # (query, expected titles)
    ("?author=layla-haddad", {"تحركات الميليشيات قرب الحدود", "أسعار الطاقة ترتفع"}),
    ("?section={politics}", {"تحركات الميليشيات قرب الحدود", "الحكومة تناقش خطة الحدود", "موانئ الخليج تستعد لموسم جديد"}),
    ("?section={gulf}", {"موانئ الخليج تستعد لموسم جديد"}),
    ("?tag={tag}", {"تحركات الميليشيات قرب الحدود", "الحكومة تناقش خطة الحدود"}),
    ("?author=layla-haddad&tag={tag}", {"تحركات الميليشيات قرب الحدود"}),
    ("?published_before={last_week}", {"خبر قديم"}),
    ("?published_after={yesterday}&section={economy}", {"أسعار الطاقة ترتفع"}),
]


def test_article_filters(newsroom):
    from miftah.news.models import NewsTag

    make_article(newsroom["sections"]["economy"], "خبر قديم", when=timezone.now() - timedelta(days=30))
    values = {name: section.pk for name, section in newsroom["sections"].items()}
    values.update(tag=NewsTag.objects.get(name="حدود").slug,
                  last_week=(timezone.localdate() - timedelta(days=7)).isoformat(),
                  yesterday=(timezone.localdate() - timedelta(days=1)).isoformat())
    for query, expected in FILTERS:
        assert titles(get_json("/api/v2/articles/" + query.format(**values))) == expected, query


@pytest.mark.parametrize("query", ["?section=abc", "?published_after=yesterday", "?colour=red", "?limit=500"])
def test_bad_parameters_are_400(newsroom, query):
    assert Client().get("/api/v2/articles/" + query).status_code == 400


def test_article_detail_has_html_body_and_hero_renditions(newsroom):
    article = newsroom["articles"][0]
    data = get_json(f"/api/v2/articles/{article.pk}/")
    assert data["title"] == article.title
    assert "تتابع مصادر خاصة تحركات الميليشيات" in data["body_html"]
    assert data["body"][0]["type"] == "paragraph"
    renditions = data["hero_renditions"]
    assert (renditions["16x9"]["width"], renditions["16x9"]["height"]) == (1200, 675)
    assert (renditions["4x3"]["width"], renditions["4x3"]["height"]) == (1200, 900)
    assert renditions["1x1"]["width"] == renditions["1x1"]["height"]
    assert data["short_url"] == f"http://localhost/s/{article.pk}"
    assert data["meta"]["first_published_at"]


def test_sections_authors_and_images(newsroom):
    sections = get_json("/api/v2/sections/")
    assert titles(sections) == {"المفتاح الاستخباراتي", "اقتصاد", "الخليج"}
    economy = next(s for s in sections["items"] if s["title"] == "اقتصاد")
    assert economy["feeds"]["rss"] == "http://localhost/feed/section/economy/"
    authors = get_json("/api/v2/authors/")
    assert [a["name"] for a in authors["items"]] == ["ليلى حداد"]
    assert authors["items"][0]["html_url"] == "http://localhost/author/layla-haddad/"
    author = get_json(f"/api/v2/authors/{newsroom['author'].pk}/")
    assert author["feeds"]["atom"] == "http://localhost/feed/atom/author/layla-haddad/"
    images = get_json("/api/v2/images/")
    assert [i["id"] for i in images["items"]] == [newsroom["hero"].pk]
    image = get_json(f"/api/v2/images/{newsroom['hero'].pk}/")
    assert image["renditions"]["16x9"]["width"] == 1200


def test_drafts_unpublished_and_restricted_pages_never_leave(newsroom):
    economy = newsroom["sections"]["economy"]
    secret_image = make_image("صورة مسودة")
    draft = make_article(economy, "مسودة سرية", publish=False, hero=secret_image)
    unpublished = make_article(economy, "مقال سُحب")
    unpublished.unpublish()
    private = make_article(economy, "مقال للمشتركين")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    locked_section = newsroom["sections"]["gulf"]
    PageViewRestriction.objects.create(page=locked_section, restriction_type=PageViewRestriction.PASSWORD, password="x")
    hidden = {"مسودة سرية", "مقال سُحب", "مقال للمشتركين", "موانئ الخليج تستعد لموسم جديد"}

    editor = User.objects.create_superuser("editor", "e@example.com", "pw")
    logged_in = Client()
    logged_in.force_login(editor)
    for client in (Client(), logged_in):
        listed = titles(get_json("/api/v2/articles/?limit=20", client))
        assert not listed & hidden and "أسعار الطاقة ترتفع" in listed
        for page in (draft, unpublished, private, newsroom["articles"][2]):
            assert client.get(f"/api/v2/articles/{page.pk}/").status_code == 404
        assert client.get(f"/api/v2/sections/{locked_section.pk}/").status_code == 404
        assert "الخليج" not in titles(get_json("/api/v2/sections/", client))
        assert client.get(f"/api/v2/images/{secret_image.pk}/").status_code == 404
        assert client.get(f"/api/v2/articles/?section={locked_section.pk}").status_code == 400


def test_api_is_cached_and_listing_queries_are_constant(newsroom, settings):
    first = Client().get("/api/v2/articles/")
    assert first["X-Miftah-Cache"] == "miss"
    assert Client().get("/api/v2/articles/")["X-Miftah-Cache"] == "hit"

    settings.MIFTAH_PAGE_CACHE = False

    def count():
        Client().get("/api/v2/articles/")  # renditions made on first use
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get("/api/v2/articles/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    bulk_articles(newsroom["sections"]["economy"], 15, author=newsroom["author"], hero=newsroom["hero"])
    assert count() == few
