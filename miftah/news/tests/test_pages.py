"""Reader pages render real content, in Arabic, right to left, with the parts the newsroom expects."""

import re
from urllib.parse import quote

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def get(path):
    response = Client().get(path)
    return response, response.content.decode()


def main_of(html):
    """The page's <main>, without the ticker and menus that every page shares."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_home_is_arabic_rtl_with_ticker_and_sections(newsroom):
    response, html = get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl"' in html
    assert "آخر الأخبار" in html
    assert "تحركات الميليشيات قرب الحدود" in html
    assert 'href="/intelligence-key/"' in html
    assert "عاجل" in html
    assert 'class="skip-link"' in html and 'id="main"' in html


def test_section_lists_its_articles_and_nested_ones(newsroom):
    response, html = get("/intelligence-key/")
    assert response.status_code == 200
    html = main_of(html)
    assert "الحكومة تناقش خطة الحدود" in html
    assert "موانئ الخليج تستعد لموسم جديد" in html  # from the nested section
    assert "أسعار الطاقة ترتفع" not in html
    assert 'aria-label="مسار التنقل"' in html


def test_article_page_has_byline_dates_sources_publisher_box_and_back_to_top(newsroom):
    article = newsroom["articles"][0]
    response, html = get(article.url)
    assert response.status_code == 200
    assert "<h1>تحركات الميليشيات قرب الحدود</h1>" in html
    assert 'href="/author/layla-haddad/"' in html
    assert "مصادر خاصة لـ مفتاح" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert "هـ" in html  # Hijri date beside the Gregorian one
    assert "مدة القراءة" in html
    assert "عن مفتاح" in html and "منصة أخبار مستقلة" in html
    assert 'href="#top"' in html and "العودة إلى الأعلى" in html
    assert 'rel="tag"' in html
    assert 'srcset="' in html and 'width="' in html and 'height="' in html
    assert 'rel="preload" as="image"' in html


def test_related_articles_are_stored_on_publish_and_shown(newsroom):
    first, second = newsroom["articles"][0], newsroom["articles"][1]
    related_ids = list(second.relations.values_list("related_id", flat=True))
    assert first.pk in related_ids  # published before it, shares the tag "حدود" and the section
    _, html = get(second.url)
    html = main_of(html)
    assert "مقالات ذات صلة" in html
    assert "تحركات الميليشيات قرب الحدود" in html


def test_arabic_slug_is_served_decoded_and_percent_encoded(newsroom):
    gulf_article = newsroom["articles"][2]
    assert gulf_article.slug == "موانئ-الخليج"
    encoded = "/intelligence-key/" + quote("الخليج") + "/" + quote("موانئ-الخليج") + "/"
    assert Client().get(encoded).status_code == 200
    assert Client().get(encoded.lower()).status_code == 200


def test_author_and_tag_archives(newsroom):
    response, html = get("/author/layla-haddad/")
    assert response.status_code == 200
    assert "ليلى حداد" in html and "أسعار الطاقة ترتفع" in html
    tag_slug = newsroom["articles"][0].tags.get(name="حدود").slug
    response, html = get(f"/tag/{quote(tag_slug)}/")
    assert response.status_code == 200
    html = main_of(html)
    assert "الحكومة تناقش خطة الحدود" in html and "أسعار الطاقة ترتفع" not in html


def test_drafts_are_not_public(newsroom):
    from miftah.news.tests.factories import make_article

    draft = make_article(newsroom["sections"]["economy"], "مسودة لم تنشر", publish=False)
    assert Client().get("/economy/" + draft.slug + "/").status_code == 404
    _, html = get("/")
    assert "مسودة لم تنشر" not in html


def test_not_found_page_is_arabic(newsroom):
    response, html = get("/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in html and 'dir="rtl"' in html


def test_security_headers_on_reader_pages(newsroom):
    response, _ = get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"  # modern browsers follow CSP frame-ancestors (core/tests/test_headers.py)


def test_reading_time_counts_arabic_words(home):
    from miftah.news.text import reading_minutes

    assert reading_minutes("كلمة " * 179) == 1
    assert reading_minutes("كلمة " * 181) == 2


def test_public_pages_are_compressed_but_admin_pages_are_not(newsroom, django_user_model):
    response = Client().get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    client = Client()
    client.force_login(user)
    admin = client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert admin.status_code == 200
    assert "Content-Encoding" not in admin  # pages with CSRF tokens are never compressed (BREACH)


def test_media_renditions_are_served_with_a_cache_lifetime(newsroom):
    html = Client().get(newsroom["articles"][0].url).content.decode()
    src = re.search(r'src="(/media/[^"]+)"', html).group(1)
    response = Client().get(src)
    assert response.status_code == 200
    assert "max-age=86400" in response["Cache-Control"]
