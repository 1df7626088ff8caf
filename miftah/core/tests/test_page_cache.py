"""The page cache in a newsroom that publishes all day (issue #12): a publish retires only what it changes, the ticker
is spliced into cached pages, a takedown is gone from every copy at once, one render per missing page, bounded memory,
and everything works with the cache off. Runs on the configured cache (in-process, or Redis with REDIS_URL)."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client

from miftah.core import cache as page_cache
from miftah.core.cache_tags import TAGS_HEADER, page_tag, tag_of, tag_response, tags_retired_by
from miftah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

NEW_TITLE = "وزير الطاقة يعلن خطة جديدة للكهرباء"


def body(response):
    return response.content.decode()


def main_part(response):
    """The page without its ticker: what the page itself lists."""
    html = body(response)
    return html.split('<section class="ticker"', 1)[0] + html.split("</section>", 1)[-1] if "ticker" in html else html


def publish_new_article(newsroom, captured, title=NEW_TITLE):
    with captured(execute=True):
        return make_article(newsroom["sections"]["economy"], title, tags=("طاقة",), authors=(newsroom["author"],))


def test_publishing_an_article_leaves_unrelated_cached_pages_but_updates_their_ticker(
        newsroom, django_capture_on_commit_callbacks, django_assert_num_queries, django_assert_max_num_queries):
    client = Client()
    unrelated = newsroom["articles"][2]  # in the Gulf section, another tag, no author in common
    for path in (unrelated.url, "/", "/economy/", "/intelligence-key/الخليج/"):
        assert client.get(path)["X-Miftah-Cache"] == "miss"
    assert NEW_TITLE not in body(client.get(unrelated.url))

    publish_new_article(newsroom, django_capture_on_commit_callbacks)

    # The unrelated article is still served from the cache, without a query, with the new ticker spliced in.
    with django_assert_max_num_queries(4):  # the ticker, rendered once after the publish (site, settings, items)
        response = client.get(unrelated.url)
    assert response["X-Miftah-Cache"] == "hit"
    assert NEW_TITLE in body(response) and page_cache.TICKER_MARKER not in body(response)
    assert int(response["Content-Length"]) == len(response.content)  # of the spliced page, not the stored one
    with django_assert_num_queries(0):
        assert client.get(unrelated.url)["X-Miftah-Cache"] == "hit"
    # A section the article is not in keeps its copy too.
    assert client.get("/intelligence-key/الخليج/")["X-Miftah-Cache"] == "hit"
    # Home, the article's section, its tag and its author's archive are rendered again and list it.
    for path in ("/", "/economy/", "/tag/طاقة/", "/author/layla-haddad/"):
        response = client.get(path)
        assert response["X-Miftah-Cache"] == "miss", path
        assert NEW_TITLE in main_part(response), path
        assert int(response.get("Content-Length", len(response.content))) == len(response.content), path


def test_a_correction_retires_every_listing_that_shows_the_article_and_only_those(
        newsroom, django_capture_on_commit_callbacks):
    client = Client()
    article = newsroom["articles"][3]  # economy, tag طاقة
    for path in ("/", "/economy/", "/intelligence-key/", "/tag/طاقة/", article.url):
        client.get(path)
    article.title = "أسعار الطاقة تتراجع"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for path in ("/", "/economy/", "/tag/طاقة/", article.url):
        response = client.get(path)
        assert response["X-Miftah-Cache"] == "miss" and "أسعار الطاقة تتراجع" in body(response), path
    assert client.get("/intelligence-key/")["X-Miftah-Cache"] == "hit"  # never listed it


def test_a_takedown_is_gone_from_every_cached_copy_before_the_admin_answers(newsroom, django_user_model):
    client = Client()
    article = newsroom["articles"][0]
    title = article.title
    paths = ["/", "/intelligence-key/", "/tag/أمن/", "/author/layla-haddad/", "/feed/", article.url,
             newsroom["articles"][1].url]
    for path in paths:
        client.get(path)
    assert title in body(client.get("/"))

    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-for-tests-only")
    admin = Client()
    admin.force_login(editor)
    response = admin.post(f"/admin/pages/{article.pk}/unpublish/", {"include_descendants": False})
    assert response.status_code == 302

    assert client.get(article.url).status_code == 404
    for path in paths[:-2] + paths[-1:]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert title not in body(response), path  # not in the page, not in its spliced ticker


def test_x_miftah_tags_says_what_each_reader_page_shows(newsroom):
    client = Client()
    article, gulf_article = newsroom["articles"][0], newsroom["articles"][2]
    home = client.get("/")[TAGS_HEADER]
    assert " site " in home and " home " in home and f" {page_tag(gulf_article)} " in home
    assert f" {page_tag(article)} " in client.get(article.url)[TAGS_HEADER]
    section = client.get("/intelligence-key/")[TAGS_HEADER]
    assert f" {page_tag(newsroom['sections']['politics'])} " in section and f" {page_tag(article)} " in section
    assert f" {tag_of('author', newsroom['author'])} " in client.get("/author/layla-haddad/")[TAGS_HEADER]
    assert " feeds " in client.get("/feed/")[TAGS_HEADER]
    assert " sitemaps " in client.get("/sitemap.xml")[TAGS_HEADER]
    assert " search " in client.get("/search/?q=الحدود")[TAGS_HEADER]
    # A hit sends the same tags the proxy saw on the miss.
    assert client.get("/")[TAGS_HEADER] == home


def test_an_article_retires_its_own_narrow_set_and_other_pages_everything(newsroom):
    article = newsroom["articles"][0]
    tags = tags_retired_by(article)
    politics, home = newsroom["sections"]["politics"], newsroom["home"]
    expected = {page_tag(article), page_tag(politics), page_tag(home), "home", "ticker", "feeds", "sitemaps",
                "search", tag_of("author", newsroom["author"])}
    assert expected <= tags
    assert {t for t in tags if t.startswith("tag:")} == {tag_of("tag", t) for t in article.tags.all()}
    assert "site" not in tags and page_tag(newsroom["sections"]["economy"]) not in tags
    assert tags_retired_by(politics) == {"site"}


def test_with_the_page_cache_off_pages_carry_the_ticker_inline(newsroom, settings,
                                                                django_capture_on_commit_callbacks):
    settings.MIFTAH_PAGE_CACHE = False
    client = Client()
    first = client.get(newsroom["articles"][2].url)
    assert "X-Miftah-Cache" not in first and page_cache.TICKER_MARKER not in body(first)
    assert 'class="ticker"' in body(first)
    publish_new_article(newsroom, django_capture_on_commit_callbacks)
    assert NEW_TITLE in body(client.get(newsroom["articles"][2].url))
    assert NEW_TITLE in body(client.get("/"))


# --- the middleware on its own: a real middleware, store and registry around a view that counts its renders ---


class CountingView:
    def __init__(self, delay=0.0, tags=(), fail=False):
        self.renders, self.delay, self.tags, self.fail = 0, delay, tags, fail
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renders += 1
            number = self.renders
        page_cache.mark_cacheable(request)
        tag_response(request, *self.tags)
        time.sleep(self.delay)
        if self.fail:
            return HttpResponse("خطأ", status=500)
        return HttpResponse(f"<p>نسخة {number}</p>")


def concurrently(count, call):
    results = [None] * count
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_misses_render_once(rf):
    view = CountingView(delay=0.3, tags=("page:900001",))
    middleware = page_cache.PageCacheMiddleware(view)
    responses = concurrently(16, lambda: middleware(rf.get("/stampede/")))
    assert view.renders == 1
    assert {r.content for r in responses} == {"<p>نسخة 1</p>".encode()}
    assert sorted(r["X-Miftah-Cache"] for r in responses) == ["hit"] * 15 + ["miss"]


def test_an_expired_copy_is_served_while_one_request_renders_the_next(rf, settings):
    settings.MIFTAH_PAGE_CACHE_SECONDS = 1
    view = CountingView(tags=("page:900002",))
    middleware = page_cache.PageCacheMiddleware(view)
    middleware(rf.get("/expiring/"))
    time.sleep(1.1)
    view.delay = 0.4
    responses = concurrently(8, lambda: middleware(rf.get("/expiring/")))
    assert view.renders == 2  # the first render and exactly one more
    how = [r["X-Miftah-Cache"] for r in responses]
    assert how.count("miss") == 1 and how.count("stale") >= 1 and set(how) <= {"miss", "stale", "hit"}
    assert {r.content for r in responses if r["X-Miftah-Cache"] == "stale"} == {"<p>نسخة 1</p>".encode()}
    assert middleware(rf.get("/expiring/")).content == "<p>نسخة 2</p>".encode()


def test_readers_wait_for_the_new_copy_after_a_publish_rather_than_read_the_old_one(rf):
    view = CountingView(tags=("page:900003",))
    middleware = page_cache.PageCacheMiddleware(view)
    middleware(rf.get("/retired/"))
    page_cache.retire({"page:900003"})
    view.delay = 0.3
    responses = concurrently(8, lambda: middleware(rf.get("/retired/")))
    assert view.renders == 2
    assert {r.content for r in responses} == {"<p>نسخة 2</p>".encode()}


def test_a_failed_render_leaves_the_previous_copy_served_but_never_a_taken_down_one(rf):
    view = CountingView(tags=("page:900004",))
    middleware = page_cache.PageCacheMiddleware(view)
    assert middleware(rf.get("/fragile/")).status_code == 200
    page_cache.retire({"page:900004"})
    view.fail = True
    response = middleware(rf.get("/fragile/"))
    assert response.status_code == 200 and response["X-Miftah-Cache"] == "stale-error"
    assert response.content == "<p>نسخة 1</p>".encode()

    page_cache.retire({"page:900004"}, hard=True)
    assert middleware(rf.get("/fragile/")).status_code == 500


def test_a_retirement_in_another_process_retires_this_process_copies(rf):
    view = CountingView(tags=("page:900005",))
    middleware = page_cache.PageCacheMiddleware(view)
    middleware(rf.get("/elsewhere/"))
    assert middleware(rf.get("/elsewhere/"))["X-Miftah-Cache"] == "hit"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="miftah.test_settings", MIFTAH_TEST_DATA_DIR=str(settings.DATA_DIR))
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):  # the other process sees the test database, as a server process would
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    if page_cache._uses_shared_cache():
        env["CACHE_KEY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    code = ("import django; django.setup(); from django.conf import settings; "
            "settings.CACHES['default']['KEY_PREFIX'] = __import__('os').environ.get('CACHE_KEY_PREFIX', ''); "
            "from miftah.core.cache import retire; retire({'page:900005'}, hard=True)")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=settings.PACKAGE_DIR.parent, timeout=120)
    response = middleware(rf.get("/elsewhere/"))
    assert response["X-Miftah-Cache"] == "miss" and response.content == "<p>نسخة 2</p>".encode()


def test_the_in_process_store_is_bounded_by_entries_and_bytes():
    store = page_cache.LocalStore(max_entries=3, max_bytes=10_000)

    def entry(size):
        return page_cache.Entry(200, (), b"x" * size, frozenset({"site"}), 0, time.time(), 60)

    for i in range(5):
        store.set(f"k{i}", entry(100))
    assert list(store.entries) == ["k2", "k3", "k4"]
    store.get("k2")  # recently served: kept
    store.set("big", entry(6_000))
    assert "k2" in store.entries and "k3" not in store.entries
    assert store.bytes <= 10_000 and store.bytes == sum(e.size for e in store.entries.values())
    store.set("huge", entry(20_000))  # larger than the whole store: not kept, nothing evicted for it
    assert "huge" not in store.entries and "big" in store.entries


def test_the_retirement_log_starting_afresh_retires_everything_hard(tmp_path, monkeypatch):
    monkeypatch.setattr(page_cache, "LOG_MAX_BYTES", 200)
    writer = page_cache.FileTagRegistry(tmp_path / "cache-tags.log")
    reader = page_cache.FileTagRegistry(tmp_path / "cache-tags.log")
    writer.retire({"page:1"})
    seq = reader.current()
    assert reader.state({"site", "page:2"}, seq) == page_cache.FRESH
    for n in range(30):  # past the limit: the next write starts a new log
        writer.retire({f"page:{100 + n}"})
    assert (tmp_path / "cache-tags.log").stat().st_size < 400
    reader.sync()
    assert reader.state({"site", "page:2"}, seq) == page_cache.GONE
    assert reader.current() > seq
