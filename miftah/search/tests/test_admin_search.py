"""Wagtail's admin page search (explorer search and the search page) finds body matches with Miftah's Arabic
analysis, as /search/ does (issue #18): a body word, and a spelling without hamza or ta marbuta."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from miftah.news.tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    section = make_section(home, "تقارير", slug="reports")
    article = make_article(section, "جولة ميدانية في الجنوب",
                           body=("وصل الوفد إلى بلدة الزعفرانية صباحاً.", "وأعلنت إسرائيل إغلاق المعبر."))
    other = make_article(section, "أسعار الطاقة ترتفع", body=("ارتفعت أسعار الطاقة في الأسواق.",))
    client = Client()
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "x"))
    return {"home": home, "article": article, "other": other, "client": client}


def results(response):
    return {page.pk for page in response.context["object_list"]}


@pytest.mark.parametrize("query", ["زعفرانية", "الزعفرانيه", "اسرائيل", "المعبر"])
def test_admin_page_search_finds_body_words(site, query):
    response = site["client"].get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    assert site["article"].pk in results(response)
    assert site["other"].pk not in results(response)


@pytest.mark.parametrize("query", ["زعفرانية", "اسرائيل"])
def test_page_explorer_search_finds_body_words(site, query):
    response = site["client"].get(f"/admin/pages/{site['home'].pk}/", {"q": query})
    assert response.status_code == 200
    assert site["article"].pk in results(response)


def test_site_search_and_titles_still_work(site):
    assert site["article"].pk in results(site["client"].get("/admin/pages/search/", {"q": "جولة"}))
    assert site["article"].pk in results(site["client"].get("/admin/pages/search/", {"q": "ميدا"}))  # a prefix of a title word
    assert "جولة ميدانية في الجنوب" in site["client"].get("/search/", {"q": "زعفرانية"}).content.decode()
