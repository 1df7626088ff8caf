"""The entity-review screen (issue #18): suggestions show the trigger as the article writes it, adjectives and
common nouns after a trigger are not proposed, and the «إضافة كيان معروف» input is visible."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from miftah.dossiers.triggers import suggest_entities
from miftah.news.tests.factories import make_article, make_section

BODY = ("وصل الوفد إلى بلدة الزعفرانية ثم إلى بلدة صغيرة قرب الحدود.",
        "وأعلنت وزارة الصحة أن مدينة كبيرة تضررت، وقال الرئيس سالم الحربي إن الوضع هادئ.")


@pytest.mark.parametrize("text", ["في بلدة صغيرة قرب الحدود", "زار مدينة ساحلية", "أعلنت وزارة جديدة",
                                  "في قرية نائية", "في مدينة كبيرة"])
def test_adjectives_after_a_trigger_are_not_actors(text):
    assert suggest_entities(text, None) == []


def test_trigger_is_shown_as_written():
    suggestions = {s.name: s for s in suggest_entities(" ".join(BODY), None)}
    assert suggestions["الزعفرانية"].trigger_text == "بلدة"
    assert suggestions["وزارة الصحة"].trigger_text == "وزارة"
    assert suggestions["سالم الحربي"].trigger_text == "الرئيس"
    assert "صغيرة" not in suggestions and "كبيرة" not in suggestions


@pytest.mark.django_db
def test_review_screen_context_column_uses_the_written_spelling(home):
    article = make_article(make_section(home, "تقارير"), "تقرير", body=BODY)
    client = Client()
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "x"))
    html = client.get(f"/admin/dossiers/article/{article.pk}/").content.decode()
    suggestions = html[html.index("اقتراحات لفاعلين جدد"):]
    assert "<td>بلدة</td>" in suggestions and "<td>وزارة</td>" in suggestions
    assert "<td>بلده</td>" not in suggestions and "<td>وزاره</td>" not in suggestions
    assert "<td>صغيرة</td>" not in suggestions
