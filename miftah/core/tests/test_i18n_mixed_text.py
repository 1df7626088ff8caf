"""Mixed text: a Latin name inside Arabic text (and an Arabic one inside English) keeps its own direction. Names
editors type (bylines, attribution, tags, entities, sources) are isolated in <bdi>, and the reader's text fields
take dir="auto" (docs/i18n.md). The admin's fields get dir="auto" too: see browser/test_mixed_text_browser.py."""

import pytest
from django.test import Client

from miftah.dossiers.models import ArticleEntity, Entity
from miftah.news.models import Author
from miftah.news.tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_article(newsroom):
    author = make_author("John Smith (Reuters)", slug="john-smith")
    article = make_article(newsroom["sections"]["politics"], "لقاء Emmanuel Macron مع وفد لبناني",
                           body=("قال John Smith إن اللقاء مهم.",), tags=("G20 summit",), authors=(author,),
                           attribution="Agence France-Presse")
    entity = Entity.objects.create(canonical="Hezbollah", type="organisation", slug="hezbollah-latin")
    ArticleEntity.objects.create(article=article, entity=entity, status=ArticleEntity.ACCEPTED)
    return article


def test_names_typed_by_editors_are_isolated_on_the_article_page(mixed_article):
    html = Client().get(mixed_article.url).content.decode()
    assert '<a rel="author" href="%s"><bdi>John Smith (Reuters)</bdi></a>' % Author.objects.get(slug="john-smith").get_url() in html
    assert '<span class="attribution"><bdi>Agence France-Presse</bdi></span>' in html
    assert 'rel="tag"><bdi>G20 summit</bdi></a>' in html
    assert "<bdi>Hezbollah</bdi></a>" in html


def test_author_and_tag_pages_isolate_the_name_in_their_heading(mixed_article):
    author_html = Client().get(Author.objects.get(slug="john-smith").get_url()).content.decode()
    assert "مقالات <bdi>John Smith (Reuters)</bdi>" in author_html
    tag_html = Client().get(mixed_article.tags.first().get_url()).content.decode()
    assert "وسم: <bdi>G20 summit</bdi>" in tag_html


def test_reader_text_fields_follow_what_is_typed(newsroom):
    home = Client().get("/").content.decode()
    assert '<input id="site-search" type="search" name="q" dir="auto"' in home
    search = Client().get("/search/?q=Macron").content.decode()
    assert '<input id="search-q" type="search" name="q" dir="auto"' in search
    tips = Client().get("/tips/").content.decode()
    assert "<textarea" not in tips or 'dir="auto"' in tips.split("<textarea", 1)[1].split(">", 1)[0]
