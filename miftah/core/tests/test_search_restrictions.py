"""/search/suggest/ follows the rule /search/ follows: no article under a login or password restriction, in HTML or
JSON (the hostile test found their titles and URLs listed)."""

import pytest
from wagtail.models import PageViewRestriction

from miftah.news.tests.factories import make_article, make_section


@pytest.fixture
def restricted(newsroom):
    home = newsroom["home"]
    members = make_section(home, "للمشتركين", slug="members")
    make_article(members, "مفاوضات سرية حول المرفأ", body=("نص للمشتركين.",))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    locked = make_article(newsroom["sections"]["economy"], "مفاوضات مغلقة بكلمة سر", body=("نص محمي.",))
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.PASSWORD, password="سر")
    make_article(newsroom["sections"]["economy"], "مفاوضات علنية في البرلمان", body=("نص عام.",))
    return newsroom


@pytest.mark.parametrize("query", ["مفاوضات", "مفاو"])
def test_suggestions_leave_out_restricted_articles(client, restricted, query):
    data = client.get("/search/suggest/", {"q": query, "format": "json"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["مفاوضات علنية في البرلمان"]
    html = client.get("/search/suggest/", {"q": query}).content.decode()
    listed = html.split('<ul class="suggestions">', 1)[1].split("</ul>", 1)[0]
    assert "مفاوضات علنية" in listed
    assert "سرية" not in listed and "مغلقة" not in listed and "/members/" not in listed


def test_search_page_applies_the_same_rule(client, restricted):
    html = client.get("/search/", {"q": "مفاوضات"}).content.decode()
    assert "علنية" in html
    assert "سرية" not in html and "مغلقة" not in html
