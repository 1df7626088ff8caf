"""robots.txt, the sitemap index and its sections (lastmod, hero images), and the Google News sitemap."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from miftah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "image": "http://www.google.com/schemas/sitemap-image/1.1",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def xml(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return ET.fromstring(response.content)


def locs(root):
    return [el.text for el in root.findall("sm:url/sm:loc", NS)]


def test_robots_lists_sitemaps_and_keeps_crawlers_out_of_admin_and_search(home):
    response = Client().get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_index_points_at_every_section_sitemap(newsroom):
    root = xml("/sitemap.xml")
    assert root.tag == "{%s}sitemapindex" % NS["sm"]
    children = [el.text for el in root.findall("sm:sitemap/sm:loc", NS)]
    assert {c.rsplit("/", 1)[1] for c in children} == {
        "sitemap-pages.xml", "sitemap-articles.xml", "sitemap-authors.xml", "sitemap-tags.xml"}
    for child in children:
        xml(child.replace("http://testserver", ""))


def test_articles_sitemap_has_lastmod_and_hero_images_but_no_drafts(newsroom):
    make_article(newsroom["sections"]["economy"], "مسودة", publish=False, slug="draft-article")
    root = xml("/sitemap-articles.xml")
    urls = root.findall("sm:url", NS)
    assert len(urls) == 4
    assert iri_to_uri(newsroom["articles"][2].full_url) in [u.find("sm:loc", NS).text for u in urls]  # Arabic slug
    by_loc = {u.find("sm:loc", NS).text: u for u in urls}
    assert not any("draft-article" in loc for loc in by_loc)
    lead = by_loc[newsroom["articles"][0].full_url]
    lastmod = lead.find("sm:lastmod", NS).text
    assert lastmod.startswith(str(timezone.localdate().year)) and "T" in lastmod
    image = lead.find("image:image/image:loc", NS).text
    assert image.startswith("http://localhost/media/original_images/")
    others = [u for loc, u in by_loc.items() if loc != newsroom["articles"][0].full_url]
    assert all(u.find("image:image", NS) is None for u in others)


def test_pages_authors_and_tags_sitemaps(newsroom):
    pages = locs(xml("/sitemap-pages.xml"))
    assert "http://localhost/" in pages and "http://localhost/intelligence-key/" in pages
    assert not any(a.full_url in pages for a in newsroom["articles"])
    assert locs(xml("/sitemap-authors.xml")) == ["http://localhost/author/layla-haddad/"]
    tags = locs(xml("/sitemap-tags.xml"))
    assert len(tags) == 4 and all(t.startswith("http://localhost/tag/") for t in tags)
    assert Client().get("/sitemap-nothing.xml").status_code == 404


def test_sitemaps_split_at_the_limit(newsroom, monkeypatch):
    from miftah.syndication import sitemaps

    monkeypatch.setattr(sitemaps.ArticlesSitemap, "limit", 3)
    children = [el.text for el in xml("/sitemap.xml").findall("sm:sitemap/sm:loc", NS)]
    assert any(c.endswith("sitemap-articles.xml?p=2") for c in children)
    assert len(locs(xml("/sitemap-articles.xml?p=2"))) == 1


def test_news_sitemap_lists_only_the_last_48_hours(newsroom):
    old = make_article(newsroom["sections"]["economy"], "خبر قديم", when=timezone.now() - timedelta(hours=49))
    recent = make_article(newsroom["sections"]["economy"], "خبر قبل يوم", when=timezone.now() - timedelta(hours=24))
    root = xml("/news-sitemap.xml")
    urls = root.findall("sm:url", NS)
    loc_list = [u.find("sm:loc", NS).text for u in urls]
    assert old.full_url not in loc_list and recent.full_url in loc_list
    assert len(urls) == 5
    entry = urls[loc_list.index(recent.full_url)]
    news = entry.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "مفتاح"
    assert news.find("news:publication/news:language", NS).text == "ar"
    assert news.find("news:title", NS).text == "خبر قبل يوم"
    assert news.find("news:publication_date", NS).text.startswith(recent.first_published_at.astimezone().strftime("%Y-"))


def test_news_sitemap_is_capped_at_1000(newsroom, monkeypatch):
    from miftah.syndication import sitemaps

    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    assert len(xml("/news-sitemap.xml").findall("sm:url", NS)) == 2
