"""Dossiers through syndication: a feed per dossier, and about/mentions in the article's NewsArticle."""

import feedparser
import pytest
from django.test import Client

from miftah.syndication.feeds import feed_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(newsroom):
    from miftah.dossiers.models import ArticleEntity, Entity

    article, other = newsroom["articles"][0], newsroom["articles"][1]
    person = Entity.objects.create(canonical="سليم المرعبي", type="person", wikidata="Q1")
    place = Entity.objects.create(canonical="عرسال", type="place")
    ArticleEntity.objects.update_or_create(article=article, entity=person, defaults={"status": ArticleEntity.ACCEPTED})
    ArticleEntity.objects.update_or_create(article=article, entity=place, defaults={"status": ArticleEntity.DETECTED})
    ArticleEntity.objects.update_or_create(article=other, entity=place, defaults={"status": ArticleEntity.REJECTED})
    return {"person": person, "place": place, "article": article}


def test_dossier_feed_lists_the_entitys_articles(dossier):
    for atom in (False, True):
        response = Client().get(feed_path("dossier", dossier["place"].slug, atom=atom))
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo and "عرسال" in feed.feed.title
        assert [e.title for e in feed.entries] == ["تحركات الميليشيات قرب الحدود"]  # the rejected link is not listed


def test_article_json_ld_has_about_and_mentions(dossier):
    import extruct

    html = Client().get(dossier["article"].url).content.decode()
    [news] = [d for d in extruct.extract(html, syntaxes=["json-ld"])["json-ld"] if d["@type"] == "NewsArticle"]
    assert news["about"] == [{"@type": "Person", "name": "سليم المرعبي", "url": f"http://localhost{dossier['person'].get_url()}",
                              "sameAs": "https://www.wikidata.org/wiki/Q1"}]
    assert [m["name"] for m in news["mentions"]] == ["عرسال"] and news["mentions"][0]["@type"] == "Place"


def test_dossier_page_advertises_its_feed(dossier):
    response = Client().get(dossier["person"].get_url())
    assert response.status_code == 200
    assert f'href="{feed_path("dossier", dossier["person"].slug)}"' in response.content.decode()
