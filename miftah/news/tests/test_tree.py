"""Going up the page tree by path: an article's section without get_parent(), one query for a batch."""

import pytest
from wagtail.models import Page

from miftah.news.models import SectionPage
from miftah.news.tree import decode_step, encode_step, parent_pages, parent_path, section_of

pytestmark = pytest.mark.django_db


def test_parent_path_is_the_path_less_one_step():
    assert parent_path("0001" + encode_step(3) + encode_step(70)) == "0001" + encode_step(3)
    assert decode_step(encode_step(70)) == 70


def test_parent_path_agrees_with_wagtail(newsroom):
    for article in newsroom["articles"]:
        assert parent_path(article.path) == article.get_parent().path


def test_section_of_an_article(newsroom):
    politics, gulf = newsroom["sections"]["politics"], newsroom["sections"]["gulf"]
    first, _, in_gulf, _ = newsroom["articles"]
    assert section_of(first) == politics and section_of(in_gulf) == gulf
    assert isinstance(section_of(first), SectionPage)
    assert section_of(politics) is None   # a top-level section's parent is the home page


def test_parent_pages_of_a_batch_in_one_query(newsroom, django_assert_num_queries):
    articles = newsroom["articles"]
    with django_assert_num_queries(1):
        parents = parent_pages(articles, Page.objects.only("id", "title", "path"))
    assert {article.title: parents[article.path].title for article in articles} == {
        article.title: article.get_parent().title for article in articles}


def test_parent_pages_keeps_only_what_the_queryset_allows(newsroom):
    home, politics = newsroom["home"], newsroom["sections"]["politics"]
    first = newsroom["articles"][0]
    parents = parent_pages([first, politics], SectionPage.objects.all())
    assert parents == {first.path: politics}   # the home page is not a section
    assert parent_pages([politics])[politics.path].pk == home.pk
    assert parent_pages([]) == {}
