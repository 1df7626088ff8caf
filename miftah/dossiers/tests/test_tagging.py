"""Tagging articles: mentions and timeline stored on publish, editor decisions that survive re-indexing,
`entities reindex`, the editor's review view, and what the article page lists."""

import io
from datetime import date, datetime, timezone as dt_timezone

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from miftah.dossiers.models import ArticleEntity, Entity, RejectedSuggestion, TimelineEntry
from miftah.dossiers.queries import article_entities
from miftah.news.models import ArticlePage
from miftah.news.tests.factories import bulk_articles, make_article, make_section, paragraphs, settled

pytestmark = pytest.mark.django_db

BODY = (
    "أعلنت الأمم المتحدة في 14 آذار 2024 أن وفداً سيزور بغداد.",
    "وقال الرئيس الإيراني في طهران إن العراق شريك. واجتمع الرئيس سالم الحربي مع المبعوث.",
    "ودعت الأمم المتحدة إلى التهدئة.",
)


def links(article):
    return {link.entity.canonical: link for link in ArticleEntity.objects.filter(article=article).select_related("entity")}


@pytest.fixture
def section(home):
    return make_section(home, "الشرق الأوسط", slug="middle-east")


def test_publishing_stores_mentions_and_dated_statements(section):
    article = make_article(section, "وفد أممي إلى بغداد", body=BODY)
    stored = links(article)
    assert set(stored) == {"الأمم المتحدة", "بغداد", "طهران", "العراق"}
    un = stored["الأمم المتحدة"]
    assert (un.count, un.status) == (2, ArticleEntity.DETECTED)
    text = "\n".join(["وفد أممي إلى بغداد", "\n".join(BODY)])
    assert text[un.first_offset:un.first_offset + len(un.first_surface)] == un.first_surface == "الأمم المتحدة"
    assert stored["بغداد"].first_offset == len("وفد أممي إلى ")  # the title is searched too
    entries = TimelineEntry.objects.filter(article=article).select_related("entity")
    assert {(e.entity.canonical, e.iso, e.precision) for e in entries} == {
        ("الأمم المتحدة", "2024-03-14", "day"), ("بغداد", "2024-03-14", "day"),
    }
    assert all(e.date == date(2024, 3, 14) and "14 آذار 2024" in e.snippet for e in entries)


def test_republishing_keeps_editor_decisions_and_drops_stale_detections(section):
    article = make_article(section, "وفد أممي", body=BODY)
    ArticleEntity.objects.filter(article=article, entity__canonical="طهران").update(status=ArticleEntity.REJECTED)
    ArticleEntity.objects.filter(article=article, entity__canonical="العراق").update(status=ArticleEntity.ACCEPTED)
    article.body = paragraphs("ودعت الأمم المتحدة إلى التهدئة في طهران.")
    with settled():
        article.save_revision().publish()
    stored = links(article)
    assert set(stored) == {"الأمم المتحدة", "طهران", "العراق"}  # بغداد was only detected: gone
    assert stored["طهران"].status == ArticleEntity.REJECTED and stored["طهران"].count == 1
    assert stored["العراق"].status == ArticleEntity.ACCEPTED and stored["العراق"].count == 0
    assert not TimelineEntry.objects.filter(article=article).exists()


def test_article_page_lists_accepted_entities_or_else_detected_ones(section, django_assert_num_queries):
    article = make_article(section, "وفد أممي إلى بغداد", body=BODY)
    with django_assert_num_queries(1):
        assert [e.canonical for e in article_entities(article)] == ["بغداد", "الأمم المتحدة", "طهران", "العراق"]
    ArticleEntity.objects.filter(article=article, entity__canonical="طهران").update(status=ArticleEntity.REJECTED)
    assert "طهران" not in [e.canonical for e in article_entities(article)]
    ArticleEntity.objects.filter(article=article, entity__canonical="العراق").update(status=ArticleEntity.ACCEPTED)
    assert [e.canonical for e in article_entities(article)] == ["العراق"]
    html = Client().get(article.url).content.decode()
    assert 'class="article-entities"' in html
    assert f'href="{Entity.objects.get(canonical="العراق").get_absolute_url()}"' in html


def test_reindex_computes_mentions_for_articles_loaded_without_publishing(section):
    bulk_articles(section, 5)  # rows written directly, as a corpus loader does: no publish signal
    ArticlePage.objects.filter(live=True).update(title="الحكومة في بغداد تستقبل وفداً من القاهرة")
    assert not ArticleEntity.objects.exists()
    out = io.StringIO()
    call_command("entities", "reindex", "--batch-size", "2", stdout=out)
    assert out.getvalue().strip() == "indexed 5 articles, 10 entity links"
    assert ArticleEntity.objects.filter(entity__canonical="القاهرة", count=1).count() == 5
    call_command("entities", "reindex", stdout=io.StringIO())  # idempotent
    assert ArticleEntity.objects.count() == 10


@pytest.fixture
def editor_client(db):
    user = User.objects.create_superuser("editor", "e@example.com", "x")
    client = Client()
    client.force_login(user)
    return client


def test_editor_reviews_detected_entities_and_suggestions(section, editor_client):
    article = make_article(section, "وفد أممي إلى بغداد", body=BODY)
    url = f"/admin/dossiers/article/{article.pk}/"
    page = editor_client.get(url).content.decode()
    for expected in ("الكيانات المقترحة", "الأمم المتحدة", "طهران", "سالم الحربي", "إنشاء كيان وتأكيده"):
        assert expected in page
    tehran = Entity.objects.get(canonical="طهران")
    iraq = Entity.objects.get(canonical="العراق")

    assert editor_client.post(url, {"action": "reject", "entity": tehran.pk}).status_code == 302
    assert editor_client.post(url, {"action": "accept", "entity": iraq.pk}).status_code == 302
    editor_client.post(url, {"action": "create", "name": "سالم الحربي", "type": "person"})
    editor_client.post(url, {"action": "dismiss", "name": "المبعوث", "type": "person"})
    editor_client.post(url, {"action": "add", "name": "اسرائيل"})  # an alias, spelled without hamza

    stored = links(article)
    assert stored["طهران"].status == ArticleEntity.REJECTED
    assert {name for name, link in stored.items() if link.status == ArticleEntity.ACCEPTED} == {
        "العراق", "سالم الحربي", "إسرائيل",
    }
    assert stored["سالم الحربي"].count == 1  # the live article was re-indexed with the new entity
    assert RejectedSuggestion.objects.filter(name="المبعوث").exists()
    names = [s.name for s in editor_client.get(url).context["suggestions"]]
    assert "سالم الحربي" not in names and "المبعوث" not in names
    assert [e.canonical for e in article_entities(article)] == ["العراق", "سالم الحربي", "إسرائيل"]

    editor_client.post(url, {"action": "reset", "entity": tehran.pk})
    assert "طهران" not in links(article)


def test_review_view_requires_edit_permission_and_an_article(section, home, editor_client):
    article = make_article(section, "خبر", body=BODY)
    anonymous = Client().get(f"/admin/dossiers/article/{article.pk}/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert editor_client.get(f"/admin/dossiers/article/{section.pk}/").status_code == 404
    listing = editor_client.get(f"/admin/pages/{section.pk}/").content.decode()
    assert f"/admin/dossiers/article/{article.pk}/" in listing
