"""The English edition end to end on a real database: the command that adds it, its URLs, lang/dir, hreflang
reciprocity, sitemaps' alternates, per-edition feeds, ticker and page cache, dossiers' English names, queries."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client

from wagtail.models import Locale

from miftah.news.models import ArticlePage, HomePage, SectionPage, StandardPage

from .helpers import add_english_edition, call_editions, translate_article

pytestmark = pytest.mark.django_db

HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def get(path, **headers):
    response = Client().get(path, **headers)
    return response, response.content.decode()


@pytest.fixture
def edition(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_english_edition(newsroom["home"])
        first = newsroom["articles"][0]
        english = translate_article(first, "Militia movements near the border",
                                    body="Private sources follow militia movements near the border.")
    return {**newsroom, "english": english, "arabic": first}


def test_editions_add_makes_the_edition_on_a_new_install_and_is_idempotent(home, django_capture_on_commit_callbacks):
    assert Client().get("/en/").status_code == 404  # no English edition yet: /en/ is not the Arabic home
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes when the command commits
        out = call_editions("add", "en", "--home-title", "Miftah")
    assert "/en/" in out
    english_home = HomePage.objects.get(locale__language_code="en")
    assert english_home.live and english_home.title == "Miftah"
    assert english_home.translation_key == home.translation_key
    call_editions("add", "en")
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    response, body = get("/en/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr"' in body
    assert "<title>Miftah</title>" in body  # the edition's publisher name, from --home-title
    assert '<html lang="ar" dir="rtl"' in get("/")[1]
    assert "en\t/en/\tMiftah\tlive" in call_editions("list")


def test_editions_add_refuses_an_unknown_language_or_the_source_language(home):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="fr"):
        call_editions("add", "fr")
    with pytest.raises(CommandError):
        call_editions("add", "ar")


def test_sections_become_synced_translations_with_their_english_titles(edition):
    from wagtail.models import Page

    sections = SectionPage.objects.filter(locale__language_code="en").live()
    assert {s.title for s in sections} == {"The Intelligence Key", "Economy", "Gulf"}
    assert not any(Page.find_problems()), Page.find_problems()  # numchild right after wagtail-localize's publishes
    gulf = sections.get(title="Gulf")
    assert gulf.get_parent().specific.title == "The Intelligence Key"
    response, body = get("/en/")
    nav = re.search(r'<nav class="main-nav".*?</nav>', body, re.S).group(0)
    assert "The Intelligence Key" in nav and "/en/intelligence-key/" in nav and "اقتصاد" not in nav
    assert "Miftah" in body  # the edition's own settings: publisher name


def test_every_existing_arabic_route_still_answers_at_its_address(edition):
    arabic = edition["arabic"]
    for path in ("/", "/intelligence-key/", arabic.url, "/search/?q=الحدود", "/dossiers/", "/feed/", "/feed/atom/",
                 "/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml", "/newsletters/", "/corrections/",
                 "/robots.txt", "/author/layla-haddad/", "/tag/حدود/"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert response.get("Content-Language") in (None, "ar"), path
        assert "Accept-Language" not in response.get("Vary", ""), path  # the language never comes from the browser
    assert Client().post("/qiraa/", {}).status_code != 404  # the analytics beacon stays unprefixed


def test_hreflang_alternates_are_reciprocal(edition):
    """Every alternate a page names lists the same set of alternates, itself included, and x-default is Arabic."""
    start = ["/", "/en/", edition["arabic"].url, edition["english"].url, "/intelligence-key/", "/en/economy/",
             "/dossiers/", "/en/dossiers/"]
    checked = 0
    for path in start:
        response, body = get(path)
        assert response.status_code == 200, path
        links = dict(HREFLANG.findall(body))
        assert set(links) == {"ar", "en", "x-default"}, (path, links)
        assert links["x-default"] == links["ar"]
        own = "http://localhost" + response.wsgi_request.path
        assert own in links.values(), (path, links)
        for language in ("ar", "en"):
            other_response, other_body = get(links[language].removeprefix("http://localhost"))
            assert other_response.status_code == 200, links[language]
            assert f'<html lang="{language}"' in other_body
            assert dict(HREFLANG.findall(other_body)) == links, (path, links[language])
            checked += 1
    assert checked == 2 * len(start)
    article_links = dict(HREFLANG.findall(get(edition["arabic"].url)[1]))
    assert article_links["en"] == "http://localhost" + edition["english"].url


def test_a_page_without_a_translation_has_no_alternates_and_its_switcher_goes_to_the_other_home(edition):
    untranslated = edition["articles"][1]
    response, body = get(untranslated.url)
    assert HREFLANG.findall(body) == []
    switcher = re.search(r'<nav class="edition-switcher".*?</nav>', body).group(0)
    assert 'href="/en/"' in switcher and 'lang="en"' in switcher


def test_the_switcher_links_an_article_to_its_translation_and_back(edition):
    english_url, arabic_url = edition["english"].url, edition["arabic"].url
    assert english_url.startswith("/en/")
    switcher = re.search(r'<nav class="edition-switcher".*?</nav>', get(arabic_url)[1]).group(0)
    assert f'href="{english_url}"' in switcher
    switcher = re.search(r'<nav class="edition-switcher".*?</nav>', get(english_url)[1]).group(0)
    assert f'href="{arabic_url}"' in switcher


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_alternates(path):
    root = ET.fromstring(Client().get(path).content)
    return {url.find("s:loc", SITEMAP).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)}
            for url in root.findall("s:url", SITEMAP)}


def test_sitemaps_list_each_translated_page_with_its_alternates_in_both_editions(edition):
    from django.utils.encoding import iri_to_uri

    arabic = "http://localhost" + iri_to_uri(edition["arabic"].url)
    english = "http://localhost" + iri_to_uri(edition["english"].url)
    arabic_map, english_map = sitemap_alternates("/sitemap-articles.xml"), sitemap_alternates("/en/sitemap-articles.xml")
    assert english not in arabic_map and arabic not in english_map  # each edition lists its own articles
    expected = {"ar": arabic, "en": english, "x-default": arabic}
    assert arabic_map[arabic] == expected and english_map[english] == expected
    untranslated = "http://localhost" + iri_to_uri(edition["articles"][1].url)
    assert arabic_map[untranslated] == {}
    pages = sitemap_alternates("/en/sitemap-pages.xml")
    assert pages["http://localhost/en/"] == {"ar": "http://localhost/", "en": "http://localhost/en/",
                                             "x-default": "http://localhost/"}
    english_tags = {tag.name for tag in edition["english"].tags.all()}
    tag_map = sitemap_alternates("/en/sitemap-tags.xml")
    assert english_tags and len(tag_map) == len(english_tags)  # only the tags of the edition's own articles
    assert len(sitemap_alternates("/sitemap-tags.xml")) > len(tag_map)
    assert list(sitemap_alternates("/en/sitemap-authors.xml")) == ["http://localhost/en/author/layla-haddad/"]


def test_feeds_and_the_news_sitemap_are_per_edition(edition):
    import feedparser

    english = feedparser.parse(Client().get("/en/feed/").content)
    assert english.feed.language == "en" and english.feed.title == "Miftah"
    assert [e.title for e in english.entries] == ["Militia movements near the border"]
    arabic = feedparser.parse(Client().get("/feed/").content)
    assert arabic.feed.language == "ar"
    assert "Militia movements near the border" not in [e.title for e in arabic.entries]
    news = Client().get("/en/news-sitemap.xml").content.decode()
    assert "<news:language>en</news:language>" in news and "<news:name>Miftah</news:name>" in news
    assert '/en/feed/"' in get("/en/")[1]  # the head's feed link is the edition's
    section_page = get("/en/intelligence-key/")[1]
    section_feeds = re.findall(r'type="application/(?:rss|atom)\+xml" title="[^"]*" href="([^"]*/section/[^"]*)"', section_page)
    assert [urlsplit(feed).path for feed in section_feeds] == ["/en/feed/section/intelligence-key/",
                                                               "/en/feed/atom/section/intelligence-key/"]
    section_feed = feedparser.parse(Client().get("/en/feed/section/intelligence-key/").content)
    assert [e.title for e in section_feed.entries] == ["Militia movements near the border"]


def ticker_titles(body):
    ticker = re.search(r'<section class="ticker".*?</section>', body, re.S)
    return ticker.group(0) if ticker else ""


def test_ticker_and_page_cache_are_keyed_by_edition(edition, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article

    client = Client()
    for path in ("/", "/en/", "/economy/", "/en/economy/"):
        assert client.get(path)["X-Miftah-Cache"] == "miss"
    assert "Militia movements" in ticker_titles(client.get("/en/").content.decode())
    assert "Militia movements" not in ticker_titles(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        arabic_new = make_article(edition["sections"]["economy"], "خبر عربي جديد عن الموانئ")
        translate_article(edition["articles"][3], "Energy prices climb", slug="energy-prices-climb")
    arabic_body = client.get("/").content.decode()
    english_body = client.get("/en/").content.decode()
    assert "خبر عربي جديد عن الموانئ" in ticker_titles(arabic_body)
    assert "خبر عربي جديد عن الموانئ" not in ticker_titles(english_body)
    assert "Energy prices climb" in ticker_titles(english_body)
    assert "Energy prices climb" not in ticker_titles(arabic_body)
    cached = client.get("/en/")
    assert cached["X-Miftah-Cache"] == "hit" and "Energy prices climb" in ticker_titles(cached.content.decode())
    assert arabic_new.title not in ticker_titles(cached.content.decode())


def test_a_cached_page_keeps_its_edition_whatever_language_the_thread_last_served(edition):
    client = Client()
    client.get("/en/")
    client.get("/")
    assert client.get("/en/")["X-Miftah-Cache"] == "hit"
    response = client.get("/")  # served from the cache right after an English render in this thread
    assert response["X-Miftah-Cache"] == "hit"
    assert '<html lang="ar" dir="rtl"' in response.content.decode()
    assert "Militia movements" not in ticker_titles(response.content.decode())


def test_author_and_tag_archives_list_only_their_editions_articles(edition):
    from miftah.news.models import ArticleAuthor

    ArticleAuthor.objects.create(page=edition["english"], author=edition["author"], sort_order=0)
    english_archive = get("/en/author/layla-haddad/")[1]
    arabic_archive = get("/author/layla-haddad/")[1]
    assert "Militia movements near the border" in english_archive
    assert edition["arabic"].title not in english_archive
    assert "Militia movements near the border" not in arabic_archive


def test_english_dossier_pages_show_the_english_name_or_the_arabic_one_isolated(edition):
    from miftah.dossiers.models import Entity

    named = Entity.objects.exclude(english="").first()
    unnamed = Entity.objects.filter(english="").first() or Entity.objects.create(canonical="كيان بلا اسم", slug="nameless")
    body = get("/en" + named.get_absolute_url().removeprefix("/en"))[1]
    assert f"<h1>{named.english}</h1>" in body
    assert f"<h1>{named.canonical}</h1>" in get(named.get_absolute_url().removeprefix("/en"))[1]
    response, body = get("/en/dossiers/" + unnamed.slug + "/")
    if response.status_code == 200:
        assert f'<h1><bdi lang="ar" dir="rtl">{unnamed.canonical}</bdi></h1>' in body


def test_edition_settings_override_the_site_settings_in_their_edition_only(edition):
    from wagtail.models import Locale, Site

    from miftah.editions.models import EditionSettings

    settings_row = EditionSettings.objects.get(site=Site.objects.get(is_default_site=True),
                                               locale=Locale.objects.get(language_code="en"))
    settings_row.tagline = "A changed tagline"
    settings_row.save()
    assert "A changed tagline" in get("/en/")[1]
    assert "A changed tagline" not in get("/")[1]


def test_english_reader_pages_stay_within_six_queries(edition):
    from miftah.news.tests.test_query_counts import BUDGET, count_queries

    translate_article(edition["articles"][2], "Gulf ports get ready", slug="gulf-ports-ready")
    english = ArticlePage.objects.filter(locale__language_code="en").first()
    for path in ("/en/", "/en/intelligence-key/", english.url, "/en/search/?q=border", "/en/dossiers/",
                 "/en/author/layla-haddad/", "/", edition["arabic"].url):
        queries, response = count_queries(path)
        assert queries <= BUDGET, f"{path}: {queries} queries (budget {BUDGET})"


def test_structured_data_and_open_graph_name_the_editions_language(edition):
    import json

    body = get(edition["english"].url)[1]
    assert '<meta property="og:locale" content="en_GB">' in body
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    article = next(d for d in map(json.loads, scripts) if d.get("@type") in ("NewsArticle", "ReportageNewsArticle"))
    assert article["inLanguage"] == "en"
    assert '<meta property="og:locale" content="ar_AR">' in get(edition["arabic"].url)[1]


def test_the_english_home_pins_the_translations_of_the_arabic_picks_and_links_only_into_its_edition(
        newsroom, django_capture_on_commit_callbacks):
    from miftah.news.models import HomeFeatured

    home, (translated, untranslated, *_) = newsroom["home"], newsroom["articles"]
    HomeFeatured.objects.create(page=home, article=untranslated, sort_order=0)
    HomeFeatured.objects.create(page=home, article=translated, sort_order=1)
    with django_capture_on_commit_callbacks(execute=True):  # the English home is made after the picks: it copies them
        add_english_edition(home)
        english = translate_article(translated, "Militia movements near the border")
    about = home.add_child(instance=StandardPage(title="من نحن", slug="about", show_in_menus=True))
    about.save_revision().publish()
    assert '<a href="/about/">من نحن</a>' in get("/")[1]
    assert "/about/" not in get("/en/")[1]  # no English About page yet: the English footer does not link the Arabic one
    english_about = about.copy_for_translation(Locale.objects.get(language_code="en"))
    english_about.title, english_about.slug = "About us", "about"
    english_about.save()
    english_about.save_revision().publish()
    response, body = get("/en/")
    assert response.status_code == 200
    assert '<a href="/en/about/">About us</a>' in body
    lead = body.split('class="lead', 1)[1].split("</article>", 1)[0]
    assert english.url in lead and "Militia movements near the border" in lead
    assert untranslated.title not in body and translated.title not in body
    links = set(re.findall(r'href="(/[^"]*)"', body)) - {"/"}  # the switcher's link to the Arabic home
    assert links and not [link for link in links if not link.startswith(("/en/", "/static/", "/media/"))]
    for link in sorted(link for link in links if link.startswith("/en/")):
        assert Client().get(link).status_code == 200, link
    assert '<a href="/en/">Home</a>' in body  # the menu's home link stays in the edition


@pytest.mark.django_db(transaction=True)
def test_adding_the_edition_leaves_the_real_queue_nothing_that_fails():
    """wagtail-localize saves the English home's copied rows more than once: Wagtail's reference-index task queued for
    a row it has since replaced used to fail in the worker (HomeFeatured.DoesNotExist in the log of a new demo)."""
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import ReferenceIndex

    from miftah.news.models import HomeFeatured
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home, make_section

    ensure_base_data()  # a transactional test before this one may have flushed what migrate made
    home = make_home()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        article = make_article(make_section(home, "اقتصاد", slug="economy"), "أسعار الطاقة ترتفع")
        HomeFeatured.objects.create(page=home, article=article, sort_order=0)
        add_english_edition(home)
        call_command("worker", batch=True, verbosity=0)
        assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).values_list("task_path", "exception_class_path")
    english_home = HomePage.objects.get(locale__language_code="en")
    assert ReferenceIndex.get_references_for_object(english_home).filter(to_object_id=str(article.pk)).exists()


def test_newsletters_stay_with_the_arabic_edition(edition):
    """The lists and their (right-to-left, Arabic) emails are the source edition's: an English article is not in a
    digest and the English pages offer no Arabic sign-up box."""
    from datetime import timedelta

    from django.utils import timezone

    from miftah.newsletters.issues import prepare_issue
    from miftah.newsletters.models import NewsletterList

    digest = NewsletterList.objects.create(name="النشرة اليومية", slug="daily-test",
                                           covered_until=timezone.now() - timedelta(days=1))
    titles = {item.article.title for item in prepare_issue(digest).items.all()}
    assert edition["arabic"].title in titles and edition["english"].title not in titles
    assert "newsletter-box" in get("/")[1]
    assert "newsletter-box" not in get("/en/")[1]


def test_switching_edition_from_a_search_keeps_the_words(edition):
    body = get("/en/search/?q=border")[1]
    switcher = body.split('class="edition-switcher"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/search/?q=border"' in switcher
    switcher = get("/search/?q=%D8%AD%D8%AF%D9%88%D8%AF")[1].split('class="edition-switcher"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/search/?q=%D8%AD%D8%AF%D9%88%D8%AF"' in switcher


def test_an_english_dossier_lists_the_editions_own_articles_and_every_link_answers(edition):
    from miftah.dossiers.models import ArticleEntity, Entity

    entity = Entity.objects.create(canonical="حرس الحدود", slug="border-guard", english="Border Guard", type="organisation")
    for article in (edition["arabic"], edition["english"]):  # as the tagger links them
        ArticleEntity.objects.create(article_id=article.pk, entity=entity, count=1)
    english, arabic = get(f"/en/dossiers/{entity.slug}/")[1], get(f"/dossiers/{entity.slug}/")[1]
    assert edition["english"].title in english and edition["arabic"].title not in english.split("<footer", 1)[0]
    assert edition["arabic"].title in arabic
    for link in set(re.findall(r'href="(/[^"]*)"', english)):
        assert Client().get(link).status_code == 200, link


def test_serving_an_english_page_leaves_the_threads_language_as_it_was(edition):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("ar"):
        assert get("/en/")[0].status_code == 200
        assert translation.get_language() == "ar"
        assert not reverse("newsletters:index").startswith("/en/")  # e-mail links, feeds built after it stay Arabic
