"""Hostile input through the real admin edit view (Django test client): control characters are refused with an
Arabic message and the form keeps what was typed; tags that slug alike become one tag instead of a 500."""

import json

import pytest
from django.test import Client
from django.utils.html import escape

from miftah.news.models import ArticlePage, NewsTag
from miftah.news.tests.factories import make_article, make_section

BODY = json.dumps({"blocks": [{"key": "a", "text": "نص المقال كما كتبه المحرر.", "type": "unstyled", "depth": 0,
                               "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}, ensure_ascii=False)


def edit_form(article, **changes):
    data = {"title": article.title, "slug": article.slug, "dek": article.dek, "body-count": "1",
            "body-0-type": "paragraph", "body-0-value": BODY, "body-0-deleted": "", "body-0-order": "0",
            "body-0-id": "", "article_authors-TOTAL_FORMS": "0", "article_authors-INITIAL_FORMS": "0",
            "article_authors-MIN_NUM_FORMS": "0", "article_authors-MAX_NUM_FORMS": "1000",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0", "corrections-MAX_NUM_FORMS": "1000",
            "tags": "", "action-publish": "action-publish"}
    data.update(changes)
    return data


@pytest.fixture
def admin_client(db, django_user_model):
    user = django_user_model.objects.create_superuser("rania", "rania@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article(home):
    section = make_section(home, "محليات", slug="local")
    return make_article(section, "خبر أول", dek="موجز أول", tags=("beirut?",))


def test_tags_that_slug_alike_become_one_tag(admin_client, article):
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, tags="Beirut!, بيروت"))
    assert response.status_code == 302
    assert NewsTag.objects.filter(slug="beirut").count() == 1
    assert sorted(ArticlePage.objects.get(pk=article.pk).tags.values_list("slug", flat=True)) == ["beirut", "بيروت"]
    # Both spellings typed in the same save, on another article.
    other = make_article(article.get_parent(), "خبر ثان")
    response = admin_client.post(f"/admin/pages/{other.pk}/edit/", edit_form(other, tags="BEIRUT!!, beirut?"))
    assert response.status_code == 302
    assert list(ArticlePage.objects.get(pk=other.pk).tags.values_list("slug", flat=True)) == ["beirut"]


@pytest.mark.parametrize("field, value", [
    ("title", "عنوان\x01الخبر"),
    ("title", "عنوان\nفي سطرين"),
    ("attribution", "مصادر\x1bخاصة"),
    ("dek", "موجز\x02فيه محرف"),
])
def test_control_characters_are_refused_with_an_arabic_message(admin_client, article, field, value):
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, **{field: value}))
    assert response.status_code == 200  # the form again, not a save and not a 500
    html = response.content.decode()
    assert "محرف تحكم غير مرئي" in html
    assert ArticlePage.objects.get(pk=article.pk).title == "خبر أول"
    assert escape(value) in html  # what was typed is still in the form, to be corrected


def test_meaningful_characters_are_kept(admin_client, article):
    title = "\u200fقمة «G20» في\u200c الرياض\u061c"  # RLM, ZWNJ, ALM: legitimate in Arabic text
    dek = "سطر أول\nسطر ثان\tبعد جدولة"  # new lines and tabs belong in multi-line text
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, title=title, dek=dek))
    assert response.status_code == 302
    saved = ArticlePage.objects.get(pk=article.pk)
    assert saved.title == title.strip() and saved.dek == dek.replace("\r\n", "\n")


def test_control_characters_in_author_and_correction_are_refused(admin_client, article):
    from miftah.news.models import Author

    response = admin_client.post("/admin/snippets/news/author/add/",
                                 {"name": "كاتب\x07جديد", "slug": "new-author", "role": "", "bio": "نبذة\x02"})
    assert response.status_code == 200
    assert response.content.decode().count("محرف تحكم غير مرئي") == 2
    assert not Author.objects.filter(slug="new-author").exists()
    data = edit_form(article, **{"corrections-TOTAL_FORMS": "1", "corrections-0-date": "2026-01-01 10:00",
                                 "corrections-0-text": "تصحيح\x08خاطئ", "corrections-0-ORDER": "1",
                                 "corrections-0-id": "", "corrections-0-DELETE": ""})
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 200 and "محرف تحكم غير مرئي" in response.content.decode()


def test_bulk_writes_strip_control_characters(home):
    from miftah.news.bulk import PageWriter

    section = make_section(home, "أرشيف", slug="archive")
    page = PageWriter().place(ArticlePage(title="عنوان\x01مستورد", slug="imported", dek="موجز\x0b\nثان",
                                          attribution="\x1bمصدر"), section)
    assert (page.title, page.dek, page.attribution) == ("عنوانمستورد", "موجز\nثان", "مصدر")
