"""The anonymous page cache: served from cache, retired on publish, never for logged-in editors."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_reader_pages_send_cdn_cache_headers(newsroom):
    response = Client().get("/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control
    for path in ("/intelligence-key/", newsroom["articles"][0].url, "/author/layla-haddad/"):
        assert "s-maxage=" in Client().get(path)["Cache-Control"], path


def test_second_anonymous_request_is_a_cache_hit_without_queries(newsroom, django_assert_num_queries):
    client = Client()
    assert client.get("/")["X-Miftah-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response["X-Miftah-Cache"] == "hit"


def test_publishing_a_change_is_visible_on_the_next_anonymous_request(newsroom, django_capture_on_commit_callbacks):
    client = Client()
    article = newsroom["articles"][1]
    assert "الحكومة تناقش خطة الحدود" in client.get("/").content.decode()
    assert client.get("/")["X-Miftah-Cache"] == "hit"
    assert client.get(article.url)["X-Miftah-Cache"] == "miss"

    article.title = "الحكومة تقر خطة الحدود"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    home = client.get("/")
    assert home["X-Miftah-Cache"] == "miss"
    assert "الحكومة تقر خطة الحدود" in home.content.decode()
    assert "الحكومة تقر خطة الحدود" in client.get(article.url).content.decode()


def test_unpublishing_removes_the_article_from_cached_pages(newsroom):
    client = Client()
    article = newsroom["articles"][3]
    assert "أسعار الطاقة ترتفع" in client.get("/economy/").content.decode()
    article.unpublish()
    assert "أسعار الطاقة ترتفع" not in client.get("/economy/").content.decode()
    assert client.get(article.url).status_code == 404


def test_moving_an_article_retires_cached_sections(newsroom):
    client = Client()
    article = newsroom["articles"][3]
    assert "أسعار الطاقة ترتفع" not in client.get("/intelligence-key/").content.decode().split("<main", 1)[1]
    article.move(newsroom["sections"]["politics"], pos="last-child")
    assert "أسعار الطاقة ترتفع" in client.get("/intelligence-key/").content.decode().split("<main", 1)[1]


def test_logged_in_users_are_never_served_or_stored_in_the_cache(newsroom, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert "X-Miftah-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert Client().get("/")["X-Miftah-Cache"] == "miss"  # the editor's view was not stored for readers
