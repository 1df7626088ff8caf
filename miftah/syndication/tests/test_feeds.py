"""Feeds parse cleanly with feedparser and carry what readers and aggregators need."""

from html import unescape
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote

import feedparser
import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.utils import timezone

from miftah.core.models import SiteSettings
from miftah.news.tests.factories import bulk_articles, make_article
from miftah.syndication.feeds import absolutize_urls, feed_path

pytestmark = pytest.mark.django_db

FEEDS = [
    # (path, expected title fragment, titles that must be there, titles that must not)
    ("/feed/", "مفتاح", ["تحركات الميليشيات قرب الحدود", "أسعار الطاقة ترتفع"], []),
    ("/feed/section/intelligence-key/", "المفتاح الاستخباراتي", ["موانئ الخليج تستعد لموسم جديد"], ["أسعار الطاقة ترتفع"]),
    ("/feed/section/intelligence-key/" + quote("الخليج") + "/", "الخليج", ["موانئ الخليج تستعد لموسم جديد"],
     ["الحكومة تناقش خطة الحدود"]),
    ("/feed/author/layla-haddad/", "ليلى حداد", ["أسعار الطاقة ترتفع"], ["الحكومة تناقش خطة الحدود"]),
]


def fetch(path):
    response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response, feedparser.parse(response.content)


def tag_slug(name):
    from miftah.news.models import NewsTag

    return NewsTag.objects.get(name=name).slug


def test_feeds_parse_without_bozo_and_list_the_right_articles(newsroom):
    for path, title, present, absent in FEEDS:
        for atom in (False, True):
            check_feed(path.replace("/feed/", "/feed/atom/", 1) if atom else path, title, present, absent, atom)


def check_feed(path, title, present, absent, atom):
    response, feed = fetch(path)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if atom else "rss20")
    assert response["Content-Type"].startswith("application/atom+xml" if atom else "application/rss+xml")
    assert title in feed.feed.title
    assert feed.feed.language == "ar"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links and unquote(self_links[0]) == "http://localhost" + unquote(path)
    titles = [entry.title for entry in feed.entries]
    for expected in present:
        assert expected in titles
    for unexpected in absent:
        assert unexpected not in titles
    for entry in feed.entries:
        assert entry.link.startswith("http://")
        assert entry.published_parsed is not None


def test_tag_feed(newsroom):
    slug = tag_slug("حدود")
    _, feed = fetch(feed_path("tag", slug))
    assert not feed.bozo
    assert sorted(e.title for e in feed.entries) == sorted(["تحركات الميليشيات قرب الحدود", "الحكومة تناقش خطة الحدود"])


def test_rss_item_has_dek_authors_categories_dates_and_hero_enclosure(newsroom):
    response, feed = fetch("/feed/")
    raw = response.content.decode()
    entry = next(e for e in feed.entries if e.title == "تحركات الميليشيات قرب الحدود")
    assert entry.summary == "موجز عن التحركات"
    assert entry.author == "ليلى حداد"
    terms = {t.term for t in entry.tags}
    assert {"المفتاح الاستخباراتي", "أمن", "حدود"} <= terms
    article = newsroom["articles"][0]
    assert parsedate_to_datetime(entry.published) == article.first_published_at.replace(microsecond=0)
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg" and enclosure.href.startswith("http://") and int(enclosure.length) > 0
    assert entry.media_content[0]["medium"] == "image" and entry.media_content[0]["width"] == "1600"
    assert "<language>ar</language>" in raw
    assert 'rel="self"' in raw
    assert "content:encoded" not in raw  # summaries only by default


def test_atom_entry_has_authors_with_uri_and_updated(newsroom):
    _, feed = fetch("/feed/atom/")
    entry = next(e for e in feed.entries if e.title == "تحركات الميليشيات قرب الحدود")
    assert entry.authors[0]["name"] == "ليلى حداد"
    assert entry.authors[0]["href"].endswith("/author/layla-haddad/")
    assert entry.updated_parsed is not None and entry.summary == "موجز عن التحركات"
    assert any(link.rel == "enclosure" for link in entry.links)


