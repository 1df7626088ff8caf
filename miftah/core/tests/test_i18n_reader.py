"""The reader theme in English: with English active (as the English edition activates it under /en/, issue #15 §1)
the same templates print the English catalogue's words and English dates; with Arabic, the Arabic text as before."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# (Arabic interface words on the page, their English translation)
ARTICLE_WORDS = [("تخطَّ إلى المحتوى", "Skip to content"), ("بقلم", "By"), ("مدة القراءة:", "Reading time:"),
                 ("عاجل", "Breaking"), ("الوسوم", "Tags"), ("شارك المقال", "Share this article"),
                 ("العودة إلى الأعلى", "Back to top"), ("الوضع الداكن", "Dark mode")]


def _get(url):
    # A session cookie bypasses the page cache, so each request renders.
    response = Client().get(url, HTTP_COOKIE="sessionid=none")
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def edition(newsroom, django_capture_on_commit_callbacks):
    """The English edition as an outlet makes it (`miftah editions add en`), with the first article translated."""
    from miftah.editions.tests.helpers import add_english_edition, translate_article

    with django_capture_on_commit_callbacks(execute=True):
        add_english_edition(newsroom["home"])
        english = translate_article(newsroom["articles"][0], "Militia movements near the border",
                                    body="Private sources follow militia movements near the border.")
    return {**newsroom, "english": english}


def test_article_page_in_english_and_in_arabic(edition):
    # The language comes from the address: the English edition under /en/, the Arabic one at /.
    article, translation = edition["articles"][0], edition["english"]
    english, arabic = _get(translation.url), _get(article.url)
    for ar, en in ARTICLE_WORDS:
        assert f">{en}" in english or f'"{en}"' in english, en
        assert ar in arabic, ar
    assert 'data-text-light="Light mode" data-text-dark="Dark mode"' in english
    assert "تخطَّ إلى المحتوى" not in english and "Skip to content" not in arabic
    # Editors' content stays as written: the translation's own title, the byline's Arabic name.
    assert translation.title in english and article.title in arabic and "ليلى حداد" in english


def test_search_page_in_english(edition):
    english = _get("/en/search/?q=militia")
    for words in ("Search terms", "All sections", "Most relevant", "results for"):
        assert words in english, words
