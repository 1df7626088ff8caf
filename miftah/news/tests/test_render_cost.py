"""The cheaper render path of uncached reader pages (docs/performance.md, "Render cost") shows what the ORM path showed:
cards read with the prebuilt SQL statement match the ORM's, listings that list nothing give nothing, and the chrome
and cards kept per content generation change with the next publish."""

import pytest
from django.test import Client, RequestFactory

from miftah.news.models import ArticlePage, card_rows, latest_per_section, reader_cards
from miftah.news.state import site_state

from .factories import make_article, make_image, make_section, paragraphs, settled

pytestmark = pytest.mark.django_db

NO_PAGE_CACHE = {"HTTP_COOKIE": "sessionid=none"}
CARD_ATTRIBUTES = ("pk", "title", "card_url", "first_published_at", "is_breaking", "is_exclusive", "dek", "hero_image_id")


def _request():
    return RequestFactory().get("/", HTTP_HOST="localhost")


def _described(cards):
    rows = []
    for card in cards:
        images = tuple((image.url, image.width, image.height) if image else None
                       for image in (card.card_webp, card.card_avif, card.lead_webp, card.lead_avif))
        rows.append((*(bool(v) if isinstance(v, (bool, int)) and n.startswith("is_") else getattr(card, n)
                       for n, v in ((n, getattr(card, n)) for n in CARD_ATTRIBUTES)),
                     card.section.title if card.section else None, images))
    return rows


def test_prebuilt_card_sql_lists_what_the_orm_lists(home):
    politics = make_section(home, "سياسة", slug="politics")
    sport = make_section(home, "رياضة", slug="sport")
    image = make_image()
    for n in range(5):
        make_article(politics if n % 2 else sport, f"خبر رقم {n}", dek=f"موجز {n}", hero=image if n < 3 else None)
    listing = ArticlePage.objects.live().order_by("-first_published_at")[:4]
    state = site_state(_request())
    prebuilt = reader_cards(listing, state)
    assert [type(c).__name__ for c in prebuilt] == ["Card"] * 4
    via_orm = reader_cards(listing, None)  # no site state: the ORM path, ArticlePage objects
    for card in via_orm:
        card.card_url = state.url_of(card.url_path)
    assert _described(prebuilt) == _described(via_orm)
    assert any(c.card_webp for c in prebuilt), "the hero renditions were read in the same statement"


def test_a_listing_of_nothing_gives_no_cards(home):
    state = site_state(_request())
    assert reader_cards(ArticlePage.objects.filter(pk__in=[]), state) == []
    assert card_rows(ArticlePage.objects.filter(pk__in=[])) == []


def test_home_section_blocks_hold_the_newest_four_of_each_section(home):
    politics = make_section(home, "سياسة", slug="politics")
    sport = make_section(home, "رياضة", slug="sport")
    titles = {politics: [], sport: []}
    for n in range(12):
        section = politics if n % 3 else sport
        titles[section].append(make_article(section, f"خبر {n}").title)
    request = _request()
    blocks = dict((s.title, [c.title for c in cards]) for s, cards in latest_per_section(home, request))
    assert blocks == {"سياسة": titles[politics][::-1][:4], "رياضة": titles[sport][::-1][:4]}


def test_ticker_and_cards_follow_a_publish_with_the_page_cache_off(home, settings):
    settings.MIFTAH_PAGE_CACHE = False
    section = make_section(home, "سياسة", slug="politics")
    make_article(section, "خبر قديم في الشريط")
    first = Client().get("/politics/", **NO_PAGE_CACHE).content.decode()
    assert first.count("خبر قديم في الشريط") >= 2  # in the ticker and on its card
    with settled():
        make_article(section, "خبر جديد في الشريط")
    html = Client().get("/politics/", **NO_PAGE_CACHE).content.decode()
    ticker = html[html.index('class="ticker"'):html.index("</section>", html.index('class="ticker"'))]
    assert "خبر جديد في الشريط" in ticker
    assert 'class="card"' in html and html.count("خبر جديد في الشريط") >= 2


def _body(html):
    return html[html.index('class="article-body"'):html.index("</div>", html.index('class="article-body"'))]


def test_an_articles_body_is_reused_until_the_next_publish(home, settings):
    settings.MIFTAH_PAGE_CACHE = False
    section = make_section(home, "سياسة", slug="politics")
    article = make_article(section, "خبر الجسم", body=("النص الأول للمقال.",))
    assert "النص الأول للمقال." in _body(Client().get(article.url, **NO_PAGE_CACHE).content.decode())
    # A write that is not a publish (nothing retired) does not re-render the kept part: it is reused, not re-read.
    ArticlePage.objects.filter(pk=article.pk).update(body=paragraphs("نص كُتب دون نشر."))
    assert "النص الأول للمقال." in _body(Client().get(article.url, **NO_PAGE_CACHE).content.decode())
    # A publish renders it afresh.
    article = ArticlePage.objects.get(pk=article.pk)
    article.body = paragraphs("النص بعد التصحيح.")
    with settled():
        article.save_revision().publish()
    assert "النص بعد التصحيح." in _body(Client().get(article.url, **NO_PAGE_CACHE).content.decode())


def test_a_preview_shows_the_draft_body_while_readers_keep_the_live_one(home, settings):
    settings.MIFTAH_PAGE_CACHE = False
    section = make_section(home, "سياسة", slug="politics")
    article = make_article(section, "خبر المعاينة", body=("نص منشور.",))
    assert "نص منشور." in _body(Client().get(article.url, **NO_PAGE_CACHE).content.decode())
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.body = paragraphs("نص المسودة.")
    draft.save_revision()
    preview = draft.make_preview_request().render().content.decode()
    assert "نص المسودة." in _body(preview)
    assert "نص منشور." in _body(Client().get(article.url, **NO_PAGE_CACHE).content.decode())


def test_a_reused_part_still_tags_the_page_with_the_articles_it_lists(home, settings):
    """Related articles are listed inside a kept part of the article page: a page cache entry made from the kept
    HTML must still be retired when a related article changes, so the part's cache tags are said again."""
    from miftah.core.cache_tags import page_tag
    from miftah.news.models import ArticleRelation

    settings.MIFTAH_PAGE_CACHE = True
    section = make_section(home, "سياسة", slug="politics")
    article = make_article(section, "الخبر الأصلي")
    related = make_article(section, "خبر ذو صلة")
    ArticleRelation.objects.create(article=article, related=related, score=0.9, rank=0)
    first = Client().get(article.url)  # a miss: the part is rendered, with the related card in it
    assert "خبر ذو صلة" in first.content.decode()
    again = Client().get(article.url + "?from=newsletter")  # another page cache entry, the kept part reused
    assert again["X-Miftah-Cache"] == "miss"
    for response in (first, again):
        assert f" {page_tag(related)} " in response["X-Miftah-Tags"]


def test_a_deleted_author_has_no_archive_left(home, settings):
    from .factories import make_author

    settings.MIFTAH_PAGE_CACHE = False
    section = make_section(home, "سياسة", slug="politics")
    author = make_author("كاتبة مؤقتة", slug="temporary")
    make_article(section, "مقال الكاتبة", authors=[author])
    assert Client().get("/author/temporary/", **NO_PAGE_CACHE).status_code == 200
    with settled():
        author.delete()
    assert Client().get("/author/temporary/", **NO_PAGE_CACHE).status_code == 404
