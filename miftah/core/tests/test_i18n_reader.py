"""The reader theme in English: with English active (as the English edition activates it under /en/, issue #15 §1)
the same templates print the English catalogue's words and English dates; with Arabic, the Arabic text as before."""

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

# (Arabic interface words on the page, their English translation)
ARTICLE_WORDS = [("تخطَّ إلى المحتوى", "Skip to content"), ("بقلم", "By"), ("مدة القراءة:", "Reading time:"),
                 ("عاجل", "Breaking"), ("الوسوم", "Tags"), ("شارك المقال", "Share this article"),
                 ("العودة إلى الأعلى", "Back to top"), ("الوضع الداكن", "Dark mode")]


def _get(url, language):
    # The page cache keys pages by address (each edition has its own); a session cookie bypasses it here, where one
    # address is asked for in both languages.
    with translation.override(language):
        response = Client().get(url, HTTP_COOKIE="sessionid=none")
    assert response.status_code == 200, url
    return response.content.decode()


def test_article_page_in_english_and_in_arabic(newsroom):
    article = newsroom["articles"][0]
    english, arabic = _get(article.url, "en"), _get(article.url, "ar")
    for ar, en in ARTICLE_WORDS:
        assert f">{en}" in english or f'"{en}"' in english, en
        assert ar in arabic, ar
    assert 'data-text-light="Light mode" data-text-dark="Dark mode"' in english
    assert "تخطَّ إلى المحتوى" not in english and "Skip to content" not in arabic
    # Editors' content stays as written.
    assert article.title in english and "ليلى حداد" in english


def test_search_page_in_english(newsroom):
    english = _get("/search/?q=%D8%A7%D9%84%D8%AD%D8%AF%D9%88%D8%AF", "en")
    for words in ("Search terms", "All sections", "Most relevant", "results for"):
        assert words in english, words
