"""What the reader pages take from the site state (miftah.news.state) and the per-article extras is fresh right after
the change that alters it: a retitled article, a renamed section, a new view restriction, a new pinned article."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from miftah.news.models import HomeFeatured

from .factories import make_article, make_section, settled

pytestmark = pytest.mark.django_db

NO_PAGE_CACHE = {"HTTP_COOKIE": "sessionid=none"}


def get(path):
    response = Client().get(path, **NO_PAGE_CACHE)
    return response.status_code, response.content.decode()


def test_a_card_and_the_article_show_the_new_title_right_after_publish(home):
    section = make_section(home, "سياسة", slug="politics")
    article = make_article(section, "العنوان الأول للخبر", tags=("حدود",))
    for path in ("/", "/politics/", article.url):
        assert "العنوان الأول للخبر" in get(path)[1]
    article.title = "العنوان الجديد للخبر"
    with settled():
        article.save_revision().publish()
    for path in ("/", "/politics/", article.url, "/tag/حدود/"):
        status, html = get(path)
        assert status == 200 and "العنوان الجديد للخبر" in html, path
        assert "العنوان الأول للخبر" not in html, path


def test_a_renamed_section_shows_in_the_menu_and_on_cards_after_publish(home):
    section = make_section(home, "اقتصاد", slug="economy")
    make_article(section, "خبر اقتصادي")
    assert 'href="/economy/">اقتصاد</a>' in get("/")[1]
    section.title = "المال والأعمال"
    with settled():
        section.save_revision().publish()
    html = get("/")[1]
    assert 'href="/economy/">المال والأعمال</a>' in html
    assert ">اقتصاد</a>" not in html


def test_a_view_restriction_takes_effect_at_once_and_hides_the_sections_cards(home):
    section = make_section(home, "خاص", slug="private")
    article = make_article(section, "خبر للمشتركين فقط")
    assert get(article.url)[0] == 200 and "خبر للمشتركين فقط" in get("/")[1]
    with settled():
        restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    status, _ = get(article.url)
    assert status == 302  # to the login page
    assert "خبر للمشتركين فقط" not in get("/")[1]
    assert "خبر للمشتركين فقط" not in get("/search/")[1]
    with settled():
        restriction.delete()
    assert get(article.url)[0] == 200 and "خبر للمشتركين فقط" in get("/")[1]


def test_a_pinned_article_leads_the_home_page_once_pinned(home):
    section = make_section(home, "تقارير", slug="reports")
    older = make_article(section, "تقرير قديم مثبّت")
    make_article(section, "أحدث خبر")
    assert '<article class="lead">' in get("/")[1]
    with settled():
        HomeFeatured.objects.create(page=home, article=older, sort_order=0)
    html = get("/")[1]
    lead = html[html.index('<article class="lead">'):]
    assert lead.index("تقرير قديم مثبّت") < lead.index("</article>")


def test_pages_that_are_not_live_are_not_routed(home):
    section = make_section(home, "محليات", slug="local")
    draft = make_article(section, "مسودة لم تنشر", publish=False, slug="draft-news")
    assert get("/local/draft-news/")[0] == 404
    assert get("/local/no-such-page/")[0] == 404
    assert get("/local/")[0] == 200 and draft.live is False
