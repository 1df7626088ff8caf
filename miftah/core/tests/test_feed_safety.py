"""Feeds carry hostile text as text and hostile HTML sanitised (issue #17: 34 of 113 entries ran in a feed reader),
and one control character never fails a feed (it made every feed answer 500)."""

import logging
from html import escape

import feedparser
import pytest
from wagtail.models import Page

from miftah.core.models import SiteSettings
from miftah.news.models import Author
from miftah.news.tests.factories import make_article, make_image, make_section
from miftah.syndication.feeds import feed_path

from .hostile import dangerous_markup, load_payloads, packed

PAYLOADS = load_payloads()
TITLES = packed(PAYLOADS, 255)  # every payload goes through a title (21 articles), a dek, a body and a tag
ARTICLES = len(TITLES)


def rendered(detail):
    """What a feed reader puts in its page for a text construct: HTML as it is, anything else escaped."""
    if detail is None:
        return ""
    return detail.value if detail.type in ("text/html", "application/xhtml+xml") else escape(detail.value)


@pytest.fixture
def hostile_site(home):
    SiteSettings.objects.update(feed_full_content=True)
    section = make_section(home, "قسم الاختبار", slug="hostile")
    Page.objects.filter(pk=section.pk).update(title=packed(PAYLOADS, 255)[0])
    section.specific_class.objects.filter(pk=section.pk).update(intro="\n".join(PAYLOADS))
    image = make_image(title=TITLES[0], size=(160, 90))
    author = Author.objects.create(name=packed(PAYLOADS, 120)[0], slug="hostile-author", bio="\n".join(PAYLOADS))
    for n, title in enumerate(TITLES):
        chunk = PAYLOADS[n::ARTICLES]
        # Body: the payloads as typed text, and as stored HTML (an import or the API could hold raw markup).
        make_article(section, title, dek=" ".join(chunk), authors=(author,), tags=[p[:100] for p in chunk],
                     body=[escape(p) for p in chunk] + chunk, attribution=chunk[0][:200], slug=f"hostile-{n}",
                     hero=image, hero_alt=" ".join(chunk)[:300], hero_caption=" ".join(chunk)[:300])
    return {"section": section, "author": author}


def feed_urls():
    for atom in (False, True):
        yield feed_path("site", atom=atom)
        yield feed_path("section", "hostile", atom=atom)
        yield feed_path("author", "hostile-author", atom=atom)


def test_no_feed_runs_a_hostile_payload_in_a_reader(client, hostile_site):
    reader_pages = 0
    for url in feed_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content, sanitize_html=False)  # a reader that trusts the feed's types
        assert not feed.bozo, (url, feed.bozo_exception)
        parts = [rendered(feed.feed.get("title_detail")), rendered(feed.feed.get("subtitle_detail"))]
        for entry in feed.entries:
            parts += [rendered(entry.get("title_detail")), rendered(entry.get("summary_detail"))]
            parts += [rendered(content) for content in entry.get("content", [])]
            parts += [escape(tag.term) for tag in entry.get("tags", [])]
        assert len(feed.entries) >= 1
        for html in parts:
            assert dangerous_markup(html) == [], (url, html[:300])
        reader_pages += 1
    assert reader_pages == 6
    # Plain text still reaches the reader as the editor typed it (escaped once for HTML, once for XML).
    feed = feedparser.parse(client.get("/feed/").content, sanitize_html=False)
    entry = feed.entries[-1]  # the oldest: the first chunk
    assert entry.summary_detail.type == "text/html"
    shown = entry.summary.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#x27;", "'")
    assert shown.replace("&amp;", "&") == " ".join(PAYLOADS[0::ARTICLES])


def test_a_control_character_never_fails_a_feed(client, home, caplog):
    section = make_section(home, "اقتصاد", slug="economy")
    bad = make_article(section, "خبر سليم", dek="موجز", slug="bad-one")
    make_article(section, "خبر آخر", dek="موجز آخر", slug="good-one")
    # As an old row or a bulk path could have stored it (the admin now refuses it).
    Page.objects.filter(pk=bad.pk).update(title="عنوان\x01فيه\x0bمحرف تحكم")
    type(bad).objects.filter(pk=bad.pk).update(dek="موجز\x1bمعطوب")
    caplog.set_level(logging.WARNING, logger="miftah.syndication.feeds")
    for url in ("/feed/", "/feed/atom/", "/feed/section/economy/"):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, url
        assert {e.title for e in feed.entries} == {"عنوانفيهمحرف تحكم", "خبر آخر"}
    assert any("control characters removed" in r.getMessage() for r in caplog.records)