def test_desk_byline_is_the_author_when_no_person_signed(newsroom):
    section = newsroom["sections"]["economy"]
    make_article(section, "نشرة المكتب", desk_byline="مكتب بيروت")
    _, feed = fetch("/feed/")
    entry = next(e for e in feed.entries if e.title == "نشرة المكتب")
    assert entry.author == "مكتب بيروت"


@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
def test_full_content_follows_the_site_setting(newsroom, atom):
    SiteSettings.objects.update(feed_full_content=True)
    _, feed = fetch(feed_path("site", atom=atom))
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.title == "تحركات الميليشيات قرب الحدود")
    html = entry.content[0].value
    assert "تتابع مصادر خاصة تحركات الميليشيات" in html
    assert entry.summary == "موجز عن التحركات"


def test_summary_without_a_dek_is_the_bodys_plain_text_escaped_once(newsroom):
    # The body's text was left with its entities (&amp;, &quot;), which the feed then escaped again.
    make_article(newsroom["sections"]["economy"], "بلا موجز", body=("الذهب &amp; النفط &quot;يرتفعان&quot;",))
    _, feed = fetch("/feed/")
    entry = next(e for e in feed.entries if e.title == "بلا موجز")
    # The summary is HTML (plain text escaped once for HTML, issue #17): a reader shows the text once unescaped.
    assert entry.summary_detail.type == "text/html"
    assert unescape(entry.summary) == 'الذهب & النفط "يرتفعان"'


def test_drafts_and_private_articles_stay_out_of_feeds(newsroom):
    from wagtail.models import PageViewRestriction

    section = newsroom["sections"]["economy"]
    make_article(section, "مسودة لم تنشر", publish=False)
    private = make_article(section, "مقال خاص بالمشتركين")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for path in ("/feed/", "/feed/atom/", "/feed/section/economy/"):
        _, feed = fetch(path)
        titles = {e.title for e in feed.entries}
        assert "مسودة لم تنشر" not in titles and "مقال خاص بالمشتركين" not in titles
        assert "أسعار الطاقة ترتفع" in titles


def test_unknown_subjects_are_not_found(newsroom):
    for path in ("/feed/nothing/x/", "/feed/section/no-such-section/", "/feed/author/nobody/", "/feed/atom/tag/no-such-tag/"):
        assert Client().get(path).status_code == 404, path


def test_feeds_are_cached_and_retired_on_publish(newsroom):
    first = Client().get("/feed/")
    assert first["X-Miftah-Cache"] == "miss"
    assert Client().get("/feed/")["X-Miftah-Cache"] == "hit"
    make_article(newsroom["sections"]["economy"], "خبر جديد بعد التخزين")
    fresh = Client().get("/feed/")
    assert fresh["X-Miftah-Cache"] == "miss"
    assert "خبر جديد بعد التخزين" in fresh.content.decode()


def test_feed_query_count_does_not_grow_with_items(newsroom, settings):
    settings.MIFTAH_PAGE_CACHE = False
    section = newsroom["sections"]["economy"]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get("/feed/").status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the per-process caches (site root paths, content types)
    few = count()
    bulk_articles(section, 20, author=newsroom["author"], hero=newsroom["hero"])
    assert count() == few


def test_feed_lists_newest_first_and_at_most_thirty(newsroom):
    bulk_articles(newsroom["sections"]["economy"], 35)
    make_article(newsroom["sections"]["economy"], "الأقدم", when=timezone.now() - timedelta(days=30))
    _, feed = fetch("/feed/")
    assert len(feed.entries) == 30
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


ABSOLUTIZE_CASES = [
    ('<a href="/x/">', '<a href="http://h/x/">'),
    ('<img src="/media/a.jpg">', '<img src="http://h/media/a.jpg">'),
    ('<a href="//cdn/x">', '<a href="//cdn/x">'),  # protocol-relative stays
    ('<a href="https://e.com/">', '<a href="https://e.com/">'),
    ('<a href="#n">', '<a href="#n">'),
]


@pytest.mark.parametrize("html,expected", ABSOLUTIZE_CASES)
def test_absolutize_urls(html, expected):
    assert absolutize_urls(html, "http://h") == expected
