"""Issue #18, reader pages: what the article page, the API and the search page print (browser checks are in browser/)."""

import pytest
from django.test import Client

from .factories import make_article, make_image

pytestmark = pytest.mark.django_db


def html_of(path, **params):
    response = Client().get(path, params)
    assert response.status_code == 200, path
    return response.content.decode()


def test_article_page_loads_the_dossier_styles_for_its_entities(newsroom):
    html = html_of(newsroom["articles"][0].url)
    assert 'href="/static/dossiers/dossiers.css"' in html


@pytest.mark.parametrize("credit, shown", [
    ("مفتاح (صورة أرشيفية)", "مفتاح (صورة أرشيفية)"),
    ("(رويترز)", "رويترز"),
    ("[أ ف ب]", "أ ف ب"),
])
def test_hero_credit_never_nests_brackets(newsroom, credit, shown):
    article = make_article(newsroom["sections"]["economy"], "صورة بحقوق", hero=make_image(), hero_caption="ميناء",
                           hero_credit=credit)
    html = html_of(article.url)
    figcaption = html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert f"الصورة: {shown}</span>" in figcaption
    assert "((" not in figcaption and "))" not in figcaption and f"({credit}" not in figcaption


def test_draft_preview_says_draft_not_a_dateless_published(newsroom):
    from django.contrib.auth.models import User

    draft = make_article(newsroom["sections"]["economy"], "مسودة لم تنشر", publish=False)
    assert draft.first_published_at is None
    editor = User.objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    byline = html.split('class="byline"', 1)[1].split("</div>", 1)[0]
    assert "نُشر" not in byline
    assert "مسودة لم تُنشر بعد" in byline


def test_api_404_is_arabic(newsroom):
    response = Client().get("/api/v2/articles/999999/")
    assert response.status_code == 404
    message = response.json()["message"]
    assert "No ArticlePage" not in message
    assert message == "لا يوجد مقال منشور بهذا المعرّف."
